/**
 * Loads the WebAssembly core once per page and shares it.
 *
 * Two requests start together, as soon as the app creates the factory: the
 * wasm-bindgen glue (`pkg/insights.js`, a dynamic import) and the wasm bytes
 * (`pkg/insights_bg.wasm`, a `fetch`). The bytes are compiled asynchronously
 * and the glue instantiates the compiled module. Each piece is kept as it
 * arrives, so that a page left before all of that has finished can still
 * finish it synchronously, inside its `pagehide` or `visibilitychange`
 * handler ({@link loadCoreSync}): Chromium compiles the ~130 KB module with
 * `new WebAssembly.Module` on the main thread in a few milliseconds.
 *
 * Internal: not exported from the package entry point. The tests import
 * this module directly to put a fake core in place of the wasm one.
 *
 * @packageDocumentation
 */

import type * as Glue from '../pkg/insights.js';
import { attempt } from './log.js';

/** The part of the wasm-bindgen glue (`pkg/insights.js`) the shim uses once it is instantiated. */
export type CoreModule = Pick<typeof Glue, 'InsightsCore' | 'scrub'>;

/** The glue as imported, not instantiated yet: also its two ways to instantiate. */
export type GlueModule = CoreModule & Pick<typeof Glue, 'initSync' | 'default'>;

/** One instance of the core: the wasm-bindgen class `InsightsCore`. */
export type Core = Glue.InsightsCore;

/** Resolves to the glue once its wasm module is instantiated. */
export type CoreLoader = () => Promise<CoreModule>;

/** Where the two pieces come from. */
export type CoreSources = {
  /** The glue module, not instantiated. */
  importGlue(): Promise<GlueModule>;
  /** The wasm bytes. */
  fetchWasm(): Promise<ArrayBuffer>;
};

/** One page's load of the core. */
type Load = {
  /** Settles once the core module is instantiated, or has failed to be. */
  readonly ready: Promise<CoreModule>;
  /**
   * The instantiated core module now: instantiates it synchronously if the
   * glue and the bytes (or the module compiled from them) are here;
   * `undefined` while one of them is missing, or after a failure.
   */
  now(): CoreModule | undefined;
};

/**
 * The real pieces:
 * - the glue by a dynamic import, so it and the wasm stay out of the app's
 *   start-up chunk, and a failure is a rejection the API reports and counts,
 *   never an exception while the app's modules evaluate;
 * - the bytes fetched by the shim itself rather than by the glue (which would
 *   only ask for them once it has arrived, and then compile them out of
 *   reach), from `new URL(..., import.meta.url)`, the pattern webpack 5,
 *   rspack and Vite rewrite to the emitted asset's URL (the glue uses the
 *   same one, so the two name one asset).
 */
const realSources: CoreSources = {
  importGlue: () => import('../pkg/insights.js'),
  async fetchWasm() {
    const url = new URL('../pkg/insights_bg.wasm', import.meta.url);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status} fetching ${url.href}`);
    return response.arrayBuffer();
  },
};

/**
 * Starts both requests now. The async path: bytes -> `WebAssembly.compile`
 * (off the main thread) -> `initSync({ module })` once the glue is here
 * (instantiating a compiled module takes well under a millisecond).
 * `initSync` is the only way the glue is instantiated while the bytes are
 * ours: its async `default()` would instantiate a second time, after a
 * synchronous start, and swap the instance under the core made by it.
 *
 * If the bytes cannot be fetched or compiled, the glue is asked to fetch
 * them itself (`default()`, its own URL): no synchronous start then, but
 * never less than the glue alone would load.
 */
function stagedLoad(sources: CoreSources): Load {
  let glue: GlueModule | undefined;
  /** The bytes, then the module compiled from them. */
  let wasm: ArrayBuffer | WebAssembly.Module | undefined;
  let done: CoreModule | undefined;
  let failed = false;
  let resolve!: (module: CoreModule) => void;
  let reject!: (error: unknown) => void;
  const ready = new Promise<CoreModule>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const succeed = (module: CoreModule) => {
    if (done || failed) return;
    done = module;
    resolve(module);
  };
  const fail = (error: unknown) => {
    if (done || failed) return;
    failed = true;
    wasm = undefined;
    reject(error);
  };
  const instantiate = (g: GlueModule, source: ArrayBuffer | WebAssembly.Module) => {
    try {
      g.initSync({ module: source });
    } catch (error) {
      fail(error);
      return;
    }
    succeed(g);
  };
  /** The async path: only a compiled module (raw bytes would compile on the main thread now). */
  const finish = () => {
    if (!done && !failed && glue && wasm instanceof WebAssembly.Module) instantiate(glue, wasm);
  };
  const now = (): CoreModule | undefined => {
    if (!done && !failed && glue && wasm) instantiate(glue, wasm);
    return done;
  };

  const imported = attempt(() => sources.importGlue()).then(g => {
    glue = g;
    finish();
    return g;
  });
  imported.catch(fail);
  attempt(() => sources.fetchWasm())
    .then(bytes => {
      if (done || failed) return undefined;
      wasm = bytes;
      return WebAssembly.compile(bytes);
    })
    .then(
      module => {
        if (done || failed || !module) return;
        wasm = module;
        finish();
      },
      () => {
        // Not ours to report: the glue's own attempt below says what is wrong.
        if (done || failed) return;
        wasm = undefined;
        imported
          .then(async g => {
            await g.default();
            succeed(g);
          })
          .catch(fail);
      },
    );
  return { ready, now };
}

/** A test loader: its module, once its promise has resolved. */
function promisedLoad(load: CoreLoader): Load {
  let done: CoreModule | undefined;
  const ready = attempt(load).then(module => (done = module));
  return { ready, now: () => done };
}

let makeLoad: () => Load = () => stagedLoad(realSources);
let shared: Load | undefined;

function current(): Load {
  shared ??= makeLoad();
  return shared;
}

/**
 * The shared core module: the first call starts loading, every later call
 * (every API instance, every `scrub()`) gets the same promise. A failed load
 * stays failed for the life of the page.
 */
export function loadCore(): Promise<CoreModule> {
  return current().ready;
}

/**
 * The shared core module now, or `undefined`: if the glue and the wasm bytes
 * have arrived but the asynchronous compile or instantiation has not
 * finished, finishes it synchronously (the page-hide path; it also settles
 * {@link loadCore}'s promise). `undefined` while the glue or the bytes are
 * still on their way, and after a failure (which {@link loadCore} reports).
 */
export function loadCoreSync(): CoreModule | undefined {
  return current().now();
}

/**
 * Starts loading the core without waiting for it. The API factories call it
 * when the app starts: Backstage builds the analytics API only when it is
 * first used, at the first render, and the bytes should be here by the time
 * the first event is. A failure is reported by the API that needs the core,
 * once.
 */
export function preloadCore(): void {
  loadCore().catch(() => {});
}

/**
 * Replaces the loader (`undefined` restores the real one) and forgets the
 * shared module, so the next {@link loadCore} call uses `next`. A test
 * loader's module is also what {@link loadCoreSync} returns once its promise
 * has resolved (and `undefined` before).
 *
 * @internal For tests only.
 */
export function setCoreLoaderForTesting(next: CoreLoader | undefined): void {
  makeLoad = next ? () => promisedLoad(next) : () => stagedLoad(realSources);
  shared = undefined;
}

/**
 * Like {@link setCoreLoaderForTesting}, but keeps the real staged loading
 * and replaces where the glue and the bytes come from (`undefined` restores
 * the real ones).
 *
 * @internal For tests only.
 */
export function setCoreSourcesForTesting(next: CoreSources | undefined): void {
  const sources = next ?? realSources;
  makeLoad = () => stagedLoad(sources);
  shared = undefined;
}

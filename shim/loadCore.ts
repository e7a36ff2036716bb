/**
 * Loads the WebAssembly core once per page and shares it.
 *
 * Internal: not exported from the package entry point. The tests import
 * `dist/loadCore.js` directly to put a fake core in place of the wasm one.
 *
 * @packageDocumentation
 */

import type * as Glue from '../pkg/insights.js';

/** The part of the wasm-bindgen glue (`pkg/insights.js`) the shim uses. */
export type CoreModule = Pick<typeof Glue, 'InsightsCore' | 'scrub'>;

/** One instance of the core: the wasm-bindgen class `InsightsCore`. */
export type Core = Glue.InsightsCore;

/** Resolves to the glue once its wasm module is instantiated. */
export type CoreLoader = () => Promise<CoreModule>;

/**
 * The real loader. A dynamic import on purpose:
 * - the glue and `insights_bg.wasm` load in their own chunk, off the app's
 *   start-up path;
 * - a failure to fetch or compile either one is a rejection the API reports
 *   and counts, never an exception while the app's modules evaluate.
 */
async function loadGlue(): Promise<CoreModule> {
  const glue = await import('../pkg/insights.js');
  // No argument: the glue fetches `new URL('insights_bg.wasm', import.meta.url)`,
  // which webpack 5, rspack and Vite rewrite to the emitted asset's URL.
  await glue.default();
  return glue;
}

let loader: CoreLoader = loadGlue;
let shared: Promise<CoreModule> | undefined;

/**
 * The shared core module: the first call starts loading, every later call
 * (every API instance, every `scrub()`) gets the same promise. A failed load
 * stays failed for the life of the page.
 */
export function loadCore(): Promise<CoreModule> {
  shared ??= attemptLoad(loader);
  return shared;
}

/**
 * Starts loading the core without waiting for it. The API factories call it
 * when the app starts: Backstage builds the analytics API only when it is
 * first used, at the first render, and a page left before the core has loaded
 * loses the events captured meanwhile (they cannot be scrubbed yet). A failure
 * is reported by the API that needs the core, once.
 */
export function preloadCore(): void {
  loadCore().catch(() => {});
}

function attemptLoad(load: CoreLoader): Promise<CoreModule> {
  return new Promise<CoreModule>(resolve => resolve(load()));
}

/**
 * Replaces the loader (`undefined` restores the real one) and forgets the
 * shared module, so the next {@link loadCore} call uses `next`.
 *
 * @internal For tests only.
 */
export function setCoreLoaderForTesting(next: CoreLoader | undefined): void {
  loader = next ?? loadGlue;
  shared = undefined;
}

// Test doubles for the shim tests: a fake wasm-bindgen glue with an inspectable
// InsightsCore, fake Backstage APIs, and helpers to let promises settle.
// Not a test file (the runners take shim/*.test.ts and shim/glue/*.test.ts), and
// not shipped (shim/tsconfig.json leaves shim/testing/ out).
import assert from 'node:assert/strict';
import { afterEach } from 'node:test';
import { ConfigReader, type JsonObject } from '@backstage/config';
import type { AnalyticsEvent, AnyApiFactory, DiscoveryApi, FetchApi, IdentityApi } from '@backstage/core-plugin-api';
import type { InitOutput, InsightsCore as Core } from '../../pkg/insights.js';
import { BackstageInsightsApi } from '../index.js';
import { type CoreLoader, type GlueModule, setCoreLoaderForTesting } from '../loadCore.js';

/**
 * Rejections nobody handled since the last test ended. Every test of a file
 * that imports this module fails when one of its promises rejects unhandled:
 * after each test the pending promise chains run out, then the list must be
 * empty (and is emptied, so the next test starts clean whatever the order).
 */
export const unhandledRejections: unknown[] = [];
process.on('unhandledRejection', reason => unhandledRejections.push(reason));
afterEach(async () => {
  await settle();
  const unhandled = unhandledRejections.splice(0);
  assert.deepEqual(unhandled, [], 'a promise of this test rejected with nobody to handle it');
});

/** Lets every pending promise chain run (one macrotask turn, repeated). */
export async function settle(turns = 3) {
  for (let i = 0; i < turns; i++) await new Promise(resolve => setImmediate(resolve));
}

/** A promise and the functions that settle it, for a test to call when it says so. */
export type Deferred<T> = {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason?: unknown) => void;
};

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** What a fake glue does besides recording (see {@link fakeGlue}). */
export type GlueBehaviour = {
  capture?(event: unknown): void;
  stats?(): unknown;
  optOut?(): void;
  initSync?(module: unknown): void;
  default?(options: unknown): void | Promise<void>;
};

/** One call of a fake core's methods, as `[name, ...arguments]` (capture's are in `captured`). */
export type CoreCall = [name: string, ...args: unknown[]];

/** The instance exports the glue's init functions return: the shim never reads them, so the fake has none. */
const NO_EXPORTS = {} as InitOutput;

/**
 * A stand-in for `pkg/insights.js`. `behaviour.capture(event)` runs inside
 * `InsightsCore.capture` (throw from it to simulate a failing core);
 * `behaviour.stats()` replaces the stats.
 */
export function fakeGlue(behaviour: GlueBehaviour = {}) {
  const cores: FakeCore[] = [];
  class InsightsCore implements FakeCore {
    readonly config: unknown;
    readonly endpoint: string;
    readonly optedOut: boolean | null | undefined;
    readonly captured: Array<{ event: unknown; timestampMs: number }>;
    readonly calls: CoreCall[];
    constructor(config: unknown, endpoint: string, optedOut?: boolean | null) {
      this.config = config;
      this.endpoint = endpoint;
      this.optedOut = optedOut;
      this.captured = [];
      this.calls = [];
      cores.push(this);
    }
    get active() {
      return true;
    }
    capture(event: unknown, timestampMs: number) {
      this.calls.push(['capture']);
      behaviour.capture?.(event);
      this.captured.push({ event, timestampMs });
    }
    setIdentity(userEntityRef?: string | null) {
      this.calls.push(['setIdentity', userEntityRef]);
    }
    setToken(token?: string | null) {
      this.calls.push(['setToken', token]);
    }
    flush() {
      this.calls.push(['flush']);
    }
    pageHidden() {
      this.calls.push(['pageHidden']);
    }
    optOut() {
      this.calls.push(['optOut']);
      behaviour.optOut?.();
    }
    optIn() {
      this.calls.push(['optIn']);
    }
    stats() {
      return behaviour.stats ? behaviour.stats() : { queued: this.captured.length, delivered: 0, dropped: {} };
    }
    free() {}
    [Symbol.dispose]() {}
  }
  // initSync and default: the glue before instantiation, for the staged loader
  // (setCoreSourcesForTesting); each call is recorded in `inits`.
  const inits: Array<['initSync' | 'default', unknown]> = [];
  const glue: GlueModule = {
    InsightsCore,
    scrub: text => `scrubbed(${text})`,
    initSync(options) {
      // The shim passes `{ module }`.
      const module = typeof options === 'object' && 'module' in options ? options.module : undefined;
      inits.push(['initSync', module]);
      behaviour.initSync?.(module);
      return NO_EXPORTS;
    },
    async default(options) {
      inits.push(['default', options]);
      await behaviour.default?.(options);
      return NO_EXPORTS;
    },
  };
  return { glue, cores, inits };
}

/** A core made by a {@link fakeGlue}: what it was given, and every call to it. */
export type FakeCore = Core & {
  readonly config: unknown;
  readonly endpoint: string;
  readonly optedOut: boolean | null | undefined;
  readonly captured: Array<{ event: unknown; timestampMs: number }>;
  readonly calls: CoreCall[];
};

/** What a test's Backstage APIs answer instead of the defaults of {@link fakeApis}. */
export type FakeApiOverrides = {
  getBaseUrl?: (pluginId: string) => string | Promise<string>;
  getBackstageIdentity?: IdentityApi['getBackstageIdentity'];
  getCredentials?: IdentityApi['getCredentials'];
};

/** The Backstage APIs the shim takes, and the discovery lookups made. */
export type FakeApis = {
  discoveryCalls: string[];
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
  identityApi: IdentityApi;
};

/** Fake discovery, fetch and identity APIs; records discovery lookups. */
export function fakeApis(overrides: FakeApiOverrides = {}): FakeApis {
  const discoveryCalls: string[] = [];
  return {
    discoveryCalls,
    discoveryApi: {
      async getBaseUrl(pluginId) {
        discoveryCalls.push(pluginId);
        if (overrides.getBaseUrl) return overrides.getBaseUrl(pluginId);
        return `http://backend.test/api/${pluginId}`;
      },
    },
    fetchApi: {
      fetch() {
        throw new Error('the shim must not use fetchApi');
      },
    },
    identityApi: {
      getBackstageIdentity:
        overrides.getBackstageIdentity ??
        (async () => ({ type: 'user', userEntityRef: 'user:default/jane.doe', ownershipEntityRefs: [] })),
      getCredentials: overrides.getCredentials ?? (async () => ({ token: 'token-1' })),
      async getProfileInfo() {
        return {};
      },
      async signOut() {},
    },
  };
}

/** What {@link startApi} builds an API from: `loader` is required, `undefined` for the real one. */
type StartOptions = { config?: JsonObject; loader: CoreLoader | undefined; apis?: FakeApis };

/** The config the tests' apps have unless they say otherwise. */
const DEFAULT_CONFIG: JsonObject = { backend: { baseUrl: 'http://backend.test' }, backstageInsights: { salt: 'pepper' } };

/**
 * Builds the API the way an app does (`fromConfig` with a real ConfigReader),
 * with `loader` in place of the wasm loader (`undefined`: the real one).
 */
export function startApi({ config = DEFAULT_CONFIG, loader, apis = fakeApis() }: StartOptions) {
  setCoreLoaderForTesting(loader);
  const { discoveryApi, fetchApi, identityApi } = apis;
  const api = BackstageInsightsApi.fromConfig(new ConfigReader(config), { discoveryApi, fetchApi, identityApi });
  return { api, apis };
}

/** Builds the API from an `ApiFactory` the way the app does, with fake Backstage APIs. */
export function buildFromFactory(factory: AnyApiFactory, config: JsonObject = DEFAULT_CONFIG): BackstageInsightsApi {
  const { discoveryApi, fetchApi, identityApi } = fakeApis();
  const api = factory.factory({ configApi: new ConfigReader(config), discoveryApi, fetchApi, identityApi, storageApi: {} });
  assert.ok(api instanceof BackstageInsightsApi, 'the factory builds a BackstageInsightsApi');
  return api;
}

/**
 * What a plugin may pass as an event, whatever `AnalyticsEvent` declares (an
 * empty or new-frontend-system context, nested attributes, not an object at
 * all): the shim takes it as it comes. Passed to `captureEvent` as its declared type.
 */
export function asAnalyticsEvent(event: unknown): AnalyticsEvent {
  return event as AnalyticsEvent;
}

/** The `value` of an event a fake core captured (the tests number their events with it). */
export function capturedValue({ event }: { event: unknown }): unknown {
  return (event as AnalyticsEvent).value;
}

/** A realistic Backstage event. */
export function sampleEvent(n = 0) {
  return {
    action: 'navigate',
    subject: `/catalog/default/component/service-${n}?tab=ci#top`,
    value: n,
    attributes: { to: '/docs', nested: 'x' },
    context: { pluginId: 'catalog', extension: 'App', routeRef: 'entity', releaseNum: 1 },
  };
}

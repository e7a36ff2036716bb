// Test doubles for the shim tests: a fake wasm-bindgen glue with an inspectable
// InsightsCore, fake Backstage APIs, and helpers to let promises settle.
// Not a test file (node --test only runs *.test.mjs).
import { ConfigReader } from '@backstage/config';
import { BackstageInsightsApi } from '../../dist/index.js';
import { setCoreLoaderForTesting } from '../../dist/loadCore.js';

/** Rejections nobody handled, recorded for the whole test file. */
export const unhandledRejections = [];
process.on('unhandledRejection', reason => unhandledRejections.push(reason));

/** Lets every pending promise chain run (one macrotask turn, repeated). */
export async function settle(turns = 3) {
  for (let i = 0; i < turns; i++) await new Promise(resolve => setImmediate(resolve));
}

export function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * A stand-in for `pkg/insights.js`. `behaviour.capture(event)` runs inside
 * `InsightsCore.capture` (throw from it to simulate a failing core);
 * `behaviour.stats()` replaces the stats.
 */
export function fakeGlue(behaviour = {}) {
  const cores = [];
  class InsightsCore {
    constructor(config, endpoint, optedOut) {
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
    capture(event, timestampMs) {
      this.calls.push(['capture']);
      behaviour.capture?.(event);
      this.captured.push({ event, timestampMs });
    }
    setIdentity(userEntityRef) {
      this.calls.push(['setIdentity', userEntityRef]);
    }
    setToken(token) {
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
  }
  // initSync and default: the glue before instantiation, for the staged loader
  // (setCoreSourcesForTesting); each call is recorded in `inits`.
  const inits = [];
  const glue = {
    InsightsCore,
    scrub: text => `scrubbed(${text})`,
    initSync(options) {
      inits.push(['initSync', options.module]);
      behaviour.initSync?.(options.module);
    },
    async default(options) {
      inits.push(['default', options]);
      await behaviour.default?.(options);
    },
  };
  return { glue, cores, inits };
}

/** Fake discovery, fetch, identity and storage APIs; records discovery lookups. */
export function fakeApis(overrides = {}) {
  const discoveryCalls = [];
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
    storageApi: undefined,
  };
}

/**
 * Builds the API the way an app does (`fromConfig` with a real ConfigReader),
 * with `loader` in place of the wasm loader.
 */
export function startApi({ config = { backend: { baseUrl: 'http://backend.test' }, backstageInsights: { salt: 'pepper' } }, loader, apis = fakeApis() }) {
  setCoreLoaderForTesting(loader);
  const { discoveryApi, fetchApi, identityApi, storageApi } = apis;
  const api = BackstageInsightsApi.fromConfig(new ConfigReader(config), {
    discoveryApi,
    fetchApi,
    identityApi,
    ...(storageApi ? { storageApi } : {}),
  });
  return { api, apis };
}

/** Builds the API from an `ApiFactory` the way the app does, with fake Backstage APIs. */
export function buildFromFactory(factory, config = { backend: { baseUrl: 'http://backend.test' }, backstageInsights: { salt: 'pepper' } }) {
  const { discoveryApi, fetchApi, identityApi } = fakeApis();
  return factory.factory({ configApi: new ConfigReader(config), discoveryApi, fetchApi, identityApi, storageApi: {} });
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

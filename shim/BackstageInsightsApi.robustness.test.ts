// captureEvent takes whatever a plugin passes, never throws, never mutates.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigReader } from '@backstage/config';
import { type BackstageInsightsApiOptions, type BackstageInsightsStats, BackstageInsightsApi } from './index.js';
import { type CoreModule, type GlueModule, setCoreLoaderForTesting } from './loadCore.js';
import { asAnalyticsEvent, deferred, fakeGlue, sampleEvent, settle, startApi } from './testing/fakes.js';

/** What plugins might pass instead of an event. */
function garbage(): unknown[] {
  const circular: { action: string; subject: string; context: { parent?: unknown }; self?: unknown } = {
    action: 'click',
    subject: '/x',
    context: {},
  };
  circular.self = circular;
  circular.context.parent = circular;
  const throwingGetter = {
    get action() {
      throw new Error('getter says no');
    },
  };
  const hostileProxy = new Proxy(
    {},
    {
      get() {
        throw new Error('proxy get');
      },
      ownKeys() {
        throw new Error('proxy ownKeys');
      },
      getOwnPropertyDescriptor() {
        throw new Error('proxy descriptor');
      },
    },
  );
  return [
    undefined,
    null,
    0,
    NaN,
    'a string',
    Symbol('event'),
    10n,
    () => 'a function',
    circular,
    throwingGetter,
    hostileProxy,
    { action: 1n, subject: Symbol('s'), value: NaN, attributes: { big: 2n }, context: null },
    { action: 'x'.repeat(1 << 20), subject: '', context: {} },
  ];
}

test('garbage before and after ready: no throw, and a serialising core drops it as counted core errors', async t => {
  const errors = t.mock.method(console, 'error', () => {});
  const load = deferred<CoreModule>();
  // Like a real core that reads the whole event: JSON.stringify throws on BigInt and cycles.
  const { glue, cores } = fakeGlue({ capture: event => JSON.stringify(event) });
  const { api } = startApi({ loader: () => load.promise });

  for (const event of garbage()) assert.doesNotThrow(() => api.captureEvent(asAnalyticsEvent(event)));
  load.resolve(glue);
  await settle();
  for (const event of garbage()) assert.doesNotThrow(() => api.captureEvent(asAnalyticsEvent(event)));

  const all = garbage().length * 2;
  const stats = api.stats();
  // Per pass, JSON.stringify throws on 10n, the object holding BigInts, the cycle, the getter and the proxy.
  const failing = 5 * 2;
  assert.equal(stats.dropped.coreError, failing);
  assert.equal(cores[0].captured.length, all - failing);
  assert.equal(errors.mock.callCount(), 1, 'one console.error for a failing core, not one per event');
  assert.match(errors.mock.calls[0].arguments[0], /^\[backstage-insights\] the WebAssembly core failed/);
});

test('a core that throws on every call never makes captureEvent, stats or identity throw', async t => {
  t.mock.method(console, 'error', () => {});
  const { glue } = fakeGlue();
  const boom = () => {
    throw new WebAssembly.RuntimeError('unreachable');
  };
  Object.assign(glue.InsightsCore.prototype, { capture: boom, setIdentity: boom, setToken: boom, stats: boom });
  const { api } = startApi({ loader: async () => glue });

  assert.doesNotThrow(() => api.captureEvent(sampleEvent(1)));
  await settle();
  assert.doesNotThrow(() => api.captureEvent(sampleEvent(2)));
  assert.doesNotThrow(() => api.captureEvent(asAnalyticsEvent(undefined)));
  let stats = undefined as BackstageInsightsStats | undefined;
  assert.doesNotThrow(() => {
    stats = api.stats();
  });
  assert.ok(stats);
  assert.equal(stats.dropped.coreError, 3);
});

test('a core whose constructor throws: no throw, one console.error, events counted', async t => {
  const errors = t.mock.method(console, 'error', () => {});
  const { glue } = fakeGlue();
  // A stand-in for the wasm class whose constructor throws before it is anything.
  glue.InsightsCore = class {
    constructor() {
      throw new Error('constructor failed');
    }
  } as unknown as GlueModule['InsightsCore'];
  const { api } = startApi({ loader: async () => glue });
  api.captureEvent(sampleEvent(1));
  await settle();
  api.captureEvent(sampleEvent(2));

  assert.equal(errors.mock.callCount(), 1);
  assert.match(errors.mock.calls[0].arguments[0], /constructor failed/);
  assert.equal(api.stats().dropped.coreUnavailable, 2);
});

test("the caller's event object is not mutated, before or after the core is ready", async () => {
  const load = deferred<CoreModule>();
  const { glue, cores } = fakeGlue();
  const { api } = startApi({ loader: () => load.promise });

  const early = sampleEvent(1);
  const earlyClone = structuredClone(early);
  api.captureEvent(early);
  load.resolve(glue);
  await settle();
  const late = sampleEvent(2);
  const lateClone = structuredClone(late);
  api.captureEvent(late);

  assert.deepStrictEqual(early, earlyClone);
  assert.deepStrictEqual(late, lateClone);
  // And the core saw the event's own content, not a reshaped copy.
  assert.deepStrictEqual(cores[0].captured.map(c => c.event), [earlyClone, lateClone]);
});

test('fromConfig does not throw even with missing APIs or a config that is not an object', async t => {
  t.mock.method(console, 'error', () => {});
  const { glue, cores } = fakeGlue();
  setCoreLoaderForTesting(async () => glue);

  let created = undefined as BackstageInsightsApi | undefined;
  assert.doesNotThrow(() => {
    // No APIs at all, whatever the options' type says.
    created = BackstageInsightsApi.fromConfig(new ConfigReader({ backstageInsights: 'not an object' }), {} as BackstageInsightsApiOptions);
  });
  const api = created;
  assert.ok(api);
  assert.doesNotThrow(() => api.captureEvent(sampleEvent(1)));
  await settle();
  assert.doesNotThrow(() => api.captureEvent(sampleEvent(2)));
  // No discoveryApi: the endpoint cannot be resolved, so there is no core and events are counted.
  assert.equal(cores.length, 0);
  assert.equal(api.stats().dropped.coreUnavailable, 2);
});


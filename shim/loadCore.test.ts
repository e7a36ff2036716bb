// The wasm core cannot be loaded: one console.error, events dropped and counted, nothing thrown.
// (The staged loader itself, and its synchronous start at page hide: pageHide.test.ts.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STALL_REPORT_MS } from './BackstageInsightsApi.js';
import { TOKEN_REFRESH_MS } from './credentials.js';
import { BackstageInsights, scrub } from './index.js';
import { type CoreModule, setCoreLoaderForTesting } from './loadCore.js';
import { buildFromFactory, deferred, fakeApis, fakeGlue, sampleEvent, settle, startApi, unhandledRejections } from './testing/fakes.js';
import { fakeDocument, setGlobals } from './testing/page.js';

test('loader rejects: exactly one console.error, every event counted, no throw', async t => {
  const errors = t.mock.method(console, 'error', () => {});
  const load = deferred<CoreModule>();
  const { api } = startApi({ loader: () => load.promise });

  for (let i = 0; i < 3; i++) assert.doesNotThrow(() => api.captureEvent(sampleEvent(i)));
  load.reject(new WebAssembly.CompileError('expected magic word 00 61 73 6d'));
  await settle();
  for (let i = 0; i < 4; i++) assert.doesNotThrow(() => api.captureEvent(sampleEvent(i)));
  await settle();

  assert.equal(errors.mock.callCount(), 1);
  const message = errors.mock.calls[0].arguments[0];
  assert.match(message, /^\[backstage-insights\] could not load the WebAssembly core/);
  assert.match(message, /expected magic word/, 'the cause is in the message');
  assert.match(message, /insights_bg\.wasm/, 'the message says what to check');
  assert.deepEqual(api.stats(), { queued: 0, delivered: 0, dropped: { coreUnavailable: 7, total: 7 } });
});

test('loader throws synchronously: handled the same way', async t => {
  const errors = t.mock.method(console, 'error', () => {});
  const { api } = startApi({
    loader: () => {
      throw new Error('import failed');
    },
  });
  assert.doesNotThrow(() => api.captureEvent(sampleEvent(1)));
  await settle();
  assert.equal(errors.mock.callCount(), 1);
  assert.equal(api.stats().dropped.coreUnavailable, 1);
});

test('the real loader, where the wasm cannot be fetched (Node), fails the same contained way', async t => {
  const errors = t.mock.method(console, 'error', () => {});
  // Restores the real loader: it imports ../pkg/insights.js and fetches insights_bg.wasm,
  // which Node cannot (no pkg/ yet, or no fetch for file: URLs).
  const { api } = startApi({ loader: undefined });
  api.captureEvent(sampleEvent(1));
  // Real module loading is I/O, not a fixed number of microtask turns: poll with a deadline.
  for (const deadline = Date.now() + 5000; errors.mock.callCount() === 0 && Date.now() < deadline; ) {
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  await settle();
  assert.equal(errors.mock.callCount(), 1);
  assert.match(errors.mock.calls[0].arguments[0], /could not load the WebAssembly core/);
  assert.equal(api.stats().dropped.coreUnavailable, 1);
});

test('after a load failure the token is no longer refreshed (no work for a dead module)', async t => {
  t.mock.method(console, 'error', () => {});
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const doc = fakeDocument('visible');
  setGlobals(t, { document: doc });
  let asked = 0;
  const load = deferred<CoreModule>();
  startApi({ loader: () => load.promise, apis: fakeApis({ getCredentials: async () => ({ token: `t${++asked}` }) }) });
  await settle();
  t.mock.timers.tick(TOKEN_REFRESH_MS);
  await settle();
  assert.equal(asked, 2, 'refreshing while the core loads');

  load.reject(new Error('no wasm'));
  await settle();
  t.mock.timers.tick(TOKEN_REFRESH_MS * 3);
  doc.dispatchEvent(new Event('visibilitychange'));
  await settle();
  assert.equal(asked, 2);
});

test('scrub() rejects (it does not throw synchronously) when the core cannot be loaded', async () => {
  setCoreLoaderForTesting(async () => {
    throw new Error('no wasm');
  });
  const pending = scrub('jane@example.com');
  await assert.rejects(pending, /no wasm/);
});

test('a failed preload (the factory, at start-up) rejects nothing unhandled; the API reports it once when built', async t => {
  const errors = t.mock.method(console, 'error', () => {});
  setCoreLoaderForTesting(async () => {
    throw new Error('no wasm here');
  });
  const factory = BackstageInsights.createDefaultApiFactory();
  await settle();
  assert.equal(errors.mock.callCount(), 0, 'nothing to report before the API exists');
  const api = buildFromFactory(factory);
  api.captureEvent(sampleEvent(1));
  await settle();
  assert.equal(errors.mock.callCount(), 1);
  assert.match(errors.mock.calls[0].arguments[0], /could not load the WebAssembly core \(Error: no wasm here\)/);
  assert.equal(api.stats().dropped.coreUnavailable, 1);
});


test('a discovery lookup that never answers: one console.error naming it after 10 s; events wait, then go', async t => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const errors = t.mock.method(console, 'error', () => {});
  const discovered = deferred<string>();
  const { glue, cores } = fakeGlue();
  const { api } = startApi({ loader: async () => glue, apis: fakeApis({ getBaseUrl: () => discovered.promise }) });
  api.captureEvent(sampleEvent(1));
  await settle();
  t.mock.timers.tick(STALL_REPORT_MS - 1);
  await settle();
  assert.equal(errors.mock.callCount(), 0, 'quiet before the bound');
  t.mock.timers.tick(1);
  await settle();
  assert.equal(STALL_REPORT_MS, 10_000);
  assert.equal(errors.mock.callCount(), 1);
  const message = String(errors.mock.calls[0].arguments[0]);
  assert.match(message, /discoveryApi\.getBaseUrl\('backstage-insights'\) has not answered/);
  assert.doesNotMatch(message, /WebAssembly core/, 'the core did load: only the lookup is named');
  assert.equal(api.stats().queued, 1, 'the event still waits');

  discovered.resolve('http://late.test/api/backstage-insights');
  await settle();
  assert.equal(cores[0].endpoint, 'http://late.test/api/backstage-insights/events');
  assert.equal(cores[0].captured.length, 1, 'the waiting event reached the core');
  t.mock.timers.tick(60_000);
  await settle();
  assert.equal(errors.mock.callCount(), 1, 'said once');
  assert.deepEqual(unhandledRejections, []);
});

test('a start that settles in time says nothing', async t => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const errors = t.mock.method(console, 'error', () => {});
  const { glue } = fakeGlue();
  startApi({ loader: async () => glue });
  await settle();
  t.mock.timers.tick(STALL_REPORT_MS * 2);
  await settle();
  assert.equal(errors.mock.callCount(), 0);
});

test('a core that cannot load is reported at once, even while discovery never answers', async t => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const errors = t.mock.method(console, 'error', () => {});
  const { api } = startApi({
    loader: async () => {
      throw new Error('404 insights_bg.wasm');
    },
    apis: fakeApis({ getBaseUrl: () => new Promise(() => {}) }),
  });
  api.captureEvent(sampleEvent(1));
  await settle();
  assert.equal(errors.mock.callCount(), 1);
  assert.match(String(errors.mock.calls[0].arguments[0]), /could not load the WebAssembly core.*404 insights_bg\.wasm/);
  assert.equal(api.stats().dropped.coreUnavailable, 1, 'the waiting event is counted');
  t.mock.timers.tick(STALL_REPORT_MS * 2);
  await settle();
  assert.equal(errors.mock.callCount(), 1, 'no stall message after the failure');
  assert.deepEqual(unhandledRejections, []);
});

// Events captured before the core is ready: kept in order, bounded, delivered once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigReader } from '@backstage/config';
import { BackstageInsightsApi, scrub } from './index.js';
import type { CoreModule } from './loadCore.js';
import { MAX_PENDING_EVENTS } from './pendingEvents.js';
import { capturedValue, deferred, fakeApis, fakeGlue, sampleEvent, settle, startApi } from './testing/fakes.js';

test('fromConfig returns before the core is loaded, and events wait for it', async () => {
  const load = deferred<CoreModule>();
  const { glue, cores } = fakeGlue();
  const { api } = startApi({ loader: () => load.promise });

  api.captureEvent(sampleEvent(0));
  await settle();
  assert.equal(cores.length, 0, 'no core before the loader resolves');
  assert.equal(api.stats().queued, 1, 'the waiting event is reported as queued');

  load.resolve(glue);
  await settle();
  assert.equal(cores.length, 1);
  assert.equal(cores[0].captured.length, 1);
});

test('events captured before ready reach the core in capture order, with their capture time', async () => {
  const load = deferred<CoreModule>();
  const { glue, cores } = fakeGlue();
  const { api } = startApi({ loader: () => load.promise });

  const events = Array.from({ length: 50 }, (_, i) => sampleEvent(i));
  const firstCapture = Date.now();
  for (const event of events) api.captureEvent(event);
  const lastCapture = Date.now();
  await new Promise(resolve => setTimeout(resolve, 30));
  const readyAt = Date.now();
  load.resolve(glue);
  await settle();

  const core = cores[0];
  assert.deepEqual(core.captured.map(capturedValue), events.map(e => e.value));
  for (const { timestampMs } of core.captured) {
    assert.ok(timestampMs >= firstCapture && timestampMs <= lastCapture, 'timestamp is the capture time');
    assert.ok(timestampMs < readyAt, 'not the time the buffer was drained');
  }

  // After ready, events go straight through, after the drained ones.
  api.captureEvent(sampleEvent(99));
  assert.equal(core.captured.length, 51);
  assert.equal(capturedValue(core.captured[50]), 99);
  assert.equal(api.stats().queued, 51, 'the fake core reports what it holds; the shim holds nothing');
});

test('the buffer is bounded: the oldest events are dropped and counted', async () => {
  const load = deferred<CoreModule>();
  const { glue, cores } = fakeGlue();
  const { api } = startApi({ loader: () => load.promise });

  const extra = 7;
  for (let i = 0; i < MAX_PENDING_EVENTS + extra; i++) api.captureEvent(sampleEvent(i));
  assert.equal(MAX_PENDING_EVENTS, 1000);
  let stats = api.stats();
  assert.equal(stats.queued, MAX_PENDING_EVENTS);
  assert.equal(stats.dropped.bufferFull, extra);

  load.resolve(glue);
  await settle();
  const values = cores[0].captured.map(capturedValue);
  assert.equal(values.length, MAX_PENDING_EVENTS);
  assert.equal(values[0], extra, 'the oldest went first');
  assert.equal(values.at(-1), MAX_PENDING_EVENTS + extra - 1);

  stats = api.stats();
  assert.equal(stats.dropped.bufferFull, extra, 'drop count survives the hand-over to the core');
  assert.equal(stats.queued, MAX_PENDING_EVENTS);
});

test('stats() merges the core counters with the shim drops, and passes other core counters through', async () => {
  const load = deferred<CoreModule>();
  const { glue } = fakeGlue({
    stats: () => ({ queued: 3, delivered: 40, fieldsDropped: 4, dropped: { tooLarge: 2, bufferFull: 1, total: 3 } }),
  });
  const { api } = startApi({ loader: () => load.promise });
  for (let i = 0; i < MAX_PENDING_EVENTS + 2; i++) api.captureEvent(sampleEvent(i));
  load.resolve(glue);
  await settle();

  assert.deepEqual(api.stats(), {
    queued: 3,
    delivered: 40,
    fieldsDropped: 4,
    dropped: { tooLarge: 2, bufferFull: 3, total: 5 },
  });
});

test('stats() treats core stats that are not an object as empty, without throwing', async () => {
  const { glue } = fakeGlue({ stats: () => 7 });
  const { api } = startApi({ loader: async () => glue });
  api.captureEvent(sampleEvent(0));
  await settle();
  assert.deepEqual(api.stats(), { queued: 0, delivered: 0, dropped: { total: 0 } });
});

test('the wasm module is loaded once, shared by every API instance', async () => {
  const { glue, cores } = fakeGlue();
  let loads = 0;
  const loader = async () => {
    loads++;
    return glue;
  };
  startApi({ loader });
  // A second instance and scrub() on the same page reuse the shared module (no loader reset).
  BackstageInsightsApi.fromConfig(new ConfigReader({ backstageInsights: { salt: 'x' } }), fakeApis());
  assert.equal(await scrub('a@b.example'), 'scrubbed(a@b.example)');
  await settle();

  assert.equal(loads, 1);
  assert.equal(cores.length, 2, 'one core per API instance');
});


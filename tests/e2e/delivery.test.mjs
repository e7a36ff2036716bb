// Delivery: with a 10-minute batch interval only the page-hide flush (or the
// maxEvents trigger) can deliver, so anything that arrives came from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  captureInPage,
  gotoApp,
  settle,
  useAppSuite,
  waitFor,
} from './harness.mjs';

// Well below the module's default 5 s interval: arrival within this deadline
// after hiding cannot be an interval flush, even if the interval were ignored.
const HIDE_DEADLINE_MS = 3000;

const s = useAppSuite({ set: { 'backstageInsights.batch.flushIntervalMs': 600_000 } });

/** Loads the catalog and clicks through to an entity: 2 navigates + 1 click queued. */
async function queueSomeEvents(page) {
  await gotoApp(page, s.c.url, '/catalog', 'Components and owners');
  await page.getByTestId('link-payments-service').click();
  await page.getByText('A component entity.').waitFor();
}

async function assertHideFlush(hide) {
  const { page } = s.tab;
  await queueSomeEvents(page);
  const before = await s.c.stats();
  assert.equal(before.requests, 0, 'nothing is sent before the page is hidden (interval is 10 minutes)');

  const hiddenAt = Date.now();
  await hide(page);
  const stats = await s.c.waitForStats(s => s.events.length >= 3, { timeout: HIDE_DEADLINE_MS });
  const events = (await s.c.received()).map(l => l.event);
  assert.deepEqual(
    events.map(e => `${e.action} ${e.subject}`),
    ['navigate /catalog', 'click payments-service', 'navigate /catalog/default/component/payments-service'],
  );
  for (const e of events) assert.equal(e.identity, s.identity);
  for (const b of stats.bodies) {
    assert.equal(b.status, 204);
    assert.ok(b.at >= hiddenAt - 50, 'sent by the hide flush, not before');
  }
  assert.equal(stats.rejected, 0);
  assert.equal(stats.duplicates, 0);
}

test('navigating away (visibilitychange hidden + pagehide) delivers the queued events', async () => {
  await assertHideFlush(page => page.goto('about:blank'));
});

test('closing the tab delivers the queued events', async () => {
  await assertHideFlush(page => page.close({ runBeforeUnload: true }));
});

test('maxEvents (25) sends a full batch at once; the rest waits for the hide flush', async () => {
  const { page } = s.tab;
  await gotoApp(page, s.c.url, '/actions', 'Fire an event');
  await page.getByTestId('action-burst').click(); // 30 events; plus the navigate: 31 queued
  const first = await s.c.waitForStats(s => s.events.length >= 25, { timeout: HIDE_DEADLINE_MS });
  assert.equal(first.requests, 1, 'one request');
  assert.equal(first.events.length, 25, 'exactly maxEvents events in it');
  await page.goto('about:blank');
  const all = await s.c.waitForStats(s => s.events.length >= 31, { timeout: HIDE_DEADLINE_MS });
  assert.equal(all.unique, 31);
  assert.equal(all.duplicates, 0);
  const burst = (await s.c.received()).map(l => l.event).filter(e => e.action === 'burst');
  assert.deepEqual(burst.map(e => e.subject), Array.from({ length: 30 }, (_, i) => `item-${i}`));
  assert.deepEqual(burst.map(e => e.value), Array.from({ length: 30 }, (_, i) => i));
});

// Runs in the page before the app: `visibilitychange` and `pagehide` never
// reach the module, as when a tab is discarded or its process killed. Also
// records what the module registers with fetchLater (the bodies are views of
// wasm memory; the browser must have copied them when it sends).
function silentLifecycle() {
  for (const type of ['visibilitychange', 'pagehide']) window.addEventListener(type, e => e.stopImmediatePropagation(), true);
  const real = window.fetchLater;
  window.__later = [];
  if (typeof real !== 'function') return;
  window.fetchLater = function (url, init) {
    const text = new TextDecoder().decode(init.body);
    window.__later.push({ events: JSON.parse(text).events.length, signal: init.signal, view: init.body, text });
    return real.call(window, url, init);
  };
}

test('a page that dies without page-hide events: the browser sends the fetchLater copy, intact and once', async () => {
  const { page, context } = s.tab;
  await context.addInitScript(silentLifecycle);
  await queueSomeEvents(page);
  assert.equal(await page.evaluate(() => typeof fetchLater), 'function', 'this Chromium has fetchLater');
  // Re-registered within a second of the last change: wait for a live registration holding all three.
  await waitFor(() => page.evaluate(() => window.__later.some(l => l.events === 3 && !l.signal.aborted)), {
    message: 'a fetchLater registration with the three events',
  });
  // The module must not see a hide: it would send with keepalive, and this test would prove nothing.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event('pagehide'));
    delete document.visibilityState;
  });
  await settle(500);
  assert.equal((await s.c.stats()).requests, 0, 'nothing sent while the page lives (interval 10 minutes, no hide seen)');
  // Reuse the core's memory where the body was (freed after the call; strings of 100 B to 1 KB fill
  // every size class it can be in): a body the browser had not copied would arrive changed.
  await captureInPage(page, Array.from({ length: 20 }, (_, i) => ({ action: 'filler', subject: 'x'.repeat(100 + 50 * i) })));
  await waitFor(() => page.evaluate(() => window.__later.some(l => l.events === 3 && new TextDecoder().decode(l.view) !== l.text)), {
    message: 'the memory the three-event body was read from to be reused',
  });
  await page.close({ runBeforeUnload: true });
  const stats = await s.c.waitForStats(s => s.events.length >= 3, { timeout: 10_000 });
  const events = (await s.c.received()).map(l => l.event);
  assert.deepEqual(
    events.filter(e => e.action !== 'filler').map(e => `${e.action} ${e.subject}`),
    ['navigate /catalog', 'click payments-service', 'navigate /catalog/default/component/payments-service'],
  );
  for (const e of events) assert.equal(e.identity, s.identity);
  assert.equal(stats.rejected, 0, 'every body arrived well-formed');
  assert.equal(stats.duplicates, 0);
});

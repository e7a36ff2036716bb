// Delivery: with a 10-minute batch interval only the page-hide flush (or the
// maxEvents trigger) can deliver, so anything that arrives came from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  gotoApp,
  useAppSuite,
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

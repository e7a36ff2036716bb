// Delivery: with a 10-minute batch interval only the page-hide flush (or the
// maxEvents trigger) can deliver, so anything that arrives came from them.
import { after, afterEach, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ensureAppBuilt,
  expectedIdentity,
  gotoApp,
  launchBrowser,
  openPage,
  startCollector,
} from './harness.mjs';

// Well below the module's default 5 s interval: arrival within this deadline
// after hiding cannot be an interval flush, even if the interval were ignored.
const HIDE_DEADLINE_MS = 3000;

let c;
let browser;
let tab;
let identity;

before(async () => {
  ensureAppBuilt();
  c = await startCollector({ set: { 'backstageInsights.batch.flushIntervalMs': 600_000 } });
  browser = await launchBrowser();
  identity = expectedIdentity((await c.appConfig()).backstageInsights.salt);
});
after(async () => {
  await browser?.close();
  await c?.stop();
});
beforeEach(async () => {
  await c.reset();
  tab = await openPage(browser);
});
afterEach(async t => {
  if (t.passed === false || process.env.E2E_VERBOSE) {
    console.log((await tab.consoleText()).join('\n'));
    console.log(JSON.stringify(await c.stats()));
  }
  await tab.close().catch(() => {});
});

/** Loads the catalog and clicks through to an entity: 2 navigates + 1 click queued. */
async function queueSomeEvents(page) {
  await gotoApp(page, c.url, '/catalog', 'Components and owners');
  await page.getByTestId('link-payments-service').click();
  await page.getByText('A component entity.').waitFor();
}

async function assertHideFlush(hide) {
  const { page } = tab;
  await queueSomeEvents(page);
  const before = await c.stats();
  assert.equal(before.requests, 0, 'nothing is sent before the page is hidden (interval is 10 minutes)');

  const hiddenAt = Date.now();
  await hide(page);
  const stats = await c.waitForStats(s => s.events.length >= 3, { timeout: HIDE_DEADLINE_MS });
  const events = (await c.received()).map(l => l.event);
  assert.deepEqual(
    events.map(e => `${e.action} ${e.subject}`),
    ['navigate /catalog', 'click payments-service', 'navigate /catalog/default/component/payments-service'],
  );
  for (const e of events) assert.equal(e.identity, identity);
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
  const { page } = tab;
  await gotoApp(page, c.url, '/actions', 'Fire an event');
  await page.getByTestId('action-burst').click(); // 30 events; plus the navigate: 31 queued
  const first = await c.waitForStats(s => s.events.length >= 25, { timeout: HIDE_DEADLINE_MS });
  assert.equal(first.requests, 1, 'one request');
  assert.equal(first.events.length, 25, 'exactly maxEvents events in it');
  await page.goto('about:blank');
  const all = await c.waitForStats(s => s.events.length >= 31, { timeout: HIDE_DEADLINE_MS });
  assert.equal(all.unique, 31);
  assert.equal(all.duplicates, 0);
  const burst = (await c.received()).map(l => l.event).filter(e => e.action === 'burst');
  assert.deepEqual(burst.map(e => e.subject), Array.from({ length: 30 }, (_, i) => `item-${i}`));
  assert.deepEqual(burst.map(e => e.value), Array.from({ length: 30 }, (_, i) => i));
});

// Delivery under faults (issue 3): the real demo app in headless Chromium
// against the real collector process with fault injection. Each scenario
// knows exactly which events the app must produce (known navigations and
// clicks, or events captured through the app's analyticsApi), checks the
// module's own count (`stats().captured`, read through the app's API), and
// compares with what the collector stored, by id:
//
//   <scenario>: captured N, received unique U, duplicates D, lost L
//
// Delivery is at least once, so duplicates are allowed where a page died
// before it saw an answer, but only as repeated ids: per (action, subject)
// the collector must hold exactly as many distinct ids as were captured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EVENTS_PATH,
  captureInPage,
  gotoApp,
  insightsStats,
  readOriginStorage,
  useAppSuite,
  waitFor,
} from './harness.mjs';

const s = useAppSuite();

const OUTBOX_PREFIX = 'backstage-insights:v1:outbox:';
const KEEPALIVE_LIMIT = 60 * 1024;

// ------------------------------------------------------------------ counting

const keyOf = e => `${e.action} ${e.subject}`;

/** What the app must produce: (action subject) → count. */
class Expected {
  constructor() {
    this.counts = new Map();
  }
  add(key, n = 1) {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }
  get total() {
    let t = 0;
    for (const n of this.counts.values()) t += n;
    return t;
  }
}

/** Compares the collector's out file with what was captured. */
async function measure(expected) {
  const lines = await s.c.received();
  const byId = new Map();
  for (const l of lines) if (!byId.has(l.event.id)) byId.set(l.event.id, l.event);
  const got = new Map();
  for (const e of byId.values()) got.set(keyOf(e), (got.get(keyOf(e)) ?? 0) + 1);
  let lost = 0;
  let extra = 0;
  const missing = [];
  for (const [k, n] of expected.counts) {
    const short = n - (got.get(k) ?? 0);
    if (short > 0) {
      lost += short;
      missing.push(`${k} x${short}`);
    }
  }
  const extras = [];
  for (const [k, n] of got) {
    const over = n - (expected.counts.get(k) ?? 0);
    if (over > 0) {
      extra += over;
      extras.push(`${k} x${over}`);
    }
  }
  return {
    captured: expected.total,
    received: lines.length,
    unique: byId.size,
    duplicates: lines.length - byId.size,
    lost,
    extra,
    missing,
    extras,
  };
}

function report(name, m, { extras = true } = {}) {
  console.log(`${name}: captured ${m.captured}, received unique ${m.unique}, duplicates ${m.duplicates}, lost ${m.lost}`);
  if (m.missing.length) console.log(`${name}: missing ${m.missing.slice(0, 20).join('; ')}`);
  if (extras && m.extras.length) console.log(`${name}: unexpected ${m.extras.slice(0, 20).join('; ')}`);
}

/** Polls the collector until nothing captured is missing; returns the last measure either way. */
async function waitDelivered(expected, timeout) {
  let m;
  try {
    await waitFor(async () => (m = await measure(expected)).lost === 0, { timeout, interval: 100, message: 'every captured event at the collector' });
  } catch {
    // The assertions after this say what is missing.
  }
  return m;
}

/** The module's own count of events it took on this page must reach exactly `n`. */
async function expectCaptured(page, n) {
  let st;
  try {
    st = await waitFor(async () => {
      const x = await insightsStats(page);
      return x.captured >= n ? x : undefined;
    }, { timeout: 10_000, message: `stats().captured >= ${n}` });
  } catch {
    st = await insightsStats(page);
  }
  assert.equal(st.captured, n, `the module took exactly the ${n} events this page produced: ${JSON.stringify(st)}`);
  return st;
}

function assertClean(m) {
  assert.equal(m.lost, 0, `no captured event may be lost; missing: ${m.missing.join('; ')}`);
  assert.equal(m.extra, 0, `duplicates only as repeated ids; same event under another id: ${m.extras.join('; ')}`);
  assert.equal(m.unique, m.captured, 'unique ids received == events captured');
}

/** ~1 KB custom events, as a plugin would capture them. */
function paddedEvents(n, tag) {
  const text = 'lorem ipsum dolor sit amet '.repeat(28); // 756 chars: ~1 KB encoded
  return Array.from({ length: n }, (_, i) => ({
    action: 'padded',
    subject: `${tag}-${i}`,
    value: i,
    attributes: { text },
    context: { pluginId: 'e2e', routeRef: 'e2e', extension: 'App' },
  }));
}

async function loadCatalogAndClick(page) {
  await gotoApp(page, s.c.url, '/catalog', 'Components and owners');
  await page.getByTestId('link-payments-service').click();
  await page.getByText('A component entity.').waitFor();
}

const CATALOG = 'navigate /catalog';
const CLICK = 'click payments-service';
const ENTITY = 'navigate /catalog/default/component/payments-service';

// ------------------------------------------------------------------ 1

test('500 for the first 5 requests, then 204: every event arrives exactly once', async () => {
  const { page } = s.tab;
  await s.c.config({ set: { 'backstageInsights.batch.flushIntervalMs': 1000 } });
  await s.c.faults({ failFirst: 5, failStatus: 500 });
  const expected = new Expected();

  await gotoApp(page, s.c.url, '/actions', 'Fire an event');
  expected.add('navigate /actions');
  await page.getByTestId('action-burst').click();
  for (let i = 0; i < 30; i++) expected.add(`burst item-${i}`);
  await expectCaptured(page, 31);

  // Backoff 1+2+4+8+16 s, each scaled to 50..100 %: at most 31 s, then the interval.
  const m = await waitDelivered(expected, 45_000);
  report('failFirst5', m);
  const st = await s.c.stats();
  assert.equal(st.statuses['500'], 5, `the 5 injected 500s were answered: ${JSON.stringify(st.statuses)}`);
  assertClean(m);
  assert.equal(m.duplicates, 0, 'the page saw every answer: no event is sent again after a 204');
  const core = await waitFor(async () => {
    const x = await insightsStats(page);
    return x.delivered === 31 ? x : undefined;
  }, { timeout: 5000, message: 'stats().delivered == 31' }).catch(() => insightsStats(page));
  assert.equal(core.delivered, 31, JSON.stringify(core));
  assert.equal(core.dropped.total, 0, JSON.stringify(core));
  assert.deepEqual(s.tab.pageErrors, []);
});

// ------------------------------------------------------------------ 2

test('1 in 10 connections aborted over 50 hide/reload cycles: nothing lost counting later loads', { timeout: 240_000 }, async () => {
  const { page } = s.tab;
  const CYCLES = 50;
  await s.c.faults({ abortRatio: 0.1, seed: 20240603 });
  const expected = new Expected();
  const started = Date.now();

  for (let i = 0; i < CYCLES; i++) {
    // Load (a previous reloaded app page is left by this navigation), navigate, click.
    await loadCatalogAndClick(page);
    expected.add(CATALOG);
    expected.add(CLICK);
    expected.add(ENTITY);
    await expectCaptured(page, 3);
    if (i % 2 === 0) {
      await page.goto('about:blank');
    } else {
      await page.reload();
      await page.getByText('A component entity.').waitFor();
      expected.add(ENTITY);
      await expectCaptured(page, 1);
    }
  }
  const cyclesMs = Date.now() - started;

  // A final clean load: faults off, the outboxes left by earlier pages go first.
  await s.c.faults({});
  await gotoApp(page, s.c.url, '/catalog', 'Components and owners');
  expected.add(CATALOG);
  await expectCaptured(page, 1);
  await page.goto('about:blank'); // the final page's own event leaves with its hide flush
  const m = await waitDelivered(expected, 20_000);
  report('abort10pct', m);
  const st = await s.c.stats();
  console.log(
    `abort10pct: ${CYCLES} cycles in ${(cyclesMs / 1000).toFixed(1)} s; collector requests ${st.requests}, ` +
      `aborted ${st.aborted}, statuses ${JSON.stringify(st.statuses)}, rejected ${st.rejected}`,
  );
  assert.ok(st.aborted >= 1, 'the fault was really injected');
  assert.equal(st.rejected, 0, `no batch is malformed: ${st.lastError}`);
  assertClean(m);
  assert.deepEqual(s.tab.pageErrors, []);
});

// ------------------------------------------------------------------ 3

/**
 * Init script: wraps fetch to record, per page, the keepalive requests, the
 * sum of keepalive bodies in flight (peak) and keepalive fetches the browser
 * rejected. Written to localStorage synchronously, so it survives the page.
 */
function keepaliveProbe() {
  if (location.protocol !== 'http:') return;
  const KEY = 'e2e:keepalive';
  const pid = Math.random().toString(36).slice(2);
  const t0 = performance.timeOrigin;
  const me = { url: location.href, requests: 0, bytes: 0, inFlight: 0, peak: 0, batchIds: [], rejected: [], log: [] };
  const note = what => me.log.push(`${Math.round(t0 + performance.now())} ${what}`);
  document.addEventListener('visibilitychange', () => { note(`visibilitychange ${document.visibilityState}`); save(); });
  window.addEventListener('pagehide', () => { note('pagehide'); save(); });
  const save = () => {
    try {
      const all = JSON.parse(localStorage.getItem(KEY) || '{}');
      all[pid] = me;
      localStorage.setItem(KEY, JSON.stringify(all));
    } catch {
      // Nothing to record into.
    }
  };
  const orig = window.fetch;
  window.fetch = function (input, init) {
    if (!init || !init.keepalive) return orig.apply(this, arguments);
    // The core sends bytes (a Uint8Array); a string would be UTF-8 on the wire.
    const bytes = typeof init.body === 'string' ? new TextEncoder().encode(init.body) : init.body;
    const size = bytes.byteLength;
    let batchId = null;
    try {
      batchId = JSON.parse(new TextDecoder().decode(bytes)).batchId;
    } catch {
      // Not a batch.
    }
    me.requests++;
    me.bytes += size;
    me.inFlight += size;
    me.peak = Math.max(me.peak, me.inFlight);
    me.batchIds.push(batchId);
    note(`fetch keepalive ${size} B batch ${batchId}, in flight ${me.inFlight}`);
    save();
    const p = orig.apply(this, arguments);
    p.then(
      r => {
        me.inFlight -= size;
        note(`answer ${r.status} batch ${batchId}`);
        save();
      },
      e => {
        me.inFlight -= size;
        me.rejected.push({ batchId, size, error: String(e) });
        note(`rejected ${String(e)} batch ${batchId} (${size} B)`);
        save();
      },
    );
    return p;
  };
}

test('200 events of ~1 KB queued at hide: keepalive bodies in flight stay under 60 KiB, none refused, the rest on the next load', async () => {
  const { page, context } = s.tab;
  await context.addInitScript(keepaliveProbe);
  const failed = [];
  context.on('requestfailed', req => {
    if (!new URL(req.url()).pathname.endsWith(EVENTS_PATH)) return;
    let batchId = null;
    try {
      batchId = JSON.parse(req.postData() ?? '').batchId;
    } catch {
      // No body.
    }
    failed.push({ batchId, error: req.failure()?.errorText });
  });
  // A slow collector: the first full batch is still in flight when the page hides.
  await s.c.faults({ stallMs: 1500 });
  const expected = new Expected();

  await gotoApp(page, s.c.url, '/actions', 'Fire an event');
  expected.add('navigate /actions');
  const events = paddedEvents(200, 'big');
  for (const e of events) expected.add(keyOf(e));
  await captureInPage(page, events);
  const before = await expectCaptured(page, 201);
  await page.goto('about:blank');

  // What the first page sent with keepalive, and what reached the collector from it.
  const readProbe = async () => JSON.parse((await readOriginStorage(context, s.c.url))['e2e:keepalive'] ?? '{}');
  const probe1 = Object.values(await readProbe());
  const sent1 = probe1.reduce((n, p) => n + p.requests, 0);
  await s.c.waitForStats(st => st.requests >= sent1 && st.bodies.every(b => b.status !== 0), { timeout: 10_000 });
  const m1 = await measure(expected);
  const outbox = Object.entries(await readOriginStorage(context, s.c.url)).filter(([k]) => k.startsWith(OUTBOX_PREFIX));
  const storedLines = outbox.reduce((n, [, v]) => n + v.split('\n').filter(Boolean).length, 0);
  console.log(
    `keepalive200: first page: ${before.queued} queued + ${before.inFlight} in flight before hide; ` +
      `${sent1} keepalive requests; ${m1.unique} distinct events reached the collector (${m1.duplicates} twice); ${storedLines} in the outbox`,
  );

  // The next load (collector fast again) sends the outbox first; it stays
  // open until the earlier events are in, then its own event leaves at hide.
  await s.c.faults({});
  await gotoApp(page, s.c.url, '/actions', 'Fire an event');
  await expectCaptured(page, 1);
  const mEarlier = await waitDelivered(expected, 15_000);
  report('keepalive200 (first page only, while the next page lives)', mEarlier, { extras: false });
  expected.add('navigate /actions');
  await page.goto('about:blank');
  const m = await waitDelivered(expected, 10_000);
  report('keepalive200', m);

  const probe = Object.values(await readProbe()).filter(p => p.requests > 0);
  const raw = await s.c.raw();
  const atCollector = new Set(raw.map(r => JSON.parse(r.body).batchId));
  for (const p of probe) {
    // Bytes of this page's keepalive requests that never got an answer the page saw:
    // what was still on the wire when it died.
    const answered = new Set(p.log.filter(l => / answer \d+ batch /.test(l)).map(l => l.split(' batch ')[1]));
    const sizes = new Map(p.log.filter(l => / fetch keepalive /.test(l)).map(l => [l.split(' batch ')[1].split(',')[0], Number(/keepalive (\d+) B/.exec(l)[1])]));
    let onWire = 0;
    for (const [id, size] of sizes) if (!answered.has(id)) onWire += size;
    console.log(
      `keepalive200: page ${p.url}: ${p.requests} keepalive requests, ${p.bytes} bytes, peak in flight (page's count) ${p.peak} bytes, ` +
        `never answered to the page ${onWire} bytes, promise rejections ${p.rejected.length}`,
    );
    if (p.rejected.length || process.env.E2E_VERBOSE) for (const l of p.log) console.log(`keepalive200:   ${l}`);
  }
  if (failed.length) console.log(`keepalive200: requestfailed: ${JSON.stringify(failed)}`);
  if (process.env.E2E_VERBOSE) {
    for (const r of raw) {
      const b = JSON.parse(r.body);
      console.log(`keepalive200: collector got batch ${b.batchId} (${Buffer.byteLength(r.body)} B, ${b.events.length} events) at ${r.at}`);
    }
  }

  const st = await s.c.stats();
  assert.equal(st.rejected, 0, `no batch is malformed: ${st.lastError}`);
  assert.ok(sent1 >= 2, 'the first page sent keepalive requests at hide');
  assert.ok(m1.unique < 201, 'the budget was exercised: not everything fitted in keepalive requests at hide');
  assert.ok(storedLines >= 201 - m1.unique, `what did not reach the collector was in the outbox (${storedLines} stored)`);
  for (const p of probe) {
    assert.ok(p.peak < KEEPALIVE_LIMIT, `keepalive bodies in flight stayed under 60 KiB on ${p.url}: peak ${p.peak}`);
    // A keepalive fetch over the browser's quota never leaves the browser. (A
    // promise rejected at unload for a request the browser still completes is
    // not a refusal: its batch is at the collector.)
    const refused = p.rejected.filter(r => !atCollector.has(r.batchId));
    assert.deepEqual(refused, [], `no keepalive request was refused on ${p.url}`);
    for (const id of p.batchIds) assert.ok(atCollector.has(id), `keepalive batch ${id} reached the collector`);
  }
  // Playwright reports a keepalive request still waiting for its answer when
  // the page goes as failed (net::ERR_ABORTED: the page's side of it is
  // cancelled) while the browser completes it; only one whose batch never
  // reached the collector failed. A re-send always has a new batchId.
  const keepaliveIds = new Set(probe.flatMap(p => p.batchIds));
  const failedKeepalive = failed.filter(f => keepaliveIds.has(f.batchId));
  console.log(
    `keepalive200: requestfailed for keepalive requests: ${failedKeepalive.length} ` +
      `(${failedKeepalive.filter(f => atCollector.has(f.batchId)).length} of them aborted at unload but delivered)`,
  );
  assert.deepEqual(failedKeepalive.filter(f => !atCollector.has(f.batchId)), [], 'no keepalive request failed (requestfailed, batch not at the collector)');
  assertClean(m);
  assert.deepEqual(s.tab.pageErrors, []);
});

// ------------------------------------------------------------------ 4

test('413 above 8 KiB: batches are split, every event delivered', async () => {
  const { page } = s.tab;
  await s.c.config({ set: { 'backstageInsights.batch.flushIntervalMs': 1000 } });
  await s.c.faults({ maxBodyBytes: 8192 });
  const expected = new Expected();

  await gotoApp(page, s.c.url, '/actions', 'Fire an event');
  expected.add('navigate /actions');
  const events = paddedEvents(60, 'split');
  for (const e of events) expected.add(keyOf(e));
  await captureInPage(page, events);
  await expectCaptured(page, 61);

  const m = await waitDelivered(expected, 20_000);
  report('split413', m);
  const st = await s.c.stats();
  console.log(`split413: request sizes/statuses ${st.bodies.map(b => `${b.bytes}:${b.status}`).join(' ')}`);
  assert.ok((st.statuses['413'] ?? 0) >= 1, 'the collector did refuse a body over 8 KiB');
  for (const b of st.bodies.filter(b => b.status === 204)) assert.ok(b.bytes <= 8192, `accepted bodies fit: ${b.bytes}`);
  assertClean(m);
  assert.equal(m.duplicates, 0, 'a 413 is a definite answer: nothing is sent twice');
  const core = await insightsStats(page);
  assert.equal(core.dropped.total, 0, JSON.stringify(core));
  assert.deepEqual(s.tab.pageErrors, []);
});

// ------------------------------------------------------------------ 5

test('collector down for the whole visit, up on the next load: everything delivered', async () => {
  const { page, context } = s.tab;
  await s.c.faults({ down: true });
  const expected = new Expected();

  await gotoApp(page, s.c.url, '/actions', 'Fire an event');
  expected.add('navigate /actions');
  await page.getByTestId('action-burst').click(); // a full batch goes at once, and is refused
  for (let i = 0; i < 30; i++) expected.add(`burst item-${i}`);
  await expectCaptured(page, 31);
  const duringVisit = await s.c.waitForStats(st => st.refused >= 1, { timeout: 5000 });
  await page.goto('about:blank');
  await s.c.waitForStats(st => st.refused > duringVisit.refused, { timeout: 5000 }); // the hide flush was refused too
  const outbox = Object.entries(await readOriginStorage(context, s.c.url)).filter(([k]) => k.startsWith(OUTBOX_PREFIX));
  const storedLines = outbox.reduce((n, [, v]) => n + v.split('\n').filter(Boolean).length, 0);
  assert.equal((await s.c.stats()).events.length, 0, 'nothing got through while down');
  assert.equal(storedLines, 31, 'every event of the visit is in the outbox');

  await s.c.faults({});
  await gotoApp(page, s.c.url, '/catalog', 'Components and owners');
  expected.add(CATALOG);
  await expectCaptured(page, 1);
  await page.goto('about:blank');
  const m = await waitDelivered(expected, 15_000);
  report('collectorDown', m);
  const st = await s.c.stats();
  console.log(`collectorDown: refused ${st.refused} connections, then ${st.requests} requests ${JSON.stringify(st.statuses)}`);
  assertClean(m);
  assert.deepEqual(s.tab.pageErrors, []);
});

// ------------------------------------------------------------------ 6

/**
 * Init script: fills this origin's localStorage until it refuses another
 * 256 characters, then frees one 256-character entry. Backstage's own tiny
 * writes (the sidebar's pin state) still fit, which the app needs to render
 * at all (it does not catch QuotaExceededError there); an outbox of a few
 * events (~300 bytes each) does not.
 */
function fillStorage() {
  if (location.protocol !== 'http:') return;
  try {
    if (localStorage.getItem('e2e:full') !== null) return;
    localStorage.setItem('e2e:full', '1');
    let i = 0;
    let last = null;
    for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 8]) {
      const chunk = 'x'.repeat(size);
      try {
        for (;;) {
          localStorage.setItem(`e2e:fill:${i}`, chunk);
          last = `e2e:fill:${i++}`;
        }
      } catch {
        // Full at this size: try a smaller one.
      }
    }
    if (last) localStorage.removeItem(last);
  } catch {
    // No storage at all.
  }
}

/** Synthetic page hide / show: the page lives on (see NOTES.md, Browser tests). */
const HIDE = `(() => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
})()`;
const SHOW = `(() => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
  document.dispatchEvent(new Event('visibilitychange'));
})()`;

test('storage full (QuotaExceededError): no throw, the refused write is counted, events still delivered', async () => {
  const { page, context } = s.tab;
  await context.addInitScript(fillStorage);
  await s.c.config({ set: { 'backstageInsights.batch.flushIntervalMs': 2000 } });
  const expected = new Expected();

  await loadCatalogAndClick(page);
  expected.add(CATALOG);
  expected.add(CLICK);
  expected.add(ENTITY);
  const quota = await page.evaluate(() => {
    try {
      localStorage.setItem('e2e:one-more', 'x'.repeat(1024));
      return 'accepted';
    } catch (e) {
      return e.name;
    }
  });
  assert.equal(quota, 'QuotaExceededError', 'localStorage is really full: 1 KiB more is refused');
  await expectCaptured(page, 3);

  // Hide while events are unconfirmed: the outbox write is refused.
  const before = await insightsStats(page);
  await page.evaluate(HIDE);
  const afterHide = await insightsStats(page);
  console.log(`storageFull: before hide ${JSON.stringify(before)}; after ${JSON.stringify(afterHide)}`);
  const unconfirmed = before.queued + before.inFlight;
  assert.ok(unconfirmed >= 1, 'something was unconfirmed at hide');
  assert.ok(afterHide.notStored >= unconfirmed, `the refused outbox write is counted in notStored (${afterHide.notStored} of ${unconfirmed})`);
  await page.evaluate(SHOW);

  // The page lives on: more events, delivered by the interval.
  await page.getByText('Back to the catalog').click();
  await page.getByText('Components and owners').waitFor();
  expected.add('click Back to the catalog');
  expected.add(CATALOG);
  await expectCaptured(page, 5);
  const m = await waitDelivered(expected, 15_000);
  report('storageFull', m);
  const core = await insightsStats(page);
  console.log(`storageFull: stats ${JSON.stringify(core)}`);
  assert.deepEqual(s.tab.pageErrors, [], 'no page error');
  const errors = (await s.tab.consoleText()).filter(l => l.startsWith('[error]'));
  assert.deepEqual(errors, [], 'no console error');
  assertClean(m);
  assert.equal(core.dropped.total, 0, JSON.stringify(core));
});

#!/usr/bin/env node
// `npm run bench`: the wasm core against a plain TypeScript implementation of
// the same work, in one headless Chromium page (Debian's /usr/bin/chromium via
// playwright-core), interleaved rounds. Prints a table, writes
// bench/results.json, exits 1 if the two implementations disagree on what
// they send (a benchmark against something that does less work is worthless).
// Timings are reported against targets (PASS/MISS), never asserted.
//   node bench/run.mjs [--quick] [--fresh-pkg]
// --quick: fewer rounds (a smoke test). --fresh-pkg: bench a private build of
// the current source (bench/out/pkg-fresh, same steps as scripts/build.sh)
// instead of pkg/, which this never touches.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, buildPrivatePkg, compilePlainTs, requireBuilt } from './lib/build.mjs';
import { startServer } from './lib/server.mjs';
import { downloadSizes, gzipSizes, plainTsSize } from './lib/size.mjs';
import { diffScrubbers } from './lib/scrubdiff.mjs';

const QUICK = process.argv.includes('--quick');
const FRESH = process.argv.includes('--fresh-pkg');
const OPTIONS = {
  checkSeed: 1000,
  checkCount: 1200, // + ~230 edge cases: under the cores' 2,000-event queue bound even if a send is retried
  seed: 1,
  warmupRounds: 4, // 2 of each mode
  rounds: QUICK ? 4 : 20, // measured, alternating single / block mode
  perRound: 1000,
  navSeed: 77,
  navCount: 1000,
  diffSeed: 3,
  diffCount: QUICK ? 5_000 : 30_000,
  sparseSeed: 5,
  sparseCount: QUICK ? 6 : 40, // one per 1.05 s: ~45 s; 25 gave per-event totals that moved by ±20% between runs
  sparseSpacingMs: 1050,
};
const SIGNED_IN = 'user:default/jane.doe';
const SALT = 's';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const T0 = Date.now();
const LOAD_BEFORE = os.loadavg().map(x => Math.round(x * 100) / 100);
const log = msg => console.log(`[bench ${((Date.now() - T0) / 1000).toFixed(1).padStart(5)} s] ${msg}`);

// ------------------------------------------------------------------ build

function ensureBuilt() {
  for (let attempt = 1; ; attempt++) {
    try {
      requireBuilt();
      return;
    } catch (e) {
      if (attempt > 3) throw e;
      log(`${e.message.split(':')[0]} is missing; running scripts/build.sh (attempt ${attempt})`);
      const r = spawnSync('bash', ['scripts/build.sh'], { cwd: ROOT, stdio: 'inherit' });
      if (r.status !== 0) {
        log('build failed (the core may be mid-edit); retrying in 60 s');
        spawnSync('sleep', ['60']);
      }
    }
  }
}

// ------------------------------------------------------------------ stats helpers

const sorted = xs => Float64Array.from(xs).sort();
const quantile = (s, q) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN);
const round = (x, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);

// ------------------------------------------------------------------ correctness

function parseBodies(bodies) {
  const batches = [];
  const events = new Map(); // timestamp -> event
  const problems = [];
  const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const ids = new Set();
  for (const text of bodies) {
    let body;
    try {
      body = JSON.parse(text);
    } catch (e) {
      problems.push(`a body is not JSON (${e.message}): ${text.slice(0, 200)}`);
      continue;
    }
    if (!UUID4.test(body.batchId)) problems.push(`batchId is not a UUID v4: ${body.batchId}`);
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(body.sentAt)) problems.push(`sentAt is not RFC 3339: ${body.sentAt}`);
    batches.push({ events: body.events.length, bytes: Buffer.byteLength(text) });
    for (const e of body.events) {
      if (!UUID4.test(e.id)) problems.push(`event id is not a UUID v4: ${e.id}`);
      if (ids.has(e.id)) problems.push(`duplicate event id ${e.id}`);
      ids.add(e.id);
      if (events.has(e.timestamp)) problems.push(`two events with timestamp ${e.timestamp}`);
      events.set(e.timestamp, e);
    }
  }
  return { batches, events, problems };
}

const stripIds = ({ id, timestamp, ...rest }) => rest;

function compareCheck(server) {
  const wasm = parseBodies(server.count('check-wasm').bodies);
  const ts = parseBodies(server.count('check-ts').bodies);
  const identity = createHash('sha256').update(SIGNED_IN + SALT).digest('hex');
  const mismatches = [];
  for (const [who, r] of [['wasm', wasm], ['plain_ts', ts]]) {
    for (const p of r.problems) mismatches.push(`${who}: ${p}`);
    for (const e of r.events.values()) {
      if (e.identity !== identity) {
        mismatches.push(`${who}: identity ${e.identity} != sha256(ref + salt) ${identity}`);
        break;
      }
    }
  }
  const stamps = [...new Set([...wasm.events.keys(), ...ts.events.keys()])].sort();
  for (const t of stamps) {
    const a = wasm.events.get(t);
    const b = ts.events.get(t);
    const ja = a && JSON.stringify(stripIds(a));
    const jb = b && JSON.stringify(stripIds(b));
    if (ja !== jb) mismatches.push(`event at ${t}:\n      wasm: ${ja ?? '(not sent)'}\n      ts:   ${jb ?? '(not sent)'}`);
  }
  const shape = r => r.batches.map(b => b.events).sort((x, y) => x - y).join(',');
  const bytes = r => r.batches.reduce((s, b) => s + b.bytes, 0);
  const notes = [];
  if (shape(wasm) !== shape(ts)) notes.push(`batch sizes differ: wasm [${shape(wasm)}] ts [${shape(ts)}]`);
  if (wasm.events.size === ts.events.size && bytes(wasm) !== bytes(ts)) notes.push(`body bytes differ: wasm ${bytes(wasm)} ts ${bytes(ts)} (JSON escaping differs; same values)`);
  return { events: stamps.length, wasmEvents: wasm.events.size, tsEvents: ts.events.size, requests: [wasm.batches.length, ts.batches.length], mismatches, notes };
}

/** A warning when the benched wasm is older than the Rust source it is built from. */
function staleness(dir) {
  const newest = { t: 0, f: '' };
  const walk = d => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(rs|toml|lock)$/.test(e.name)) {
        const t = fs.statSync(p).mtimeMs;
        if (t > newest.t) Object.assign(newest, { t, f: path.relative(ROOT, p) });
      }
    }
  };
  walk(path.join(ROOT, 'src'));
  for (const f of ['Cargo.toml', 'Cargo.lock']) {
    const t = fs.statSync(path.join(ROOT, f)).mtimeMs;
    if (t > newest.t) Object.assign(newest, { t, f });
  }
  const built = fs.statSync(path.join(ROOT, dir, 'insights_bg.wasm')).mtimeMs;
  return newest.t > built
    ? `${dir}/insights_bg.wasm is older than ${newest.f}: the wasm benched is not the current source (run scripts/build.sh, or use --fresh-pkg); differences below may only mean that`
    : null;
}

/** What was benched: the wasm's size and time, and the source commit. */
function pkgInfo(dir) {
  const wasm = path.join(ROOT, dir, 'insights_bg.wasm');
  const head = spawnSync('git', ['log', '-1', '--format=%h %ci %s'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src', 'Cargo.toml', 'Cargo.lock'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  return {
    wasm_bytes: fs.statSync(wasm).size,
    wasm_mtime: fs.statSync(wasm).mtime.toISOString(),
    git_head: head.slice(0, 120),
    src_uncommitted_changes: dirty ? dirty.split('\n').length : 0,
  };
}

// ------------------------------------------------------------------ main

async function main() {
  ensureBuilt();
  let pkgDir = 'pkg';
  if (FRESH) {
    pkgDir = 'bench/out/pkg-fresh';
    log(`building the current source into ${pkgDir}`);
    buildPrivatePkg(path.join(ROOT, pkgDir));
  }
  const stale = staleness(pkgDir);
  if (stale) log(`WARNING: ${stale}`);
  const benched = pkgInfo(pkgDir);
  log('compiling bench/plain-ts with tsc');
  compilePlainTs();
  const sizes = await downloadSizes(ROOT, pkgDir);
  sizes.unminifiedPerFile = gzipSizes(ROOT, pkgDir).total;
  sizes.plainTs = await plainTsSize(ROOT);
  log(`scrubber differential check in Node: ${OPTIONS.diffCount} random + tricky + huge strings`);
  const scrubDiff = await diffScrubbers({ pkgDir, count: OPTIONS.diffCount, seed: OPTIONS.diffSeed });
  const server = await startServer(ROOT, { record: name => name.startsWith('check-') });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const pageErrors = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', e => pageErrors.push(String(e)));
    page.on('console', m => {
      if (m.type() === 'error' || m.type() === 'warning') pageErrors.push(`console.${m.type()}: ${m.text()}`);
    });
    await page.goto(`${server.origin}/bench/page/index.html?pkg=/${pkgDir}`);
    await page.waitForFunction(() => window.benchReady === true || window.benchFailed, null, { timeout: 30_000 }).catch(() => {});
    if (!(await page.evaluate(() => window.benchReady === true))) {
      throw new Error(`the bench page did not load:\n${pageErrors.join('\n')}`);
    }

    log(`correctness check: ${OPTIONS.checkCount} benchmark events + edge cases through both`);
    const checkRun = await page.evaluate(o => window.bench.check({ seed: o.checkSeed, count: o.checkCount }), OPTIONS);
    const check = compareCheck(server);

    const perImpl = OPTIONS.rounds * OPTIONS.perRound;
    log(`timed rounds: ${OPTIONS.warmupRounds} warm-up + ${OPTIONS.rounds} measured x ${OPTIONS.perRound} events each, per implementation, interleaved`);
    const m = await page.evaluate(o => window.bench.measure(o), OPTIONS);

    log(`realistic pacing: ${OPTIONS.sparseCount} events per implementation, one every ${OPTIONS.sparseSpacingMs} ms`);
    const sparse = await page.evaluate(o => window.bench.sparse({ seed: o.sparseSeed, count: o.sparseCount, spacingMs: o.sparseSpacingMs }), OPTIONS);

    log(`requests and bytes: ${OPTIONS.navCount} navigate events through each, default batching`);
    const nav = await page.evaluate(o => window.bench.navigate({ seed: o.navSeed, count: o.navCount }), OPTIONS);

    const unowned = await page.evaluate(() => window.bench.unownedCalls());
    const results = summarize({ m, nav, sparse, server, sizes, check, checkRun, perImpl, version: browser.version() });
    results.correctness.unowned_browser_calls = unowned;
    const after = pkgInfo(pkgDir);
    const rebuilt = after.wasm_mtime !== benched.wasm_mtime;
    results.pkg = { dir: pkgDir, ...benched, stale: stale ?? false, rebuilt_during_run: rebuilt ? after.wasm_mtime : false };
    results.correctness.scrub_diff = { strings: scrubDiff.strings, differences: scrubDiff.diffs.length, first: scrubDiff.diffs.slice(0, 20) };
    printTable(results, m);
    fs.writeFileSync(path.join(ROOT, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
    log('wrote bench/results.json');
    if (pageErrors.length) console.log(`\npage console errors/warnings:\n  ${pageErrors.slice(0, 20).join('\n  ')}`);
    return (
      check.mismatches.length === 0 &&
      Object.values(checkRun.threw).every(l => l.length === 0) &&
      scrubDiff.diffs.length === 0 &&
      unowned === 0
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

function summarize({ m, nav, sparse, server, sizes, check, checkRun, perImpl, version }) {
  const per = (who, path) => {
    const r = m.results[who];
    const singles = sorted(r.singles);
    const blocks = sorted(r.blocks);
    const totalMs = r.captureMs + r.deferredMs + r.flushMs;
    const c = server.count(path);
    const navEvents = OPTIONS.navCount;
    const longest = Math.max(r.maxSegMs, ...r.longTasks.map(t => t.duration));
    const sp = sparse[who];
    const perRound = r.roundTotals.map((t, i) => ((t - (i ? r.roundTotals[i - 1] : 0)) / OPTIONS.perRound) * 1000);
    return {
      median_us: round(quantile(blocks, 0.5) * 1000, 2),
      p99_us: round(quantile(singles, 0.99) * 1000, 1),
      total_us_per_event: round((totalMs / r.events) * 1000, 2),
      max_task_ms: round(longest, 3),
      requests_per_1000: round((c.requests / navEvents) * 1000, 1),
      bytes_per_1000: round((c.bodyBytes / navEvents) * 1000, 0),
      wire_bytes_per_1000: round((c.wireBytes / navEvents) * 1000, 0),
      sparse_total_us_per_event: round(((sp.captureMs + sp.deferredMs + sp.flushMs) / sp.events) * 1000, 1),
      sparse_own_us_per_event: round(((sp.captureMs + sp.deferredMs + sp.flushMs - sp.fetchCallMs - sp.laterCallMs) / sp.events) * 1000, 1),
      sparse_requests_per_1000: round((server.count(`sparse-${who}`).requests / sp.events) * 1000, 0),
      detail: {
        measured_events: r.events,
        median_us_single_call: round(quantile(singles, 0.5) * 1000, 1),
        p90_us_single_call: round(quantile(singles, 0.9) * 1000, 1),
        p999_us_single_call: round(quantile(singles, 0.999) * 1000, 1),
        max_us_single_call: round(singles[singles.length - 1] * 1000, 1),
        p99_us_block_of_10: round(quantile(blocks, 0.99) * 1000, 2),
        total_us_per_event_median_of_rounds: round(quantile(sorted(perRound), 0.5), 2),
        total_us_per_event_by_round: perRound.map(x => round(x, 1)),
        capture_us_per_event: round((r.captureMs / r.events) * 1000, 2),
        deferred_us_per_event: round(((r.deferredMs + r.flushMs) / r.events) * 1000, 2),
        // Where the deferred time went: timer, microtask and fetch-answer callbacks, and the round-ending flush() calls.
        deferred_us_per_event_by_kind: Object.fromEntries(
          [...Object.entries(r.msByKind), ['flush', r.flushMs]].map(([k, v]) => [k, round((v / r.events) * 1000, 2)]),
        ),
        fetch_call_us_per_event: round((r.fetchCallMs / r.events) * 1000, 2),
        fetch_later_call_us_per_event: round((r.laterCallMs / r.events) * 1000, 2),
        own_us_per_event: round(((totalMs - r.fetchCallMs - r.laterCallMs) / r.events) * 1000, 2),
        timer_callbacks: r.timers,
        microtask_callbacks: r.microtasks,
        fetch_callbacks: r.fetchCallbacks,
        failed_requests: m.fetchFailures[who] ?? 0,
        long_tasks_over_50ms: r.longTasks.length,
        long_tasks_ms: r.longTasks.map(t => round(t.duration, 1)),
        longest_segment_ms_by_kind: Object.fromEntries(Object.entries(r.maxByKind).map(([k, v]) => [k, round(v, 3)])),
        nav_stats: nav[who].stats,
        delivered_before_final_flush: nav[who].deliveredBeforeFinalFlush,
        sparse: {
          events: sp.events,
          capture_us_per_event: round((sp.captureMs / sp.events) * 1000, 1),
          deferred_us_per_event: round(((sp.deferredMs + sp.flushMs) / sp.events) * 1000, 1),
          fetch_call_us_per_event: round((sp.fetchCallMs / sp.events) * 1000, 1),
          fetch_later_call_us_per_event: round((sp.laterCallMs / sp.events) * 1000, 1),
          timer_callbacks: sp.timers,
          microtask_callbacks: sp.microtasks,
          fetch_callbacks: sp.fetchCallbacks,
          longest_segment_ms: round(sp.maxSegMs, 3),
        },
      },
    };
  };
  const wasm = per('wasm', 'nav-wasm');
  const plain = per('ts', 'nav-ts');
  const nofl = per('ts_nofl', 'nav-ts_nofl');
  const wasmNofl = per('wasm_nofl', 'nav-wasm_nofl');
  const ratio = wasm.total_us_per_event / plain.total_us_per_event;
  const targets = {
    'total main-thread time per event <= 1.0x plain TS': ratio <= 1.0,
    'capture p99 <= 50 us': wasm.p99_us <= 50,
    'no task over 50 ms': wasm.max_task_ms <= 50,
    'wasm + glue + shim <= 25 KB gzip': sizes.total <= 25 * 1024,
    '<= 45 requests per 1,000 navigate events': wasm.requests_per_1000 <= 45,
  };
  return {
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      chromium: version,
      node: process.version,
      date: new Date().toISOString(),
    },
    method: {
      measured_events_per_implementation: perImpl,
      rounds: `${OPTIONS.rounds} measured + ${OPTIONS.warmupRounds} warm-up rounds of ${OPTIONS.perRound} events per implementation, interleaved ABBA in one page; odd rounds one event per task, even rounds 10 events per task`,
      timer_resolution_us: round(m.resolutionMs * 1000, 3),
      cross_origin_isolated: m.crossOriginIsolated,
      median_us: 'median over 10-event blocks (one task each) of block time / 10: performance.now() is clamped to 5 us even when cross-origin isolated, too coarse for one call',
      p99_us: 'p99 of single capture() calls, each timed alone (5 us resolution, jittered by Chromium)',
      total_us_per_event: '(sum of capture() time + every setTimeout, queueMicrotask and fetch().then callback the implementation scheduled + the flush() calls ending each round) / events; deferred work is charged to whoever scheduled it, network waiting is not main-thread time',
      own_us_per_event: 'total minus the time spent inside the browser\'s fetch(), fetchLater() and AbortController.abort() calls (each timed around the real call); the same split for the 1 event/s phase is sparse_own_us_per_event',
      max_task_ms: 'longest of: any single timed segment (capture, block of 10, timer callback, fetch callback, flush) and any longtask entry inside the implementation\'s rounds',
      sparse_total_us_per_event: `realistic pacing: ${OPTIONS.sparseCount} events per implementation one every ${OPTIONS.sparseSpacingMs} ms (all four interleaved), then the 5 s interval flush and a final flush; (capture + every callback + flush) / events. At this pacing every event gets its own fetchLater refresh and a request carries about 5 events`,
      requests_bytes: `${OPTIONS.navCount} navigate events, one per task, default batching (25 / 49152 B / 5000 ms), one flush() at the end; bytes_per_1000 = request bodies, wire_bytes_per_1000 adds request line and headers as received`,
    },
    wasm,
    plain_ts: plain,
    wasm_without_fetchlater: wasmNofl,
    plain_ts_without_fetchlater: nofl,
    ratio_median: round(ratio, 3),
    ratio_capture_median: round(wasm.median_us / plain.median_us, 3),
    ratio_without_fetchlater: round(wasmNofl.total_us_per_event / nofl.total_us_per_event, 3),
    ratio_capture_median_without_fetchlater: round(wasmNofl.median_us / nofl.median_us, 3),
    ratio_vs_plain_ts_without_fetchlater: round(wasm.total_us_per_event / nofl.total_us_per_event, 3),
    ratio_median_of_rounds: round(wasm.detail.total_us_per_event_median_of_rounds / plain.detail.total_us_per_event_median_of_rounds, 3),
    ratio_median_of_rounds_without_fetchlater: round(wasmNofl.detail.total_us_per_event_median_of_rounds / nofl.detail.total_us_per_event_median_of_rounds, 3),
    ratio_sparse: round(wasm.sparse_total_us_per_event / plain.sparse_total_us_per_event, 3),
    ratio_sparse_without_fetchlater: round(wasmNofl.sparse_total_us_per_event / nofl.sparse_total_us_per_event, 3),
    ratio_own: round(wasm.detail.own_us_per_event / plain.detail.own_us_per_event, 3),
    ratio_sparse_own: round(wasm.sparse_own_us_per_event / plain.sparse_own_us_per_event, 3),
    gzip_bytes: sizes.total,
    gzip_breakdown: sizes.breakdown,
    gzip_bytes_unminified_per_file: sizes.unminifiedPerFile,
    plain_ts_gzip_bytes: sizes.plainTs,
    targets: Object.fromEntries(Object.entries(targets).map(([k, v]) => [k, v ? 'PASS' : 'MISS'])),
    correctness: {
      events_compared: check.events,
      events_sent: checkRun.sent,
      wasm_events: check.wasmEvents,
      ts_events: check.tsEvents,
      requests: { wasm: check.requests[0], plain_ts: check.requests[1] },
      mismatches: check.mismatches.length,
      mismatch_list: check.mismatches.slice(0, 50),
      notes: check.notes,
      threw: checkRun.threw,
      failed_requests: checkRun.fetchFailures,
      stats_after: checkRun.stats,
    },
    load_average: { before: LOAD_BEFORE, after: os.loadavg().map(x => round(x, 2)) },
  };
}

function printTable(r, m) {
  const cols = [r.wasm, r.plain_ts, r.wasm_without_fetchlater, r.plain_ts_without_fetchlater];
  const rows = [
    ['capture median (us, 10-call blocks)', x => x.median_us],
    ['capture median (us, single call, 5 us clock)', x => x.detail.median_us_single_call],
    ['capture p99 (us, single call)', x => x.p99_us],
    ['capture p99.9 (us, single call)', x => x.detail.p999_us_single_call],
    ['capture mean (us/event)', x => x.detail.capture_us_per_event],
    ['deferred: timers, microtasks, fetch callbacks, flush (us/event)', x => x.detail.deferred_us_per_event],
    ...['timer', 'microtask', 'fetch', 'flush'].map(k => [`  of which ${k} callbacks`.replace('flush callbacks', 'flush() calls'), x => x.detail.deferred_us_per_event_by_kind[k] ?? 0]),
    ['  of all that, inside the browser\'s fetch() (us/event)', x => x.detail.fetch_call_us_per_event],
    ['  and inside fetchLater() and its abort() (us/event)', x => x.detail.fetch_later_call_us_per_event],
    ['total main-thread time (us/event)', x => x.total_us_per_event],
    ['  same, median of the per-round totals', x => x.detail.total_us_per_event_median_of_rounds],
    ['  own work: total minus those browser calls', x => x.detail.own_us_per_event],
    [`  total at 1 event/s (${OPTIONS.sparseCount} events)`, x => x.sparse_total_us_per_event],
    ['  own work at 1 event/s', x => x.sparse_own_us_per_event],
    ['longest task (ms)', x => x.max_task_ms],
    ['long tasks > 50 ms', x => x.detail.long_tasks_over_50ms],
    ['timer / microtask / fetch callbacks', x => `${x.detail.timer_callbacks}/${x.detail.microtask_callbacks}/${x.detail.fetch_callbacks}`],
    ['failed requests (network errors) in the rounds', x => x.detail.failed_requests],
    ['requests per 1,000 navigate events', x => x.requests_per_1000],
    ['body bytes per 1,000 navigate events', x => x.bytes_per_1000],
    ['wire bytes (with headers) per 1,000', x => x.wire_bytes_per_1000],
    [`requests per 1,000 events at 1 event/s`, x => x.sparse_requests_per_1000],
  ];
  const w0 = Math.max(...rows.map(x => x[0].length));
  const fmt = v => String(v ?? '-').padStart(13);
  console.log('');
  console.log(`machine: ${r.machine.cpu}, ${r.machine.cores} cores, Chromium ${r.machine.chromium}, ${r.machine.date}; load average ${r.load_average.before.join(' ')} -> ${r.load_average.after.join(' ')}`);
  console.log(`wasm: ${r.pkg.dir}/insights_bg.wasm, ${r.pkg.wasm_bytes} B, built ${r.pkg.wasm_mtime}; source at ${r.pkg.git_head}${r.pkg.src_uncommitted_changes ? ` (+${r.pkg.src_uncommitted_changes} uncommitted files in src/)` : ''}`);
  if (r.pkg.stale) console.log(`WARNING: ${r.pkg.stale}`);
  if (r.pkg.rebuilt_during_run) console.log(`WARNING: ${r.pkg.dir}/ was rebuilt during the run (${r.pkg.rebuilt_during_run}): the results may mix two builds; run again`);
  console.log(`clock: crossOriginIsolated=${m.crossOriginIsolated}, performance.now() resolution ${r.method.timer_resolution_us} us; ${r.method.measured_events_per_implementation} measured events per implementation`);
  console.log('');
  console.log(`${''.padEnd(w0)}  ${'wasm'.padStart(13)}  ${'plain TS'.padStart(13)}  ${'wasm, no fL'.padStart(13)}  ${'TS, no fL'.padStart(13)}`);
  for (const [k, f] of rows) console.log(`${k.padEnd(w0)}  ${cols.map(c => fmt(f(c))).join('  ')}`);
  console.log('');
  console.log(`ratio total main-thread time wasm / plain TS: ${r.ratio_median} (capture median ratio ${r.ratio_capture_median})`);
  console.log(`  median of per-round totals: ${r.ratio_median_of_rounds} (without fetchLater: ${r.ratio_median_of_rounds_without_fetchlater})`);
  console.log(`  at 1 event/s: ${r.ratio_sparse} (without fetchLater: ${r.ratio_sparse_without_fetchlater})`);
  console.log(`  own work (without the browser's fetch(), fetchLater(), abort()): ${r.ratio_own}; at 1 event/s: ${r.ratio_sparse_own}`);
  console.log(`  without fetchLater (both): ${r.ratio_without_fetchlater} (capture median ratio ${r.ratio_capture_median_without_fetchlater}); wasm / TS without fetchLater: ${r.ratio_vs_plain_ts_without_fetchlater}`);
  console.log(`gzip -9 download: ${r.gzip_bytes} B = ${Object.entries(r.gzip_breakdown).map(([f, n]) => `${f} ${n}`).join(' + ')} (unminified, each file gzipped alone: ${r.gzip_bytes_unminified_per_file} B)`);
  console.log(`  for context, bench/plain-ts minified the same way: ${r.plain_ts_gzip_bytes} B (no outbox, debug output, config validation or stats)`);
  console.log('');
  console.log('plain TS does the same work as the wasm core, fetchLater registration included; "no fL" columns are the same');
  console.log('two without fetchLater (the wasm core created while window.fetchLater is hidden). Deferred work: every setTimeout');
  console.log('and fetch().then callback a core scheduled is timed and charged to it, as are the flush() calls ending each');
  console.log('round; network waiting is not main-thread time.');
  console.log('');
  console.log('targets (reported, not asserted):');
  for (const [k, v] of Object.entries(r.targets)) console.log(`  ${v === 'PASS' ? 'PASS' : 'MISS'}  ${k}`);
  console.log('');
  const c = r.correctness;
  console.log(`correctness: ${c.events_compared} events compared (${c.events_sent} captured, wasm sent ${c.wasm_events} in ${c.requests.wasm} requests, plain TS ${c.ts_events} in ${c.requests.plain_ts}): ${c.mismatches} mismatches`);
  for (const [who, list] of Object.entries(c.threw)) for (const t of list) console.log(`  THREW ${who}: capture() of event #${t.index} (${t.timestamp ?? ''}, subject ${t.subject ?? ''}): ${t.error}`);
  console.log(`scrubber differential check (Node, standalone scrub()): ${c.scrub_diff.strings} strings, ${c.scrub_diff.differences} differences`);
  for (const d of c.scrub_diff.first.slice(0, 10)) console.log(`  DIFF input=${d.input}\n      wasm=${d.wasm}\n      ts  =${d.ts}`);
  console.log(
    c.unowned_browser_calls === 0
      ? 'accounting: every fetch(), fetchLater() and abort() while recording ran inside an implementation\'s timed code'
      : `ACCOUNTING: ${c.unowned_browser_calls} fetch()/fetchLater()/abort() calls while recording ran outside any timed code: some deferred work escaped the totals, which are too low`,
  );
  for (const n of c.notes) console.log(`  note: ${n}`);
  for (const x of c.mismatch_list) console.log(`  MISMATCH ${x}`);
}

main().then(
  ok => {
    log(ok ? 'done' : 'FAILED: the two implementations do not do the same work, or work escaped the accounting (see MISMATCH / THREW / DIFF / ACCOUNTING above)');
    process.exit(ok ? 0 : 1);
  },
  e => {
    console.error(e);
    process.exit(2);
  },
);

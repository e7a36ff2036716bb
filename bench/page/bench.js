// The benchmark page: the wasm core (pkg/insights.js) and the plain
// TypeScript implementation (bench/out/plain-ts/core.js) capture the same
// events in the same page, in interleaved rounds. Driven by bench/run.mjs
// through `window.bench`.
//
// How time is counted (main thread only, per implementation):
//   capture   performance.now() around each capture() call (single rounds),
//             or around 10 calls in one task (block rounds);
//   deferred  every setTimeout, queueMicrotask and fetch().then callback
//             that an implementation scheduled (they are wrapped while an
//             implementation runs, and the wrappers time the callbacks and
//             charge them to it), plus the flush() calls that end each round
//             and the fetch() calls made inside them.
// Network time is not main-thread time: rounds wait for every answer, but
// only the callbacks are counted.
import { PlainInsightsCore } from '/bench/out/plain-ts/core.js';
import { SIGNED_IN, mixedEvents, navigateEvents } from './events.js';
import { trickyStrings, hugeStrings } from '/bench/lib/strings.mjs';

const describe = s => (typeof s === 'string' && s.length > 80 ? `${JSON.stringify(s.slice(0, 40))}… (${s.length} chars)` : JSON.stringify(s));

const now = () => performance.now();

// ------------------------------------------------------------ accounting

let owner = null; // the name of the implementation whose code runs, or null
let recording = false;
const IMPLS = ['wasm', 'ts', 'wasm_nofl', 'ts_nofl'];
let acct = Object.fromEntries(IMPLS.map(n => [n, newAcct()]));
function newAcct() {
  return { events: 0, captureMs: 0, singles: [], blocks: [], deferredMs: 0, deferredCalls: 0, microtasks: 0, flushMs: 0, maxSegMs: 0, maxByKind: {}, msByKind: {}, fetchCallMs: 0, laterCallMs: 0, timers: 0, fetchCallbacks: 0, windows: [], roundTotals: [] };
}
function charge(who, ms, kind) {
  if (!recording) return;
  const a = acct[who];
  if (kind === 'timer') a.timers++;
  else if (kind === 'microtask') a.microtasks++;
  else if (kind === 'fetch') a.fetchCallbacks++;
  a.deferredMs += ms;
  a.msByKind[kind] = (a.msByKind[kind] ?? 0) + ms;
  a.segments?.push([kind, Math.round(ms * 1000)]);
  a.deferredCalls++;
  noteMax(a, kind, ms);
}
function noteMax(a, kind, ms) {
  if (ms > a.maxSegMs) a.maxSegMs = ms;
  if (!(ms <= a.maxByKind[kind])) a.maxByKind[kind] = ms;
}
function timed(who, kind, fn) {
  return function (...args) {
    const prev = owner;
    owner = who;
    const t0 = now();
    try {
      return fn.apply(this, args);
    } finally {
      charge(who, now() - t0, kind);
      owner = prev;
    }
  };
}

const realSetTimeout = window.setTimeout;
window.setTimeout = function (cb, ms, ...rest) {
  const who = owner;
  if (who === null || typeof cb !== 'function') return realSetTimeout.call(window, cb, ms, ...rest);
  return realSetTimeout.call(window, timed(who, 'timer', cb), ms, ...rest);
};
const realQueueMicrotask = window.queueMicrotask;
window.queueMicrotask = function (cb) {
  const who = owner;
  if (who === null || typeof cb !== 'function') return realQueueMicrotask.call(window, cb);
  return realQueueMicrotask.call(window, timed(who, 'microtask', cb));
};
// Browser calls made while recording with no implementation's code on the
// stack: work that escaped the accounting (a callback chained where the
// timing wrappers do not reach). Any makes the run fail (bench/run.mjs).
let unownedCalls = 0;
const realFetch = window.fetch;
const then_ = Promise.prototype.then;
const fetchFailures = {};
window.fetch = function (...args) {
  const who = owner;
  const t0 = now();
  const p = realFetch.apply(window, args);
  if (who === null) {
    if (recording) unownedCalls++;
    return p;
  }
  // Already inside a timed callback or flush(); also kept apart to show the browser's own share.
  if (recording) acct[who].fetchCallMs += now() - t0;
  // Requests the browser refused or that failed (e.g. over the keepalive quota), per implementation.
  then_.call(p, undefined, () => {
    fetchFailures[who] = (fetchFailures[who] ?? 0) + 1;
  });
  const then = p.then;
  // Both cores answer with promise.then(onOk, onErr): time those callbacks.
  p.then = function (a, b) {
    return then.call(this, typeof a === 'function' ? timed(who, 'fetch', a) : a, typeof b === 'function' ? timed(who, 'fetch', b) : b);
  };
  return p;
};

// fetchLater() and the abort() that withdraws a registration are browser work
// too, and the largest part of it at 1 event/s: timed and kept apart like fetch().
const browserCall = (fn, self) =>
  function (...args) {
    const who = owner;
    const t0 = now();
    try {
      return fn.apply(self ?? this, args);
    } finally {
      if (who !== null && recording) acct[who].laterCallMs += now() - t0;
      else if (recording) unownedCalls++;
    }
  };
if (typeof window.fetchLater === 'function') window.fetchLater = browserCall(window.fetchLater, window);
AbortController.prototype.abort = browserCall(AbortController.prototype.abort);

const longTasks = [];
try {
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {
  /* no longtask support: the max timed segment still bounds the tasks we caused */
}

// A macrotask hop that does not nest timers (so no 4 ms clamping): a message,
// then a 0 ms timer, which runs after any 0 ms timer a core armed before it.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => realSetTimeout.call(window, waiting.shift(), 0);
const nextTask = () => new Promise(r => { waiting.push(r); channel.port2.postMessage(0); });
const sleep = ms => new Promise(r => realSetTimeout.call(window, r, ms));

// ------------------------------------------------------------ the two implementations

// `?pkg=/bench/out/pkg-prof` loads a build that keeps wasm function names (bench/profile.mjs).
const PKG = new URLSearchParams(location.search).get('pkg') ?? '/pkg';
const { default: init, InsightsCore } = await import(`${PKG}/insights.js`);
await init();
const origin = location.origin;
const CONFIG = {
  salt: 's',
  batch: { maxEvents: 25, maxBytes: 49152, flushIntervalMs: 5000 },
  scrub: { allowedQueryParams: ['tab'], redactAttributes: ['password'] },
};

// 'ts' does what the wasm core does, fetchLater registration included.
// 'wasm_nofl' and 'ts_nofl' are the same two without fetchLater (the wasm core
// is created while window.fetchLater is hidden, so it never registers any):
// what that feature costs, and the two implementations compared without it.
async function makeImpl(name, path, config = CONFIG) {
  const url = `${origin}/events/${path}`;
  if (name === 'wasm' || name === 'wasm_nofl') {
    const fetchLater = window.fetchLater;
    if (name === 'wasm_nofl') window.fetchLater = undefined;
    try {
      const core = new InsightsCore(structuredClone(config), url);
      core.setIdentity(SIGNED_IN);
      return { name, core };
    } finally {
      window.fetchLater = fetchLater;
    }
  }
  const core = new PlainInsightsCore({ ...structuredClone(config), fetchLater: name === 'ts' }, url);
  await core.setIdentity(SIGNED_IN);
  return { name, core };
}

/** Flushes (timed, charged) until nothing is queued or in flight. */
async function drain(impl) {
  const a = acct[impl.name];
  // stats() reads what waits too, and may arm timers: charged like flush().
  const call = fn => {
    owner = impl.name;
    const t0 = now();
    const result = fn();
    const ms = now() - t0;
    owner = null;
    if (recording) {
      a.flushMs += ms;
      noteMax(a, 'flush', ms);
    }
    return result;
  };
  const flush = () => call(() => impl.core.flush());
  flush();
  const deadline = Date.now() + 30_000;
  for (;;) {
    const s = call(() => impl.core.stats());
    if (s.queued === 0 && s.inFlight === 0) return;
    if (s.inFlight === 0) flush();
    if (Date.now() > deadline) throw new Error(`${impl.name}: ${JSON.stringify(s)} still pending after 30 s`);
    await sleep(1);
  }
}

/** One round: each event in its own task ('single'), or 10 per task ('block'). */
async function round(impl, events, mode) {
  const a = acct[impl.name];
  const start = now();
  const core = impl.core;
  if (mode === 'single') {
    for (let i = 0; i < events.length; i++) {
      await nextTask();
      const ts = Date.now();
      owner = impl.name;
      const t0 = now();
      core.capture(events[i], ts);
      const dt = now() - t0;
      owner = null;
      if (recording) {
        a.singles.push(dt);
        a.captureMs += dt;
        noteMax(a, 'capture', dt);
      }
    }
  } else {
    for (let i = 0; i < events.length; i += 10) {
      await nextTask();
      const ts = Date.now();
      const end = Math.min(i + 10, events.length);
      owner = impl.name;
      const t0 = now();
      for (let k = i; k < end; k++) core.capture(events[k], ts);
      const dt = now() - t0;
      owner = null;
      if (recording) {
        a.blocks.push(dt / (end - i));
        a.captureMs += dt;
        noteMax(a, 'capture10', dt);
      }
    }
  }
  await drain(impl);
  if (recording) {
    a.events += events.length;
    a.windows.push([start, now()]);
    // Cumulative time at the end of each round: the differences give a per-round total
    // (deferred work that ran between two of its rounds counts in the later one).
    a.roundTotals.push(a.captureMs + a.deferredMs + a.flushMs);
  }
}

/**
 * The order of the four implementations in step `k`, as indexes into IMPLS:
 * each of a compared pair (wasm and TS, with and without fetchLater) goes
 * first in exactly half the steps. It matters: of two fetchLater
 * registrations a few ms apart, the first costs about twice as much (measured:
 * ~800 against ~400 us), so a plain rotation of four, where wasm preceded TS
 * three times in four, made the wasm core look slower at 1 event/s.
 * The order follows the Thue-Morse sequence (parity of the bits of k), not
 * k % 4: every aligned block of four steps still has each order once, and it
 * also stays balanced along every k = a + p*j. With k % 4, events every 250 ms
 * armed each 1 s refresh timer in the same step of the cycle, so the wasm
 * core's always fired first.
 */
function orderFor(k) {
  const odd = n => {
    let p = 0;
    for (; n; n &= n - 1) p ^= 1;
    return p === 1;
  };
  const [fl, nofl] = odd(k) ? [[1, 0], [3, 2]] : [[0, 1], [2, 3]];
  return odd(k >> 1) ? [...nofl, ...fl] : [...fl, ...nofl];
}

// Longer than the cores' fetchLater refresh delay (1 s): pending refreshes run before recording starts or stops.
const REFRESH_SETTLE_MS = 1_500;

// ------------------------------------------------------------ phases

window.bench = {
  /** Browser calls made while recording outside every implementation's timed code (must be 0). */
  unownedCalls() {
    return unownedCalls;
  },

  /** Same events through both: the bodies go to /events/check-{wasm,ts}, recorded by the server. */
  async check({ seed, count }) {
    const wasm = await makeImpl('wasm', 'check-wasm');
    const ts = await makeImpl('ts', 'check-ts');
    // Last: events whose strings pass the 64 KiB scan cap, then one ordinary
    // event, to see that a core still works after them.
    const huge = hugeStrings().map(s => ({ action: 'search', subject: s, attributes: { query: s }, context: { pluginId: 'search' } }));
    const canary = { action: 'navigate', subject: '/catalog/default/component/canary', attributes: {}, context: { pluginId: 'catalog' } };
    // Two parts, each drained: the benchmark's events and the edge cases, then
    // the huge ones and the canary (so a core that dies on a huge one loses only those).
    const parts = [[...mixedEvents(seed, count), ...edgeEvents()], [...huge, canary]];
    // Timestamps one second apart order the events; recent, so no retry gives up on their age.
    const base = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
    const threw = { wasm: [], ts: [] };
    for (const impl of [wasm, ts]) {
      let i = 0;
      for (const part of parts) {
        for (let k = 0; k < part.length; k++, i++) {
          if (k % 10 === 0) await nextTask();
          try {
            impl.core.capture(part[k], base + i * 1000);
          } catch (e) {
            threw[impl.name].push({ index: i, timestamp: new Date(base + i * 1000).toISOString(), error: String(e), subject: describe(part[k].subject) });
          }
        }
        try {
          await drain(impl);
        } catch (e) {
          threw[impl.name].push({ index: -1, error: `drain: ${e}` });
        }
      }
    }
    const events = parts.flat();
    let stats = {};
    for (const impl of [wasm, ts]) {
      try {
        stats[impl.name] = impl.core.stats();
      } catch (e) {
        stats[impl.name] = `stats() threw ${e}`;
      }
    }
    return { sent: events.length, stats, threw, fetchFailures: { ...fetchFailures } };
  },

  /** The timed rounds. */
  async measure({ seed, warmupRounds, rounds, perRound }) {
    const impls = {};
    for (const who of IMPLS) impls[who] = await makeImpl(who, who);
    const failuresBefore = { ...fetchFailures };
    const plan = [];
    for (let r = 0; r < warmupRounds + rounds; r++) {
      const mode = r % 2 === 0 ? 'single' : 'block';
      const order = orderFor(Math.floor(r / 2)).map(i => IMPLS[i]);
      plan.push({ r, mode, order, warm: r < warmupRounds });
    }
    // Recording stays on for the whole measured block (and for a while after
    // it), so a deferred callback is charged to whoever scheduled it even when
    // it runs during another implementation's round or between rounds.
    for (const step of plan) {
      if (!step.warm && !recording) {
        await sleep(REFRESH_SETTLE_MS); // let warm-up timers fire uncounted
        recording = true;
      }
      const events = mixedEvents(seed + step.r, perRound);
      for (const who of step.order) {
        await round(impls[who], events, step.mode);
        await sleep(5);
      }
    }
    await sleep(REFRESH_SETTLE_MS);
    recording = false;
    const out = {};
    for (const who of IMPLS) {
      const a = acct[who];
      const inWindows = longTasks.filter(t => a.windows.some(([s, e]) => t.start >= s && t.start <= e));
      out[who] = {
        events: a.events,
        singles: a.singles,
        blocks: a.blocks,
        captureMs: a.captureMs,
        deferredMs: a.deferredMs,
        flushMs: a.flushMs,
        timers: a.timers,
        microtasks: a.microtasks,
        fetchCallbacks: a.fetchCallbacks,
        maxSegMs: a.maxSegMs,
        maxByKind: a.maxByKind,
        msByKind: a.msByKind,
        fetchCallMs: a.fetchCallMs,
        laterCallMs: a.laterCallMs,
        roundTotals: a.roundTotals,
        longTasks: inWindows,
        stats: impls[who].core.stats(),
      };
    }
    return { crossOriginIsolated, resolutionMs: timerResolution(), results: out, fetchFailures: Object.fromEntries(IMPLS.map(w => [w, (fetchFailures[w] ?? 0) - (failuresBefore[w] ?? 0)])) };
  },

  /**
   * Realistic pacing: one event per implementation every `spacingMs` (a user
   * clicking around), all four interleaved in the same seconds, every call and
   * callback timed and charged as in the rounds. Per event this includes the
   * fetchLater refresh (at most once a second, so once per event here) and the
   * flush-interval sends (a batch every 5 s).
   */
  async sparse({ seed, count, spacingMs }) {
    const impls = [];
    for (const who of IMPLS) impls.push(await makeImpl(who, `sparse-${who}`));
    // Timers the set-up armed (setIdentity's refresh) fire before recording:
    // left pending, one registered the first event untimed.
    await sleep(REFRESH_SETTLE_MS);
    const events = mixedEvents(seed, count);
    const saved = acct;
    acct = Object.fromEntries(IMPLS.map(n => [n, { ...newAcct(), segments: [] }]));
    recording = true;
    try {
      for (let i = 0; i < count; i++) {
        const order = orderFor(i).map(k => impls[k]);
        for (const impl of order) {
          await nextTask();
          const a = acct[impl.name];
          owner = impl.name;
          const t0 = now();
          impl.core.capture(events[i], Date.now());
          const dt = now() - t0;
          owner = null;
          a.singles.push(dt);
          a.captureMs += dt;
          noteMax(a, 'capture', dt);
        }
        await sleep(spacingMs);
      }
      // Let the last refresh and interval flush happen on their own, then send the rest.
      await sleep(5_200);
      for (const impl of impls) await drain(impl);
      await sleep(REFRESH_SETTLE_MS);
    } finally {
      recording = false;
    }
    const out = {};
    for (const who of IMPLS) {
      const a = acct[who];
      out[who] = { events: count, captureMs: a.captureMs, deferredMs: a.deferredMs, flushMs: a.flushMs, fetchCallMs: a.fetchCallMs, laterCallMs: a.laterCallMs, timers: a.timers, microtasks: a.microtasks, fetchCallbacks: a.fetchCallbacks, maxSegMs: a.maxSegMs, maxByKind: a.maxByKind, segments: a.segments };
    }
    acct = saved;
    return out;
  },

  /** Untimed rounds of one implementation, for a CPU profile (bench/profile.mjs). */
  async profile({ who, seed, rounds, perRound }) {
    const impl = await makeImpl(who, `profile-${who}`);
    for (let r = 0; r < rounds; r++) await round(impl, mixedEvents(seed + r, perRound), 'single');
    return impl.core.stats();
  },

  /** 1,000 navigate events, one per task, default batching, a flush at the end. */
  async navigate({ seed, count }) {
    const out = {};
    for (const who of IMPLS) {
      const impl = await makeImpl(who, `nav-${who}`, { salt: 's' });
      const events = navigateEvents(seed, count);
      let flushedBeforeEnd = 0;
      for (let i = 0; i < events.length; i++) {
        await nextTask();
        impl.core.capture(events[i], Date.now());
      }
      flushedBeforeEnd = impl.core.stats().delivered;
      await drain(impl);
      out[who] = { stats: impl.core.stats(), deliveredBeforeFinalFlush: flushedBeforeEnd };
    }
    return out;
  },
};

function timerResolution() {
  let prev = now();
  let min = Infinity;
  for (let n = 0, i = 0; n < 200 && i < 1e7; i++) {
    const t = now();
    if (t !== prev) {
      min = Math.min(min, t - prev);
      prev = t;
      n++;
    }
  }
  return min;
}

/** Hostile and edge-case events for the correctness check. */
function edgeEvents() {
  const out = [];
  const ctx = { routeRef: 'r', pluginId: 'p', extension: 'e' };
  for (const s of trickyStrings()) {
    out.push({ action: 'navigate', subject: s, attributes: {}, context: ctx });
    out.push({ action: 'click', subject: 'x', attributes: { to: s, n: 1 }, context: { ...ctx, extra: s } });
  }
  const many = {};
  for (let i = 0; i < 70; i++) many['k' + i] = i % 2 ? 'v' + i : i;
  out.push(
    { action: 'custom', subject: 'types', value: 1.5, attributes: { a: -0, b: 1e21, c: 2 ** 53, d: 10n, e: true, f: false, g: NaN, h: Infinity, i: null, j: undefined, k: { x: 1 }, l: [1], m: Symbol('s'), n: () => 1, o: 0.1 + 0.2 } },
    { action: 42, subject: 7, value: 10n, attributes: [1, 'two'], context: 'not a map' },
    { action: 'custom', subject: 'redact', attributes: { password: 'hunter2', PassWord: 'x', ['k'.repeat(129)]: 'long key', ['é'.repeat(64)]: 'key of 128 bytes', ['é'.repeat(65)]: 'key of 130 bytes', 'jane.doe@example.com': 'key kept as is' } },
    { action: 'custom', subject: 'many', attributes: many },
    { action: '', subject: 'empty action: dropped' },
    { subject: 'no action: dropped' },
    { action: 'navigate', value: NaN },
    { action: 'navigate', subject: { toString: () => '/x' }, value: '3' },
    { action: 'search', subject: 'Jane.Doe JANE.DOE jane.doe2 xjane.doe jane.doe.', value: -1 },
    { action: 'a'.repeat(2000) },
    { action: 'navigate', subject: '"quotes" \\ and \u0000\u001f controls \u007f\u2028\u2029' },
    { action: 'custom', subject: 'throwing getter', get attributes() { throw new Error('boom'); }, context: { pluginId: 'p' } },
    { action: 'custom', subject: 'throwing proxy', attributes: new Proxy({}, { ownKeys() { throw new Error('boom'); } }), context: new Proxy({ a: 1 }, { get() { throw new Error('boom'); } }) },
    { action: 'navigate', subject: '/catalog/default/user/jane.doe', attributes: { namespace: 'default', kind: 'User', name: 'jane.doe' }, context: { kind: 'user', name: 42 } },
    { action: 'navigate', subject: '/x', attributes: { name: 'api', kind: 'component' }, context: { name: 'n', KIND: 'user' } },
  );
  return out;
}

document.getElementById('log').textContent = 'ready';
window.benchReady = true;

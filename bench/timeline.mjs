#!/usr/bin/env node
// Inside each timer callback at 1 event/s: which browser calls it makes
// (fetch, fetchLater, abort, request building, text codecs), when, and for
// how long; and how long it ran before the first of them (the core's own
// work: reading and scrubbing events, building the body). The wasm core and
// plain TS, warmed with 3,000 events each, then one event each every `gapMs`.
//   node bench/timeline.mjs [events=16] [gapMs=1050]   (needs a built pkg/)
import { withBenchPage } from './lib/page.mjs';

const N = Number(process.argv[2] ?? 16);
const GAP = Number(process.argv[3] ?? 1050);
if (!(N > 0) || !(GAP >= 0)) {
  console.error('timeline: expected an event count and a gap in ms, e.g. 16 1050');
  process.exit(2);
}
const log = await withBenchPage(page =>
  page.evaluate(
    async ([N, GAP]) => {
      const { InsightsCore } = await import('/pkg/insights.js');
      const { PlainInsightsCore } = await import('/bench/out/plain-ts/core.js');
      const { mixedEvents, SIGNED_IN } = await import('/bench/page/events.js');
      const config = { salt: 's', batch: { maxEvents: 25, maxBytes: 49152, flushIntervalMs: 5000 }, scrub: { allowedQueryParams: ['tab'], redactAttributes: ['password'] } };
      const now = () => performance.now();
      const log = [];
      let cur = null; // whose code runs
      const realSetTimeout = window.setTimeout;
      window.setTimeout = function (cb, ms, ...rest) {
        const who = cur;
        if (!who || typeof cb !== 'function') return realSetTimeout.call(window, cb, ms, ...rest);
        const timed = function (...a) {
          const prev = cur;
          cur = who;
          log.push([who, 'start', now()]);
          try {
            return cb.apply(this, a);
          } finally {
            log.push([who, 'end', now()]);
            cur = prev;
          }
        };
        return realSetTimeout.call(window, timed, ms, ...rest);
      };
      const wrap = (name, fn, self) =>
        function (...a) {
          const who = cur;
          const t0 = now();
          try {
            return fn.apply(self ?? this, a);
          } finally {
            if (who) log.push([who, name, t0, now()]);
          }
        };
      window.fetch = wrap('fetch', window.fetch, window);
      if (typeof window.fetchLater === 'function') window.fetchLater = wrap('fetchLater', window.fetchLater, window);
      AbortController.prototype.abort = wrap('abort', AbortController.prototype.abort);
      Headers.prototype.set = wrap('Headers.set', Headers.prototype.set);
      Uint8Array.prototype.slice = wrap('Uint8Array.slice', Uint8Array.prototype.slice);
      TextEncoder.prototype.encodeInto = wrap('encodeInto', TextEncoder.prototype.encodeInto);
      TextDecoder.prototype.decode = wrap('decode', TextDecoder.prototype.decode);
      const timedClass = (name, C) =>
        class extends C {
          constructor(...a) {
            const who = cur;
            const t0 = now();
            super(...a);
            if (who) log.push([who, name, t0, now()]);
          }
        };
      window.Headers = timedClass('new Headers', Headers);
      window.AbortController = timedClass('new AbortController', AbortController);

      const url = `${location.origin}/events/timeline`;
      const cores = {
        wasm: new InsightsCore(structuredClone(config), `${url}-wasm`),
        ts: new PlainInsightsCore({ ...structuredClone(config), fetchLater: true }, `${url}-ts`),
      };
      cores.wasm.setIdentity(SIGNED_IN);
      await cores.ts.setIdentity(SIGNED_IN);
      const sleep = ms => new Promise(r => realSetTimeout.call(window, r, ms));
      for (const core of Object.values(cores)) {
        for (const e of mixedEvents(5, 3000)) core.capture(e, Date.now());
        core.flush();
      }
      await sleep(3000);
      log.length = 0;
      const events = mixedEvents(77, N);
      for (let i = 0; i < N; i++) {
        for (const who of i % 2 ? ['ts', 'wasm'] : ['wasm', 'ts']) {
          await sleep(0);
          cur = who;
          const t0 = now();
          cores[who].capture(events[i], Date.now());
          log.push([who, 'capture', t0, now()]);
          cur = null;
        }
        await sleep(GAP);
      }
      await sleep(6000); // the last refresh and interval flush
      return log;
    },
    [N, GAP],
  ),
);

const us = ms => Math.round(ms * 1000);
for (const who of ['wasm', 'ts']) {
  console.log(`\n${who === 'wasm' ? 'wasm core' : 'plain TS'}: each timer callback, in us (call@start+duration)`);
  const sum = { capture: 0, callbacks: 0, browser: 0, own: 0 };
  const byCall = {};
  let open = null;
  for (const e of log.filter(x => x[0] === who)) {
    const kind = e[1];
    if (kind === 'capture') sum.capture += e[3] - e[2];
    else if (kind === 'start') open = { start: e[2], calls: [] };
    else if (kind === 'end' && open) {
      const total = e[2] - open.start;
      const browser = open.calls.reduce((a, c) => a + (c[2] - c[1]), 0);
      const before = open.calls.length ? open.calls[0][1] - open.start : total;
      sum.callbacks += total;
      sum.browser += browser;
      sum.own += total - browser;
      for (const c of open.calls) byCall[c[0]] = (byCall[c[0]] ?? 0) + (c[2] - c[1]);
      const calls = open.calls.map(c => `${c[0]}@${us(c[1] - open.start)}+${us(c[2] - c[1])}`).join(' ');
      console.log(`  ${String(us(total)).padStart(5)} total, ${String(us(before)).padStart(4)} before the first call  ${calls}`);
      open = null;
    } else if (open) open.calls.push(e.slice(1));
  }
  console.log(`  per event: capture ${us(sum.capture / N)}, callbacks ${us(sum.callbacks / N)} (browser calls ${us(sum.browser / N)}, own ${us(sum.own / N)})`);
  console.log(`  browser calls per event: ${Object.entries(byCall).map(([k, v]) => `${k} ${us(v / N)}`).join(', ')}`);
}

#!/usr/bin/env node
// The 1 event/s phase of `npm run bench` at other spacings, to see how the
// cost per event moves with the idle time between events (cold caches and
// code): per implementation, microseconds per event spent in captureEvent,
// in deferred work (timers, fetch callbacks, flushes) and in total, and how much
// of the total was inside the browser's fetch(), fetchLater() and abort() calls.
//   node bench/spacing.mjs [spacingMs:count,...]   (default 20:60,250:40,1050:25; needs a built pkg/)
import { withBenchPage } from './lib/page.mjs';

const plan = (process.argv[2] ?? '20:60,250:40,1050:25').split(',').map(s => s.split(':').map(Number));
if (plan.some(([ms, n]) => !(ms >= 0) || !(n > 0))) {
  console.error('spacing: expected spacingMs:count pairs, e.g. 250:40,1050:25');
  process.exit(2);
}
await withBenchPage(async page => {
  // Warm every implementation's code first, as the timed rounds of the bench do.
  for (const who of ['wasm', 'ts', 'wasm_nofl', 'ts_nofl']) await page.evaluate(o => window.bench.profile(o), { who, seed: 500, rounds: 2, perRound: 1000 });
  for (const [spacingMs, count] of plan) {
    const r = await page.evaluate(o => window.bench.sparse(o), { seed: spacingMs, count, spacingMs });
    const us = ms => ((ms * 1000) / count).toFixed(0);
    const cells = Object.entries(r).map(([who, v]) => {
      const total = v.captureMs + v.deferredMs + v.flushMs;
      const browser = v.fetchCallMs + v.laterCallMs;
      return `${who}: capture ${us(v.captureMs)} deferred ${us(v.deferredMs + v.flushMs)} total ${us(total)} (browser calls ${us(browser)}, own ${us(total - browser)})`;
    });
    console.log(`every ${spacingMs} ms, ${count} events (us/event): ${cells.join(' | ')}`);
  }
});

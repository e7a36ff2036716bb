#!/usr/bin/env node
// Where the time goes: a V8 CPU profile (Chrome DevTools Protocol, 50 us
// sampling) of each implementation capturing the benchmark's events, one per
// task, summarised by function (self time) and by kind (wasm code, the
// wasm-bindgen glue, the plain TS, browser built-ins, GC).
// The wasm is a profiling build of the current source that keeps function
// names: cargo build --release -> wasm-bindgen -> wasm-opt -Oz -g, into
// bench/out/pkg-prof/ (pkg/ and dist/ are not touched).
//   node bench/profile.mjs [events=4000]
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, buildPrivatePkg, compilePlainTs } from './lib/build.mjs';
import { startServer } from './lib/server.mjs';

const EVENTS = Number(process.argv[2] ?? 4000);
const OUT = path.join(ROOT, 'bench/out/pkg-prof');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function buildProfilingPkg() {
  buildPrivatePkg(OUT, { names: true });
}

function kindOf(frame) {
  const url = frame.url ?? '';
  const name = frame.functionName;
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)' || name === '(program)' || name === '(root)') return 'idle/program';
  if (url.includes('.wasm') || url.startsWith('wasm://')) return 'wasm code';
  if (url.includes('/pkg-prof/insights.js') || url.includes('/pkg/insights.js')) return 'wasm-bindgen glue (JS)';
  if (url.includes('/plain-ts/')) return 'plain TS';
  if (url.includes('/bench/page/')) return 'bench harness';
  if (url === '') return 'browser/V8 built-ins';
  return 'other JS';
}

/** Self time of every function called (directly or not) from a `capture` frame, i.e. inside capture() calls. */
function insideCapture(profile, top = 18) {
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const underCapture = id => {
    for (let x = id; x !== undefined; x = parent.get(x)) {
      const f = byId.get(x).callFrame;
      if (f.functionName === 'capture' && /insights\.js|core\.js/.test(f.url)) return true;
      // The glue's capture() is often inlined into the caller: its wasm entry point remains.
      if (f.functionName.startsWith('insightscore_capture')) return true;
    }
    return false;
  };
  const memo = new Map();
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (!memo.has(id)) memo.set(id, underCapture(id));
    if (!memo.get(id)) return;
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'}  [${kindOf(f)}]`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  if (total === 0) return '  inside capture(): not separable (capture() was inlined into the harness)';
  const lines = [`  inside capture(): ${(total / 1000).toFixed(1)} ms`];
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}`);
  return lines.join('\n');
}

function summarize(profile, top = 22) {
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const self = new Map();
  const kinds = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const n = byId.get(id);
    const f = n.callFrame;
    const kind = kindOf(f);
    if (kind === 'idle/program') return;
    const key = `${f.functionName || '(anonymous)'}  [${kind}${f.url && kind !== 'wasm code' ? ' ' + f.url.split('/').pop() + ':' + (f.lineNumber + 1) : ''}]`;
    self.set(key, (self.get(key) ?? 0) + dt);
    kinds.set(kind, (kinds.get(kind) ?? 0) + dt);
    total += dt;
  });
  const pct = t => `${((100 * t) / total).toFixed(1).padStart(5)} %`;
  const lines = [];
  lines.push(`  busy samples: ${(total / 1000).toFixed(1)} ms`);
  for (const [k, t] of [...kinds].sort((a, b) => b[1] - a[1])) lines.push(`  ${pct(t)}  ${k}`);
  lines.push('  top functions by self time:');
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(t)}  ${k}`);
  return lines.join('\n');
}

async function main() {
  buildProfilingPkg();
  compilePlainTs();
  const server = await startServer(ROOT);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/bench/page/index.html?pkg=/bench/out/pkg-prof`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    const perRound = 1000;
    const rounds = Math.max(1, Math.round(EVENTS / perRound));
    const LABEL = { wasm: 'wasm core', ts: 'plain TS', wasm_nofl: 'wasm core without fetchLater', ts_nofl: 'plain TS without fetchLater' };
    for (const who of ['wasm', 'ts', 'wasm_nofl', 'ts_nofl']) {
      await page.evaluate(o => window.bench.profile(o), { who, seed: 500, rounds: 2, perRound }); // warm-up
      await cdp.send('Profiler.start');
      await page.evaluate(o => window.bench.profile(o), { who, seed: 1, rounds, perRound });
      const { profile } = await cdp.send('Profiler.stop');
      fs.mkdirSync(path.join(ROOT, 'bench/out'), { recursive: true });
      fs.writeFileSync(path.join(ROOT, `bench/out/profile-${who}.cpuprofile`), JSON.stringify(profile));
      console.log(`\n${LABEL[who]}: ${rounds * perRound} events, one per task (bench/out/profile-${who}.cpuprofile)`);
      console.log(summarize(profile));
      console.log(insideCapture(profile));
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

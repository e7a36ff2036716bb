#!/usr/bin/env node
// The demo app's start-up in headless Chromium, built with the shim of this
// working tree and with the shim of other git revisions (same wasm, pkg/):
// what a change to how the module loads costs the app that installs it.
//
//   node bench/startup.mjs --base REF [--base REF2] [--dist name=dir] [--loads 30] [--cpu 4] [--latency 0]
//
//   --base REF      also build the demo app with `git show REF:shim/*` (compiled
//                   into bench/out/startup/<REF>/); several allowed
//   --dist name=dir also build the demo app with a compiled shim directory of
//                   your own (an experiment: dir/index.js, next to its ../pkg)
//   --loads N       page loads per variant (interleaved, each in a fresh browser
//                   context: cold HTTP cache, empty storage); default 30
//   --cpu R         Chromium's CPU throttling rate (1 = none); default 4
//   --latency MS    added round-trip latency per request (CDP network
//                   emulation); default 0
//
// Each load opens /catalog/default/component/startup (the demo's entity page)
// and measures, in the page:
//   render   ms from navigation start until the page's text is in the DOM
//            (a MutationObserver installed before any script runs)
//   task     main-thread task time (CDP Performance.getMetrics TaskDuration)
//            from navigation until 1.5 s after the render: the app's start,
//            the module's load, compile and start, the first event
//   script   the script part of it (ScriptDuration)
//   wasm     ms from navigation start until the wasm's response ended
//            (resource timing), and its start
// Medians and 90th percentiles per variant; the order of variants alternates
// from one round to the next.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { launchBrowser, settle, startCollector } from '../tests/e2e/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench/out/startup');

function parseArgs(argv) {
  const o = { bases: [], dists: [], loads: 30, cpu: 4, latency: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--base') o.bases.push(next());
    else if (a === '--dist') {
      const [name, dir] = next().split('=');
      o.dists.push({ name, dist: path.resolve(dir) });
    } else if (a === '--loads') o.loads = Number(next());
    else if (a === '--cpu') o.cpu = Number(next());
    else if (a === '--latency') o.latency = Number(next());
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** The shim of `ref` compiled into bench/out/startup/<ref>/dist, next to a link to pkg/. */
function compileShimAt(ref) {
  const sha = run('git', ['rev-parse', '--short', ref]).trim();
  const dir = path.join(OUT, sha);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'shim'), { recursive: true });
  const files = run('git', ['ls-tree', '--name-only', `${sha}:shim`]).split('\n').filter(f => /\.(ts|json)$/.test(f));
  for (const f of files) fs.writeFileSync(path.join(dir, 'shim', f), run('git', ['show', `${sha}:shim/${f}`]));
  fs.symlinkSync(path.join(ROOT, 'pkg'), path.join(dir, 'pkg'));
  // No declarations: only the JavaScript is bundled.
  run(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', path.join(dir, 'shim/tsconfig.json'), '--declaration', 'false']);
  return { name: sha, dist: path.join(dir, 'dist'), dir };
}

/** The demo app (www/) built by Vite with the module aliased to `dist`. */
async function buildApp(name, dist, outDir) {
  const { default: config } = await import(path.join(ROOT, 'www/vite.config.mjs'));
  await build({
    ...config,
    configFile: false,
    logLevel: 'warn',
    resolve: {
      alias: [{ find: /^backstage-plugin-analytics-module-insights-wasm$/, replacement: path.join(dist, 'index.js') }],
    },
    build: { ...config.build, outDir, emptyOutDir: true },
  });
  return { name, dir: outDir };
}

const INIT = `(() => {
  const t = (window.__startup = {});
  const text = 'A component entity.';
  const obs = new MutationObserver(records => {
    for (const r of records) for (const n of r.addedNodes) {
      if (n.textContent && n.textContent.includes(text)) {
        t.render = performance.now();
        obs.disconnect();
        return;
      }
    }
  });
  obs.observe(document, { subtree: true, childList: true });
})();`;

async function loadOnce(browser, variant, { cpu, latency }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(INIT);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  if (latency > 0) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency, downloadThroughput: -1, uploadThroughput: -1 });
  }
  await page.goto(variant.url + '/catalog/default/component/startup');
  await page.waitForFunction(() => window.__startup && window.__startup.render, null, { timeout: 30_000, polling: 50 });
  const render = await page.evaluate(() => window.__startup.render);
  // Until 1.5 s after the render, whatever is still polling.
  await page.waitForFunction(r => performance.now() > r + 1500, render, { timeout: 30_000, polling: 100 });
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map(m => [m.name, m.value]));
  const wasm = await page.evaluate(() => {
    const e = performance.getEntriesByType('resource').find(r => r.name.endsWith('.wasm'));
    return e ? { start: e.startTime, end: e.responseEnd } : null;
  });
  await context.close();
  return {
    render,
    task: metrics.TaskDuration * 1000,
    script: metrics.ScriptDuration * 1000,
    wasmStart: wasm?.start ?? NaN,
    wasmEnd: wasm?.end ?? NaN,
  };
}

const quantile = (xs, q) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const signed = x => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;

/** 2.5th and 97.5th percentiles of the median over 2,000 resamples (a fixed seed). */
function bootstrapMedian(xs) {
  let seed = 17;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const medians = [];
  for (let r = 0; r < 2000; r++) {
    const sample = xs.map(() => xs[Math.floor(random() * xs.length)]);
    medians.push(quantile(sample, 0.5));
  }
  return [quantile(medians, 0.025), quantile(medians, 0.975)];
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  for (const f of ['pkg/insights_bg.wasm', 'dist/index.js']) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run \`bash scripts/build.sh\` first`);
  }
  const variants = [];
  for (const ref of o.bases) {
    const shim = compileShimAt(ref);
    variants.push(await buildApp(`${ref} (${shim.name})`, shim.dist, path.join(shim.dir, 'app')));
  }
  variants.push(await buildApp('working tree', path.join(ROOT, 'dist'), path.join(OUT, 'worktree/app')));
  for (const d of o.dists) variants.push(await buildApp(d.name, d.dist, path.join(OUT, `dist-${d.name}`, 'app')));

  for (const v of variants) {
    v.collector = await startCollector({ staticDir: v.dir });
    v.url = v.collector.url;
    v.samples = [];
  }
  const browser = await launchBrowser();
  console.log(`Chromium ${browser.version()}, ${o.loads} loads per variant, CPU throttling ${o.cpu}x, added latency ${o.latency} ms`);
  try {
    // One unmeasured load each (the server's file cache, Vite's chunks).
    for (const v of variants) await loadOnce(browser, v, o);
    for (let i = 0; i < o.loads; i++) {
      const order = i % 2 ? [...variants].reverse() : variants;
      for (const v of order) v.samples.push(await loadOnce(browser, v, o));
      await settle(50);
    }
  } finally {
    await browser.close();
    for (const v of variants) await v.collector.stop();
  }

  const rows = [];
  for (const v of variants) {
    const col = k => v.samples.map(s => s[k]);
    const fmt = k => `${quantile(col(k), 0.5).toFixed(1)} / ${quantile(col(k), 0.9).toFixed(1)}`;
    rows.push({ variant: v.name, 'render ms': fmt('render'), 'task ms': fmt('task'), 'script ms': fmt('script'), 'wasm start ms': fmt('wasmStart'), 'wasm end ms': fmt('wasmEnd') });
  }
  console.log('median / p90');
  console.table(rows);
  // Paired by round (the variants of a round load back to back): the median
  // difference to the first variant, with a bootstrap 95% interval of it.
  const [first, ...others] = variants;
  for (const v of others) {
    const parts = ['render', 'task', 'script'].map(k => {
      const d = v.samples.map((x, i) => x[k] - first.samples[i][k]).filter(Number.isFinite);
      const [lo, hi] = bootstrapMedian(d);
      return `${k} ${signed(quantile(d, 0.5))} ms [${signed(lo)}, ${signed(hi)}]`;
    });
    console.log(`${v.name} - ${first.name}, median of paired differences [95% interval]: ${parts.join('; ')}`);
  }
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify({ options: o, variants: variants.map(v => ({ name: v.name, samples: v.samples })) }, null, 2));
}

await main();

#!/usr/bin/env node
// A/B of two builds of the core, interleaved in one headless Chromium page
// without the network (bench/page/ab.html): the work per event of each, to a
// few percent, where `npm run bench` moves by ±15% between runs with the
// browser's fetch() in every number. For checking an optimisation; the
// numbers the README reports come from `npm run bench`.
//   node bench/ab.mjs DIR_A [DIR_B] [--ts] [--pages N] [--rounds N]
// DIR_A, DIR_B: package directories (wasm-bindgen output, as scripts/build.sh
// leaves in pkg/); DIR_B defaults to pkg/. --ts adds the plain-TS competitor.
// Example: bash scripts/build.sh && cp -r pkg /tmp/before; (change, rebuild);
//          node bench/ab.mjs /tmp/before pkg --ts
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, compilePlainTs } from './lib/build.mjs';
import { startServer } from './lib/server.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`ab: ${name} needs a whole number, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
};
const pages = flag('--pages', 4);
const rounds = flag('--rounds', 100);
const withTs = args.includes('--ts');
const dirs = args.filter(a => a !== '--ts');
if (dirs.length < 1 || dirs.length > 2) {
  console.error('usage: node bench/ab.mjs DIR_A [DIR_B=pkg] [--ts] [--pages N] [--rounds N]');
  process.exit(2);
}
if (dirs.length === 1) dirs.push(path.join(ROOT, 'pkg'));
const names = ['a', 'b'];
for (const [i, dir] of dirs.entries()) {
  if (!fs.existsSync(path.join(dir, 'insights.js'))) {
    console.error(`ab: ${dir} holds no insights.js (a package directory, as scripts/build.sh leaves in pkg/)`);
    process.exit(2);
  }
  const to = path.join(ROOT, 'bench/out/ab', names[i]);
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(dir, to, { recursive: true });
}
if (withTs) {
  compilePlainTs();
  names.push('ts');
}

const server = await startServer(ROOT);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const medians = Object.fromEntries(names.map(n => [n, []]));
let failed = false;
try {
  for (let p = 0; p < pages; p++) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', e => errors.push(String(e)));
    await page.goto(`${server.origin}/bench/page/ab.html?cores=${names.join('~')}&rounds=${rounds}`);
    await page.waitForFunction(() => window.result || null, null, { timeout: 300_000, polling: 500 }).catch(() => {});
    const result = await page.evaluate(() => window.result);
    if (!result || errors.length) {
      console.error(`ab: page ${p + 1} failed: ${errors.join('; ') || 'no result'}`);
      failed = true;
      await page.close();
      break;
    }
    const line = names.map(n => {
      const { median_us, stats } = result[n];
      medians[n].push(median_us);
      // Every core must have delivered alike, or the comparison means nothing.
      if (stats.dropped.total !== 0) failed = true;
      return `${n} ${median_us.toFixed(2)} us/event (delivered ${stats.delivered}, dropped ${stats.dropped.total})`;
    });
    console.log(`page ${p + 1}: ${line.join(' | ')}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
if (failed) {
  console.error('ab: FAIL (a page error, or a core dropped events)');
  process.exit(1);
}
const mean = a => a.reduce((x, y) => x + y, 0) / a.length;
console.log(`a = ${dirs[0]}\nb = ${dirs[1]}`);
for (const n of names) console.log(`${n}: mean of page medians ${mean(medians[n]).toFixed(2)} us/event`);
console.log(`b / a: ${(mean(medians.b) / mean(medians.a)).toFixed(3)}` + (withTs ? `; a / ts: ${(mean(medians.a) / mean(medians.ts)).toFixed(3)}; b / ts: ${(mean(medians.b) / mean(medians.ts)).toFixed(3)}` : ''));

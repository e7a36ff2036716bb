#!/usr/bin/env node
// Fails when what a browser downloads for the module exceeds a budget in
// bytes: the wasm gzip -9, plus glue and shim minified and gzipped (see
// bench/lib/size.mjs for how, and for the unminified per-file figure also printed).
//   node bench/size-budget.mjs [budgetBytes=25600]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadSizes, gzipSizes } from './lib/size.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = process.argv[2];
const budget = arg === undefined ? 25_600 : Number(arg);
if (!Number.isInteger(budget) || budget <= 0) {
  console.error(`size-budget: the budget must be a whole number of bytes, got ${JSON.stringify(arg)}`);
  process.exit(2);
}
let sizes;
let perFile;
try {
  sizes = await downloadSizes(ROOT);
  perFile = gzipSizes(ROOT);
} catch (e) {
  console.error(`size-budget: ${e.message}`);
  process.exit(2);
}
const width = Math.max(...Object.keys(sizes.breakdown).map(f => f.length));
for (const [f, n] of Object.entries(sizes.breakdown)) {
  console.log(`  ${f.padEnd(width)}  ${String(sizes.raw[f]).padStart(7)} B  -> ${String(n).padStart(6)} B gzip`);
}
console.log(`  (the same files unminified, each gzipped alone: ${perFile.total} B)`);
if (sizes.total > budget) {
  console.error(
    `size-budget: FAIL: wasm + glue + shim is ${sizes.total} bytes gzip, over the budget of ${budget} bytes ` +
      `by ${sizes.total - budget} (largest: ${Object.entries(sizes.breakdown).sort((a, b) => b[1] - a[1])[0].join(' = ')} B).`,
  );
  process.exit(1);
}
console.log(`size-budget: OK: wasm + glue + shim is ${sizes.total} bytes gzip (budget ${budget}, ${budget - sizes.total} to spare).`);

#!/usr/bin/env node
// Differential check of the two scrubbers in Node (no browser): the wasm
// core's standalone `scrub()` against the plain TypeScript `Scrubber` on
// tricky, huge and seeded random strings. Prints every difference (up to
// 30); exits 1 if there is any. `npm run bench` runs the same check.
//   node bench/scrub-diff.mjs [randomCount=20000] [seed=1] [--pkg DIR]   (DIR: pkg, or bench/out/pkg-fresh)
import { compilePlainTs } from './lib/build.mjs';
import { diffScrubbers } from './lib/scrubdiff.mjs';

const args = process.argv.slice(2);
const pkgAt = args.indexOf('--pkg');
const pkgDir = pkgAt >= 0 ? args.splice(pkgAt, 2)[1] : 'pkg';
compilePlainTs();
const { strings, diffs } = await diffScrubbers({ pkgDir, count: Number(args[0] ?? 20_000), seed: Number(args[1] ?? 1) });
for (const d of diffs.slice(0, 30)) console.log(`DIFF input=${d.input}\n  wasm=${d.wasm}\n  ts  =${d.ts}`);
console.log(`${strings} strings, ${diffs.length} differences`);
process.exit(diffs.length ? 1 : 0);

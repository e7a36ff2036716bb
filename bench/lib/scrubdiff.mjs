// Differential check of the two scrubbers, in Node: the wasm core's
// standalone `scrub()` (built-in rules, no allow-list, no signed-in user)
// against the plain TypeScript `Scrubber` (bench/out/plain-ts, compiled
// first) on the same inputs: the tricky cases, the over-64-KiB ones, and
// seeded random strings built from the pieces the rules look for.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './build.mjs';
import { hugeStrings, randomStrings, trickyStrings } from './strings.mjs';

const show = s => JSON.stringify(s.length > 120 ? `${s.slice(0, 60)}…(${s.length} chars)…${s.slice(-40)}` : s);

/** Returns `{ strings, diffs: [{ input, wasm, ts }] }` (inputs shortened for printing). */
export async function diffScrubbers({ pkgDir = 'pkg', count = 20_000, seed = 1 } = {}) {
  const wasmBytes = fs.readFileSync(path.join(ROOT, pkgDir, 'insights_bg.wasm'));
  let instances = 0;
  // A fresh instance of the glue and the wasm: after a trap the old one may be unusable.
  const freshWasm = async () => {
    const glue = await import(`${path.join(ROOT, pkgDir, 'insights.js')}?instance=${instances++}`);
    glue.initSync({ module: wasmBytes });
    return glue;
  };
  let glue = await freshWasm();
  const { Scrubber } = await import(path.join(ROOT, 'bench/out/plain-ts/scrub.js'));
  const ts = new Scrubber([]);
  const inputs = [...trickyStrings(), ...hugeStrings(), ...randomStrings(count, seed)];
  const diffs = [];
  for (const s of inputs) {
    let a;
    try {
      a = glue.scrub(s);
    } catch (e) {
      a = `(threw ${e})`;
      glue = await freshWasm();
    }
    const b = ts.scrub(s.toWellFormed()); // the core reads strings well-formed, as wasm-bindgen passes them
    if (a !== b) diffs.push({ input: show(s), wasm: show(a), ts: show(b) });
  }
  return { strings: inputs.length, diffs };
}

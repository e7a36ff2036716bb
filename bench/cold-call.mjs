#!/usr/bin/env node
// What one call costs when it is the first after an idle gap, against the same
// call right after: 20 samples per gap, medians and means in µs.
//   node bench/cold-call.mjs [gapsMs=1,250,1000] [what=scrub|tiny|codec|noop]
// scrub: the wasm `scrub()` vs the plain TS Scrubber on a realistic string;
// tiny:  the same on "a" (mostly the call and its string crossings);
// codec: TextEncoder.encode + TextDecoder.decode (what the glue uses for
//        strings) vs a builtin, `toUpperCase`, both plain JS;
// noop:  a wasm getter with no strings (`InsightsCore.active`) vs a JS getter.
// Needs a built pkg/; the two slots alternate which goes first.
import { withBenchPage } from './lib/page.mjs';

const gaps = (process.argv[2] ?? '1,250,1000').split(',').map(Number);
const what = process.argv[3] ?? 'scrub';
if (gaps.some(g => !(g >= 0)) || !['scrub', 'tiny', 'codec', 'noop'].includes(what)) {
  console.error('cold-call: expected gaps in ms (e.g. 1,1000) and one of scrub, tiny, codec, noop');
  process.exit(2);
}
await withBenchPage(async page => {
  const r = await page.evaluate(async ([gaps, what]) => {
    const glue = await import('/pkg/insights.js');
    const { Scrubber } = await import('/bench/out/plain-ts/core.js');
    const ts = new Scrubber([]);
    const enc = new TextEncoder();
    const dec = new TextDecoder();
    const text = 'see /catalog/default/user/jane.doe?tab=1 mail jane@example.com token ghp_' + 'a'.repeat(36);
    // No config: the core starts inactive (and says so once in the console), which is all `active` needs.
    const core = what === 'noop' ? new glue.InsightsCore(undefined, 'http://127.0.0.1/') : undefined;
    const plain = { get active() { return text.length > 0; } };
    const calls = {
      noop: [() => core.active, () => plain.active],
      scrub: [i => glue.scrub(text + i), i => ts.scrub(text + i)],
      tiny: [() => glue.scrub('a'), () => ts.scrub('a')],
      codec: [i => dec.decode(enc.encode(text + i)), i => (text + i).toUpperCase()],
    }[what];
    for (let i = 0; i < 2000; i++) for (const f of calls) f(i);
    const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
    const us = a => {
      const s = [...a].sort((x, y) => x - y);
      return `${(s[s.length >> 1] * 1000).toFixed(0)} / ${((a.reduce((x, y) => x + y, 0) / a.length) * 1000).toFixed(0)}`;
    };
    const out = {};
    for (const gap of gaps) {
      const first = [[], []];
      const second = [[], []];
      for (let i = 0; i < 20; i++) {
        await sleep(gap);
        for (const k of i % 2 ? [0, 1] : [1, 0]) {
          const a = performance.now();
          calls[k](i);
          const b = performance.now();
          calls[k](i + 1);
          const c = performance.now();
          first[k].push(b - a);
          second[k].push(c - b);
        }
      }
      out[gap] = { first: first.map(us), second: second.map(us) };
    }
    return out;
  }, [gaps, what]);
  const [a, b] = { noop: ['wasm getter', 'JS getter'], scrub: ['wasm scrub', 'TS scrub'], tiny: ['wasm scrub("a")', 'TS scrub("a")'], codec: ['encode+decode', 'toUpperCase'] }[what];
  for (const [gap, v] of Object.entries(r)) {
    console.log(`after ${gap} ms idle (median / mean µs): ${a} first ${v.first[0]}, then ${v.second[0]} | ${b} first ${v.first[1]}, then ${v.second[1]}`);
  }
});

// What a browser downloads for the module, gzip -9 (node zlib), file by file:
// pkg/insights_bg.wasm + pkg/insights.js + the shim (dist/*.js).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export function gzipSizes(root, pkgDir = 'pkg') {
  const files = [`${pkgDir}/insights_bg.wasm`, `${pkgDir}/insights.js`];
  const dist = path.join(root, 'dist');
  if (fs.existsSync(dist)) {
    for (const f of fs.readdirSync(dist).filter(f => f.endsWith('.js')).sort()) files.push(`dist/${f}`);
  }
  const breakdown = {};
  const raw = {};
  let total = 0;
  for (const f of files) {
    const p = path.join(root, f);
    if (!fs.existsSync(p)) throw new Error(`${f} is missing: run \`bash scripts/build.sh\` first`);
    const bytes = fs.readFileSync(p);
    const gz = zlib.gzipSync(bytes, { level: 9 }).length;
    breakdown[f] = gz;
    raw[f] = bytes.length;
    total += gz;
  }
  return { total, breakdown, raw };
}

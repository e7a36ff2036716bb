// What a browser downloads for the module, gzip -9 (node zlib):
// pkg/insights_bg.wasm + pkg/insights.js and pkg/snippets/ (glue) + the shim (dist/*.js).
//
// Two measures of the JS:
//  - `minified`: glue and shim minified (esbuild through Vite's
//    transformWithEsbuild, as a production app build does) and gzipped as one
//    file, as they reach the browser inside the app's bundle. This is the
//    headline number and what the budget in `npm test` checks.
//  - `files`: each file as published (tsc output, unminified), gzipped on its
//    own: an upper bound, for an app that serves the package unbundled.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const gz = bytes => zlib.gzipSync(bytes, { level: 9 }).length;

function files(root, pkgDir) {
  const list = [`${pkgDir}/insights_bg.wasm`, `${pkgDir}/insights.js`];
  // The glue's own modules (shim/glue/*.js, which wasm-bindgen copies into pkg/snippets/), imported by it.
  const snippets = path.join(root, pkgDir, 'snippets');
  if (fs.existsSync(snippets)) {
    for (const f of fs.readdirSync(snippets, { recursive: true }).filter(f => f.endsWith('.js')).sort()) list.push(`${pkgDir}/snippets/${f}`);
  }
  const dist = path.join(root, 'dist');
  if (fs.existsSync(dist)) {
    for (const f of fs.readdirSync(dist).filter(f => f.endsWith('.js')).sort()) list.push(`dist/${f}`);
  }
  for (const f of list) {
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing: run \`bash scripts/build.sh\` first`);
  }
  return list;
}

/** Per-file gzip of the files as published. */
export function gzipSizes(root, pkgDir = 'pkg') {
  const breakdown = {};
  const raw = {};
  let total = 0;
  for (const f of files(root, pkgDir)) {
    const bytes = fs.readFileSync(path.join(root, f));
    breakdown[f] = gz(bytes);
    raw[f] = bytes.length;
    total += breakdown[f];
  }
  return { total, breakdown, raw };
}

/** JS files (relative to `root`) minified one by one and concatenated, as an app bundle carries them. */
async function minified(root, jsFiles) {
  const { transformWithEsbuild } = await import('vite');
  let js = '';
  for (const f of jsFiles) {
    const out = await transformWithEsbuild(fs.readFileSync(path.join(root, f), 'utf8'), f, { minify: true, format: 'esm', target: 'es2022' });
    js += out.code;
  }
  return js;
}

/** The wasm, plus glue and shim minified and gzipped together (see the note at the top). */
export async function downloadSizes(root, pkgDir = 'pkg') {
  const [wasmFile, ...jsFiles] = files(root, pkgDir);
  const wasm = fs.readFileSync(path.join(root, wasmFile));
  const js = await minified(root, jsFiles);
  const wasmGzip = gz(wasm);
  const jsGzip = gz(Buffer.from(js));
  return {
    total: wasmGzip + jsGzip,
    breakdown: { [wasmFile]: wasmGzip, 'glue + shim, minified': jsGzip },
    raw: { [wasmFile]: wasm.length, 'glue + shim, minified': Buffer.byteLength(js) },
  };
}

/**
 * The bench's plain TypeScript competitor (compiled into bench/out/plain-ts),
 * measured like the glue and shim: context for the download, not a target. It
 * leaves out what is off the measured path (outbox, debug output, config
 * validation, stats), so it is smaller than a product doing all of it would be.
 */
export async function plainTsSize(root) {
  const dir = 'bench/out/plain-ts';
  if (!fs.existsSync(path.join(root, dir))) throw new Error(`${dir} is missing: compile bench/plain-ts first`);
  const jsFiles = fs.readdirSync(path.join(root, dir)).filter(f => f.endsWith('.js')).sort().map(f => `${dir}/${f}`);
  return gz(Buffer.from(await minified(root, jsFiles)));
}

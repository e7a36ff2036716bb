#!/usr/bin/env node
// Shortens the names the wasm and its JS glue call each other by. wasm-bindgen
// names every import `__wbg_<name>_<16 hex digits>` and every export after its
// Rust path; each name is written twice (wasm import section and glue), and
// the hex does not compress. binaryen's --minify-imports-and-exports-and-modules
// renames them in the wasm and prints the mapping; this applies the mapping to
// the glue, then loads the result in Node to prove every import resolves and an
// export answers. Any mismatch fails the build (e.g. a wasm-bindgen upgrade that
// changes the glue's layout): nothing half-renamed is left in pkg/.
//   node scripts/minify-bindings.mjs [pkgDir=pkg]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = path.resolve(ROOT, process.argv[2] ?? 'pkg');
const wasmFile = path.join(pkg, 'insights_bg.wasm');
const glueFile = path.join(pkg, 'insights.js');
const GLUE_MODULE = './insights_bg.js';
const FEATURES = ['bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'reference-types', 'multivalue'].map(f => `--enable-${f}`);

function fail(msg) {
  console.error(`minify-bindings: ${msg}`);
  process.exit(1);
}

const escape = s => s.replace(/[$.*+?()[\]{}|\\^]/g, '\\$&');

/** Replaces the one match of `re` in `text`; fails unless there is exactly one. */
function replaceOnce(text, re, by, what) {
  const n = (text.match(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)) ?? []).length;
  if (n !== 1) fail(`expected one ${what} in the glue, found ${n}`);
  return text.replace(re, by);
}

const before = fs.readFileSync(wasmFile);
const tmp = `${wasmFile}.min`;
const out = execFileSync(
  path.join(ROOT, 'node_modules/.bin/wasm-opt'),
  ['--minify-imports-and-exports-and-modules', ...FEATURES, wasmFile, '-o', tmp],
  { encoding: 'utf8' },
);
const map = JSON.parse(out.slice(out.indexOf('{')));
const modules = [...new Set(WebAssembly.Module.imports(new WebAssembly.Module(fs.readFileSync(tmp))).map(i => i.module))];
if (modules.length !== 1) fail(`expected the minified wasm to import from one module, got ${JSON.stringify(modules)}`);

let glue = fs.readFileSync(glueFile, 'utf8');

// Imports: the glue's own functions are keys of `import0`; snippet functions
// come from `import * as importN from "<snippet>"` namespaces.
const namespaces = new Map();
for (const m of glue.matchAll(/^import \* as (import\d+) from "([^"]+)"/gm)) namespaces.set(m[2], m[1]);
const fromSnippets = [];
for (const [mod, name, short] of map.imports) {
  if (mod === GLUE_MODULE) {
    glue = replaceOnce(glue, new RegExp(`^(\\s+)${escape(name)}:`, 'm'), `$1${short}:`, `import key ${name}`);
  } else if (namespaces.has(mod)) {
    fromSnippets.push(`        ${JSON.stringify(short)}: ${namespaces.get(mod)}[${JSON.stringify(name)}],`);
  } else {
    fail(`no namespace import for module ${mod}`);
  }
}
glue = replaceOnce(glue, /(const import0 = \{\n\s+__proto__: null,\n)/, `$1${fromSnippets.join('\n')}\n`, '`const import0 = {`');
glue = replaceOnce(
  glue,
  /return \{\n\s+__proto__: null,\n(\s+"[^"]+": import\d+,\n)+\s+\};/,
  `return { __proto__: null, ${JSON.stringify(modules[0])}: import0 };`,
  'import object',
);

// Exports: every use in the glue is `wasm.<name>`.
for (const [name, short] of map.exports) {
  glue = glue.replace(new RegExp(`\\bwasm\\.${escape(name)}\\b`, 'g'), `wasm.${short}`);
}

// Proof: instantiate with the rewritten glue, then call one export.
const probe = path.join(pkg, `.probe-${process.pid}.js`);
fs.writeFileSync(probe, glue);
fs.writeFileSync(wasmFile, fs.readFileSync(tmp));
try {
  const mod = await import(pathToFileURL(probe).href);
  mod.initSync({ module: fs.readFileSync(wasmFile) });
  const scrubbed = mod.scrub('mail jane@example.com');
  if (scrubbed !== 'mail <email>') throw new Error(`scrub() answered ${JSON.stringify(scrubbed)}`);
} catch (e) {
  fs.writeFileSync(wasmFile, before);
  fail(`the renamed wasm and glue do not work together (${e.message}); pkg/ keeps the unrenamed wasm`);
} finally {
  fs.rmSync(probe, { force: true });
  fs.rmSync(tmp, { force: true });
}
fs.writeFileSync(glueFile, glue);
console.log(`minify-bindings: ${map.imports.length} imports and ${map.exports.length} exports renamed; wasm ${before.length} -> ${fs.statSync(wasmFile).size} B`);

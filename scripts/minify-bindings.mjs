#!/usr/bin/env node
// Shortens the names the wasm and its JS glue call each other by. wasm-bindgen
// names every import `__wbg_<name>_<16 hex digits>` and every export after its
// Rust path; each name is written twice (wasm import section and glue), and
// the hex does not compress. binaryen's --minify-imports-and-exports-and-modules
// renames them in the wasm and prints the mapping; this applies the mapping to
// the glue and its type declarations, then loads the result in Node to prove
// every import resolves and an export answers. Any mismatch fails the build
// (e.g. a wasm-bindgen upgrade that changes the glue's layout), and then
// nothing in pkg/ is changed.
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

/** Stops the rewrite; the wrapper at the bottom cleans up and exits 1. */
function fail(msg) {
  throw new Error(msg);
}

const escape = s => s.replace(/[$.*+?()[\]{}|\\^]/g, '\\$&');

/** Replaces the one match of `re` in `text`; fails unless there is exactly one. `by` is a
 * function so that a short name like `$1` is never read as a capture group. */
function replaceOnce(text, re, by, what) {
  const n = (text.match(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)) ?? []).length;
  if (n !== 1) fail(`expected one ${what} in the glue, found ${n}`);
  return text.replace(re, by);
}

const before = fs.statSync(wasmFile).size;
const tmp = `${wasmFile}.min`;
const probe = path.join(pkg, `.probe-${process.pid}.js`);

async function rename() {
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
      glue = replaceOnce(glue, new RegExp(`^(\\s+)${escape(name)}:`, 'm'), (_, indent) => `${indent}${short}:`, `import key ${name}`);
    } else if (namespaces.has(mod)) {
      fromSnippets.push(`        ${JSON.stringify(short)}: ${namespaces.get(mod)}[${JSON.stringify(name)}],`);
    } else {
      fail(`no namespace import for module ${mod}`);
    }
  }
  glue = replaceOnce(glue, /(const import0 = \{\n\s+__proto__: null,\n)/, head => `${head}${fromSnippets.join('\n')}\n`, '`const import0 = {`');
  glue = replaceOnce(
    glue,
    /return \{\n\s+__proto__: null,\n(\s+"[^"]+": import\d+,\n)+\s+\};/,
    () => `return { __proto__: null, ${JSON.stringify(modules[0])}: import0 };`,
    'import object',
  );

  // Exports: every use in the glue is `wasm.<name>`.
  for (const [name, short] of map.exports) {
    glue = glue.replace(new RegExp(`\\bwasm\\.${escape(name)}\\b`, 'g'), () => `wasm.${short}`);
  }

  // The raw exports' types (`InitOutput`, and the wasm's own .d.ts) follow the
  // new names, so what `init()` is declared to return stays true.
  const types = [];
  for (const [file, lead] of [['insights.d.ts', '\\s+readonly '], ['insights_bg.wasm.d.ts', 'export const ']]) {
    const f = path.join(pkg, file);
    if (!fs.existsSync(f)) continue;
    let text = fs.readFileSync(f, 'utf8');
    for (const [name, short] of map.exports) {
      text = text.replace(new RegExp(`^(${lead})${escape(name)}:`, 'm'), (_, l) => `${l}${short}:`);
    }
    const stale = map.exports.filter(([name]) => new RegExp(`^${lead}${escape(name)}:`, 'm').test(text));
    if (stale.length) fail(`${file} still names ${stale.map(([n]) => n).join(', ')}`);
    types.push([f, text]);
  }

  // Proof: instantiate the renamed wasm with the rewritten glue, then call one export.
  fs.writeFileSync(probe, glue);
  const mod = await import(pathToFileURL(probe).href);
  mod.initSync({ module: fs.readFileSync(tmp) });
  const scrubbed = mod.scrub('mail jane@example.com');
  if (scrubbed !== 'mail <email>') fail(`the renamed wasm and glue do not work together: scrub() answered ${JSON.stringify(scrubbed)}`);

  // Only now is anything in pkg/ replaced.
  fs.renameSync(tmp, wasmFile);
  fs.writeFileSync(glueFile, glue);
  for (const [f, text] of types) fs.writeFileSync(f, text);
  return map;
}

try {
  const map = await rename();
  console.log(`minify-bindings: ${map.imports.length} imports and ${map.exports.length} exports renamed; wasm ${before} -> ${fs.statSync(wasmFile).size} B`);
} catch (e) {
  console.error(`minify-bindings: ${e.message}; nothing in ${path.relative(ROOT, pkg) || "."}/ was changed`);
  process.exitCode = 1;
} finally {
  fs.rmSync(probe, { force: true });
  fs.rmSync(tmp, { force: true });
}

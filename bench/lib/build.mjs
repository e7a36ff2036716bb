// Build steps the bench needs: the plain TypeScript competitor (tsc into the
// git-ignored bench/out/), and a check that the wasm package exists.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Compiles bench/plain-ts/*.ts to bench/out/plain-ts/*.js; throws with tsc's output on failure. */
export function compilePlainTs() {
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'bench/plain-ts/tsconfig.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`tsc failed for bench/plain-ts:\n${r.stdout}${r.stderr}`);
}

/** Throws a clear message when pkg/ or dist/ has not been built. */
export function requireBuilt() {
  for (const f of ['pkg/insights.js', 'pkg/insights_bg.wasm', 'dist/index.js']) {
    if (!fs.existsSync(path.join(ROOT, f))) {
      throw new Error(`${f} is missing: run \`bash scripts/build.sh\` (or \`npm run bench\`, which builds first)`);
    }
  }
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PATH: `${process.env.HOME}/.cargo/bin:${process.env.PATH}` } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
}

/**
 * A private copy of the package from the current source, without touching
 * pkg/ or dist/: the release build's own scripts (cargo-release.sh, then
 * package-wasm.sh), into `outDir` (under bench/out/).
 * `names: true` keeps function names (for CPU profiles) instead of stripping them.
 */
export function buildPrivatePkg(outDir, { names = false, cargo = true } = {}) {
  if (cargo) run('bash', [path.join(ROOT, 'scripts/cargo-release.sh')]);
  run('bash', [path.join(ROOT, 'scripts/package-wasm.sh'), outDir, ...(names ? ['--names'] : [])]);
}

#!/usr/bin/env node
// `npm start` main job (after scripts/setup.sh and scripts/build.sh):
// builds the demo Backstage app (www/) with Vite, then runs the local collector
// serving the app and its config and printing one line per event received.
//
//   PORT=7007 node scripts/start.mjs [--skip-build] [collector flags, e.g. --set backstageInsights.debug=true]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const skipBuild = args.includes('--skip-build');
const collectorArgs = args.filter(a => a !== '--skip-build');
const port = process.env.PORT || '7007';
const host = '127.0.0.1';
const out = path.join('collector', 'events.jsonl');

const bold = s => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = s => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

if (!fs.existsSync(path.join(root, 'dist/index.js')) || !fs.existsSync(path.join(root, 'pkg/insights.js'))) {
  console.error('start: dist/ or pkg/ is missing; run `npm start` (or `bash scripts/build.sh` first)');
  process.exit(1);
}

if (skipBuild && fs.existsSync(path.join(root, 'www/dist/index.html'))) {
  console.log('[start] --skip-build: using the existing www/dist');
} else {
  console.log('[start] building the demo Backstage app: vite build www');
  const t = Date.now();
  const r = spawnSync(path.join(root, 'node_modules/.bin/vite'), ['build', 'www', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error(`[start] vite build failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  console.log(`[start] built www/dist in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

const child = spawn(
  process.execPath,
  [
    'collector/server.mjs',
    '--port', port,
    '--host', host,
    '--out', out,
    '--static', 'www/dist',
    '--app-config', 'www/app-config.yaml',
    ...collectorArgs,
  ],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);

let url;
readline.createInterface({ input: child.stdout }).on('line', line => {
  const m = /^collector listening on (http:\/\/\S+)$/.exec(line);
  if (m && !url) {
    url = m[1];
    const banner = `  Backstage Insights demo:  ${url}  `;
    const bar = '═'.repeat(banner.length);
    console.log(`\n╔${bar}╗\n║${bold(banner)}║\n╚${bar}╝`);
    console.log(dim(`  Open the URL and click around; each event the collector receives is printed below`));
    console.log(dim(`  and appended to ${out}. Config: www/app-config.yaml (set backstageInsights.debug: true`));
    console.log(dim(`  and reload to log events in the browser console instead of sending them). Ctrl-C stops.\n`));
    return;
  }
  console.log(line);
});

let stopping = false;
const stop = signal => {
  if (stopping) return;
  stopping = true;
  console.log(`\n[start] stopping the collector`);
  child.kill(signal);
  setTimeout(() => child.kill('SIGKILL'), 3000).unref();
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

child.on('exit', (code, signal) => {
  if (stopping) process.exit(0);
  if (!url) console.error(`[start] the collector did not start (port ${port} in use? try PORT=7008 npm start)`);
  process.exit(code ?? (signal ? 1 : 0));
});

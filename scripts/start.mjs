#!/usr/bin/env node
// `npm start` main job (after scripts/setup.sh and scripts/build.sh): builds the
// demo Backstage app (www/) with Vite, then starts the demo's real Backstage
// backend (www/backend: the Insights backend on SQLite, guest sign-in, a demo
// catalog, permissions), which also serves the app. Prints the URL, then one
// line per event stored.
//
//   PORT=7007 node scripts/start.mjs [--skip-build] [--verbose]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const skipBuild = args.includes('--skip-build');
const verbose = args.includes('--verbose');
const port = process.env.PORT || '7007';
const baseUrl = `http://127.0.0.1:${port}`;

const bold = s => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = s => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

for (const built of ['dist/index.js', 'pkg/insights.js', 'plugins/insights-backend/dist/index.js', 'plugins/insights-backend/wasm/insights.js']) {
  if (!fs.existsSync(path.join(root, built))) {
    console.error(`start: ${built} is missing; run \`npm start\` (or \`bash scripts/build.sh\` first)`);
    process.exit(1);
  }
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

console.log('[start] starting the demo Backstage backend (www/backend)');
const child = spawn(
  process.execPath,
  ['www/backend/index.mjs', '--config', 'www/app-config.yaml', '--config', 'www/backend/app-config.yaml'],
  {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      APP_CONFIG_app_baseUrl: baseUrl,
      APP_CONFIG_backend_baseUrl: baseUrl,
      APP_CONFIG_backend_listen_port: port,
      // Plain lines: the demo prints them as they come.
      NODE_ENV: process.env.NODE_ENV ?? 'development',
    },
  },
);

let ready = false;
const show = line => {
  if (!ready && /Plugin initialization complete/.test(line)) {
    ready = true;
    const banner = `  Backstage Insights demo:  ${baseUrl}  `;
    const bar = '═'.repeat(banner.length);
    console.log(`\n╔${bar}╗\n║${bold(banner)}║\n╚${bar}╝`);
    console.log(dim('  Open the URL (you are signed in as the guest, a member of the platform team) and click'));
    console.log(dim('  around: each event the Insights backend stores is printed below. The dashboard is at'));
    console.log(dim(`  ${baseUrl}/insights. Data: .cache/demo-db (SQLite). Config: www/app-config.yaml and`));
    console.log(dim('  www/backend/app-config.yaml. --verbose prints every backend log line. Ctrl-C stops.\n'));
    return;
  }
  if (verbose || /Insights|error|warn/i.test(line)) console.log(line);
};
readline.createInterface({ input: child.stdout }).on('line', show);
readline.createInterface({ input: child.stderr }).on('line', show);

let stopping = false;
const stop = signal => {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping the backend');
  child.kill(signal);
  setTimeout(() => child.kill('SIGKILL'), 5000).unref();
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

child.on('exit', (code, signal) => {
  if (stopping) process.exit(0);
  if (!ready) console.error(`[start] the backend did not start (port ${port} in use? try PORT=7008 npm start)`);
  process.exit(code ?? (signal ? 1 : 0));
});

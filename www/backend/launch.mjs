// Starts the demo backend (www/backend/index.mjs) as a child process on a free
// port, with extra config layered on top of the demo's: for the end-to-end
// tests (a temporary SQLite directory) and the backend benchmark (PostgreSQL,
// several replicas).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import yaml from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Resolves once every plugin has started; `config` is merged over the demo's. */
export async function launchDemoBackend({ config = {}, port } = {}) {
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'insights-backend-'));
  const extra = path.join(dir, 'app-config.yaml');
  fs.writeFileSync(
    extra,
    yaml.stringify({ ...config, app: { baseUrl: url }, backend: { ...config.backend, baseUrl: url, listen: { host: '127.0.0.1', port } } }),
  );
  const child = spawn(
    process.execPath,
    ['www/backend/index.mjs', '--config', 'www/app-config.yaml', '--config', 'www/backend/app-config.yaml', '--config', extra],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  const lines = [];
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the backend did not start:\n${lines.slice(-30).join('\n')}`)), 120_000);
    const onLine = line => {
      lines.push(line);
      if (lines.length > 5000) lines.splice(0, 1000);
      if (/Plugin initialization complete/.test(line)) {
        clearTimeout(timer);
        resolve();
      }
    };
    readline.createInterface({ input: child.stdout }).on('line', onLine);
    readline.createInterface({ input: child.stderr }).on('line', onLine);
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`the backend exited (${code}):\n${lines.slice(-30).join('\n')}`));
    });
  });
  return {
    url,
    lines,
    child,
    /** A guest token from the auth backend, as the app gets it. */
    async guestToken() {
      const res = await fetch(`${url}/api/auth/guest/refresh`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
      return (await res.json()).backstageIdentity.token;
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise(r => child.once('exit', r));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

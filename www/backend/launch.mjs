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
/** `nodeArgs`: for example `--cpu-prof` to profile the backend. */
export async function launchDemoBackend({ config = {}, port, nodeArgs = [] } = {}) {
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
    [...nodeArgs, 'www/backend/index.mjs', '--config', 'www/app-config.yaml', '--config', 'www/backend/app-config.yaml', '--config', extra],
    // 'test': JSON log lines, and no warning about a localhost baseUrl.
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } },
  );
  const lines = [];
  const onLine = line => {
    lines.push(line);
    if (lines.length > 5000) lines.splice(0, 1000);
  };
  readline.createInterface({ input: child.stdout }).on('line', onLine);
  readline.createInterface({ input: child.stderr }).on('line', onLine);
  const exited = new Promise((_, reject) =>
    child.once('exit', code => reject(new Error(`the backend exited (${code}):\n${lines.slice(-30).join('\n')}`))),
  );
  exited.catch(() => {});
  // Ready once every plugin has started (Backstage's readiness endpoint), whatever the log level.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ready = await Promise.race([
      fetch(`${url}/.backstage/health/v1/readiness`).then(r => r.ok, () => false),
      exited,
    ]);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the backend did not start:\n${lines.slice(-30).join('\n')}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
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

// The demo's real Backstage backend (www/backend) as a child process for the
// end-to-end tests: a free port, its own SQLite directory, and the Insights
// database opened read-only so a test reads back exactly what was stored.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import { ROOT } from './harness.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Starts the backend; resolves once every plugin has started. */
export async function startDemoBackend({ env = {} } = {}) {
  const port = await freePort();
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'insights-e2e-db-'));
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    ['www/backend/index.mjs', '--config', 'www/app-config.yaml', '--config', 'www/backend/app-config.yaml'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'production', // one JSON log line per entry
        APP_CONFIG_app_baseUrl: url,
        APP_CONFIG_backend_baseUrl: url,
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_database_connection_directory: dbDir,
        ...env,
      },
    },
  );
  const lines = [];
  const started = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo backend did not start:\n${lines.slice(-30).join('\n')}`)), 90_000);
    const onLine = line => {
      lines.push(line);
      if (/Plugin initialization complete/.test(line)) {
        clearTimeout(timer);
        resolve();
      }
    };
    readline.createInterface({ input: child.stdout }).on('line', onLine);
    readline.createInterface({ input: child.stderr }).on('line', onLine);
    child.on('exit', code => reject(new Error(`the demo backend exited (${code}):\n${lines.slice(-30).join('\n')}`)));
  });
  await started;
  let db;
  const database = () => (db ??= new Database(path.join(dbDir, 'backstage-insights.sqlite'), { readonly: true, fileMustExist: true }));
  return {
    url,
    lines,
    /** Every stored event, oldest first. */
    events: () => database().prepare('select * from insights_events order by received_at, id').all(),
    /** A guest token from the auth backend, as the app gets it. */
    async guestToken() {
      const res = await fetch(`${url}/api/auth/guest/refresh`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
      return (await res.json()).backstageIdentity.token;
    },
    async stop() {
      db?.close();
      child.kill('SIGTERM');
      await new Promise(r => (child.exitCode !== null ? r() : child.once('exit', r)));
      fs.rmSync(dbDir, { recursive: true, force: true });
    },
  };
}

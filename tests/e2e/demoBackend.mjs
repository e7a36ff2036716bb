// The demo's real Backstage backend for the end-to-end tests, on its own SQLite
// directory, with the Insights database opened read-only so a test reads back
// exactly what was stored.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { launchDemoBackend } from '../../www/backend/launch.mjs';

export async function startDemoBackend({ config = {} } = {}) {
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'insights-e2e-db-'));
  const backend = await launchDemoBackend({
    config: {
      demo: { seedSampleData: false },
      ...config,
      backend: { database: { client: 'better-sqlite3', connection: { directory: dbDir } } },
    },
  });
  let db;
  const database = () =>
    (db ??= new Database(path.join(dbDir, 'backstage-insights.sqlite'), { readonly: true, fileMustExist: true }));
  return {
    ...backend,
    /** Every stored event, oldest first. */
    events: () => database().prepare('select * from insights_events order by received_at, id').all(),
    async stop() {
      db?.close();
      await backend.stop();
      fs.rmSync(dbDir, { recursive: true, force: true });
    },
  };
}

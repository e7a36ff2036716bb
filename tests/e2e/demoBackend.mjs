// The demo's real Backstage backend for the end-to-end tests, on its own SQLite
// directory, with the Insights database opened read-only so a test reads back
// exactly what was stored.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import Database from 'better-sqlite3';
import { launchDemoBackend } from '../../www/backend/launch.mjs';
import { ensureAppBuilt, launchBrowser, openPage, waitFor } from './harness.mjs';

/** The salt in www/app-config.yaml. */
export const DEMO_SALT = 'demo-salt-0f8e2c1b7a9d4e36';

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

/**
 * For a test file: the demo app built, the backend and a browser started
 * before its tests and stopped after them. `setUp` runs once both are up;
 * `config` is layered over the demo's (the app and the backend read it).
 */
export function useDemoBackendSuite({ setUp, config } = {}) {
  const s = { backend: undefined, browser: undefined };
  before(async () => {
    ensureAppBuilt();
    s.backend = await startDemoBackend({ config });
    s.browser = await launchBrowser();
    await setUp?.(s);
  });
  after(async () => {
    await s.browser?.close();
    await s.backend?.stop();
  });
  return s;
}

/** A new tab on the demo's Actions page, served by the suite's backend. */
export async function openDemoActions(suite) {
  const tab = await openPage(suite.browser);
  await tab.page.goto(`${suite.backend.url}/home`);
  await tab.page.getByText('Backstage Insights demo').first().waitFor({ timeout: 30_000 });
  await tab.page.getByText('Actions').first().click();
  return tab;
}

/**
 * Today's `/summary` as the signed-in guest, polled until `ready(summary)`
 * (the rollup task counts stored events every few seconds).
 */
export async function todaysSummaryOnceRolledUp(suite, ready) {
  const token = await suite.backend.guestToken();
  const today = new Date().toISOString().slice(0, 10);
  return waitFor(
    async () => {
      const res = await fetch(`${suite.backend.url}/api/backstage-insights/summary?from=${today}&to=${today}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status !== 200) throw new Error(`/summary answered ${res.status}`);
      const body = await res.json();
      return ready(body) && body;
    },
    { timeout: 30_000, interval: 500, message: 'the rollup task to count the events' },
  );
}

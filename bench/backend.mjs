#!/usr/bin/env node
// `npm run bench:backend`: the Insights backend in the demo's real Backstage
// backend (www/backend), measured from a second process on loopback.
//   1. ingest: batches of 25 events over HTTP with a real guest token, as the
//      module sends them, into PostgreSQL and then SQLite (autocannon);
//   2. /summary over 90 days holding 10 million events in PostgreSQL;
//   3. faults: two replicas on one PostgreSQL database, 10 % of requests
//      aborted, the database restarted midway; a client that retries like
//      the module; then every sent id is looked up.
// Writes bench/backend-results.json and prints a table.
//   node bench/backend.mjs [--quick]   (--quick: 1 million events, shorter runs)
import { execFile, execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { chromium } from 'playwright-core';
import pg from 'pg';
import { CHROMIUM_ARGS, ensureAppBuilt } from '../tests/e2e/harness.mjs';
import { launchDemoBackend } from '../www/backend/launch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const SALT = 'demo-salt-0f8e2c1b7a9d4e36';
const GUEST = 'user:default/guest';
const IDENTITY = createHash('sha256').update(GUEST + SALT).digest('hex');
const PREFIX = 'insights_bench_';
const DB = `${PREFIX}backstage-insights`;
const T0 = Date.now();
const log = msg => console.log(`[bench:backend ${((Date.now() - T0) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

ensureAppBuilt();
const conn = execFileSync('bash', ['scripts/postgres.sh', 'start'], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop();
const pgVersion = execFileSync('su', ['postgres', '-c', 'psql -tAc "show server_version"'], { encoding: 'utf8' }).trim();

/** Drops the bench database as the postgres superuser: after the bulk load, autovacuum holds it for minutes. */
function dropBenchDatabase() {
  execFileSync('su', ['postgres', '-c', `dropdb --if-exists --force '${DB}'`]);
}

async function insightsDb(fn) {
  const c = new pg.Client({ connectionString: `${conn}/${DB}` });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const pgConfig = {
  demo: { seedSampleData: false },
  backend: { database: { client: 'pg', connection: conn, prefix: PREFIX } },
  backstageInsights: { backend: { logEvents: false, rateLimit: { eventsPerMinute: 0 } } },
};

function batchBody(size = 25) {
  const now = new Date().toISOString();
  return JSON.stringify({
    batchId: randomUUID(),
    sentAt: now,
    events: Array.from({ length: size }, (_, i) => ({
      id: randomUUID(),
      timestamp: now,
      action: i % 5 ? 'navigate' : 'click',
      subject: i % 5 ? `/catalog/default/component/service-${i}` : 'Open in GitHub',
      attributes: i % 5 ? {} : { to: 'https://github.com/acme/service' },
      context: { pluginId: 'catalog', routeRef: 'catalog:entity', extension: 'App' },
      identity: IDENTITY,
    })),
  });
}

/**
 * Batches of 25 offered at a steady `eventsPerSecond` (open loop: a request
 * leaves on schedule whether or not earlier ones were answered, as from many
 * browsers), for `seconds`; latency of each request.
 */
async function pacedIngest(backend, eventsPerSecond, seconds) {
  const token = await backend.guestToken();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const { hostname, port } = new URL(backend.url);
  const interval = 1000 / (eventsPerSecond / 25);
  const latencies = [];
  let ok = 0;
  let failed = 0;
  const post = body =>
    new Promise(resolve => {
      const t = performance.now();
      const req = http.request(
        {
          agent, hostname, port, method: 'POST', path: '/api/backstage-insights/events',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) },
        },
        res => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - t);
            if (res.statusCode === 200) ok++;
            else failed++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(body);
    });
  const bodies = Array.from({ length: 64 }, () => batchBody());
  const pending = [];
  const start = performance.now();
  for (let i = 0; performance.now() - start < seconds * 1000; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise(r => setTimeout(r, wait));
    // Fresh ids for each request; the body otherwise reused, so the client stays cheap.
    const body = bodies[i % bodies.length].replace(/"id":"[0-9a-f-]{36}"/g, () => `"id":"${randomUUID()}"`);
    pending.push(post(body));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = q => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] * 10) / 10;
  return {
    offered_events_per_s: eventsPerSecond,
    ingest_events_per_s: Math.round((ok * 25) / elapsed),
    p50_ms: pct(0.5),
    p99_ms: pct(0.99),
    requests_ok: ok,
    requests_failed: failed,
  };
}

/** The most events per second 16 clients get through, each sending its next batch when the last is answered. */
async function maxIngest(backend, seconds) {
  const token = await backend.guestToken();
  const result = await autocannon({
    url: `${backend.url}/api/backstage-insights/events`,
    connections: 16,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        setupRequest: req => ({ ...req, body: batchBody() }),
      },
    ],
  });
  return { max_events_per_s: Math.round((result['2xx'] * 25) / seconds), max_p99_ms: result.latency.p99 };
}

async function ingest(backend, seconds) {
  // Warm-up, not counted: the first requests open database connections, fetch
  // the auth backend's keys, look the user's team up and compile the hot code.
  await pacedIngest(backend, 5000, 3);
  const paced = await pacedIngest(backend, 5000, seconds);
  return { ...paced, ...(await maxIngest(backend, seconds)) };
}

/** 90 days of synthetic events straight into the table, oldest first as they would arrive, then the rollups. */
async function seed(total) {
  const days = 90;
  await insightsDb(c =>
    c.query(
      `insert into insights_events (id, day, timestamp, received_at, action, subject, value, attributes, context, plugin_id, entity_ref, identity, team, sample)
       select 'b' || lpad(g::text, 35, '0'),
              to_char(current_date - ($2 - 1 - (g - 1) * $2 / $1)::int, 'YYYY-MM-DD'),
              to_char(current_date - ($2 - 1 - (g - 1) * $2 / $1)::int, 'YYYY-MM-DD') || 'T12:00:00.000Z',
              0,
              case when g % 10 = 0 then 'search' when g % 97 = 0 then 'create' else 'navigate' end,
              case when g % 10 = 0 then 'query ' || (g % 300) else '/catalog/default/component/c' || (g % 500) end,
              null, '{}', '{}',
              'plugin-' || (g % 15),
              case when g % 3 = 0 then 'component:default/c' || (g % 500) end,
              lpad(to_hex(g % 2000), 64, '0'),
              'group:default/team-' || (g % 2000 % 25),
              false
       from generate_series(1, $1::bigint) g`,
      [total, days],
    ),
  );
  await insightsDb(c =>
    c.query(
      `insert into insights_dirty_days (day) select to_char(current_date - d, 'YYYY-MM-DD') from generate_series(0, $1 - 1) d on conflict do nothing`,
      [days],
    ),
  );
}

async function waitForRollups(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await insightsDb(c => c.query('select count(*)::int as n from insights_dirty_days'));
    if (rows[0].n === 0) return;
    if (Date.now() > deadline) throw new Error(`rollups not done after ${timeoutMs} ms (${rows[0].n} days left)`);
    await new Promise(r => setTimeout(r, 2000));
  }
}

async function summaryLatency(backend, rounds) {
  const token = await backend.guestToken();
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
  const times = [];
  let last;
  for (let i = 0; i < rounds; i++) {
    const grouping = ['day', 'week', 'month'][i % 3];
    const t = performance.now();
    const res = await fetch(`${backend.url}/api/backstage-insights/summary?from=${from}&to=${to}&grouping=${grouping}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    last = await res.json();
    if (res.status !== 200) throw new Error(`/summary answered ${res.status}: ${JSON.stringify(last)}`);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const pct = p => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))] * 10) / 10;
  return { summary_p50_ms: pct(0.5), summary_p95_ms: pct(0.95), summary_events: last.totals.events };
}

/**
 * The dashboard in headless Chromium: from opening /insights to the totals on
 * screen (the default 30 days), then from choosing "Last 90 days" to its
 * numbers on screen. The first visit loads the app cold; the median is of the rest.
 */
async function dashboardTiming(backend, rounds) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext()).newPage();
    // The visits' own analytics events stay out of the numbers.
    await page.route('**/api/backstage-insights/events', r => r.abort());
    const from90 = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
    const open = [];
    const ninety = [];
    for (let i = 0; i < rounds; i++) {
      let t = performance.now();
      await page.goto(`${backend.url}/insights`);
      await page.locator('dl').first().waitFor({ timeout: 60_000 });
      open.push(performance.now() - t);
      t = performance.now();
      await page.getByLabel('Date range').selectOption('last90');
      await page.getByText(`${from90} to`).first().waitFor({ timeout: 60_000 });
      await page.locator('dl').first().waitFor();
      ninety.push(performance.now() - t);
    }
    const median = xs => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
    return {
      dashboard_first_open_ms: Math.round(open[0]),
      dashboard_open_median_ms: median(open.slice(1)),
      dashboard_90_days_median_ms: median(ninety.slice(1)),
    };
  } finally {
    await browser.close();
  }
}

/** The fault run: every batch retried until a 2xx, like the module, then every id looked up. */
async function faults(replicas, batches) {
  const tokens = await Promise.all(replicas.map(r => r.guestToken()));
  const sentIds = [];
  let aborted = 0;
  let refused = 0;
  let requests = 0;
  let restarted = false;
  const queue = Array.from({ length: batches }, () => batchBody());
  for (const b of queue) for (const e of JSON.parse(b).events) sentIds.push(e.id);
  let next = 0;
  const worker = async w => {
    for (;;) {
      const i = next++;
      if (i >= queue.length) return;
      if (!restarted && i >= queue.length / 3) {
        restarted = true;
        log('faults: restarting PostgreSQL');
        // In the background: the clients keep sending while the database is down.
        restart = new Promise((resolve, reject) =>
          execFile('pg_ctlcluster', [pgVersion.split('.')[0], 'main', 'restart'], e => (e ? reject(e) : resolve())),
        );
      }
      for (let attempt = 0; ; attempt++) {
        const r = (w + attempt) % replicas.length;
        const ac = new AbortController();
        const abort = Math.random() < 0.1;
        if (abort) setTimeout(() => ac.abort(), Math.random() * 20);
        requests++;
        try {
          const res = await fetch(`${replicas[r].url}/api/backstage-insights/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[r]}` },
            body: queue[i],
            signal: ac.signal,
          });
          await res.arrayBuffer();
          if (res.ok) break;
          refused++;
        } catch {
          aborted++;
        }
        await new Promise(res => setTimeout(res, Math.min(1000, 50 * 2 ** attempt)));
      }
    }
  };
  let restart;
  await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
  await restart;
  const stored = await insightsDb(async c => {
    const { rows } = await c.query(
      'select count(*)::int as n, count(distinct id)::int as d from insights_events where id = any($1)',
      [sentIds],
    );
    return rows[0];
  });
  return {
    sent: sentIds.length,
    lost: sentIds.length - stored.d,
    stored_twice: stored.n - stored.d,
    requests,
    aborted_or_failed: aborted,
    refused_then_retried: refused,
    replicas: replicas.length,
    database_restarts: 1,
  };
}

const results = {
  machine: {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: pgVersion,
    quick,
  },
};

dropBenchDatabase();
let a = await launchDemoBackend({ config: pgConfig });
try {
  log(`PostgreSQL ${pgVersion}: ingest for ${quick ? 5 : 20} s`);
  const pgIngest = await ingest(a, quick ? 5 : 20);
  const stored = await insightsDb(c => c.query('select count(*)::int as n from insights_events'));
  results.postgres = { ...pgIngest, events_stored: stored.rows[0].n };
  log(`  ${JSON.stringify(pgIngest)}`);

  const total = quick ? 1_000_000 : 10_000_000;
  log(`seeding ${total.toLocaleString()} events over 90 days`);
  await seed(total);
  log('waiting for the rollup task');
  const rollupStart = Date.now();
  await waitForRollups(30 * 60_000);
  results.postgres = { ...results.postgres, rollup_90_days_s: Math.round((Date.now() - rollupStart) / 1000) };
  const sum = await summaryLatency(a, 60);
  results.postgres = { ...results.postgres, ...sum };
  log(`  /summary over 90 days: ${JSON.stringify(sum)}`);
  const page = await dashboardTiming(a, 6);
  results.postgres = { ...results.postgres, ...page };
  log(`  the dashboard in Chromium: ${JSON.stringify(page)}`);

  log('faults: two replicas, 10 % aborted, a database restart');
  const b = await launchDemoBackend({ config: pgConfig });
  try {
    results.faults = await faults([a, b], quick ? 200 : 800);
  } finally {
    await b.stop();
  }
  log(`  ${JSON.stringify(results.faults)}`);
} finally {
  await a.stop();
}

const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'insights-bench-sqlite-'));
a = await launchDemoBackend({
  config: { ...pgConfig, backend: { database: { client: 'better-sqlite3', connection: { directory: sqliteDir } } } },
});
try {
  log(`SQLite: ingest for ${quick ? 5 : 20} s`);
  results.sqlite = await ingest(a, quick ? 5 : 20);
  log(`  ${JSON.stringify(results.sqlite)}`);
} finally {
  await a.stop();
  fs.rmSync(sqliteDir, { recursive: true, force: true });
}
dropBenchDatabase();

fs.writeFileSync(path.join(root, 'bench/backend-results.json'), `${JSON.stringify(results, null, 2)}\n`);
const targets = [
  ['PostgreSQL ingest', `${results.postgres.ingest_events_per_s} events/s`, '>= 5,000', results.postgres.ingest_events_per_s >= 5000],
  ['PostgreSQL ingest p99', `${results.postgres.p99_ms} ms`, '<= 100 ms', results.postgres.p99_ms <= 100],
  ['SQLite ingest', `${results.sqlite.ingest_events_per_s} events/s (p99 ${results.sqlite.p99_ms} ms)`, 'reported', true],
  [`/summary p95, 90 days, ${results.postgres.summary_events.toLocaleString()} events`, `${results.postgres.summary_p95_ms} ms`, '<= 300 ms', results.postgres.summary_p95_ms <= 300],
  ['dashboard: 90 days on screen (median)', `${results.postgres.dashboard_90_days_median_ms} ms (opening: ${results.postgres.dashboard_open_median_ms} ms, cold ${results.postgres.dashboard_first_open_ms} ms)`, '<= 1,000 ms', results.postgres.dashboard_90_days_median_ms <= 1000],
  ['faults: lost / stored twice', `${results.faults.lost} / ${results.faults.stored_twice} of ${results.faults.sent}`, '0 / 0', results.faults.lost === 0 && results.faults.stored_twice === 0],
];
console.log('\n| measure | result | target | met |\n|---|---|---|---|');
for (const [m, r, t, ok] of targets) console.log(`| ${m} | ${r} | ${t} | ${ok ? 'yes' : 'no'} |`);
console.log(`\n${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node}, PostgreSQL ${pgVersion}; bench/backend-results.json`);

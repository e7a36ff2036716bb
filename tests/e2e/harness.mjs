// Shared harness for the end-to-end tests: the real collector as a child
// process, the real demo Backstage app (www/dist, built by Vite), and Debian's
// headless Chromium driven by playwright-core.
import { spawn, spawnSync } from 'node:child_process';
import { after, afterEach, before, beforeEach } from 'node:test';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WWW = path.join(ROOT, 'www');
export const WWW_DIST = path.join(WWW, 'dist');
export const EVENTS_PATH = '/api/backstage-insights/events';
export const planted = JSON.parse(fs.readFileSync(path.join(WWW, 'src/planted.json'), 'utf8'));

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** lowercase hex SHA-256 of userEntityRef + salt: what the collector must receive. */
export function expectedIdentity(salt, userEntityRef = 'user:default/guest') {
  return createHash('sha256').update(userEntityRef + salt).digest('hex');
}

/** Polls `fn` until it returns a truthy value or the deadline passes. */
export async function waitFor(fn, { timeout = 10_000, interval = 50, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${message}`);
    await new Promise(r => setTimeout(r, interval));
  }
}

/** A fixed wait, only where a test must show that something does NOT happen. */
export const settle = ms => new Promise(r => setTimeout(r, ms));

// ------------------------------------------------------------------ build

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of fs.readdirSync(p)) m = Math.max(m, newestMtime(path.join(p, e)));
  return m;
}

/**
 * Builds a demo app (`www`, or `www-nfs`) into its dist/ with Vite when that
 * is missing or older than its inputs (the app sources, the compiled shim in
 * dist/ and the wasm glue in pkg/).
 */
export function ensureAppBuilt(app = 'www', entry = 'dist/index.js') {
  const dir = path.join(ROOT, app);
  const index = path.join(dir, 'dist/index.html');
  const inputs = Math.max(
    ...['src', 'index.html', 'vite.config.mjs'].map(p => newestMtime(path.join(dir, p))),
    newestMtime(path.join(ROOT, 'dist')),
    newestMtime(path.join(ROOT, 'pkg')),
    newestMtime(path.join(ROOT, 'plugins/insights/dist')),
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= inputs) return;
  if (!fs.existsSync(path.join(ROOT, entry))) {
    throw new Error(`${entry} is missing: run \`bash scripts/build.sh\` before the end-to-end tests`);
  }
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/vite'), ['build', app, '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`vite build ${app} failed (exit ${r.status})`);
}

// ------------------------------------------------------------------ collector

/**
 * Starts tests/collector/server.mjs as a real child process on a free port.
 * `set` and `unset` become --set/--unset flags (config overrides served at /app-config.json).
 */
export async function startCollector({ set = {}, unset = [], appConfig = path.join(WWW, 'app-config.yaml'), staticDir = WWW_DIST } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'insights-e2e-'));
  const outFile = path.join(dir, 'events.jsonl');
  const args = [path.join(ROOT, 'tests/collector/server.mjs'), '--port', '0', '--host', '127.0.0.1', '--out', outFile];
  if (staticDir) args.push('--static', staticDir);
  if (appConfig) args.push('--app-config', appConfig);
  for (const [k, v] of Object.entries(set)) args.push('--set', `${k}=${JSON.stringify(v)}`);
  for (const k of unset) args.push('--unset', k);

  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const stderr = [];
  child.stderr.on('data', d => stderr.push(String(d)));
  const rl = readline.createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start: ${stderr.join('')}`)), 10_000);
    child.once('exit', code => reject(new Error(`collector exited with ${code}: ${stderr.join('')}`)));
    rl.on('line', line => {
      lines.push(line);
      const m = /^collector listening on (http:\/\/\S+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });

  const control = async (p, body) => {
    const res = await fetch(url + p, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${p}: HTTP ${res.status}`);
    return res.status === 204 ? undefined : res.json();
  };

  return {
    url,
    outFile,
    lines,
    child,
    stats: () => control('/_collector/stats'),
    raw: () => control('/_collector/raw'),
    reset: () => control('/_collector/reset', {}),
    faults: f => control('/_collector/faults', f),
    config: c => control('/_collector/config', c),
    appConfig: () => control('/app-config.json'),
    /** The parsed out-file lines: { receivedAt, batchId, sentAt, hasAuthorization, duplicate, event }. */
    received: () => readJsonl(outFile),
    /** Every byte the event endpoints received: bodies and headers of all requests. */
    rawText: async () => fs.readFileSync(outFile, 'utf8') + '\n' + JSON.stringify(await control('/_collector/raw')),
    /** Polls the stats until `pred(stats)` holds. */
    waitForStats: (pred, opts = {}) =>
      waitFor(async () => {
        const s = await control('/_collector/stats');
        return pred(s) ? s : undefined;
      }, { message: 'collector stats', ...opts }),
    /** Polls the received events until `pred(events)` holds; returns the events. */
    waitForEvents: (pred, opts = {}) =>
      waitFor(() => {
        const evs = readJsonl(outFile).map(l => l.event);
        return pred(evs) ? evs : undefined;
      }, { message: 'events at the collector', ...opts }),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise(r => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, settle(3000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Events once each, in arrival order. Delivery is at-least-once: a batch in
 * flight when the page hides may be sent again with the same event ids, and a
 * collector deduplicates by id.
 */
export function uniqueEvents(events) {
  const seen = new Set();
  return events.filter(e => !seen.has(e.id) && seen.add(e.id));
}

export function readJsonl(file) {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  // The collector may be appending as this reads: the text after the last
  // newline is a line not written whole yet (or empty), read next time.
  lines.pop();
  return lines.filter(Boolean).map(l => JSON.parse(l));
}

// ------------------------------------------------------------------ browser

export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * A fresh browser context and page that records console messages (with their
 * arguments serialised), page errors and every request to the event endpoint.
 */
export async function openPage(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const consoleMessages = [];
  const pending = [];
  const pageErrors = [];
  const eventRequests = [];
  page.on('console', msg => {
    const entry = { type: msg.type(), text: msg.text(), args: [] };
    consoleMessages.push(entry);
    pending.push(
      Promise.all(
        msg.args().map(a =>
          a.jsonValue().then(
            v => (typeof v === 'string' ? v : JSON.stringify(v)),
            () => String(a),
          ),
        ),
      ).then(args => {
        entry.args = args;
      }, () => {}),
    );
  });
  page.on('pageerror', e => pageErrors.push(String(e && e.stack ? e.stack : e)));
  context.on('request', req => {
    if (new URL(req.url()).pathname.endsWith('/events')) eventRequests.push({ url: req.url(), method: req.method() });
  });
  return {
    context,
    page,
    consoleMessages,
    pageErrors,
    eventRequests,
    /** Waits for the serialised console arguments, then returns one string per message. */
    async consoleText() {
      await Promise.allSettled(pending);
      return consoleMessages.map(m => `[${m.type}] ${m.text} ${m.args.join(' ')}`);
    },
    close: () => context.close(),
  };
}

/** Loads a route of the app and waits until the Backstage page has rendered. */
export async function gotoApp(page, url, route, readyText) {
  await page.goto(url + route);
  await page.getByText(readyText).first().waitFor({ timeout: 15_000 });
}

/**
 * Reads localStorage of the app's origin without running the app (loads the
 * collector's /app-config.json, same origin).
 */
export async function readOriginStorage(context, url) {
  const p = await context.newPage();
  await p.goto(url + '/app-config.json');
  const storage = await p.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
  await p.close();
  return storage;
}

/** Returns the names of the planted values that occur in `text`. */
export function findPlanted(text, values = planted) {
  const hits = [];
  for (const [name, value] of Object.entries(values)) {
    const variants = new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
    if (name === 'card') variants.add(value.replace(/\s/g, ''));
    for (const v of variants) {
      if (text.includes(v)) {
        hits.push(`${name} (${v.length > 40 ? v.slice(0, 37) + '...' : v})`);
        break;
      }
    }
  }
  return hits;
}

/**
 * The hooks every file of app tests needs: one collector process and one
 * browser for the file, a reset collector and a fresh page per test, and the
 * page's console and the collector's counters printed when a test fails (or
 * with E2E_VERBOSE=1). Returns the live handles: `{ c, browser, tab, identity }`.
 */
export function useAppSuite({ set = {}, unset = [] } = {}) {
  const s = { c: undefined, browser: undefined, tab: undefined, identity: undefined };
  before(async () => {
    ensureAppBuilt();
    s.c = await startCollector({ set, unset });
    s.browser = await launchBrowser();
    const salt = (await s.c.appConfig()).backstageInsights?.salt;
    if (salt) s.identity = expectedIdentity(salt);
  });
  after(async () => {
    await s.browser?.close();
    await s.c?.stop();
  });
  beforeEach(async () => {
    await s.c.reset(); // also clears the runtime config overrides
    s.tab = await openPage(s.browser);
  });
  afterEach(async t => {
    if (!s.tab) return;
    if (t.passed === false || process.env.E2E_VERBOSE) {
      console.log((await s.tab.consoleText()).join('\n'));
      console.log(JSON.stringify(await s.c.stats()));
      console.log(s.c.lines.slice(-40).join('\n'));
    }
    await s.tab.close().catch(() => {});
  });
  return s;
}

// ------------------------------------------------------------------ the app's analytics API

/**
 * Runs in the page: the app's AnalyticsApi (the module's BackstageInsightsApi)
 * found through React's internals (the nearest Backstage ApiProvider above the
 * rendered tree), or null before the app has rendered. The demo exposes no
 * global of its own; this reads the same instance `useAnalytics()` uses.
 */
function findInsightsApiInPage() {
  for (const el of document.querySelectorAll('#root *')) {
    const key = Object.keys(el).find(k => k.startsWith('__reactFiber$'));
    if (!key) continue;
    for (let f = el[key]; f; f = f.return) {
      const v = f.memoizedProps && f.memoizedProps.value;
      if (v && typeof v.atVersion === 'function') {
        const holder = v.atVersion(1);
        const api = holder && typeof holder.get === 'function' ? holder.get({ id: 'core.analytics' }) : undefined;
        if (api && typeof api.stats === 'function' && typeof api.captureEvent === 'function') return api;
      }
    }
    return null;
  }
  return null;
}

/** The module's `stats()` in the page (polls until the app has rendered). */
export function insightsStats(page, { timeout = 10_000 } = {}) {
  return waitFor(() => page.evaluate(`(${findInsightsApiInPage})()?.stats() ?? null`), {
    timeout,
    message: "the module's stats() in the page",
  });
}

/** Calls `method()` on the app's analytics API in the page (`optOut`, `optIn`). */
export async function callInsightsApi(page, method) {
  await insightsStats(page);
  await page.evaluate(`(${findInsightsApiInPage})()[${JSON.stringify(method)}]()`);
}

/**
 * Calls the app's `analyticsApi.captureEvent(e)` for each of `events`
 * (plain AnalyticsEvent objects), all in one task of the page.
 */
export async function captureInPage(page, events) {
  await insightsStats(page);
  await page.evaluate(`(() => {
    const api = (${findInsightsApiInPage})();
    for (const e of ${JSON.stringify(events)}) api.captureEvent(e);
  })()`);
}

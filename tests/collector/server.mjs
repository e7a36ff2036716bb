#!/usr/bin/env node
// The test collector: a fault-injecting stand-in for the Insights backend, for the
// module's end-to-end tests only (the product's backend is plugins/insights-backend).
// Plain Node `http`; batches are checked by the backend's validator (plugins/insights-backend/dist),
// and the optional `yaml` package reads YAML app-config files.
//
//   node tests/collector/server.mjs --port 7007 --host 127.0.0.1 --out test-results/events.jsonl \
//     [--static www/dist] [--app-config www/app-config.yaml] \
//     [--set backstageInsights.debug=true ...] [--unset backstageInsights.salt ...]
//
// Endpoints
//   POST /api/backstage-insights/events   the wire contract (also POST /events)
//   OPTIONS <any>                          CORS preflight
//   GET  /app-config.json                  the app's config, with overrides and
//                                          app.baseUrl/backend.baseUrl = this origin
//   GET  /_collector/stats                 counters for tests
//   GET  /_collector/raw                   every request the event endpoints received
//                                          (method, path, headers, body text)
//   POST /_collector/reset                 clear stats, raw log, faults, out file
//   POST /_collector/faults                replace the fault set (see FAULTS below)
//   POST /_collector/config                runtime config overrides {set:{k:v}, unset:[k]}
//   GET  <anything else>                   static files from --static (SPA fallback)
//
// On start it prints exactly one line: `collector listening on http://HOST:PORT`.

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const opts = { port: 7007, host: '127.0.0.1', out: null, static: null, appConfig: null, set: [], unset: [], quiet: false };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const next = () => {
      if (value !== undefined) return value;
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      return argv[++i];
    };
    switch (arg) {
      case '--port': opts.port = Number(next()); break;
      case '--host': opts.host = next(); break;
      case '--out': opts.out = next(); break;
      case '--static': opts.static = next(); break;
      case '--app-config': opts.appConfig = next(); break;
      case '--set': opts.set.push(parseSet(next())); break;
      case '--unset': opts.unset.push(next()); break;
      case '--quiet': opts.quiet = true; break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown argument ${arg}`);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) usage('--port must be 0..65535');
  return opts;
}

function usage(msg) {
  if (msg) console.error(`collector: ${msg}`);
  console.error('usage: node tests/collector/server.mjs [--port 7007] [--host 127.0.0.1] [--out events.jsonl] ' +
    '[--static dir] [--app-config app-config.yaml|.json] [--set key.path=value ...] [--unset key.path ...] [--quiet]');
  process.exit(msg ? 2 : 0);
}

function parseSet(spec) {
  const eq = spec.indexOf('=');
  if (eq <= 0) usage(`--set expects key.path=value, got ${JSON.stringify(spec)}`);
  return [spec.slice(0, eq), parseValue(spec.slice(eq + 1))];
}

function parseValue(text) {
  try { return JSON.parse(text); } catch { return text; }
}

// ---------------------------------------------------------------- config

let yamlModule; // undefined: not tried; null: unavailable
async function loadYaml() {
  if (yamlModule === undefined) {
    try { yamlModule = await import('yaml'); } catch { yamlModule = null; }
  }
  return yamlModule;
}

async function readAppConfig(file) {
  if (!file) return {};
  const text = await fsp.readFile(file, 'utf8');
  if (/\.json$/i.test(file)) return JSON.parse(text);
  const yaml = await loadYaml();
  if (!yaml) {
    try { return JSON.parse(text); } catch {
      throw new Error(`${file}: YAML needs the 'yaml' npm package (not found); use a .json config instead`);
    }
  }
  return yaml.parse(text) ?? {};
}

function setPath(obj, keyPath, value) {
  const keys = keyPath.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (cur[k] === null || typeof cur[k] !== 'object' || Array.isArray(cur[k])) cur[k] = {};
    cur = cur[k];
  }
  cur[keys[keys.length - 1]] = value;
}

function unsetPath(obj, keyPath) {
  const keys = keyPath.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return;
    cur = cur[k];
  }
  if (cur && typeof cur === 'object') delete cur[keys[keys.length - 1]];
}

// ---------------------------------------------------------------- validation

// The backend's own validator (the shared JSON Schema, compiled with ajv), so the
// module's end-to-end tests hold its output to the one definition of the contract.
// Built by scripts/build.sh.
const { validateBatch } = createRequire(import.meta.url)('../../plugins/insights-backend/dist/ingest/validateBatch.js');

// ---------------------------------------------------------------- state

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function freshStats() {
  return {
    requests: 0, preflights: 0, refused: 0, events: [], unique: 0, duplicates: 0, rejected: 0, faulted: 0, aborted: 0,
    accepted: 0, statuses: {}, bodies: [], lastError: null,
  };
}

const MAX_RAW = 5000;
const HARD_BODY_LIMIT = 4 * 1024 * 1024;

const opts = parseArgs(process.argv.slice(2));
let stats = freshStats();
let seen = new Set();
let raw = [];
let faults = {};
let faultState = {};
let runtimeSet = [];
let runtimeUnset = [];

// FAULTS (POST /_collector/faults, all optional; a new set replaces the old one):
//   down: true            every connection to the event endpoints is destroyed
//   stallMs: n            each request waits n ms before anything else
//   abortRatio: r         that share of requests has its connection destroyed, unanswered
//   maxBodyBytes: n       bodies over n bytes answer 413
//   failFirst: n          the first n requests answer failStatus (default 500)
//   failRatio: r          that share of the other requests answers failStatus
//   status429First: n     the next n requests answer 429 (Retry-After: retryAfter, if set)
//   seed: n               seeds the random choices (abortRatio, failRatio)
function setFaults(f) {
  faults = f && typeof f === 'object' ? { ...f } : {};
  faultState = {
    failLeft: Number(faults.failFirst) || 0,
    status429Left: Number(faults.status429First) || 0,
    random: mulberry32(Number.isFinite(Number(faults.seed)) ? Number(faults.seed) : 1),
  };
}
setFaults({});

function reset() {
  stats = freshStats();
  seen = new Set();
  raw = [];
  setFaults({});
  runtimeSet = [];
  runtimeUnset = [];
  if (opts.out) fs.writeFileSync(opts.out, '');
}

if (opts.out) {
  fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  if (!fs.existsSync(opts.out)) fs.writeFileSync(opts.out, '');
}

// ---------------------------------------------------------------- helpers

function corsHeaders(req) {
  const origin = req.headers.origin;
  return {
    'Access-Control-Allow-Origin': origin || '*',
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': 'content-type, authorization',
    'Access-Control-Max-Age': '600',
    // Retry-After is not a CORS-safelisted response header: without this a
    // cross-origin client cannot read it on a 429/503.
    'Access-Control-Expose-Headers': 'Retry-After',
    ...(origin ? { 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } : {}),
  };
}

function send(res, status, body, headers = {}) {
  const h = { 'Cache-Control': 'no-store', ...headers };
  if (body === undefined || status === 204) {
    res.writeHead(status, h);
    res.end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', ...h });
  res.end(text);
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let over = false;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve({ buf: Buffer.concat(chunks), size, over }));
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function log(line) {
  if (!opts.quiet) process.stdout.write(line + '\n');
}

function shortSubject(s) {
  const t = s.length > 120 ? s.slice(0, 117) + '...' : s;
  return /\s/.test(t) || t === '' ? JSON.stringify(t) : t;
}

function eventLine(e, dup) {
  const parts = ['event', e.action, shortSubject(e.subject)];
  if (e.value !== undefined) parts.push(`value=${e.value}`);
  parts.push(`identity=${e.identity ? e.identity.slice(0, 8) + '…' : 'null'}`);
  const attrs = JSON.stringify(e.attributes);
  if (attrs !== '{}') parts.push(`attributes=${attrs.length > 160 ? attrs.slice(0, 157) + '...' : attrs}`);
  if (e.context && e.context.pluginId !== undefined) parts.push(`plugin=${e.context.pluginId}`);
  if (dup) parts.push('(duplicate)');
  return parts.join(' ');
}

// ---------------------------------------------------------------- event endpoint

const EVENT_PATHS = new Set(['/api/backstage-insights/events', '/events']);

async function handleEvents(req, res, url) {
  const cors = corsHeaders(req);
  if (faults.down) {
    stats.refused++;
    req.socket.destroy();
    return;
  }
  if (req.method === 'OPTIONS') {
    stats.preflights++;
    send(res, 204, undefined, cors);
    return;
  }
  if (req.method !== 'POST') {
    send(res, 405, { error: `method ${req.method} not allowed; POST a batch` }, { ...cors, Allow: 'POST, OPTIONS' });
    return;
  }

  const { buf, size, over } = await readBody(req, HARD_BODY_LIMIT);
  const text = buf.toString('utf8');
  stats.requests++;
  const entry = { bytes: size, status: 0, path: url.pathname, auth: Boolean(req.headers.authorization), at: Date.now() };
  const hint = req.headers['x-insights-keepalive'] ?? req.headers['x-insights-flush'] ?? url.searchParams.get('keepalive') ?? url.searchParams.get('flush');
  if (hint != null) entry.keepaliveHint = String(hint);
  stats.bodies.push(entry);
  if (raw.length < MAX_RAW) raw.push({ at: entry.at, method: req.method, path: req.url, headers: req.headers, body: text });

  const answer = (status, body, extra = {}) => {
    entry.status = status;
    stats.statuses[status] = (stats.statuses[status] || 0) + 1;
    send(res, status, body, { ...cors, ...extra });
  };

  if (faults.stallMs > 0) await sleep(Number(faults.stallMs));
  if (faults.abortRatio > 0 && faultState.random() < Number(faults.abortRatio)) {
    entry.status = 'aborted';
    stats.aborted++;
    req.socket.destroy();
    return;
  }
  if (over) {
    stats.faulted++;
    return answer(413, { error: `body of ${size} bytes exceeds the collector's hard limit of ${HARD_BODY_LIMIT}` });
  }
  if (faults.maxBodyBytes > 0 && size > Number(faults.maxBodyBytes)) {
    stats.faulted++;
    return answer(413, { error: `body of ${size} bytes exceeds maxBodyBytes ${faults.maxBodyBytes}` });
  }
  if (faultState.failLeft > 0) {
    faultState.failLeft--;
    stats.faulted++;
    return answer(Number(faults.failStatus) || 500, { error: 'injected failure (failFirst)' });
  }
  if (faults.failRatio > 0 && faultState.random() < Number(faults.failRatio)) {
    stats.faulted++;
    return answer(Number(faults.failStatus) || 500, { error: 'injected failure (failRatio)' });
  }
  if (faultState.status429Left > 0) {
    faultState.status429Left--;
    stats.faulted++;
    const extra = faults.retryAfter !== undefined ? { 'Retry-After': String(faults.retryAfter) } : {};
    return answer(429, { error: 'injected rate limit (status429First)' }, extra);
  }

  const reject = (field, message) => {
    stats.rejected++;
    stats.lastError = message;
    log(`rejected 400: ${message}`);
    return answer(400, { error: message, field });
  };

  const ctype = String(req.headers['content-type'] || '');
  if (!/^application\/json\s*(;|$)/i.test(ctype)) {
    return reject('Content-Type', `Content-Type must be application/json (got ${JSON.stringify(ctype)})`);
  }
  let body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    return reject('body', `body is not valid JSON: ${e.message}`);
  }
  const checked = validateBatch(body);
  if ('problem' in checked) return reject(checked.problem.field, `${checked.problem.field}: ${checked.problem.message}`);

  const receivedAt = new Date().toISOString();
  const hasAuthorization = Boolean(req.headers.authorization);
  const lines = [];
  for (const e of body.events) {
    const duplicate = seen.has(e.id);
    if (duplicate) stats.duplicates++;
    else seen.add(e.id);
    stats.events.push(e.id);
    lines.push(JSON.stringify({ receivedAt, batchId: body.batchId, sentAt: body.sentAt, hasAuthorization, duplicate, event: e }));
    log(eventLine(e, duplicate));
  }
  stats.unique = seen.size;
  stats.accepted++;
  if (opts.out) fs.appendFileSync(opts.out, lines.join('\n') + '\n');
  return answer(204);
}

// ---------------------------------------------------------------- control endpoints

async function readJson(req) {
  const { buf } = await readBody(req, 1024 * 1024);
  const t = buf.toString('utf8').trim();
  return t ? JSON.parse(t) : {};
}

async function handleControl(req, res, url) {
  const p = url.pathname;
  try {
    if (p === '/_collector/stats' && req.method === 'GET') return send(res, 200, { ...stats, faults });
    if (p === '/_collector/raw' && req.method === 'GET') return send(res, 200, raw);
    if (p === '/_collector/reset' && req.method === 'POST') { reset(); return send(res, 204); }
    if (p === '/_collector/faults' && req.method === 'POST') { setFaults(await readJson(req)); return send(res, 200, { faults }); }
    if (p === '/_collector/faults' && req.method === 'GET') return send(res, 200, { faults });
    if (p === '/_collector/config' && req.method === 'POST') {
      const body = await readJson(req);
      runtimeSet = Object.entries(body.set || {});
      runtimeUnset = Array.isArray(body.unset) ? body.unset.map(String) : [];
      return send(res, 200, { set: Object.fromEntries(runtimeSet), unset: runtimeUnset });
    }
  } catch (e) {
    return send(res, 400, { error: `bad control request: ${e.message}` });
  }
  return send(res, 404, { error: `no control endpoint ${req.method} ${p}` });
}

async function handleAppConfig(req, res) {
  let config;
  try {
    config = structuredClone(await readAppConfig(opts.appConfig));
  } catch (e) {
    log(`app-config error: ${e.message}`);
    return send(res, 500, { error: `cannot read app config: ${e.message}` });
  }
  for (const [k, v] of opts.set) setPath(config, k, structuredClone(v));
  for (const k of opts.unset) unsetPath(config, k);
  for (const [k, v] of runtimeSet) setPath(config, k, structuredClone(v));
  for (const k of runtimeUnset) unsetPath(config, k);
  const host = typeof req.headers.host === 'string' && /^[\w.\-[\]:]+$/.test(req.headers.host) ? req.headers.host : `${opts.host}:${server.address().port}`;
  const origin = `http://${host}`;
  setPath(config, 'app.baseUrl', origin);
  setPath(config, 'backend.baseUrl', origin);
  return send(res, 200, config);
}

// ---------------------------------------------------------------- static files

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.map': 'application/json', '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff', '.woff2': 'font/woff2',
};

async function handleStatic(req, res, url) {
  if (!opts.static) return send(res, 404, { error: 'not found (no --static directory)' });
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
  const root = path.resolve(opts.static);
  let rel;
  try { rel = decodeURIComponent(url.pathname); } catch { return send(res, 400, { error: 'bad path' }); }
  let file = path.resolve(root, '.' + rel);
  if (file !== root && !file.startsWith(root + path.sep)) return send(res, 403, { error: 'forbidden' });
  let st = await fsp.stat(file).catch(() => null);
  if (st && st.isDirectory()) {
    file = path.join(file, 'index.html');
    st = await fsp.stat(file).catch(() => null);
  }
  if (!st || !st.isFile()) {
    // SPA fallback for app routes; a missing asset stays a 404.
    const ext = path.extname(rel).toLowerCase();
    if (ext && ext !== '.html' && TYPES[ext]) return send(res, 404, { error: `not found: ${rel}` });
    file = path.join(root, 'index.html');
    st = await fsp.stat(file).catch(() => null);
    if (!st) return send(res, 404, { error: 'index.html missing in --static directory' });
  }
  const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
  const cache = file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-store';
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': st.size, 'Cache-Control': cache });
  if (req.method === 'HEAD') return res.end();
  fs.createReadStream(file).pipe(res);
}

// ---------------------------------------------------------------- server

const server = http.createServer(async (req, res) => {
  let url;
  try {
    url = new URL(req.url, 'http://collector.local');
  } catch {
    return send(res, 400, { error: 'bad request URL' });
  }
  try {
    if (EVENT_PATHS.has(url.pathname)) return await handleEvents(req, res, url);
    if (url.pathname.startsWith('/_collector/')) return await handleControl(req, res, url);
    if (req.method === 'OPTIONS') return send(res, 204, undefined, corsHeaders(req));
    if (url.pathname === '/app-config.json' && req.method === 'GET') return await handleAppConfig(req, res);
    return await handleStatic(req, res, url);
  } catch (e) {
    log(`collector error: ${e.stack || e}`);
    if (!res.headersSent) send(res, 500, { error: String(e.message || e) });
    else res.destroy();
  }
});
server.keepAliveTimeout = 5000;

server.on('error', (e) => {
  console.error(`collector: ${e.message}`);
  process.exit(1);
});

server.listen(opts.port, opts.host, () => {
  const { port } = server.address();
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  process.stdout.write(`collector listening on http://${shownHost}:${port}\n`);
});

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

// The collector process itself: contract validation, dedup, CORS, faults,
// config serving and static files. No browser; fast.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { EVENTS_PATH, readJsonl, startCollector } from './harness.mjs';

const identity = 'a'.repeat(64);
const event = (over = {}) => ({
  id: randomUUID(),
  timestamp: new Date().toISOString(),
  action: 'navigate',
  subject: '/catalog',
  attributes: {},
  context: { pluginId: 'catalog', routeRef: 'catalog:index', extension: 'App' },
  identity,
  ...over,
});
const batch = (events, over = {}) => ({ batchId: randomUUID(), sentAt: new Date().toISOString(), events, ...over });

let c;
let staticDir;
let cfg;
const post = (body, { headers = {}, path: p = EVENTS_PATH, raw = false } = {}) =>
  fetch(c.url + p, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: raw ? body : JSON.stringify(body),
  });

before(async () => {
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'collector-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>spa</title>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets/app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(staticDir, 'assets/m.wasm'), Buffer.from([0, 97, 115, 109]));
  cfg = path.join(os.tmpdir(), `collector-cfg-${process.pid}.yaml`);
  fs.writeFileSync(cfg, 'app:\n  baseUrl: http://elsewhere:3000\nbackstageInsights:\n  salt: s1\n  debug: false\n');
  c = await startCollector({
    staticDir,
    appConfig: cfg,
    set: { 'backstageInsights.batch.flushIntervalMs': 1234 },
    unset: ['backstageInsights.debug'],
  });
});
after(async () => {
  await c?.stop();
  fs.rmSync(staticDir, { recursive: true, force: true });
  fs.rmSync(cfg, { force: true });
});
beforeEach(() => c.reset());

describe('wire contract', () => {
  test('a valid batch gets 204, one jsonl line per event and one stdout line per event', async () => {
    const evs = [event(), event({ action: 'click', subject: 'api', value: 3, attributes: { to: '/x', n: 1, b: true } })];
    const res = await post(batch(evs), { headers: { authorization: 'Bearer abc' } });
    assert.equal(res.status, 204);
    const lines = readJsonl(c.outFile);
    assert.equal(lines.length, 2);
    assert.deepEqual(lines.map(l => l.event), evs);
    assert.equal(lines[0].hasAuthorization, true);
    assert.ok(lines[0].batchId && lines[0].receivedAt && lines[0].sentAt);
    const s = await c.stats();
    assert.deepEqual(s.events, evs.map(e => e.id));
    assert.equal(s.unique, 2);
    assert.equal(s.duplicates, 0);
    assert.equal(s.requests, 1);
    assert.equal(s.bodies[0].status, 204);
    assert.ok(s.bodies[0].bytes > 100);
    assert.ok(c.lines.some(l => l.startsWith('event click api value=3 identity=aaaaaaaa')), c.lines.join('\n'));
  });

  test('POST /events is accepted too', async () => {
    assert.equal((await post(batch([event()]), { path: '/events' })).status, 204);
  });

  test('a repeated event id counts as a duplicate, not a new event', async () => {
    const e = event();
    assert.equal((await post(batch([e]))).status, 204);
    assert.equal((await post(batch([e, event()]))).status, 204);
    const s = await c.stats();
    assert.equal(s.events.length, 3);
    assert.equal(s.unique, 2);
    assert.equal(s.duplicates, 1);
  });

  const invalid = [
    ['no content type', () => [batch([event()]), { headers: { 'content-type': 'text/plain' } }], 'Content-Type'],
    ['broken JSON', () => ['{"batchId":', { raw: true }], 'body'],
    ['a top-level array', () => [[event()]], 'body'],
    ['a bad batchId', () => [batch([event()], { batchId: 'nope' })], 'batchId'],
    ['a bad sentAt', () => [batch([event()], { sentAt: 'yesterday' })], 'sentAt'],
    ['no events', () => [batch([])], 'events'],
    ['an empty action', () => [batch([event(), event({ action: '' })])], 'events[1].action'],
    ['a numeric subject', () => [batch([event({ subject: 5 })])], 'events[0].subject'],
    ['a null value', () => [batch([event({ value: null })])], 'events[0].value'],
    ['a nested attribute', () => [batch([event({ attributes: { a: { b: 1 } } })])], 'events[0].attributes.a'],
    ['a null context value', () => [batch([event({ context: { a: null } })])], 'events[0].context.a'],
    ['uppercase identity', () => [batch([event({ identity: 'A'.repeat(64) })])], 'events[0].identity'],
    ['missing identity', () => { const e = event(); delete e.identity; return [batch([e])]; }, 'events[0].identity'],
    ['a bad timestamp', () => [batch([event({ timestamp: '2024-13-01' })])], 'events[0].timestamp'],
    ['a bad id', () => [batch([event({ id: '1' })])], 'events[0].id'],
    ['an unknown field', () => [batch([event({ userEntityRef: 'user:default/guest' })])], 'events[0].userEntityRef'],
  ];
  for (const [name, make, field] of invalid) {
    test(`400 naming the field for ${name}`, async () => {
      const [body, opts] = make();
      const res = await post(body, opts);
      assert.equal(res.status, 400);
      const json = await res.json();
      assert.equal(json.field, field);
      assert.match(json.error, new RegExp(field.replace(/[[\].]/g, '\\$&')));
      const s = await c.stats();
      assert.equal(s.rejected, 1);
      assert.equal(s.events.length, 0);
      assert.equal(readJsonl(c.outFile).length, 0);
    });
  }
  test('identity null is valid', async () => {
    assert.equal((await post(batch([event({ identity: null })]))).status, 204);
  });
});

describe('CORS', () => {
  test('preflight echoes the origin and allows content-type and authorization', async () => {
    const res = await fetch(c.url + EVENTS_PATH, {
      method: 'OPTIONS',
      headers: { origin: 'https://backstage.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://backstage.example.com');
    assert.match(res.headers.get('access-control-allow-headers'), /content-type/);
    assert.match(res.headers.get('access-control-allow-headers'), /authorization/);
    assert.match(res.headers.get('access-control-allow-methods'), /POST/);
    assert.equal((await c.stats()).preflights, 1);
  });
  test('the POST answer carries the CORS origin', async () => {
    const res = await post(batch([event()]), { headers: { origin: 'https://backstage.example.com' } });
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://backstage.example.com');
    assert.match(res.headers.get('access-control-expose-headers'), /retry-after/i);
  });
});

describe('faults', () => {
  test('failFirst answers the first N with failStatus, then accepts', async () => {
    await c.faults({ failFirst: 2, failStatus: 503 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(batch([event()]))).status);
    assert.deepEqual(statuses, [503, 503, 204]);
    const s = await c.stats();
    assert.equal(s.events.length, 1);
    assert.deepEqual(s.bodies.map(b => b.status), [503, 503, 204]);
  });
  test('status429First sends Retry-After', async () => {
    await c.faults({ status429First: 1, retryAfter: 2 });
    const r1 = await post(batch([event()]));
    assert.equal(r1.status, 429);
    assert.equal(r1.headers.get('retry-after'), '2');
    assert.equal((await post(batch([event()]))).status, 204);
  });
  test('maxBodyBytes answers 413 above it', async () => {
    await c.faults({ maxBodyBytes: 400 });
    assert.equal((await post(batch([event()]))).status, 204);
    assert.equal((await post(batch([event(), event(), event()]))).status, 413);
  });
  test('abortRatio destroys that fraction of requests, deterministically with the seed', async () => {
    const run = async () => {
      await c.faults({ abortRatio: 0.5, seed: 7 });
      const out = [];
      for (let i = 0; i < 12; i++) out.push(await post(batch([event()])).then(r => r.status, () => 'aborted'));
      return out;
    };
    const a = await run();
    const b = await run();
    assert.deepEqual(a, b);
    assert.ok(a.includes('aborted') && a.includes(204), a.join(','));
  });
  test('stallMs delays the answer', async () => {
    await c.faults({ stallMs: 300 });
    const t = Date.now();
    assert.equal((await post(batch([event()]))).status, 204);
    assert.ok(Date.now() - t >= 280);
  });
  test('down closes connections at once; control endpoints keep working', async () => {
    await c.faults({ down: true });
    await assert.rejects(post(batch([event()])));
    assert.equal((await c.stats()).refused, 1);
    await c.faults({});
    assert.equal((await post(batch([event()]))).status, 204);
  });
});

describe('app config and static files', () => {
  test('/app-config.json applies --set/--unset and forces the base URLs to the collector', async () => {
    const cfg = await c.appConfig();
    assert.equal(cfg.app.baseUrl, c.url);
    assert.equal(cfg.backend.baseUrl, c.url);
    assert.equal(cfg.backstageInsights.salt, 's1');
    assert.equal(cfg.backstageInsights.batch.flushIntervalMs, 1234);
    assert.equal('debug' in cfg.backstageInsights, false);
  });
  test('runtime overrides via /_collector/config', async () => {
    await c.config({ set: { 'backstageInsights.debug': true }, unset: ['backstageInsights.salt'] });
    const cfg = await c.appConfig();
    assert.equal(cfg.backstageInsights.debug, true);
    assert.equal('salt' in cfg.backstageInsights, false);
  });
  test('static files, wasm MIME type and SPA fallback', async () => {
    const wasm = await fetch(c.url + '/assets/m.wasm');
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    const spa = await fetch(c.url + '/catalog/default/user/jane.doe');
    assert.equal(spa.status, 200);
    assert.match(await spa.text(), /<title>spa<\/title>/);
    assert.equal((await fetch(c.url + '/assets/missing.js')).status, 404);
    assert.equal((await fetch(c.url + '/..%2f..%2fetc%2fpasswd')).status, 403);
  });
});

import { mockCredentials, mockServices, startTestBackend, TestDatabases } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Knex } from 'knex';
import request from 'supertest';
import { DatabaseInsightsStore } from './database/DatabaseInsightsStore';
import { identityHash } from './ingest/identityHash';
import { insightsPlugin } from './plugin';

const SALT = 'test-salt';
const JANE = 'user:default/jane.doe';
const BOB = 'user:default/bob';

const databases = TestDatabases.create({
  ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ? ['SQLITE_3', 'POSTGRES_15'] : ['SQLITE_3'],
  disableDocker: true,
});

let n = 0;
function event(over: Record<string, unknown> = {}) {
  n += 1;
  return {
    id: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    timestamp: new Date().toISOString(),
    action: 'navigate',
    subject: '/catalog',
    attributes: {},
    context: { pluginId: 'catalog' },
    identity: identityHash(JANE, SALT),
    ...over,
  };
}
const batch = (events: unknown[]) => ({
  batchId: '9b1c4a52-8f35-4d0e-9d6a-3f1d2c4b5a6e',
  sentAt: new Date().toISOString(),
  events,
});

async function start(
  databaseId: Parameters<typeof databases.init>[0],
  options: {
    /** Permissions (by name) the user lacks; every other permission is granted. */
    deniedPermissions?: string[];
    eventsPerMinute?: number;
    identity?: string;
    scrub?: Record<string, string[]>;
  } = {},
) {
  const catalog = catalogServiceMock({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'jane.doe', namespace: 'default' },
        spec: { memberOf: ['team-a'] },
        relations: [{ type: 'memberOf', targetRef: 'group:default/team-a' }],
      },
    ],
  });
  const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
  const knex = await databases.init(databaseId);
  const { server } = await startTestBackend({
    features: [
      insightsPlugin,
      mockServices.rootConfig.factory({
        data: {
          backstageInsights: {
            salt: SALT,
            ...(options.identity ? { identity: options.identity } : {}),
            scrub: { redactAttributes: ['Email'], ...options.scrub },
            backend: { minTeamSize: 1, rateLimit: { eventsPerMinute: options.eventsPerMinute ?? 0 } },
          },
        },
      }),
      mockServices.database.factory({ knex }),
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(r => ({
            result: options.deniedPermissions?.includes(r.permission.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
          })),
      }).factory,
      createServiceFactory({ service: catalogServiceRef, deps: {}, factory: () => catalog }),
    ],
  });
  const post = (body: unknown, user: string | null = JANE) => {
    const r = request(server).post('/api/backstage-insights/events').set('Content-Type', 'application/json');
    // The test backend treats a request with no header as a default user: "none" is a header of its own.
    r.set('Authorization', user ? mockCredentials.user.header(user) : mockCredentials.none.header());
    return r.send(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const rows = (k: Knex = knex) => k('insights_events').select().orderBy('id');
  return { server, knex, post, rows, getEntityByRef };
}

describe.each(databases.eachSupportedId())('the Insights backend on %p', databaseId => {
  it('stores a batch once, with the identity computed from the token and the team from the catalog', async () => {
    const { post, rows } = await start(databaseId);
    const events = [event({ identity: null }), event({ value: 3 })];
    expect((await post(batch(events))).body).toEqual({ received: 2, stored: 2 });
    // A retry of the same events (lost answer, outbox resend) stores nothing new.
    const again = await post(batch(events));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ received: 2, stored: 0 });
    const stored = await rows();
    expect(stored.map(r => [r.identity, r.team, r.value === null ? null : Number(r.value)])).toEqual([
      [identityHash(JANE, SALT), 'group:default/team-a', null],
      [identityHash(JANE, SALT), 'group:default/team-a', 3],
    ]);
  });

  it('with identity: disabled stores no identity and no team, whatever the batch carries', async () => {
    const { post, rows, getEntityByRef, server, knex } = await start(databaseId, { identity: 'disabled' });
    // A page opened before the switch still sends hashes, even a stale or foreign one: dropped, not refused.
    const events = [event(), event({ identity: null }), event({ identity: identityHash(BOB, SALT) })];
    const res = await post(batch(events));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 3, stored: 3 });
    const stored = await rows();
    expect(stored.map(r => [r.identity, r.team])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(JSON.stringify(stored)).not.toContain(identityHash(JANE, SALT));
    // The catalog is not even asked who the user is.
    expect(getEntityByRef).not.toHaveBeenCalled();

    // /summary says the user numbers are not available instead of reporting zeros.
    const store = await DatabaseInsightsStore.create({ database: mockServices.database({ knex }), skipMigrations: true });
    await store.rollUp();
    const today = new Date().toISOString().slice(0, 10);
    const summary = await request(server)
      .get(`/api/backstage-insights/summary?from=${today}&to=${today}`)
      .set('Authorization', mockCredentials.user.header(BOB));
    expect(summary.body.totals).toEqual({ events: 3, activeUsers: null, newUsers: null, returningUsers: null });
    expect(summary.body.periods).toEqual([
      { period: today, events: 3, activeUsers: null, newUsers: null, returningUsers: null },
    ]);
    expect(summary.body.teams).toBeNull();
    expect(summary.body.anonymousEvents).toBe(3);
  });

  it('with identity: required stores the hash from the token, as optional does', async () => {
    const { post, rows } = await start(databaseId, { identity: 'required' });
    expect((await post(batch([event({ identity: null })]))).status).toBe(200);
    expect((await rows()).map(r => [r.identity, r.team])).toEqual([[identityHash(JANE, SALT), 'group:default/team-a']]);
  });

  it('keeps only the allow-listed attribute and context keys', async () => {
    const { post, rows } = await start(databaseId, {
      scrub: { allowedAttributes: ['to', 'email'], allowedContext: ['PluginId'] },
    });
    const res = await post(
      batch([
        event({
          attributes: { to: '/docs', email: 'x', note: 'free text' },
          context: { pluginId: 'catalog', extension: 'App', routeRef: 'root' },
        }),
      ]),
    );
    expect(res.status).toBe(200);
    const [row] = await rows();
    // `email` is allow-listed but also redacted (`Email`): the redact list wins.
    expect(JSON.parse(row.attributes)).toEqual({ to: '/docs' });
    expect(JSON.parse(row.context)).toEqual({ pluginId: 'catalog' });
    expect(row.plugin_id).toBe('catalog');
  });

  it('refuses requests without a user token with 401', async () => {
    const { post, rows } = await start(databaseId);
    expect((await post(batch([event()]), null)).status).toBe(401);
    const { server } = await start(databaseId);
    const service = await request(server)
      .post('/api/backstage-insights/events')
      .set('Authorization', mockCredentials.service.header())
      .send(batch([event()]));
    expect(service.status).toBe(403);
    expect(await rows()).toEqual([]);
  });

  it("refuses a batch carrying another user's identity with 403 and stores none of it", async () => {
    const { post, rows } = await start(databaseId);
    const res = await post(batch([event(), event({ identity: identityHash(BOB, SALT) })]));
    expect(res.status).toBe(403);
    expect(res.body.field).toBe('events[1].identity');
    // The same hash under another salt (frontend and backend configs differ) is refused too.
    expect((await post(batch([event({ identity: identityHash(JANE, 'other-salt') })]))).status).toBe(403);
    expect(await rows()).toEqual([]);
  });

  it('answers 400 naming the field, and 413 past 64 KiB', async () => {
    const { post, rows } = await start(databaseId);
    const bad = await post(batch([event(), event(), event(), event({ timestamp: '25/11/2026' })]));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('events[3].timestamp: not RFC 3339');
    expect((await post('{"batchId":')).body.error.message).toMatch(/^body: not valid JSON/);
    const big = await post(batch([event({ subject: 'x'.repeat(70_000) })]));
    expect(big.status).toBe(413);
    expect(await rows()).toEqual([]);
  });

  it('answers 429 with Retry-After when a user floods', async () => {
    const { post } = await start(databaseId, { eventsPerMinute: 60 });
    expect((await post(batch(Array.from({ length: 50 }, () => event())))).status).toBe(200);
    const flood = await post(batch(Array.from({ length: 25 }, () => event())));
    expect(flood.status).toBe(429);
    expect(Number(flood.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('stores what a raw client planted scrubbed', async () => {
    const { post, rows } = await start(databaseId);
    const res = await post(
      batch([
        event({
          subject: '/catalog/default/user/jane.doe?q=jane@example.com',
          attributes: { email: 'jane@example.com', note: 'Jane.Doe token ghp_abcdefghijklmnopqrstuvwxyz0123456789' },
          context: { pluginId: 'catalog', card: '4111 1111 1111 1111' },
        }),
      ]),
    );
    expect(res.status).toBe(200);
    const [row] = await rows();
    expect(row.subject).toBe('/catalog/default/user/<user>');
    expect(JSON.parse(row.attributes)).toEqual({ note: '<user> token <token>' });
    expect(JSON.parse(row.context)).toEqual({ pluginId: 'catalog', card: '<card>' });
    const everything = JSON.stringify(await rows());
    // The card as planted and without its spaces (a bare '4111' can be part of a row's received_at).
    for (const planted of ['jane@example.com', 'jane.doe', 'ghp_', '4111 1111', '4111111111111111']) {
      expect(everything).not.toContain(planted);
    }
  });

  it('answers 503 with Retry-After when the database is down', async () => {
    const { post, knex } = await start(databaseId);
    await knex.destroy();
    const res = await post(batch([event()]));
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
  });

  it('serves /summary and /export to readers', async () => {
    const { server, post, knex } = await start(databaseId);
    await post(batch([event({ action: 'search', subject: 'kafka', context: { pluginId: 'search' } }), event()]));
    const store = await DatabaseInsightsStore.create({ database: mockServices.database({ knex }), skipMigrations: true });
    await store.rollUp();
    const today = new Date().toISOString().slice(0, 10);
    const auth = mockCredentials.user.header(BOB);
    const summary = await request(server).get(`/api/backstage-insights/summary?from=${today}&to=${today}`).set('Authorization', auth);
    expect(summary.status).toBe(200);
    expect(summary.body.totals).toEqual({ events: 2, activeUsers: 1, newUsers: 1, returningUsers: 0 });
    expect(summary.body.anonymousEvents).toBe(0);
    expect(summary.body.topSearches).toEqual([{ name: 'kafka', events: 1 }]);
    expect(summary.body.teams).toEqual([{ team: 'group:default/team-a', activeUsers: 1, events: 2 }]);
    const csv = await request(server).get(`/api/backstage-insights/export?from=${today}&to=${today}&format=csv`).set('Authorization', auth);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.trim().split('\r\n')).toHaveLength(3);
    const ndjson = await request(server).get(`/api/backstage-insights/export?format=ndjson`).set('Authorization', auth);
    expect(ndjson.text.trim().split('\n').map(l => JSON.parse(l).action).sort()).toEqual(['navigate', 'search']);
    const bad = await request(server).get('/api/backstage-insights/summary?grouping=year').set('Authorization', auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/grouping must be one of day, week, month/);
  });

  it(`refuses /summary and /export to users without backstage-insights.read`, async () => {
    // Every other permission granted: a check of the wrong permission lets this user in.
    const { server } = await start(databaseId, { deniedPermissions: ['backstage-insights.read'] });
    for (const path of ['summary', 'export']) {
      const res = await request(server).get(`/api/backstage-insights/${path}`).set('Authorization', mockCredentials.user.header(BOB));
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/backstage-insights\.read/);
    }
    const anonymous = await request(server).get('/api/backstage-insights/summary').set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });
});

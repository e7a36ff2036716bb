import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import path from 'node:path';
import { DatabaseInsightsStore } from './DatabaseInsightsStore';
import { storedEvent, user } from './testEvents';

// SQLite always; PostgreSQL when scripts/test.sh has started one (CI does).
const databases = TestDatabases.create({
  ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ? ['SQLITE_3', 'POSTGRES_15'] : ['SQLITE_3'],
  disableDocker: true,
});

async function makeStore(id: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(id);
  const store = await DatabaseInsightsStore.create({ database: mockServices.database({ knex }) });
  return { knex, store };
}

describe.each(databases.eachSupportedId())('DatabaseInsightsStore on %p', databaseId => {
  it('stores each event id once, whatever the retries', async () => {
    const { knex, store } = await makeStore(databaseId);
    const a = storedEvent();
    const b = storedEvent();
    expect(await store.insertEvents([a, b])).toEqual({ stored: 2 });
    expect(await store.insertEvents([a, b, storedEvent()])).toEqual({ stored: 1 });
    expect(await store.insertEvents([a])).toEqual({ stored: 0 });
    expect(Number((await knex('insights_events').count({ n: '*' }))[0].n)).toBe(3);
  });

  it('sums what was stored, by period, list and team, from the rollups', async () => {
    const { store } = await makeStore(databaseId);
    const events = [
      // Six users of team-a on Monday 2026-11-02, two of them back on Tuesday.
      ...[1, 2, 3, 4, 5, 6].map(i => storedEvent({ identity: user(i), day: '2026-11-02' })),
      ...[1, 2].map(i => storedEvent({ identity: user(i), day: '2026-11-03', action: 'search', subject: 'kafka' })),
      // Two users of team-b (below minTeamSize 5): reported as "other".
      ...[7, 8].map(i => storedEvent({ identity: user(i), team: 'group:default/team-b', day: '2026-11-03' })),
      storedEvent({ identity: user(3), day: '2026-11-03', context: { pluginId: 'techdocs' }, subject: '/docs/a' }),
      storedEvent({
        identity: user(1),
        day: '2026-11-10',
        action: 'create',
        subject: 'New service',
        attributes: { entityRef: 'template:default/service' },
        context: { pluginId: 'scaffolder' },
      }),
      storedEvent({ identity: user(9), day: '2026-11-10', context: { pluginId: 'catalog', entityRef: 'component:default/api' }, subject: '/catalog/default/component/api' }),
    ];
    await store.insertEvents(events);
    expect(await store.rollUp()).toBe(3);
    expect(await store.rollUp()).toBe(0);

    const summary = await store.summary({ from: '2026-11-02', to: '2026-11-10', grouping: 'week', minTeamSize: 5, limit: 10 });
    expect(summary.totals).toEqual({ events: 13, activeUsers: 9, newUsers: 9, returningUsers: 0 });
    expect(summary.periods).toEqual([
      { period: '2026-11-02', events: 11, activeUsers: 8, newUsers: 8, returningUsers: 0 },
      { period: '2026-11-09', events: 2, activeUsers: 2, newUsers: 1, returningUsers: 1 },
    ]);
    expect(summary.topPlugins).toEqual([
      { name: 'catalog', events: 11 },
      { name: 'scaffolder', events: 1 },
      { name: 'techdocs', events: 1 },
    ]);
    expect(summary.topSearches).toEqual([{ name: 'kafka', events: 2 }]);
    expect(summary.templatesRun).toEqual([{ name: 'template:default/service', events: 1 }]);
    expect(summary.entitiesViewed).toEqual([{ name: 'component:default/api', events: 1 }]);
    expect(summary.techdocsRead).toEqual([{ name: '/docs/a', events: 1 }]);
    expect(summary.topPages[0]).toEqual({ name: '/catalog', events: 8 });
    expect(summary.teams).toEqual([
      { team: 'group:default/team-a', activeUsers: 7, events: 11 },
      { team: 'other', activeUsers: 2, events: 2 },
    ]);
    expect(summary.includesSampleData).toBe(false);
    expect(summary.anonymousEvents).toBe(0);
    expect(summary.rolledUpAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const daily = await store.summary({ from: '2026-11-03', to: '2026-11-03', grouping: 'day', minTeamSize: 5, limit: 10 });
    // Users 1, 2 and 3 were first seen the day before: returning.
    expect(daily.periods).toEqual([{ period: '2026-11-03', events: 5, activeUsers: 5, newUsers: 2, returningUsers: 3 }]);
  });

  it('reports user numbers as not available (null), never 0, where events are anonymous', async () => {
    const { store } = await makeStore(databaseId);
    // Identified until Tuesday; from Wednesday identity is disabled and events are stored without one.
    await store.insertEvents([
      ...[1, 2, 3, 4, 5].map(i => storedEvent({ identity: user(i), day: '2026-11-03' })),
      ...[1, 2, 3].map(() => storedEvent({ identity: null, team: null, day: '2026-11-04' })),
    ]);
    await store.rollUp();
    const q = { from: '2026-11-03', to: '2026-11-04', grouping: 'day' as const, minTeamSize: 5, limit: 10 };
    const summary = await store.summary(q);
    expect(summary.periods).toEqual([
      { period: '2026-11-03', events: 5, activeUsers: 5, newUsers: 5, returningUsers: 0 },
      { period: '2026-11-04', events: 3, activeUsers: null, newUsers: null, returningUsers: null },
    ]);
    // The range's totals and teams would leave the anonymous senders out: not available either.
    expect(summary.totals).toEqual({ events: 8, activeUsers: null, newUsers: null, returningUsers: null });
    expect(summary.teams).toBeNull();
    expect(summary.anonymousEvents).toBe(3);
    expect(summary.topPlugins).toEqual([{ name: 'catalog', events: 8 }]);

    // A range before the switch keeps its numbers.
    const before = await store.summary({ ...q, to: '2026-11-03' });
    expect(before.totals).toEqual({ events: 5, activeUsers: 5, newUsers: 5, returningUsers: 0 });
    expect(before.teams).toEqual([{ team: 'group:default/team-a', activeUsers: 5, events: 5 }]);
    expect(before.anonymousEvents).toBe(0);
  });

  it('marks days stored with anonymous events before this version for the next rollup (migration)', async () => {
    const knex = await databases.init(databaseId);
    const migrations = { directory: path.resolve(__dirname, '../../migrations'), tableName: 'insights_knex_migrations' };
    await knex.migrate.up({ ...migrations, name: '20261202000000_init.js' });
    // Rolled up by the previous version: no day is marked any more.
    const row = (id: string, day: string, identity: string | null) => ({
      id, day, timestamp: `${day}T10:00:00.000Z`, received_at: 0, action: 'navigate', subject: '/', attributes: '{}', context: '{}', identity,
    });
    await knex('insights_events').insert([
      row('00000000-0000-4000-8000-00000000a001', '2026-11-02', null),
      row('00000000-0000-4000-8000-00000000a002', '2026-11-03', user(1)),
    ]);
    await knex.migrate.latest(migrations);
    expect(await knex('insights_dirty_days').select('day')).toEqual([{ day: '2026-11-02' }]);
  });

  it('counts an event stored after a rollup in the next one', async () => {
    const { store } = await makeStore(databaseId);
    await store.insertEvents([storedEvent({ identity: user(1) })]);
    await store.rollUp();
    await store.insertEvents([storedEvent({ identity: user(2) })]);
    const q = { from: '2026-11-02', to: '2026-11-02', grouping: 'day' as const, minTeamSize: 1, limit: 10 };
    expect((await store.summary(q)).totals.activeUsers).toBe(1);
    await store.rollUp();
    expect((await store.summary(q)).totals.activeUsers).toBe(2);
  });

  it('stops between days when its task is aborted, leaving the rest for the next run', async () => {
    const { store } = await makeStore(databaseId);
    await store.insertEvents([storedEvent({ day: '2026-11-01' }), storedEvent({ day: '2026-11-02' })]);
    const aborted = new AbortController();
    aborted.abort();
    expect(await store.rollUp(aborted.signal)).toBe(0);
    expect(await store.rollUp()).toBe(2);
  });

  it('flags sample data and deletes days past retention', async () => {
    const { knex, store } = await makeStore(databaseId);
    await store.insertEvents([storedEvent({ day: '2025-01-01', sample: true }), storedEvent({ day: '2026-11-02' })]);
    await store.rollUp();
    const q = { from: '2025-01-01', to: '2026-11-02', grouping: 'month' as const, minTeamSize: 1, limit: 10 };
    expect((await store.summary(q)).includesSampleData).toBe(true);
    expect(await store.deleteBefore('2026-01-01')).toBe(1);
    const after = await store.summary(q);
    expect(after.includesSampleData).toBe(false);
    expect(after.totals.events).toBe(1);
    expect(Number((await knex('insights_user_days').count({ n: '*' }))[0].n)).toBe(1);
  });

  it('exports a range page by page, small teams as "other"', async () => {
    const { store } = await makeStore(databaseId);
    const many = Array.from({ length: 2500 }, (_, i) =>
      storedEvent({ identity: user(i % 7), team: i % 7 === 0 ? 'group:default/solo' : 'group:default/big', day: i % 2 ? '2026-11-02' : '2026-11-03' }),
    );
    await store.insertEvents(many);
    await store.insertEvents([storedEvent({ day: '2026-11-04' })]);
    await store.rollUp();
    const seen: string[] = [];
    const teams = new Set<string | null>();
    for await (const page of store.exportEvents({ from: '2026-11-02', to: '2026-11-03', minTeamSize: 5 })) {
      for (const e of page) {
        seen.push(e.id);
        teams.add(e.team);
      }
    }
    expect(seen.length).toBe(2500);
    expect(new Set(seen).size).toBe(2500);
    expect([...teams].sort()).toEqual(['group:default/big', 'other']);
  });
});

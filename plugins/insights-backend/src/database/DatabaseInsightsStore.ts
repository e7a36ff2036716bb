import { resolvePackagePath, type DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { InsightsSummary } from 'backstage-plugin-insights-wasm-common';
import { monthOf, weekOf } from './days';
import type { ExportedEvent, InsightsStore, StoredEvent, SummaryQuery } from './InsightsStore';
import { readSummary, smallTeams, UNKNOWN_TEAM } from './summaryQuery';

const MIGRATIONS = resolvePackagePath('backstage-plugin-insights-wasm-backend', 'migrations');

/** Rows per INSERT: well under PostgreSQL's and SQLite's bound-parameter limits. */
const INSERT_CHUNK = 500;
const EXPORT_PAGE = 1000;
/** PostgreSQL: batches hold it shared until they commit; the rollup takes it to clear a day's mark. */
const DAY_MARKS_LOCK = "pg_advisory_xact_lock(hashtext('backstage-insights.day-marks'))";
const SHARED_DAY_MARKS_LOCK = DAY_MARKS_LOCK.replace('lock(', 'lock_shared(');

/**
 * The rollup dimensions: each one's key and which of a day's events it
 * counts, as SQL that reads the same on both engines.
 */
const DIMENSIONS: Record<string, { key: string; where: string }> = {
  all: { key: "''", where: '1 = 1' },
  team: { key: `coalesce(team, '${UNKNOWN_TEAM}')`, where: '1 = 1' },
  sample: { key: "''", where: 'sample = true' },
  // Events without an identity: the periods holding them have no user numbers.
  anonymous: { key: "''", where: 'identity is null' },
  plugin: { key: 'plugin_id', where: 'plugin_id is not null' },
  page: { key: 'subject', where: "action = 'navigate'" },
  search: { key: 'subject', where: "action = 'search' and subject <> ''" },
  template: { key: 'coalesce(entity_ref, subject)', where: "action = 'create'" },
  entity: { key: 'entity_ref', where: "action = 'navigate' and entity_ref is not null" },
  techdocs: { key: 'subject', where: "action = 'navigate' and plugin_id = 'techdocs'" },
};

/** One statement for every dimension: the day's rows are read once, then counted in memory. */
const KEY_DAYS_SQL = `with r as materialized (
    select team, sample, identity, plugin_id, action, subject, entity_ref from insights_events where day = ?)
  insert into insights_key_days (dimension, day, "key", events)
  ${Object.entries(DIMENSIONS)
    .map(
      ([dimension, { key, where }]) =>
        `select '${dimension}', ?, ${key}, count(*) from r where ${where}` +
        (key === "''" ? ' having count(*) > 0' : ` group by ${key}`),
    )
    .join('\n  union all ')}`;

/** The events and rollups in the plugin's database (SQLite or PostgreSQL, through knex). */
export class DatabaseInsightsStore implements InsightsStore {
  static async create(options: { database: DatabaseService; skipMigrations?: boolean }) {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await db.migrate.latest({ directory: MIGRATIONS, tableName: 'insights_knex_migrations' });
    }
    return new DatabaseInsightsStore(db);
  }

  private readonly postgres: boolean;

  private constructor(private readonly db: Knex) {
    this.postgres = db.client.config.client === 'pg';
  }

  async insertEvents(events: StoredEvent[]): Promise<{ stored: number }> {
    if (!events.length) return { stored: 0 };
    const days = [...new Set(events.map(e => e.day))].map(day => ({ day }));
    const rows = events.map(e => ({
      id: e.id,
      day: e.day,
      timestamp: e.timestamp,
      received_at: e.receivedAt,
      action: e.action,
      subject: e.subject,
      value: e.value,
      attributes: JSON.stringify(e.attributes),
      context: JSON.stringify(e.context),
      plugin_id: str(e.context.pluginId),
      entity_ref: str(e.context.entityRef) ?? str(e.attributes.entityRef),
      identity: e.identity,
      team: e.team,
      sample: e.sample ?? false,
    }));
    let stored = 0;
    if (this.postgres) {
      // One statement with one parameter: one round trip, one implicit
      // transaction, a constant query text. Joining `l` takes the lock
      // before any row is written; it is held until the commit.
      const result = await this.db.raw(
        `with l as (select ${SHARED_DAY_MARKS_LOCK}),
              r as (select * from json_populate_recordset(null::insights_events, ?::json)),
              e as (insert into insights_events select r.* from r, l on conflict (id) do nothing returning id),
              m as (insert into insights_dirty_days (day) select distinct r.day from r, l on conflict (day) do nothing)
         select count(*)::int as stored from e`,
        [JSON.stringify(rows)],
      );
      stored = result.rows[0].stored;
    } else {
      await this.db.transaction(async tx => {
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          const inserted = await tx('insights_events')
            .insert(rows.slice(i, i + INSERT_CHUNK))
            .onConflict('id')
            .ignore()
            .returning('id');
          stored += inserted.length;
        }
        await tx('insights_dirty_days').insert(days).onConflict('day').ignore();
      });
    }
    return { stored };
  }

  async rollUp(signal?: AbortSignal): Promise<number> {
    const dirty: string[] = (await this.db('insights_dirty_days').select('day')).map(r => r.day);
    let done = 0;
    for (const day of dirty.sort()) {
      // A task past its timeout stops between days; the rest stay marked for the next run.
      if (signal?.aborted) break;
      // The mark is taken before the day is counted: a batch committed after
      // this marks the day again and is counted next time. A batch still
      // uncommitted holds the lock in shared mode, so the mark is only taken
      // once it is committed (and visible to the count). SQLite has one
      // writer at a time: no batch can be uncommitted here.
      await this.db.transaction(async tx => {
        if (this.postgres) await tx.raw(`select ${DAY_MARKS_LOCK}`);
        await tx('insights_dirty_days').where({ day }).delete();
      });
      await this.db.transaction(tx => this.rollUpDay(tx, day));
      done += 1;
    }
    await this.db('insights_meta')
      .insert({ key: 'rolledUpAt', value: new Date().toISOString() })
      .onConflict('key')
      .merge();
    return done;
  }

  private async rollUpDay(tx: Knex.Transaction, day: string) {
    await tx('insights_user_days').where({ day }).delete();
    await tx.raw(
      `insert into insights_user_days (day, identity, week, month, team, events)
       select day, identity, ?, ?, max(team), count(*) from insights_events
       where day = ? and identity is not null group by day, identity`,
      [weekOf(day), monthOf(day), day],
    );
    await tx('insights_key_days').where({ day }).delete();
    await tx.raw(KEY_DAYS_SQL, [day, ...Object.keys(DIMENSIONS).map(() => day)]);
    const [least, greatest] = this.postgres ? ['least', 'greatest'] : ['min', 'max'];
    await tx.raw(
      `insert into insights_users (identity, first_day, last_day, team)
       select identity, day, day, team from insights_user_days where day = ?
       on conflict (identity) do update set
         first_day = ${least}(insights_users.first_day, excluded.first_day),
         last_day = ${greatest}(insights_users.last_day, excluded.last_day),
         team = case when excluded.last_day >= insights_users.last_day then excluded.team else insights_users.team end`,
      [day],
    );
    // Distinct users of the day, its week and its month, so /summary never counts them over raw rows.
    for (const [kind, period] of [['day', day], ['week', weekOf(day)], ['month', monthOf(day)]]) {
      await tx('insights_period_users').where({ kind, period }).delete();
      await tx.raw(
        `insert into insights_period_users (kind, period, users)
         select ?, ?, count(distinct identity) from insights_user_days where ${kind} = ?`,
        [kind, period, period],
      );
    }
  }

  async deleteBefore(day: string): Promise<number> {
    const deleted = await this.db('insights_events').where('day', '<', day).delete();
    await this.db('insights_user_days').where('day', '<', day).delete();
    await this.db('insights_key_days').where('day', '<', day).delete();
    await this.db('insights_dirty_days').where('day', '<', day).delete();
    await this.db('insights_period_users').where('period', '<', day).delete();
    await this.db('insights_users').where('last_day', '<', day).delete();
    return deleted;
  }

  summary(query: SummaryQuery): Promise<InsightsSummary> {
    return readSummary(this.db, query);
  }

  async *exportEvents(query: { from: string; to: string; minTeamSize: number }): AsyncIterable<ExportedEvent[]> {
    const small = await smallTeams(this.db, query.from, query.to, query.minTeamSize);
    let after: { day: string; id: string } | undefined;
    for (;;) {
      let q = this.db('insights_events')
        .select('day', 'id', 'timestamp', 'action', 'subject', 'value', 'attributes', 'context', 'identity', 'team')
        .whereBetween('day', [query.from, query.to])
        .orderBy([{ column: 'day' }, { column: 'id' }])
        .limit(EXPORT_PAGE);
      if (after) {
        const { day, id } = after;
        q = q.andWhere(w => w.where('day', '>', day).orWhere(w2 => w2.where('day', day).andWhere('id', '>', id)));
      }
      const rows = await q;
      if (!rows.length) return;
      after = rows[rows.length - 1];
      yield rows.map(r => ({
        id: r.id,
        timestamp: r.timestamp,
        action: r.action,
        subject: r.subject,
        value: r.value === null ? null : Number(r.value),
        attributes: JSON.parse(r.attributes),
        context: JSON.parse(r.context),
        identity: r.identity,
        team: r.team === null ? null : small.has(r.team) ? 'other' : r.team,
      }));
      if (rows.length < EXPORT_PAGE) return;
    }
  }
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

import type { Knex } from 'knex';
import type {
  InsightsPeriod,
  InsightsRankedItem,
  InsightsSummary,
  InsightsTeamAdoption,
} from 'backstage-plugin-insights-wasm-common';
import { daysBetween, periodOf } from './days';
import type { SummaryQuery } from './InsightsStore';

/** The name a team below `minTeamSize` users is reported under. */
export const OTHER_TEAM = 'other';
/** Users whose team the catalog did not give. */
export const UNKNOWN_TEAM = 'unknown';

const TOP_LISTS = {
  topPlugins: 'plugin',
  topPages: 'page',
  topSearches: 'search',
  templatesRun: 'template',
  entitiesViewed: 'entity',
  techdocsRead: 'techdocs',
} as const;

type TeamRow = { team: string | null; users: number | string; events: number | string };

async function teamRows(db: Knex, from: string, to: string): Promise<TeamRow[]> {
  return db('insights_user_days')
    .select('team')
    .countDistinct({ users: 'identity' })
    .sum({ events: 'events' })
    .whereBetween('day', [from, to])
    .groupBy('team');
}

/** Teams with fewer distinct users than `minTeamSize` in the range. */
export async function smallTeams(db: Knex, from: string, to: string, minTeamSize: number): Promise<Set<string>> {
  const rows = await teamRows(db, from, to);
  return new Set(rows.filter(r => r.team !== null && Number(r.users) < minTeamSize).map(r => r.team!));
}

/** Merges small teams into `other`; `other` is itself reported only when it reaches the size. */
function mergeTeams(rows: TeamRow[], minTeamSize: number): InsightsTeamAdoption[] {
  const out: InsightsTeamAdoption[] = [];
  const other = { team: OTHER_TEAM, activeUsers: 0, events: 0 };
  for (const r of rows) {
    const users = Number(r.users);
    const events = Number(r.events);
    if (users < minTeamSize) {
      other.activeUsers += users;
      other.events += events;
    } else {
      out.push({ team: r.team ?? UNKNOWN_TEAM, activeUsers: users, events });
    }
  }
  if (other.activeUsers > 0) out.push(other);
  return out.sort((a, b) => b.activeUsers - a.activeUsers || a.team.localeCompare(b.team));
}

/** The dashboard's numbers for a range, from the daily rollups only. */
export async function readSummary(db: Knex, q: SummaryQuery): Promise<InsightsSummary> {
  const range = [q.from, q.to] as const;
  const periodColumn = q.grouping === 'day' ? 'day' : q.grouping;

  const [activeRows, totalUsers, newUserRows, eventDays, teams, rolledUp, ...tops] = await Promise.all([
    db('insights_user_days')
      .select({ period: periodColumn })
      .countDistinct({ users: 'identity' })
      .whereBetween('day', range)
      .groupBy(periodColumn),
    db('insights_user_days').countDistinct({ users: 'identity' }).whereBetween('day', range).first(),
    db('insights_users').select('first_day').whereBetween('first_day', range),
    db('insights_key_days')
      .select('day', 'dimension', 'events')
      .whereIn('dimension', ['all', 'sample'])
      .whereBetween('day', range),
    teamRows(db, q.from, q.to),
    db('insights_meta').select('value').where({ key: 'rolledUpAt' }).first(),
    ...Object.values(TOP_LISTS).map(dimension =>
      db('insights_key_days')
        .select({ name: 'key' })
        .sum({ events: 'events' })
        .where({ dimension })
        .whereBetween('day', range)
        .groupBy('key')
        .orderBy([{ column: 'events', order: 'desc' }, { column: 'key' }])
        .limit(q.limit),
    ),
  ]);

  const periods = new Map<string, InsightsPeriod>();
  for (const day of daysBetween(q.from, q.to)) {
    const period = periodOf(day, q.grouping);
    if (!periods.has(period)) {
      periods.set(period, { period, events: 0, activeUsers: 0, newUsers: 0, returningUsers: 0 });
    }
  }
  // A week or month that starts before `from` is still keyed by its own first day.
  const at = (day: string) => periods.get(periodOf(day, q.grouping));
  let sample = false;
  for (const r of eventDays) {
    if (r.dimension === 'sample') sample = sample || Number(r.events) > 0;
    else at(r.day)!.events += Number(r.events);
  }
  for (const r of activeRows as unknown as { period: string; users: number | string }[]) {
    const p = periods.get(r.period);
    if (p) p.activeUsers += Number(r.users);
  }
  for (const r of newUserRows) at(r.first_day)!.newUsers += 1;
  for (const p of periods.values()) p.returningUsers = Math.max(0, p.activeUsers - p.newUsers);

  const activeUsers = Number(totalUsers?.users ?? 0);
  const ranked = (rows: { name: string; events: number | string }[]): InsightsRankedItem[] =>
    rows.map(r => ({ name: r.name, events: Number(r.events) }));
  const topLists = Object.fromEntries(Object.keys(TOP_LISTS).map((name, i) => [name, ranked(tops[i] as unknown as { name: string; events: number }[])])) as Pick<
    InsightsSummary,
    keyof typeof TOP_LISTS
  >;

  return {
    from: q.from,
    to: q.to,
    grouping: q.grouping,
    minTeamSize: q.minTeamSize,
    totals: {
      events: [...periods.values()].reduce((n, p) => n + p.events, 0),
      activeUsers,
      newUsers: newUserRows.length,
      returningUsers: Math.max(0, activeUsers - newUserRows.length),
    },
    periods: [...periods.values()],
    ...topLists,
    teams: mergeTeams(teams, q.minTeamSize),
    includesSampleData: sample,
    rolledUpAt: rolledUp?.value ?? null,
  };
}

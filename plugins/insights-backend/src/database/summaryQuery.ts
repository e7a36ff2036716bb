import type { Knex } from 'knex';
import type {
  InsightsPeriod,
  InsightsRankedItem,
  InsightsSummary,
  InsightsTeamAdoption,
} from 'backstage-plugin-insights-wasm-common';
import { daysBetween, periodEndOf, periodOf } from './days';
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

type TeamRow = { team: string; users: number; events: number };

/** Users active in the range, as `insights_users` rows (an index probe per user, not a scan of every active day). */
function activeUsersIn(db: Knex, from: string, to: string) {
  return db('insights_users as u').whereExists(
    db('insights_user_days as d').select(db.raw('1')).whereRaw('d.identity = u.identity').whereBetween('d.day', [from, to]),
  );
}

/** Active users per team (each user in the team of their last active day) and events per team. */
async function teamRows(db: Knex, from: string, to: string): Promise<TeamRow[]> {
  const [users, events] = await Promise.all([
    activeUsersIn(db, from, to)
      .select({ team: db.raw(`coalesce(u.team, '${UNKNOWN_TEAM}')`) })
      .count({ users: '*' })
      .groupByRaw(`coalesce(u.team, '${UNKNOWN_TEAM}')`),
    db('insights_key_days').select({ team: 'key' }).sum({ events: 'events' }).where({ dimension: 'team' }).whereBetween('day', [from, to]).groupBy('key'),
  ]);
  const byTeam = new Map<string, TeamRow>();
  for (const r of users as unknown as { team: string; users: number | string }[]) {
    byTeam.set(r.team, { team: r.team, users: Number(r.users), events: 0 });
  }
  for (const r of events as unknown as { team: string; events: number | string }[]) {
    const row = byTeam.get(r.team);
    if (row) row.events = Number(r.events);
  }
  return [...byTeam.values()];
}

/** Teams with fewer distinct users than `minTeamSize` in the range. */
export async function smallTeams(db: Knex, from: string, to: string, minTeamSize: number): Promise<Set<string>> {
  const rows = await teamRows(db, from, to);
  return new Set(rows.filter(r => r.users < minTeamSize).map(r => r.team));
}

/** Merges small teams into `other`; `other` is itself reported only when it reaches the size. */
function mergeTeams(rows: TeamRow[], minTeamSize: number): InsightsTeamAdoption[] {
  const out: InsightsTeamAdoption[] = [];
  const other = { team: OTHER_TEAM, activeUsers: 0, events: 0 };
  for (const r of rows) {
    if (r.users < minTeamSize) {
      other.activeUsers += r.users;
      other.events += r.events;
    } else {
      out.push({ team: r.team, activeUsers: r.users, events: r.events });
    }
  }
  if (other.activeUsers > 0) out.push(other);
  return out.sort((a, b) => b.activeUsers - a.activeUsers || a.team.localeCompare(b.team));
}

/** The dashboard's numbers for a range, from the daily rollups only. */
export async function readSummary(db: Knex, query: SummaryQuery): Promise<InsightsSummary> {
  // Weeks and months are counted whole: the range widens to their edges.
  const q = { ...query, from: periodOf(query.from, query.grouping), to: periodEndOf(query.to, query.grouping) };
  const range = [q.from, q.to] as const;

  const [activeRows, newUserRows, eventDays, teams, rolledUp, ...tops] = await Promise.all([
    db('insights_period_users').select('period', 'users').where({ kind: q.grouping }).whereBetween('period', range),
    db('insights_users').select('first_day').whereBetween('first_day', range),
    db('insights_key_days')
      .select('day', 'dimension', 'events')
      .whereIn('dimension', ['all', 'sample', 'anonymous'])
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

  // Built with numbers, then the user numbers of periods holding anonymous events become null.
  type Counting = { period: string; events: number; activeUsers: number; newUsers: number; returningUsers: number; anonymous: number };
  const periods = new Map<string, Counting>();
  for (const day of daysBetween(q.from, q.to)) {
    const period = periodOf(day, q.grouping);
    if (!periods.has(period)) {
      periods.set(period, { period, events: 0, activeUsers: 0, newUsers: 0, returningUsers: 0, anonymous: 0 });
    }
  }
  const at = (day: string) => periods.get(periodOf(day, q.grouping));
  let sample = false;
  for (const r of eventDays) {
    if (r.dimension === 'sample') sample = sample || Number(r.events) > 0;
    else if (r.dimension === 'anonymous') at(r.day)!.anonymous += Number(r.events);
    else at(r.day)!.events += Number(r.events);
  }
  for (const r of activeRows) {
    const p = periods.get(r.period);
    if (p) p.activeUsers = Number(r.users);
  }
  for (const r of newUserRows) at(r.first_day)!.newUsers += 1;
  for (const p of periods.values()) p.returningUsers = Math.max(0, p.activeUsers - p.newUsers);
  const anonymousEvents = [...periods.values()].reduce((n, p) => n + p.anonymous, 0);
  // A count that leaves out the senders of anonymous events is not the period's count: not available.
  const users = (complete: boolean, n: number) => (complete ? n : null);

  // Each user is in one team: the teams' users add up to the range's users.
  const activeUsers = teams.reduce((n, t) => n + t.users, 0);
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
      activeUsers: users(anonymousEvents === 0, activeUsers),
      newUsers: users(anonymousEvents === 0, newUserRows.length),
      returningUsers: users(anonymousEvents === 0, Math.max(0, activeUsers - newUserRows.length)),
    },
    periods: [...periods.values()].map(
      ({ anonymous, ...p }): InsightsPeriod => ({
        ...p,
        activeUsers: users(anonymous === 0, p.activeUsers),
        newUsers: users(anonymous === 0, p.newUsers),
        returningUsers: users(anonymous === 0, p.returningUsers),
      }),
    ),
    ...topLists,
    teams: anonymousEvents === 0 ? mergeTeams(teams, q.minTeamSize) : null,
    anonymousEvents,
    includesSampleData: sample,
    rolledUpAt: rolledUp?.value ?? null,
  };
}

/** How `/summary` groups its periods. */
export type InsightsGrouping = 'day' | 'week' | 'month';

/** The groupings `/summary` takes, in order. */
export const INSIGHTS_GROUPINGS: readonly InsightsGrouping[] = ['day', 'week', 'month'];

/** Export formats of `/export`. */
export type InsightsExportFormat = 'csv' | 'ndjson';

/** One period (a day, an ISO week starting Monday, or a month), keyed by its first day. */
export interface InsightsPeriod {
  /** First day of the period, `YYYY-MM-DD` (UTC). */
  period: string;
  events: number;
  /**
   * Distinct users active in the period; `null` (not available, never 0)
   * when the period holds anonymous events (see {@link InsightsSummary.anonymousEvents}).
   */
  activeUsers: number | null;
  /** Users first seen in the period; `null` as `activeUsers`. */
  newUsers: number | null;
  /** Active users first seen before the period; `null` as `activeUsers`. */
  returningUsers: number | null;
}

/** One row of a top list. */
export interface InsightsRankedItem {
  /** A plugin id, a page path, a search term, a template or entity ref. */
  name: string;
  events: number;
}

/**
 * One team's adoption; teams below `minTeamSize` users are merged into
 * `other`. A user counts in the team of their last active day.
 */
export interface InsightsTeamAdoption {
  /** A group entity ref, `other`, or `unknown` (no group in the catalog). */
  team: string;
  activeUsers: number;
  events: number;
}

/** What `GET /summary?from&to&grouping` answers. */
export interface InsightsSummary {
  /** First day, `YYYY-MM-DD` (UTC), inclusive; for weeks and months, the first day of the first period asked for. */
  from: string;
  /** Last day, `YYYY-MM-DD` (UTC), inclusive; for weeks and months, the last day of the last period asked for. */
  to: string;
  grouping: InsightsGrouping;
  /** Teams with fewer distinct users than this in the range are reported as `other`. */
  minTeamSize: number;
  /** The user numbers are `null` when the range holds anonymous events. */
  totals: {
    events: number;
    activeUsers: number | null;
    newUsers: number | null;
    returningUsers: number | null;
  };
  periods: InsightsPeriod[];
  topPlugins: InsightsRankedItem[];
  topPages: InsightsRankedItem[];
  topSearches: InsightsRankedItem[];
  templatesRun: InsightsRankedItem[];
  entitiesViewed: InsightsRankedItem[];
  techdocsRead: InsightsRankedItem[];
  /**
   * Adoption by team; `null` (not available) when the range holds anonymous
   * events: they carry no team, and small teams cannot be merged without
   * counting their users.
   */
  teams: InsightsTeamAdoption[] | null;
  /**
   * Events in the range stored without an identity (they arrived while the
   * backend had `backstageInsights.identity: disabled`). No one can tell how
   * many people sent them, so every per-user number of a period holding one
   * (and of the totals) is `null`: not available, rather than a count that
   * leaves them out.
   */
  anonymousEvents: number;
  /** Whether sample events (from the demo's seed command) are in the range. */
  includesSampleData: boolean;
  /** When the rollups were last brought up to date (RFC 3339), or null before the first run. */
  rolledUpAt: string | null;
}

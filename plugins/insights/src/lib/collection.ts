import type { ConfigApi } from '@backstage/core-plugin-api';
import type { InsightsSummary } from 'backstage-plugin-insights-wasm-common';
import { formatCount } from './format.js';

/**
 * What the analytics module was told to collect, as far as it changes how
 * the dashboard's numbers read. The module validates these keys in the
 * browser (and reports bad values in the console); the dashboard never
 * throws over them.
 */
export interface CollectionSettings {
  /**
   * `backstageInsights.sampleRate` when it is a number from 0 to 1; 1 (every
   * page session sent) when unset or invalid.
   */
  sampleRate: number;
  /** A set but invalid `sampleRate`, named with its fix; the numbers are then shown unscaled. */
  sampleRateProblem?: string;
  /** `backstageInsights.identity` is `disabled`: events carry no identity, people cannot be counted. */
  identityDisabled: boolean;
}

const SAMPLE_RATE = 'backstageInsights.sampleRate';
const IDENTITY = 'backstageInsights.identity';

/** Reads the two keys; a value of the wrong type is a problem to show, never a throw. */
export function readCollectionSettings(config: ConfigApi): CollectionSettings {
  let identity: string | undefined;
  try {
    identity = config.getOptionalString(IDENTITY);
  } catch {
    identity = undefined;
  }
  const settings: CollectionSettings = { sampleRate: 1, identityDisabled: identity === 'disabled' };
  let rate: number | undefined;
  try {
    rate = config.getOptionalNumber(SAMPLE_RATE);
  } catch {
    rate = Number.NaN;
  }
  if (rate === undefined) return settings;
  if (Number.isFinite(rate) && rate >= 0 && rate <= 1) return { ...settings, sampleRate: rate };
  return {
    ...settings,
    sampleRateProblem: `${SAMPLE_RATE} is not a number from 0 to 1 (got ${JSON.stringify(
      config.getOptional(SAMPLE_RATE),
    )}); fix it in app-config.yaml. The numbers below are shown as stored, unscaled.`,
  };
}

/** Whether events are sampled and their counts are scaled up (a rate strictly between 0 and 1). */
export function isSampled(settings: CollectionSettings): boolean {
  return settings.sampleRate > 0 && settings.sampleRate < 1;
}

/**
 * Event counts scaled by 1/rate: each page session is in the sample with
 * probability `rate`, whole, so a session's events count 1/rate times (an
 * unbiased estimate). User counts are not scaled: a person is seen when any
 * of their sessions is sampled, so 1/rate times the people seen would count
 * a frequent user many times over; the people seen are a lower bound
 * instead. Orders and shares do not change. The stored count of anonymous
 * events is kept as stored.
 */
export function scaleEvents(summary: InsightsSummary, settings: CollectionSettings): InsightsSummary {
  if (!isSampled(settings)) return summary;
  const scale = (events: number) => Math.round(events / settings.sampleRate);
  const ranked = <T extends { events: number }>(rows: T[]): T[] =>
    rows.map(row => ({ ...row, events: scale(row.events) }));
  return {
    ...summary,
    totals: { ...summary.totals, events: scale(summary.totals.events) },
    periods: ranked(summary.periods),
    topPlugins: ranked(summary.topPlugins),
    topPages: ranked(summary.topPages),
    topSearches: ranked(summary.topSearches),
    templatesRun: ranked(summary.templatesRun),
    entitiesViewed: ranked(summary.entitiesViewed),
    techdocsRead: ranked(summary.techdocsRead),
    teams: summary.teams && ranked(summary.teams),
  };
}

/** How the page reads one summary's numbers. */
export interface NumbersView {
  /** Event counts are estimates (scaled by 1/rate). */
  eventsEstimated: boolean;
  /** User counts are people seen in sampled sessions: at least this many. */
  usersAtLeast: boolean;
  /** Every per-user number reads "not available", whatever the backend answered (identity disabled). */
  usersHidden: boolean;
  /** Why per-user numbers are not available; undefined when they all are (a null number never is). */
  usersUnavailable?: string;
}

/** Reads "not available" for a user number the page cannot give. */
export const NOT_AVAILABLE = 'not available';

/** A user count as the page says it: "not available", "≥ 12" when sampled, or "12". */
export function formatUsers(value: number | null, view: NumbersView): string {
  if (value === null || view.usersHidden) return NOT_AVAILABLE;
  return view.usersAtLeast ? `≥ ${formatCount(value)}` : formatCount(value);
}

/** A user count for a chart or a CSV: null when not available. */
export function usersValue(value: number | null, view: NumbersView): number | null {
  return view.usersHidden ? null : value;
}

/** An event count as the page says it: "≈ 1,234" when estimated. */
export function formatEvents(value: number, view: NumbersView): string {
  return view.eventsEstimated ? `≈ ${formatCount(value)}` : formatCount(value);
}

export function numbersView(summary: InsightsSummary, settings: CollectionSettings): NumbersView {
  const sampled = isSampled(settings);
  let usersUnavailable: string | undefined;
  if (settings.identityDisabled) {
    usersUnavailable =
      'Identity is disabled (backstageInsights.identity: disabled): events carry no identity, so ' +
      'people cannot be counted. Active, new and returning users and adoption by team are not available.';
  } else if (summary.anonymousEvents > 0) {
    usersUnavailable =
      `${formatCount(summary.anonymousEvents)} events in this range were stored without an identity ` +
      '(sent while backstageInsights.identity was disabled), so people cannot be counted in the periods ' +
      'holding them, nor in the totals and teams.';
  }
  return {
    eventsEstimated: sampled,
    usersAtLeast: sampled,
    usersHidden: settings.identityDisabled,
    usersUnavailable,
  };
}

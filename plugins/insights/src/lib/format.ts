import type { InsightsGrouping } from 'backstage-plugin-insights-wasm-common';

/** A count in the reader's locale. */
export function formatCount(value: number): string {
  return value.toLocaleString();
}

/** A period's label: its day, `week of` its Monday, or its month. */
export function formatPeriod(period: string, grouping: InsightsGrouping): string {
  if (grouping === 'month') return period.slice(0, 7);
  if (grouping === 'week') return `week of ${period}`;
  return period;
}

/** `per day`, `per week`, `per month`. */
export function perGrouping(grouping: InsightsGrouping): string {
  return `per ${grouping}`;
}

/** An RFC 3339 time as `YYYY-MM-DD HH:MM UTC`, the same for every reader. */
export function formatUtcTime(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return value;
  const iso = new Date(time).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

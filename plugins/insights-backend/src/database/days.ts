import type { InsightsGrouping } from 'backstage-plugin-insights-wasm-common';

/** `YYYY-MM-DD` (UTC) of a time. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The Monday that starts this day's ISO week. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return dayOf(d.getTime() - sinceMonday * 86_400_000);
}

/** The first day of this day's month. */
export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The first day of the period holding `day`. */
export function periodOf(day: string, grouping: InsightsGrouping): string {
  if (grouping === 'week') return weekOf(day);
  if (grouping === 'month') return monthOf(day);
  return day;
}

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(dayOf(t));
  }
  return out;
}

/** Whether `s` is a real `YYYY-MM-DD` day. */
export function isDay(s: unknown): s is string {
  return typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && dayOf(Date.parse(`${s}T00:00:00Z`) || 0) === s;
}

/** The last day of the period holding `day`. */
export function periodEndOf(day: string, grouping: InsightsGrouping): string {
  const start = Date.parse(`${periodOf(day, grouping)}T00:00:00Z`);
  if (grouping === 'week') return dayOf(start + 6 * 86_400_000);
  if (grouping === 'month') {
    const d = new Date(start);
    return dayOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
  }
  return day;
}

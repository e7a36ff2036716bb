import type { InsightsRange } from '../api/InsightsApi.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Today as the backend counts days: UTC. */
export function todayUtc(): string {
  return new Date(Date.now()).toISOString().slice(0, 10);
}

/** `day` moved by `days` (negative goes back). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The last `days` days, today included. */
export function lastDays(days: number): InsightsRange {
  const to = todayUtc();
  return { from: addDays(to, -(days - 1)), to };
}

/** Whether `value` is a real calendar day written `YYYY-MM-DD`. */
export function isDay(value: string): boolean {
  if (!DAY_PATTERN.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

/** Why a range cannot be asked for, or undefined when it can. */
export function rangeProblem(range: InsightsRange): string | undefined {
  if (!isDay(range.from) || !isDay(range.to)) return 'Choose both a start and an end day.';
  if (range.from > range.to) return 'The start must be on or before the end.';
  return undefined;
}

/**
 * Counters: the core's, plus what the shim dropped before the core had it.
 *
 * @packageDocumentation
 */

/**
 * What happened to captured events so far.
 *
 * @public
 */
export type BackstageInsightsStats = {
  /** Events waiting: in the core's queue, or in the shim until the core is ready. */
  queued: number;
  /** Events delivered to the collector (2xx). */
  delivered: number;
  /** Events dropped, by reason, and `total`. */
  dropped: Record<string, number>;
  /** Any further counters the core reports, passed through as they are. */
  [counter: string]: unknown;
};

/**
 * Reasons the shim drops an event, named like the core's own reasons
 * (the core counts its own reasons; these are the shim's).
 */
export const DropReason = {
  /** More than `MAX_PENDING_EVENTS` waited for the core; the oldest went. */
  bufferFull: 'bufferFull',
  /** The core could not be loaded or started. */
  coreUnavailable: 'coreUnavailable',
  /** The core threw while taking the event. */
  coreError: 'coreError',
  /** The shim itself failed (should not happen). */
  shimError: 'shimError',
  /**
   * Captured on a page unloaded before the wasm core could start (its glue
   * or its bytes had not arrived): not scrubbed, so neither sent nor stored.
   * A running total for the origin in this browser, kept in `localStorage`
   * (a number, nothing of the events): every later page reports it.
   */
  leftBeforeLoad: 'leftBeforeLoad',
} as const;

/** Counts per reason. */
export class DropCounter {
  private readonly counts: Record<string, number> = {};

  add(reason: string, count = 1): void {
    if (count > 0) this.counts[reason] = (this.counts[reason] ?? 0) + count;
  }

  snapshot(): Record<string, number> {
    return { ...this.counts };
  }
}

/**
 * Merges the core's `stats()` (a plain object; anything else counts as
 * empty) with the shim's counts. A reason both count is added up; other core
 * counters pass through.
 */
export function mergeStats(
  coreStats: unknown,
  shimDropped: Record<string, number>,
  shimQueued: number,
): BackstageInsightsStats {
  const core = record(coreStats);
  const dropped: Record<string, number> = {};
  for (const [reason, count] of Object.entries(record(core.dropped))) {
    if (reason !== 'total' && typeof count === 'number' && Number.isFinite(count)) dropped[reason] = count;
  }
  for (const [reason, count] of Object.entries(shimDropped)) {
    dropped[reason] = (dropped[reason] ?? 0) + count;
  }
  dropped['total'] = Object.values(dropped).reduce((a, b) => a + b, 0);
  return {
    ...core,
    queued: count(core.queued) + shimQueued,
    delivered: count(core.delivered),
    dropped,
  };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/**
 * Why a read failed, so the page can say what to do next:
 * `forbidden` (403, no `backstage-insights.read`), `not-installed` (404, no
 * backend reachable, or an answer that is not the backend's), `other`.
 */
export type InsightsErrorReason = 'forbidden' | 'not-installed' | 'other';

/** A failed call to the Insights backend. */
export class InsightsApiError extends Error {
  readonly reason: InsightsErrorReason;
  /** The HTTP status, when the backend answered. */
  readonly status?: number;

  constructor(reason: InsightsErrorReason, message: string, status?: number) {
    super(message);
    this.name = 'InsightsApiError';
    this.reason = reason;
    if (status !== undefined) this.status = status;
  }
}

/** The reason of any thrown value; plain errors count as `other`. */
export function insightsErrorReason(error: unknown): InsightsErrorReason {
  return error instanceof InsightsApiError ? error.reason : 'other';
}

/**
 * Events per user per minute, as a token bucket per user held in this
 * replica's memory (several replicas each allow the rate). Full buckets are
 * forgotten, so memory follows the users active in the last minute.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly eventsPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = eventsPerMinute / 60_000;
  }

  /** Takes `events` from the user's bucket, or says how many seconds to wait. */
  take(user: string, events: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (this.eventsPerMinute === 0) return { ok: true };
    const now = this.now();
    const bucket = this.buckets.get(user) ?? { tokens: this.eventsPerMinute, at: now };
    bucket.tokens = Math.min(this.eventsPerMinute, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    // A batch larger than a minute's worth waits for a full bucket rather than forever.
    const cost = Math.min(events, this.eventsPerMinute);
    if (bucket.tokens < cost) {
      this.buckets.set(user, bucket);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - bucket.tokens) / this.perMs / 1000)) };
    }
    bucket.tokens -= cost;
    this.buckets.set(user, bucket);
    if (this.buckets.size > 10_000) this.forgetFull(now);
    return { ok: true };
  }

  private forgetFull(now: number) {
    for (const [user, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.eventsPerMinute) this.buckets.delete(user);
    }
  }
}

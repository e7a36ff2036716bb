import { RateLimiter } from './rateLimiter';

describe('RateLimiter', () => {
  it('allows a minute of events, then says how long to wait, per user', () => {
    let now = 0;
    const limiter = new RateLimiter(120, () => now);
    expect(limiter.take('user:default/a', 100).ok).toBe(true);
    expect(limiter.take('user:default/a', 20).ok).toBe(true);
    const refused = limiter.take('user:default/a', 25);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 13 }); // 2 events per second
    expect(limiter.take('user:default/b', 25).ok).toBe(true);
    now += 13_000;
    expect(limiter.take('user:default/a', 25).ok).toBe(true);
  });

  it('lets a batch larger than a minute through once the bucket is full', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    expect(limiter.take('u', 500).ok).toBe(true);
    expect(limiter.take('u', 1).ok).toBe(false);
    now += 60_000;
    expect(limiter.take('u', 500).ok).toBe(true);
  });

  it('is off at 0', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 100; i++) expect(limiter.take('u', 500).ok).toBe(true);
  });
});

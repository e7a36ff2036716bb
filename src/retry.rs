//! Retry rules as pure functions, apart from sending: what an answer means,
//! how long to wait, and when to give up.

/// What to do with a batch after the collector answered (or did not).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// 2xx: done.
    Delivered,
    /// 5xx, 408, 429, 401 or a network error: try again later.
    Retry,
    /// 413: split the batch in halves and send each.
    Split,
    /// Any other status: the collector will never take it; drop, warn once.
    Reject,
}

/// Attempts per event before it is dropped as `retryExhausted`.
pub const MAX_ATTEMPTS: u32 = 10;
/// Age after which an event is dropped as `retryExhausted` (a day).
pub const MAX_AGE_MS: f64 = 24.0 * 3600.0 * 1000.0;
/// The first wait.
pub const BASE_DELAY_MS: u32 = 1_000;
/// The longest computed wait.
pub const MAX_DELAY_MS: u32 = 5 * 60 * 1000;
/// The longest `Retry-After` honoured (longer ones are clamped).
pub const MAX_RETRY_AFTER_MS: u32 = 30 * 60 * 1000;

/// `status` is `None` for a network error (no answer at all).
pub fn classify(status: Option<u16>) -> Verdict {
    match status {
        None => Verdict::Retry,
        Some(200..=299) => Verdict::Delivered,
        // 401: the token is not known yet (sign-in still running when the
        // stored outbox goes at start) or has just expired. The shim fetches a
        // fresh one, so a retry delivers what a drop would lose; a collector
        // that never accepts it costs the bounded retries and one warning.
        Some(401 | 408 | 429 | 500..=599) => Verdict::Retry,
        Some(413) => Verdict::Split,
        Some(_) => Verdict::Reject,
    }
}

/// Exponential backoff with jitter: `BASE * 2^(attempt-1)`, capped, then
/// scaled into [50 %, 100 %] by `unit` (a random number in [0, 1)) so
/// that many tabs do not retry in step.
pub fn backoff_ms(attempt: u32, unit: f64) -> u32 {
    let exp = attempt.saturating_sub(1).min(20);
    let full = (BASE_DELAY_MS as u64) << exp;
    let capped = full.min(MAX_DELAY_MS as u64) as f64;
    (capped * (0.5 + 0.5 * unit.clamp(0.0, 1.0))) as u32
}

/// How long to wait before attempt `attempt + 1`: never sooner than the
/// server's `Retry-After` (`retry_after_ms`, which the glue reads, delay-seconds
/// or an HTTP-date; clamped to [`MAX_RETRY_AFTER_MS`]), and never sooner than
/// backoff (a `Retry-After: 0` must not turn into a tight loop).
pub fn delay_ms(attempt: u32, retry_after_ms: Option<u32>, unit: f64) -> u32 {
    let server = retry_after_ms.unwrap_or(0).min(MAX_RETRY_AFTER_MS);
    server.max(backoff_ms(attempt, unit))
}

/// Whether an event with `attempts` tries, queued at `queued_ms`, is out of retries.
pub fn exhausted(attempts: u32, queued_ms: f64, now_ms: f64) -> bool {
    attempts >= MAX_ATTEMPTS || now_ms - queued_ms > MAX_AGE_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(classify(Some(204)), Verdict::Delivered);
        assert_eq!(classify(Some(200)), Verdict::Delivered);
        for s in [401, 408, 429, 500, 502, 503, 599] {
            assert_eq!(classify(Some(s)), Verdict::Retry, "{s}");
        }
        assert_eq!(classify(None), Verdict::Retry);
        assert_eq!(classify(Some(413)), Verdict::Split);
        for s in [400, 403, 404, 422, 302] {
            assert_eq!(classify(Some(s)), Verdict::Reject, "{s}");
        }
    }

    #[test]
    fn backoff_grows_with_jitter_and_caps() {
        assert_eq!(backoff_ms(1, 1.0), 1_000);
        assert_eq!(backoff_ms(1, 0.0), 500);
        assert_eq!(backoff_ms(3, 1.0), 4_000);
        assert_eq!(backoff_ms(40, 1.0), MAX_DELAY_MS);
        assert!(backoff_ms(2, 0.3) >= 1_000 && backoff_ms(2, 0.3) <= 2_000);
    }

    #[test]
    fn retry_after_is_a_floor_clamped_and_backoff_is_too() {
        assert_eq!(delay_ms(1, Some(3_000), 0.0), 3_000);
        assert_eq!(delay_ms(1, None, 1.0), 1_000);
        assert_eq!(delay_ms(1, Some(0), 1.0), 1_000, "backoff is a floor");
        assert_eq!(delay_ms(3, Some(2_000), 1.0), 4_000, "a shorter Retry-After does not cut the backoff");
        assert_eq!(delay_ms(1, Some(MAX_RETRY_AFTER_MS + 1), 0.0), MAX_RETRY_AFTER_MS);
        assert_eq!(delay_ms(1, Some(u32::MAX), 0.0), MAX_RETRY_AFTER_MS);
    }

    #[test]
    fn gives_up_on_attempts_or_age() {
        assert!(!exhausted(1, 0.0, 1.0));
        assert!(exhausted(MAX_ATTEMPTS, 0.0, 1.0));
        assert!(exhausted(1, 0.0, MAX_AGE_MS + 1.0));
    }
}

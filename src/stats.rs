//! Counters an integrator can read (`stats()` on the API, and in debug
//! mode): nothing is dropped without being counted under a reason. The
//! snapshot's field names are the JS names (serde, camelCase): the shim's
//! `BackstageInsightsStats` type and the README list the same ones, and
//! `tests/docs_match_code.rs` keeps them in step.

use serde::Serialize;

/// Why an event did not reach the collector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropReason {
    /// Not an object, or no non-empty `action`.
    InvalidEvent,
    /// The config has no salt (or a bad endpoint): nothing is sent.
    NotConfigured,
    /// The in-memory queue was full; the oldest event made room.
    QueueFull,
    /// One event larger than a whole batch may be.
    TooLarge,
    /// The collector refused it (4xx other than 408/413/429).
    Rejected,
    /// Retries ran out (attempts or age).
    RetryExhausted,
    /// `identity: required` and the identity lookup failed (or the page was
    /// left before it answered).
    NoIdentity,
    /// `hosts` does not list the page's host.
    HostNotListed,
    /// The browser sends the Global Privacy Control signal (and
    /// `respectGlobalPrivacyControl` is on).
    GlobalPrivacyControl,
    /// The user opted out (`optOut()`).
    OptedOut,
    /// This session is outside `sampleRate`.
    NotSampled,
}

/// Events dropped, one counter per [`DropReason`], and their total.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(clippy::manual_non_exhaustive, reason = "`as_map` is for serde, not to stop construction")]
pub struct Dropped {
    /// [`DropReason::InvalidEvent`].
    pub invalid_event: u32,
    /// [`DropReason::NotConfigured`].
    pub not_configured: u32,
    /// [`DropReason::QueueFull`].
    pub queue_full: u32,
    /// [`DropReason::TooLarge`].
    pub too_large: u32,
    /// [`DropReason::Rejected`].
    pub rejected: u32,
    /// [`DropReason::RetryExhausted`].
    pub retry_exhausted: u32,
    /// [`DropReason::NoIdentity`].
    pub no_identity: u32,
    /// [`DropReason::HostNotListed`].
    pub host_not_listed: u32,
    /// [`DropReason::GlobalPrivacyControl`].
    pub global_privacy_control: u32,
    /// [`DropReason::OptedOut`].
    pub opted_out: u32,
    /// [`DropReason::NotSampled`].
    pub not_sampled: u32,
    /// All of the above.
    pub total: u32,
    /// Serialized as a map: see [`Snapshot::as_map`].
    #[serde(flatten)]
    as_map: (),
}

impl Dropped {
    fn slot(&mut self, reason: DropReason) -> &mut u32 {
        match reason {
            DropReason::InvalidEvent => &mut self.invalid_event,
            DropReason::NotConfigured => &mut self.not_configured,
            DropReason::QueueFull => &mut self.queue_full,
            DropReason::TooLarge => &mut self.too_large,
            DropReason::Rejected => &mut self.rejected,
            DropReason::RetryExhausted => &mut self.retry_exhausted,
            DropReason::NoIdentity => &mut self.no_identity,
            DropReason::HostNotListed => &mut self.host_not_listed,
            DropReason::GlobalPrivacyControl => &mut self.global_privacy_control,
            DropReason::OptedOut => &mut self.opted_out,
            DropReason::NotSampled => &mut self.not_sampled,
        }
    }
}

/// Running totals.
#[derive(Clone, Debug, Default)]
pub struct Counters {
    /// Events accepted into the queue.
    pub captured: u32,
    /// Events the collector acknowledged (2xx).
    pub delivered: u32,
    /// Attribute or context entries dropped (non-primitive values, redacted or over-long keys, over the limit).
    pub fields_dropped: u32,
    /// Events that could not be written to the page-hide outbox (storage
    /// refused, or over its cap): not lost, but lost if the page dies
    /// before they are sent.
    pub not_stored: u32,
    dropped: Dropped,
}

impl Counters {
    /// Counts `n` events dropped for `reason`.
    pub fn drop_events(&mut self, reason: DropReason, n: u32) {
        let slot = self.dropped.slot(reason);
        *slot = slot.saturating_add(n);
        self.dropped.total = self.dropped.total.saturating_add(n);
    }

    /// Events dropped for `reason` so far.
    pub fn dropped(&self, reason: DropReason) -> u32 {
        let mut d = self.dropped.clone();
        *d.slot(reason)
    }

    /// All drops.
    pub fn dropped_total(&self) -> u32 {
        self.dropped.total
    }

    /// What `stats()` returns, given what waits and what is in flight.
    pub fn snapshot(&self, queued: usize, in_flight: usize) -> Snapshot {
        Snapshot {
            queued: queued as u32,
            in_flight: in_flight as u32,
            captured: self.captured,
            delivered: self.delivered,
            fields_dropped: self.fields_dropped,
            not_stored: self.not_stored,
            dropped: self.dropped.clone(),
            as_map: (),
        }
    }
}

/// The counters as `stats()` returns them to JS.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(clippy::manual_non_exhaustive, reason = "`as_map` is for serde, not to stop construction")]
pub struct Snapshot {
    /// Events waiting (queued, or for the identity).
    pub queued: u32,
    /// Events in requests not answered yet.
    pub in_flight: u32,
    /// See [`Counters::captured`].
    pub captured: u32,
    /// See [`Counters::delivered`].
    pub delivered: u32,
    /// See [`Counters::fields_dropped`].
    pub fields_dropped: u32,
    /// See [`Counters::not_stored`].
    pub not_stored: u32,
    /// Drops by reason.
    pub dropped: Dropped,
    /// Nothing: a flattened field makes serde's derive write the struct as a
    /// map (`serialize_map`, keys as strings) instead of a struct, whose
    /// field names serde-wasm-bindgen caches in a thread-local hash map
    /// (docs/size-and-speed.md). `api::stats_js` turns maps into plain
    /// objects, so JS sees the same object either way.
    #[serde(flatten)]
    as_map: (),
}

// Native only: proptest and serde_json are native dev-dependencies.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn every_reason_has_its_own_counter_and_the_total_adds_up() {
        let all = [
            DropReason::InvalidEvent,
            DropReason::NotConfigured,
            DropReason::QueueFull,
            DropReason::TooLarge,
            DropReason::Rejected,
            DropReason::RetryExhausted,
            DropReason::NoIdentity,
            DropReason::HostNotListed,
            DropReason::GlobalPrivacyControl,
            DropReason::OptedOut,
            DropReason::NotSampled,
        ];
        let mut c = Counters::default();
        for (i, r) in all.iter().enumerate() {
            c.drop_events(*r, i as u32 + 1);
        }
        for (i, r) in all.iter().enumerate() {
            assert_eq!(c.dropped(*r), i as u32 + 1, "{r:?}");
        }
        assert_eq!(c.dropped_total(), 66);
        let json = serde_json::to_value(c.snapshot(3, 2)).unwrap();
        assert_eq!(json["dropped"]["retryExhausted"], 6);
        assert_eq!(json["inFlight"], 2);
        assert_eq!(json["dropped"]["notSampled"], 11);
        assert_eq!(json["dropped"]["total"], 66);
    }
}

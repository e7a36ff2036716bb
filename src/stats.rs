//! Counters an integrator can read (`stats()` on the API, and in debug
//! mode): nothing is dropped without being counted under a reason.

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
    dropped: [u32; 6],
}

impl Counters {
    /// Counts `n` events dropped for `reason`.
    pub fn drop_events(&mut self, reason: DropReason, n: u32) {
        let slot = &mut self.dropped[reason as usize];
        *slot = slot.saturating_add(n);
    }

    /// Events dropped for `reason` so far.
    pub fn dropped(&self, reason: DropReason) -> u32 {
        self.dropped[reason as usize]
    }

    /// All drops.
    pub fn dropped_total(&self) -> u32 {
        self.dropped.iter().fold(0u32, |a, b| a.saturating_add(*b))
    }
}

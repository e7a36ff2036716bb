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
    /// The page-hide outbox in localStorage was full; the oldest made room.
    StorageFull,
    /// The shim's pre-ready buffer was full (reported by the shim).
    BufferFull,
}

impl DropReason {
    /// Every reason, in the order `stats()` lists them.
    pub const ALL: [DropReason; 8] = [
        DropReason::InvalidEvent,
        DropReason::NotConfigured,
        DropReason::QueueFull,
        DropReason::TooLarge,
        DropReason::Rejected,
        DropReason::RetryExhausted,
        DropReason::StorageFull,
        DropReason::BufferFull,
    ];

    /// The name `stats()` uses.
    pub fn name(self) -> &'static str {
        match self {
            DropReason::InvalidEvent => "invalidEvent",
            DropReason::NotConfigured => "notConfigured",
            DropReason::QueueFull => "queueFull",
            DropReason::TooLarge => "tooLarge",
            DropReason::Rejected => "rejected",
            DropReason::RetryExhausted => "retryExhausted",
            DropReason::StorageFull => "storageFull",
            DropReason::BufferFull => "bufferFull",
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
    dropped: [u32; 8],
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

//! The whole behaviour without the browser: capture → (wait for identity)
//! → scrub and encode → queue → cut batches → judge answers. The browser
//! layer only moves bytes and time in and out of it.

use std::collections::VecDeque;

use crate::batch::{self, Batch, Queue, Queued};
use crate::clock::rfc3339;
use crate::config::{IdentityMode, Settings};
use crate::event::{encode, encoded_len, RawEvent};
use crate::gate;
use crate::identity::{self, Identity};
use crate::ids::IdGen;
use crate::outbox;
use crate::retry::{self, Verdict};
use crate::scrub::Scrubber;
use crate::stats::{Counters, DropReason};

/// Events that wait for the identity lookup, at most.
pub const MAX_WAITING: usize = 500;

/// What became of a captured event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Captured {
    /// Scrubbed, encoded and queued.
    Queued,
    /// Waiting for the identity lookup.
    Waiting,
    /// Dropped (and counted).
    Dropped(DropReason),
}

/// What to do after an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Delivered; send more if any wait.
    Continue,
    /// Try again after this many ms.
    RetryIn(u32),
    /// The collector refused it with this status: warn once.
    Rejected(u16),
}

struct Waiting {
    event: RawEvent<'static>,
    id: String,
    timestamp: String,
    at_ms: f64,
}

/// The pure core; one per page.
pub struct Pipeline {
    settings: Settings,
    scrubber: Scrubber,
    identity: Identity,
    hashed: Option<(String, String)>,
    waiting: VecDeque<Waiting>,
    queue: Queue,
    counters: Counters,
    ids: IdGen,
    /// Lowered after a 413, so later bodies fit what the collector takes.
    body_cap: usize,
    /// Encoded events since the last drain, kept only in debug mode.
    debug_log: Option<Vec<String>>,
    /// Debug mode: reasons events were dropped for by a control since the
    /// last drain (each said once).
    debug_notes: Vec<DropReason>,
    /// Debug mode: the reasons already noted.
    noted: Vec<DropReason>,
    /// Why new events are dropped (a closed [`gate`]), if they are.
    closed: Option<DropReason>,
}

impl core::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Pipeline").field("queued", &self.queue.len()).field("waiting", &self.waiting.len()).finish()
    }
}

impl Pipeline {
    /// A pipeline for resolved settings, ids seeded with 16 random bytes.
    pub fn new(settings: Settings, seed: [u8; 16]) -> Self {
        Pipeline {
            scrubber: Scrubber::new(&settings.scrub),
            // Anonymous: events never wait for an identity they will not carry.
            identity: match settings.identity {
                IdentityMode::Disabled => Identity::Unavailable,
                _ => Identity::Pending,
            },
            hashed: None,
            waiting: VecDeque::new(),
            queue: Queue::default(),
            counters: Counters::default(),
            ids: IdGen::new(seed),
            body_cap: settings.batch.max_bytes as usize,
            debug_log: settings.debug.then(Vec::new),
            debug_notes: Vec::new(),
            noted: Vec::new(),
            closed: None,
            settings,
        }
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The scrubber (with the signed-in user's name once known).
    pub fn scrubber(&self) -> &Scrubber {
        &self.scrubber
    }

    /// Counters so far.
    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    /// Counts drops that happened outside (the shim's buffer, the reader).
    pub fn counters_mut(&mut self) -> &mut Counters {
        &mut self.counters
    }

    /// Events queued or waiting for identity.
    pub fn pending(&self) -> usize {
        self.queue.len() + self.waiting.len()
    }

    /// Events queued (encoded, ready to send).
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// A random number in [0, 1) for jitter.
    pub fn jitter(&mut self) -> f64 {
        self.ids.next_unit()
    }

    /// Takes one event in. `now_ms` is when the plugin captured it.
    pub fn capture(&mut self, event: RawEvent<'_>, now_ms: f64) -> Captured {
        if let Some(reason) = self.closed {
            self.drop_by_control(reason, 1);
            return Captured::Dropped(reason);
        }
        if self.identity == Identity::Unavailable && self.settings.identity == IdentityMode::Required {
            self.drop_by_control(DropReason::NoIdentity, 1);
            return Captured::Dropped(DropReason::NoIdentity);
        }
        let id = self.ids.uuid();
        let timestamp = rfc3339(now_ms);
        if self.identity == Identity::Pending {
            if self.waiting.len() >= MAX_WAITING {
                self.waiting.pop_front();
                self.counters.drop_events(DropReason::QueueFull, 1);
            }
            self.waiting.push_back(Waiting { event: event.into_owned(), id, timestamp, at_ms: now_ms });
            return Captured::Waiting;
        }
        // Lent out for the call (enqueue needs `&mut self`): no copy of the hash per event.
        let identity = core::mem::replace(&mut self.identity, Identity::Pending);
        let result = self.enqueue(&event, id, timestamp, now_ms, identity.hash());
        self.identity = identity;
        match result {
            Ok(()) => Captured::Queued,
            Err(reason) => Captured::Dropped(reason),
        }
    }

    fn enqueue(
        &mut self,
        event: &RawEvent<'_>,
        id: String,
        timestamp: String,
        now_ms: f64,
        identity: Option<&str>,
    ) -> Result<(), DropReason> {
        let mut json = String::with_capacity(encoded_len(event, &self.settings.attributes));
        encode(&mut json, event, &id, &timestamp, identity, &self.settings.attributes, &self.scrubber);
        if json.len() > batch::max_event_bytes(self.settings.batch.max_bytes as usize) {
            self.counters.drop_events(DropReason::TooLarge, 1);
            return Err(DropReason::TooLarge);
        }
        if let Some(log) = &mut self.debug_log {
            log.push(json.clone());
        }
        self.counters.captured += 1;
        let dropped = self.queue.push_back(Queued { id, timestamp, json, attempts: 0, queued_ms: now_ms });
        self.counters.drop_events(DropReason::QueueFull, dropped);
        Ok(())
    }

    /// The identity lookup answered: `Some(userEntityRef)`, or `None` when
    /// it failed. Hashes once per ref; releases the waiting events.
    pub fn set_identity(&mut self, user_entity_ref: Option<&str>) {
        match user_entity_ref {
            // Still looked up: the user's own name is scrubbed from every event.
            _ if self.settings.identity == IdentityMode::Disabled => {}
            Some(r) => {
                let cached = matches!(&self.hashed, Some((known, _)) if known == r);
                if !cached {
                    self.hashed = Some((r.to_string(), identity::hash(r, &self.settings.salt)));
                }
                let hash = self.hashed.as_ref().map(|(_, h)| h.clone()).unwrap_or_default();
                self.identity = Identity::Known(hash);
            }
            None => self.identity = Identity::Unavailable,
        }
        self.scrubber.set_user(user_entity_ref);
        let identity = self.identity.hash().map(str::to_string);
        self.release_waiting_as(identity.as_deref());
    }

    /// The page is going away before the identity answered: the waiting
    /// events leave with `identity: null` rather than not at all.
    pub fn release_waiting(&mut self) {
        self.release_waiting_as(None);
    }

    fn release_waiting_as(&mut self, identity: Option<&str>) {
        if identity.is_none() && self.settings.identity == IdentityMode::Required {
            let n = self.waiting.len() as u32;
            self.waiting.clear();
            self.drop_by_control(DropReason::NoIdentity, n);
            return;
        }
        while let Some(w) = self.waiting.pop_front() {
            let _ = self.enqueue(&w.event, w.id, w.timestamp, w.at_ms, identity);
        }
    }

    /// Encoded events since the last call (debug mode only; empty otherwise).
    pub fn drain_debug_log(&mut self) -> Vec<String> {
        self.debug_log.as_mut().map(core::mem::take).unwrap_or_default()
    }

    /// Debug mode: the controls that dropped events since the last call, each once per page.
    pub fn drain_debug_notes(&mut self) -> Vec<DropReason> {
        core::mem::take(&mut self.debug_notes)
    }

    fn drop_by_control(&mut self, reason: DropReason, n: u32) {
        if n == 0 {
            return;
        }
        self.counters.drop_events(reason, n);
        if self.debug_log.is_some() && !self.noted.contains(&reason) {
            self.noted.push(reason);
            self.debug_notes.push(reason);
        }
    }

    /// Opens or closes the [`gate`]: `Some(reason)` drops every new event.
    /// For consent and the host list, what waits is dropped as well (counted),
    /// and so is whatever comes back later (a retry, a stored outbox).
    pub fn set_gate(&mut self, closed: Option<DropReason>) {
        self.closed = closed;
        if let Some(reason) = closed.filter(|r| gate::forgets_stored(*r)) {
            let n = self.waiting.len() + self.queue.len();
            self.waiting.clear();
            self.queue = Queue::default();
            self.drop_by_control(reason, n as u32);
        }
    }

    /// The gate is closed for a reason that sends and stores nothing more.
    pub fn forgets(&self) -> Option<DropReason> {
        self.closed.filter(|r| gate::forgets_stored(*r))
    }

    /// Whether a full batch waits.
    pub fn wants_flush(&self) -> bool {
        self.queue.is_full(self.settings.batch.max_events as usize, self.body_cap)
    }

    /// The next batch to send, if any events wait.
    pub fn take_batch(&mut self, now_ms: f64) -> Option<Batch> {
        self.take_batch_within(usize::MAX, now_ms)
    }

    /// The next batch whose body is at most `budget` bytes (the keepalive
    /// quota left at page hide); `None` when the oldest event does not fit.
    pub fn take_batch_within(&mut self, budget: usize, now_ms: f64) -> Option<Batch> {
        let cap = self.body_cap.min(budget);
        let events = self.queue.take(self.settings.batch.max_events as usize, cap);
        if events.is_empty() {
            return None;
        }
        let id = self.ids.uuid();
        let body = batch::envelope(&id, &rfc3339(now_ms), &events);
        if body.len() > budget {
            self.queue.push_front_all(events);
            return None;
        }
        Some(Batch { id, body, events })
    }

    /// The body the next `take_batch` would send, without taking it, and
    /// the ids it covers: registered with `fetchLater` so the browser sends
    /// it even if the page dies without a page-hide event.
    pub fn preview_batch(&mut self, max_body: usize, now_ms: f64) -> Option<(String, Vec<String>)> {
        let cap = self.body_cap.min(max_body);
        let events = self.queue.take(self.settings.batch.max_events as usize, cap);
        if events.is_empty() {
            return None;
        }
        let body = batch::envelope(&self.ids.uuid(), &rfc3339(now_ms), &events);
        let ids = events.iter().map(|q| q.id.clone()).collect();
        // Put back untouched: the queue is exactly as before.
        let _ = self.queue.push_front_all(events);
        (body.len() <= max_body).then_some((body, ids))
    }

    /// The browser already sent these (an activated `fetchLater`): take
    /// them out of the queue (a retry may have queued others ahead of them
    /// since), and count them delivered.
    pub fn sent_by_browser(&mut self, ids: &[String]) -> usize {
        let n = self.queue.remove_ids(ids);
        self.counters.delivered += n as u32;
        n
    }

    /// Judges the collector's answer to `batch` (`status: None` for a network
    /// error; `retry_after_ms`: the wait its `Retry-After` asks for).
    pub fn on_answer(&mut self, batch: Batch, status: Option<u16>, retry_after_ms: Option<u32>, now_ms: f64) -> Next {
        let n = batch.events.len() as u32;
        match retry::classify(status) {
            Verdict::Delivered => {
                self.counters.delivered += n;
                Next::Continue
            }
            Verdict::Reject => {
                self.counters.drop_events(DropReason::Rejected, n);
                Next::Rejected(status.unwrap_or(0))
            }
            Verdict::Split if n <= 1 => {
                self.counters.drop_events(DropReason::TooLarge, n);
                Next::Rejected(413)
            }
            Verdict::Split => {
                // Halve the body cap: the same events go again in smaller bodies.
                // From the events, not `batch.body`: the sender may have moved the body out.
                let sum = batch.events.iter().map(|q| q.json.len()).sum();
                self.body_cap = (batch::body_bytes(batch.events.len(), sum) / 2).max(batch::ENVELOPE_BYTES + 1);
                self.requeue(batch.events);
                Next::RetryIn(0)
            }
            Verdict::Retry => {
                let mut attempts = 0;
                let mut keep = Vec::with_capacity(batch.events.len());
                for mut q in batch.events {
                    q.attempts += 1;
                    if retry::exhausted(q.attempts, q.queued_ms, now_ms) {
                        self.counters.drop_events(DropReason::RetryExhausted, 1);
                    } else {
                        attempts = attempts.max(q.attempts);
                        keep.push(q);
                    }
                }
                self.requeue(keep);
                let unit = self.jitter();
                Next::RetryIn(retry::delay_ms(attempts, retry_after_ms, unit))
            }
        }
    }

    /// Puts events back at the front (a send that could not start, or a retry).
    pub fn requeue(&mut self, events: Vec<Queued>) {
        if let Some(reason) = self.forgets() {
            self.drop_by_control(reason, events.len() as u32);
            return;
        }
        let dropped = self.queue.push_front_all(events);
        self.counters.drop_events(DropReason::QueueFull, dropped);
    }

    /// The queued events, oldest first.
    pub fn queued_events(&self) -> impl Iterator<Item = &Queued> {
        self.queue.iter()
    }

    /// Queues a stored outbox ahead of everything (it is older), skipping ids already queued.
    pub fn adopt_outbox(&mut self, text: &str, now_ms: f64) -> usize {
        let mut events = Vec::new();
        // Aged from capture, not only from adoption: with a collector that keeps
        // refusing, reloads must not keep events stored and re-sent for good.
        let oldest = rfc3339(now_ms - retry::MAX_AGE_MS);
        for q in outbox::decode(text, now_ms) {
            if q.timestamp < oldest {
                self.counters.drop_events(DropReason::RetryExhausted, 1);
                continue;
            }
            if !self.queue.iter().any(|e| e.id == q.id) {
                events.push(q);
            }
        }
        let n = events.len();
        self.requeue(events);
        n
    }
}

#[cfg(test)]
mod tests;

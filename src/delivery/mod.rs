//! Delivery as a state machine without I/O (sans-IO, as quinn-proto and
//! rustls keep protocol logic apart from sockets): it takes [`Input`]s (events
//! read, a timer fired, an answer, the page hidden or shown, stored outboxes
//! found, `fetchLater` refused) and answers with [`Command`]s (send, arm or
//! clear a timer, store the outbox, register or abort the `fetchLater` copy,
//! log). The browser layer ([`crate::browser::client`]) only carries the
//! commands out and reports what happened; this module decides everything,
//! so `cargo test` checks it natively, property tests included.
//!
//! The rules in one paragraph: events are sent when a batch is full or the
//! flush interval passes, one ordinary request at a time, with backoff after
//! a retryable failure. When the page is hidden or left, everything queued
//! is sent at once with `keepalive` while the bodies in flight stay under
//! [`KEEPALIVE_BUDGET`], and everything not yet confirmed is written to the
//! tab's outbox; the next page load sends it first. Where the browser has
//! `fetchLater`, the next batch is also kept registered with it (refreshed
//! at most every [`LATER_REFRESH_MS`]), so the browser sends it if the page
//! dies without either event. In debug mode nothing is sent or stored: each
//! event and each would-be batch is logged.

use crate::batch::{Batch, Queued};
use crate::config::Settings;
use crate::event::RawEvent;
use crate::gate;
use crate::pipeline::{Captured, Next, Pipeline};
use crate::stats::{DropReason, Snapshot};

/// Sum of keepalive bodies in flight, at most: browsers refuse past 64 KiB.
pub const KEEPALIVE_BUDGET: usize = 60 * 1024;
/// The `fetchLater` copy is refreshed at most this often: each refresh
/// rebuilds a body, and per-event refreshes cost more than all the rest of
/// the work together (`npm run bench`). Events captured since the last
/// refresh are still covered by the page-hide flush.
pub const LATER_REFRESH_MS: u32 = 1_000;

/// The two timers the machine arms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Timer {
    /// Sends the next batch (the flush interval, a full batch, or the end of a backoff).
    Flush,
    /// Registers the next batch with `fetchLater` again.
    LaterRefresh,
}

/// When an input happens, on both clocks.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Now {
    /// Wall clock, ms since the epoch (`Date.now()`): timestamps and ages.
    pub wall_ms: f64,
    /// A clock that never goes back (`performance.now()`): backoffs.
    pub mono_ms: f64,
}

/// What happened, as the browser layer reports it.
#[derive(Debug)]
pub enum Input {
    /// A plugin captured an event; it waits, unread, in the browser layer's inbox.
    Filed,
    /// Events were read into the machine with [`Delivery::capture`]: `full`
    /// when they were read because the inbox held a batch's worth.
    Read {
        /// The inbox held a batch's worth (or, in debug mode, a task's events).
        full: bool,
    },
    /// A timer the machine armed went off.
    TimerFired(Timer),
    /// `flush()` was called: send now, backoff or not.
    Flush,
    /// The signed-in user's entity ref (`None`: the lookup failed).
    Identity(Option<String>),
    /// Request `seq` was answered: `status: None` is a network error.
    Answer {
        /// The request, as [`Command::Send`] numbered it.
        seq: u32,
        /// The HTTP status.
        status: Option<u16>,
        /// The server's `Retry-After`, in ms from now.
        retry_after_ms: Option<u32>,
    },
    /// Request `seq` could not even start (`fetch` threw).
    SendFailed {
        /// The request, as [`Command::Send`] numbered it.
        seq: u32,
    },
    /// The page was hidden, frozen or left.
    Hidden,
    /// The page is shown again (or restored from the back/forward cache).
    Shown,
    /// Outboxes other pages left in storage: (key, text).
    StoredFound(Vec<(String, String)>),
    /// Storage refused the last [`Command::StoreOutbox`] (quota, disabled).
    StoreRefused,
    /// The browser already sent the registered `fetchLater` copy.
    LaterSent,
    /// The browser refused the last [`Command::RegisterLater`] (quota, insecure context).
    LaterRefused,
    /// The [`gate`] as decided now: `Some(reason)` while events may not leave
    /// (read at start, and again on `optOut()` / `optIn()`).
    Gate(Option<DropReason>),
}

/// What the browser layer must do, in order.
#[derive(Debug, PartialEq)]
pub enum Command {
    /// POST `body`; answer with [`Input::Answer`] (or [`Input::SendFailed`]) for `seq`.
    Send {
        /// Numbers the request for its answer.
        seq: u32,
        /// The request body.
        body: String,
        /// Outlive the page (only at page hide).
        keepalive: bool,
    },
    /// Arm `timer` to fire in `ms`, replacing its pending time.
    SetTimer(Timer, u32),
    /// Disarm `timer`.
    ClearTimer(Timer),
    /// Write the tab's outbox (`text` empty: remove it); on success, remove
    /// the adopted outboxes `then_remove`; on refusal report [`Input::StoreRefused`].
    StoreOutbox {
        /// The outbox text ([`crate::outbox`]'s format).
        text: String,
        /// Keys of other pages' outboxes now held in this one.
        then_remove: Vec<String>,
    },
    /// Register `body` with `fetchLater` (replacing nothing: any earlier one was aborted).
    RegisterLater {
        /// The request body.
        body: String,
    },
    /// Abort the registered `fetchLater` copy unless the browser has sent it.
    AbortLater,
    /// Debug mode: one event as it would be sent.
    LogEvent(String),
    /// Debug mode: the batch that would have been sent, and the counters.
    LogBatch {
        /// Why it would have been sent now.
        why: &'static str,
        /// The request body.
        body: String,
        /// Events in it.
        events: usize,
        /// The counters after it.
        stats: Snapshot,
    },
    /// A one-off console warning.
    Warn(String),
    /// Remove every outbox in storage, this tab's and other pages' (consent withdrawn).
    ForgetStored,
}

/// One request in flight (its body went with the [`Command::Send`]).
#[derive(Debug)]
struct Flight {
    seq: u32,
    batch: Batch,
    bytes: usize,
}

/// The page as delivery sees it.
#[derive(Debug, PartialEq)]
enum Page {
    Shown,
    /// Hidden or left. Keepalive batches whose promise failed meanwhile wait
    /// here: Chromium rejects them at `pagehide` though the browser still
    /// delivers them, so resending at once would send them twice. They stay
    /// in the outbox and go back to the queue if the page is shown again.
    Hidden {
        parked: Vec<Queued>,
    },
}

/// The tab's outbox in storage, as last asked for.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Outbox {
    /// Nothing stored for this tab.
    Empty,
    /// It holds this many events: keep it in step with confirmations.
    Stored(u32),
}

/// The delivery state of one page.
#[derive(Debug)]
pub struct Delivery {
    pipeline: Pipeline,
    endpoint: String,
    /// Register the next batch with `fetchLater` (the browser has it; not in debug mode).
    use_fetch_later: bool,
    page: Page,
    /// The one ordinary request in flight.
    ordinary: Option<Flight>,
    /// No ordinary send before this time (mono ms), after a retryable failure.
    backoff_until: Option<f64>,
    /// Keepalive requests in flight (sent at page hide).
    keepalive: Vec<Flight>,
    /// The ids of the batch registered with `fetchLater`, oldest first.
    registered: Option<Vec<String>>,
    outbox: Outbox,
    /// Pending timers: when each will fire (mono ms).
    flush_due: Option<f64>,
    refresh_due: Option<f64>,
    /// Events were queued since the last input that schedules.
    unscheduled: bool,
    /// Statuses already warned about (once per page).
    warned: Vec<u16>,
    next_seq: u32,
    /// The mono time of the input being handled.
    now: Now,
    out: Vec<Command>,
}

impl Delivery {
    /// Delivery to `endpoint` (named in warnings); `fetch_later` when the browser has it.
    pub fn new(settings: Settings, seed: [u8; 16], endpoint: String, fetch_later: bool) -> Delivery {
        let use_fetch_later = fetch_later && !settings.debug;
        Delivery {
            pipeline: Pipeline::new(settings, seed),
            endpoint,
            use_fetch_later,
            page: Page::Shown,
            ordinary: None,
            backoff_until: None,
            keepalive: Vec::new(),
            registered: None,
            outbox: Outbox::Empty,
            flush_due: None,
            refresh_due: None,
            unscheduled: false,
            warned: Vec::new(),
            next_seq: 0,
            now: Now::default(),
            out: Vec::new(),
        }
    }

    /// The pipeline (settings, counters, the scrubber).
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// Counts drops that happened outside (the reader's).
    pub fn pipeline_mut(&mut self) -> &mut Pipeline {
        &mut self.pipeline
    }

    /// Takes one event read from the inbox (captured at `timestamp_ms`).
    /// Follow a run of these with [`Input::Read`] or another input.
    pub fn capture(&mut self, event: RawEvent<'_>, timestamp_ms: f64) -> Captured {
        let outcome = self.pipeline.capture(event, timestamp_ms);
        self.unscheduled |= outcome == Captured::Queued;
        outcome
    }

    /// Whether the flush timer is armed (the browser layer skips an
    /// [`Input::Filed`] that would change nothing: it is the hot path).
    pub fn flush_timer_armed(&self) -> bool {
        self.flush_due.is_some()
    }

    /// Events in requests not answered yet.
    pub fn in_flight_events(&self) -> usize {
        self.flights().map(|f| f.batch.events.len()).sum()
    }

    /// Events waiting: queued, waiting for the identity, or parked at page hide.
    pub fn waiting_events(&self) -> usize {
        let parked = match &self.page {
            Page::Hidden { parked } => parked.len(),
            Page::Shown => 0,
        };
        self.pipeline.pending() + parked
    }

    /// The counters as `stats()` returns them.
    pub fn snapshot(&self) -> Snapshot {
        self.pipeline.counters().snapshot(self.waiting_events(), self.in_flight_events())
    }

    /// Handles one input; the commands it leads to, in order, are appended to `out`.
    pub fn handle(&mut self, input: Input, now: Now, out: &mut Vec<Command>) {
        self.now = now;
        core::mem::swap(&mut self.out, out);
        self.step(input);
        core::mem::swap(&mut self.out, out);
    }

    fn step(&mut self, input: Input) {
        match input {
            Input::Filed => {
                // Read and sent within the flush interval, and registered with
                // fetchLater within a second. (A retry backoff holds the flush timer.)
                if self.flush_due.is_none() {
                    let interval = self.pipeline.settings().batch.flush_interval_ms;
                    self.set_timer(Timer::Flush, interval);
                }
                self.refresh_soon();
            }
            Input::Read { full } => {
                if !self.absorb() {
                    return;
                }
                if full && self.pipeline.wants_flush() && !self.waiting_on_network() {
                    // Already off the capture call: send now rather than after one more timer.
                    self.flush("batch full");
                } else {
                    self.schedule();
                    self.refresh_soon();
                }
            }
            Input::TimerFired(Timer::Flush) => {
                self.flush_due = None;
                self.flush("timer");
            }
            Input::TimerFired(Timer::LaterRefresh) => {
                self.refresh_due = None;
                // Not refresh_soon: this is the refresh.
                if self.absorb() {
                    self.schedule();
                }
                self.register_later();
            }
            Input::Flush => {
                self.backoff_until = None;
                self.flush("flush()");
            }
            Input::Identity(user) => {
                self.absorb();
                self.pipeline.set_identity(user.as_deref());
                self.log_debug_events();
                self.schedule();
                self.refresh_soon();
            }
            Input::Answer { seq, status, retry_after_ms } => self.request_answered(seq, status, retry_after_ms),
            Input::SendFailed { seq } => self.on_send_failed(seq),
            Input::Hidden => self.on_hide(),
            Input::Shown => self.on_show(),
            Input::StoredFound(outboxes) => self.adopt(outboxes),
            Input::StoreRefused => {
                // Quota or disabled storage: the events stay in memory, counted as not stored.
                if let Outbox::Stored(events) = core::mem::replace(&mut self.outbox, Outbox::Empty) {
                    self.pipeline.counters_mut().not_stored += events;
                }
            }
            Input::LaterSent => {
                if let Some(ids) = self.registered.take() {
                    self.pipeline.sent_by_browser(&ids);
                }
            }
            Input::LaterRefused => self.registered = None,
            Input::Gate(closed) => self.set_gate(closed),
        }
    }

    /// Opens or closes the gate. Closed for consent or the host list, nothing
    /// more leaves: what waits is dropped (counted), the timers and the
    /// `fetchLater` copy go, and every stored outbox is removed. Requests
    /// already in flight cannot be called back; what they bring back is dropped.
    fn set_gate(&mut self, closed: Option<DropReason>) {
        self.pipeline.set_gate(closed);
        // The host list is said even outside debug mode: it is a setup mistake until shown otherwise.
        if let Some(reason) = closed.filter(|r| *r == DropReason::HostNotListed || self.debug()) {
            self.out.push(Command::Warn(gate::explain(reason).into()));
        }
        let Some(reason) = self.pipeline.forgets() else {
            self.schedule();
            self.refresh_soon();
            return;
        };
        if let Page::Hidden { parked } = &mut self.page {
            let n = core::mem::take(parked).len() as u32;
            self.pipeline.counters_mut().drop_events(reason, n);
        }
        self.abort_later();
        self.clear_timer(Timer::Flush);
        self.clear_timer(Timer::LaterRefresh);
        self.outbox = Outbox::Empty;
        self.out.push(Command::ForgetStored);
    }

    /// Takes note of events captured since the last input; true if any were queued.
    fn absorb(&mut self) -> bool {
        let fresh = core::mem::take(&mut self.unscheduled);
        // Debug mode also says which control dropped an event.
        if fresh || self.debug() {
            self.log_debug_events();
        }
        fresh
    }

    fn debug(&self) -> bool {
        self.pipeline.settings().debug
    }

    fn log_debug_events(&mut self) {
        for json in self.pipeline.drain_debug_log() {
            self.out.push(Command::LogEvent(json));
        }
        for reason in self.pipeline.drain_debug_notes() {
            let text = crate::text::concat(&["debug: ", gate::explain(reason), " (counted in stats().dropped)"]);
            self.out.push(Command::Warn(text));
        }
    }

    fn set_timer(&mut self, timer: Timer, ms: u32) {
        let due = Some(self.now.mono_ms + ms as f64);
        match timer {
            Timer::Flush => self.flush_due = due,
            Timer::LaterRefresh => self.refresh_due = due,
        }
        self.out.push(Command::SetTimer(timer, ms));
    }

    fn clear_timer(&mut self, timer: Timer) {
        let was = match timer {
            Timer::Flush => self.flush_due.take(),
            Timer::LaterRefresh => self.refresh_due.take(),
        };
        if was.is_some() {
            self.out.push(Command::ClearTimer(timer));
        }
    }

    /// Arms the timer for the next send: at once when a batch is full, else
    /// after the flush interval; during a backoff, for its end.
    fn schedule(&mut self) {
        if self.pipeline.queued() == 0 {
            return;
        }
        if self.waiting_on_network() {
            // A backoff whose timer page hide cleared, or that another timer
            // cut short, must still end in a send.
            if let (None, Some(left), None) = (&self.ordinary, self.backoff_left(), self.flush_due) {
                self.set_timer(Timer::Flush, left);
            }
            return;
        }
        if self.pipeline.wants_flush() {
            self.set_timer(Timer::Flush, 0);
        } else if self.flush_due.is_none() {
            let interval = self.pipeline.settings().batch.flush_interval_ms;
            self.set_timer(Timer::Flush, interval);
        }
    }

    /// A request is in flight or a backoff runs: the answer, or the
    /// backoff's own timer, sends next.
    fn waiting_on_network(&self) -> bool {
        !self.debug() && (self.ordinary.is_some() || self.backoff_left().is_some())
    }

    /// What is left of a retry backoff, if it is not over.
    fn backoff_left(&self) -> Option<u32> {
        let left = self.backoff_until? - self.now.mono_ms;
        (left > 0.0).then(|| left.ceil() as u32)
    }

    fn flush(&mut self, why: &'static str) {
        self.absorb();
        if self.waiting_on_network() {
            // During a backoff the timer is the retry: set, it stays as it
            // is; fired early, it is set again for the rest.
            self.schedule();
            return;
        }
        self.clear_timer(Timer::Flush);
        if self.debug() {
            self.log_would_be_batches(why);
            return;
        }
        // A registered copy of what is sent now must not go at unload as well.
        self.abort_later();
        if let Some(batch) = self.pipeline.take_batch(self.now.wall_ms) {
            // Not keepalive: Chromium keeps counting a keepalive body against
            // its 64 KiB quota for a while after the answer, so ordinary
            // keepalive sends made the next ones fail (measured by the
            // benchmark). The page-hide flush needs the whole quota, and
            // whatever is in flight at hide is in the outbox anyway.
            self.ordinary = Some(self.send(batch, false));
        }
        self.refresh_soon();
    }

    /// Numbers a request and asks for it to be sent.
    fn send(&mut self, mut batch: Batch, keepalive: bool) -> Flight {
        let seq = self.next_seq;
        self.next_seq = self.next_seq.wrapping_add(1);
        let body = core::mem::take(&mut batch.body);
        let bytes = body.len();
        self.out.push(Command::Send { seq, body, keepalive });
        Flight { seq, batch, bytes }
    }

    /// The queue changed: re-register the next batch with `fetchLater` soon.
    fn refresh_soon(&mut self) {
        if self.use_fetch_later && self.page == Page::Shown && self.refresh_due.is_none() {
            self.set_timer(Timer::LaterRefresh, LATER_REFRESH_MS);
        }
    }

    fn register_later(&mut self) {
        self.abort_later();
        if !self.use_fetch_later || self.page != Page::Shown {
            return;
        }
        if let Some((body, ids)) = self.pipeline.preview_batch(KEEPALIVE_BUDGET, self.now.wall_ms) {
            self.out.push(Command::RegisterLater { body });
            self.registered = Some(ids);
        }
    }

    /// Drops the registered copy (whatever the browser sent of it was reported as [`Input::LaterSent`]).
    fn abort_later(&mut self) {
        if self.registered.take().is_some() {
            self.out.push(Command::AbortLater);
        }
    }

    fn log_would_be_batches(&mut self, why: &'static str) {
        while let Some(batch) = self.pipeline.take_batch(self.now.wall_ms) {
            let events = batch.events.len();
            let body = batch.body.clone();
            // Debug mode sends nothing; the batch counts as handled.
            self.pipeline.on_answer(batch, Some(204), None, self.now.wall_ms);
            let stats = self.snapshot();
            self.out.push(Command::LogBatch { why, body, events, stats });
        }
    }

    fn flights(&self) -> impl Iterator<Item = &Flight> {
        self.ordinary.iter().chain(self.keepalive.iter())
    }

    /// Takes request `seq` out of flight: the flight and whether it was keepalive.
    fn land(&mut self, seq: u32) -> Option<(Flight, bool)> {
        if self.ordinary.as_ref().is_some_and(|f| f.seq == seq) {
            return self.ordinary.take().map(|f| (f, false));
        }
        let pos = self.keepalive.iter().position(|f| f.seq == seq)?;
        Some((self.keepalive.swap_remove(pos), true))
    }

    fn request_answered(&mut self, seq: u32, status: Option<u16>, retry_after_ms: Option<u32>) {
        let Some((flight, keepalive)) = self.land(seq) else { return };
        if let (true, None, Page::Hidden { parked }) = (keepalive, status, &mut self.page) {
            if let Some(reason) = self.pipeline.forgets() {
                self.pipeline.counters_mut().drop_events(reason, flight.batch.events.len() as u32);
                return;
            }
            parked.extend(flight.batch.events);
            self.store_outbox(Vec::new());
            return;
        }
        self.settle_batch(flight.batch, status, retry_after_ms);
    }

    fn on_send_failed(&mut self, seq: u32) {
        let Some((flight, keepalive)) = self.land(seq) else { return };
        if keepalive {
            // Sending it again now would fail the same way: it waits in the outbox.
            self.pipeline.requeue(flight.batch.events);
            self.store_outbox(Vec::new());
        } else {
            // A `fetch` replaced by one that throws: retried like a network error.
            self.settle_batch(flight.batch, None, None);
        }
    }

    /// The batch's outcome (`status: None` for a network error): retry, drop or done.
    fn settle_batch(&mut self, batch: Batch, status: Option<u16>, retry_after_ms: Option<u32>) {
        match self.pipeline.on_answer(batch, status, retry_after_ms, self.now.wall_ms) {
            Next::Continue => self.backoff_until = None,
            Next::RetryIn(ms) => {
                self.backoff_until = Some(self.now.mono_ms + ms as f64);
                self.set_timer(Timer::Flush, ms);
                if status == Some(401) {
                    self.warn_once(401, ": retrying with backoff (the token may not be known yet). If it lasts, check that the backend accepts the Backstage token; it only goes to Backstage's own backend (backend.baseUrl, discovery.endpoints).");
                }
            }
            Next::Rejected(status) => self.warn_once(
                status,
                ": those events were dropped (counted in stats().dropped.rejected). Check the endpoint and that the backend accepts the token.",
            ),
        }
        if self.outbox != Outbox::Empty {
            self.store_outbox(Vec::new());
        }
        self.schedule();
        self.refresh_soon();
    }

    /// One console warning per status the collector answered, for the page's life.
    fn warn_once(&mut self, status: u16, what: &str) {
        if !self.warned.contains(&status) {
            self.warned.push(status);
            let text = crate::text::concat(&[
                "the collector at ",
                &self.endpoint,
                " answered ",
                &crate::text::uint(status as u64),
                what,
            ]);
            self.out.push(Command::Warn(text));
        }
    }

    /// Page hidden or left: send all that fits with keepalive now, store the rest.
    fn on_hide(&mut self) {
        self.absorb();
        self.clear_timer(Timer::Flush);
        self.clear_timer(Timer::LaterRefresh);
        if self.page == Page::Shown {
            self.page = Page::Hidden { parked: Vec::new() };
        }
        // Keepalive takes over from here; the registered copy would duplicate it.
        self.abort_later();
        self.pipeline.release_waiting();
        if self.debug() {
            self.log_debug_events();
            self.log_would_be_batches("page hidden");
            return;
        }
        let mut budget = KEEPALIVE_BUDGET - self.keepalive_bytes();
        while let Some(batch) = self.pipeline.take_batch_within(budget, self.now.wall_ms) {
            let flight = self.send(batch, true);
            budget -= flight.bytes;
            self.keepalive.push(flight);
        }
        self.store_outbox(Vec::new());
    }

    fn keepalive_bytes(&self) -> usize {
        self.keepalive.iter().map(|f| f.bytes).sum()
    }

    fn on_show(&mut self) {
        if let Page::Hidden { parked } = core::mem::replace(&mut self.page, Page::Shown) {
            self.pipeline.requeue(parked);
        }
        self.schedule();
        self.refresh_soon();
    }

    /// Everything not confirmed, oldest first: parked, in flight, then queued.
    fn unconfirmed(&self) -> Vec<&str> {
        let mut older: Vec<&str> = Vec::new();
        if let Page::Hidden { parked } = &self.page {
            older.extend(parked.iter().map(|q| q.json.as_str()));
        }
        for f in self.flights() {
            older.extend(f.batch.events.iter().map(|q| q.json.as_str()));
        }
        older.extend(self.pipeline.queued_events().map(|q| q.json.as_str()));
        older
    }

    /// Asks for everything unconfirmed to be written to the tab's outbox.
    fn store_outbox(&mut self, then_remove: Vec<String>) {
        if self.pipeline.forgets().is_some() {
            // Nothing of a user who withdrew consent is written; adopted outboxes go.
            self.outbox = Outbox::Empty;
            self.out.push(Command::StoreOutbox { text: String::new(), then_remove });
            return;
        }
        let (text, not_stored) = crate::outbox::encode(&self.unconfirmed());
        self.pipeline.counters_mut().not_stored += not_stored;
        self.outbox = match crate::outbox::count(&text) {
            0 => Outbox::Empty,
            n => Outbox::Stored(n),
        };
        self.out.push(Command::StoreOutbox { text, then_remove });
    }

    /// Queues what earlier pages left in storage, ahead of this page's events.
    fn adopt(&mut self, outboxes: Vec<(String, String)>) {
        if outboxes.is_empty() || self.debug() {
            return;
        }
        let mut keys = Vec::with_capacity(outboxes.len());
        for (key, text) in outboxes {
            self.pipeline.adopt_outbox(&text, self.now.wall_ms);
            keys.push(key);
        }
        // Kept under this tab's key until confirmed; the old keys go once that
        // is written (also when nothing was kept: all past the age cap).
        self.store_outbox(keys);
        if self.pipeline.queued() > 0 {
            self.set_timer(Timer::Flush, 0);
        }
    }
}

// Native only: proptest and serde_json are native dev-dependencies.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

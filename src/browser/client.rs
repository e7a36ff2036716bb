//! Wires the pure pipeline to the page: a flush timer, the requests in
//! flight, the page-lifecycle listeners and the outbox in storage.
//!
//! Delivery in one paragraph: events are sent when a batch is full or the
//! flush interval passes, one request at a time. When the page is hidden (`visibilitychange`)
//! or left (`pagehide`), everything queued is sent at once with `keepalive`
//! while the bodies in flight stay under 60 KiB, and everything not yet
//! confirmed is written to this tab's outbox in `localStorage`; the next
//! page load sends it first. Where the browser has `fetchLater`, the next
//! batch is also kept registered with it, so the browser sends it if the
//! page dies without either event. Never `unload`/`beforeunload` (they
//! break the back/forward cache).
//!
//! `capture` only files the event in an inbox; reading, scrubbing, hashing
//! and queueing happen later, for all the events filed meanwhile: when the
//! flush timer fires (the flush interval), when the `fetchLater` copy is
//! refreshed (within a second), at the end of the task in which the inbox
//! holds a batch's worth, and before `flush()`, `stats()` and page-hide. So
//! the plugin's call costs a push, and a batch's events share one wake-up
//! instead of one each (`npm run bench` counts all of that work). In debug
//! mode every task's events are read at its end, so each is logged as it
//! happens.

use core::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use super::timer::Alarm;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

use super::deferred::{self, Deferred};
use super::listener::Listener;
use super::transport::{self, Answer, AnswerCallback};
use super::{console, read, storage, window};
use crate::batch::Batch;
use crate::config::Settings;
use crate::pipeline::{Captured, Next, Pipeline};
use crate::stats::DropReason;

/// Sum of keepalive bodies in flight, at most: browsers refuse past 64 KiB.
pub const KEEPALIVE_BUDGET: usize = 60 * 1024;
/// The `fetchLater` copy is refreshed at most this often: each refresh
/// rebuilds a body, and per-event refreshes cost more than all the rest of
/// the work together (measured by `npm run bench`). Events captured since
/// the last refresh are still covered by the page-hide flush.
pub const DEFERRED_REFRESH_MS: u32 = 1_000;

struct InFlight {
    seq: u32,
    batch: Batch,
    keepalive: bool,
}

struct State {
    pipeline: Pipeline,
    endpoint: String,
    /// `endpoint` as a JS string and the request headers (with the bearer
    /// token, if any), made once: passed to every request as they are (see `transport`).
    endpoint_js: JsValue,
    headers: JsValue,
    outbox_key: String,
    in_flight: Vec<InFlight>,
    next_seq: u32,
    keepalive_bytes: usize,
    /// No ordinary send before this time (`performance.now()` ms), after a retryable failure.
    backoff_until: f64,
    /// This tab's outbox holds something: keep it in step with confirmations.
    outbox_stored: bool,
    warned: Vec<u16>,
    /// `fetchLater` is available: keep the next batch registered with it.
    fetch_later: bool,
    deferred: Option<Deferred>,
    hidden: bool,
    /// Keepalive batches whose promise failed while the page was hidden.
    /// Chromium rejects them at `pagehide` though the browser still
    /// delivers them: resending at once would send them twice. They stay in
    /// the outbox and go back to the queue if the page is shown again.
    parked: Vec<crate::batch::Queued>,
    inbox: Rc<Inbox>,
    /// The inbox's events while they are read; kept, so a task allocates none.
    reading: Vec<Filed>,
    reader: read::EventReader,
}

/// An event as the plugin passed it, and its timestamp (ms).
type Filed = (JsValue, f64);

/// What `capture` touches without borrowing the state (a getter the core
/// is reading may capture): the events not read yet and the timers that
/// will read them; also where requests answer. Its callbacks are made
/// once per client.
struct Inbox {
    events: RefCell<Vec<Filed>>,
    /// Holding this many, the inbox is read at the end of the task: a
    /// batch's worth (1 in debug mode, or without a window to time with).
    read_at: usize,
    /// A read is queued as a microtask.
    armed: Cell<bool>,
    /// Reads a full inbox (queued as a microtask); made once, like the timers' callbacks.
    drain: Closure<dyn FnMut()>,
    /// Looked up once: reading `window` is a call into JS.
    window: Option<web_sys::Window>,
    flush_interval_ms: u32,
    /// Reads the inbox and sends a batch.
    flush_timer: Alarm,
    /// `fetchLater` is available and the page shown: keep the copy fresh.
    refresh: Cell<bool>,
    /// Reads the inbox and re-registers the `fetchLater` copy.
    refresh_timer: Alarm,
    /// Where every request's answer goes.
    answer: AnswerCallback,
}

/// Runs `f` on the client's state if it is still alive and not busy (a
/// callback that arrives while it is borrowed has nothing to add: the
/// borrower reads the inbox and re-arms what it needs).
fn with_state(weak: &Weak<RefCell<State>>, f: impl FnOnce(&mut State)) {
    if let Some(rc) = weak.upgrade() {
        if let Ok(mut s) = rc.try_borrow_mut() {
            f(&mut s);
        }
    }
}

impl Inbox {
    /// Re-registers the `fetchLater` copy within [`DEFERRED_REFRESH_MS`],
    /// however many events arrive meanwhile.
    fn refresh_soon(&self) {
        if self.refresh.get() && !self.refresh_timer.is_set() {
            self.refresh_timer.set(DEFERRED_REFRESH_MS);
        }
    }
}

/// The delivery client for one page.
pub struct Client {
    state: Rc<RefCell<State>>,
    inbox: Rc<Inbox>,
    _listeners: Vec<Listener>,
}

impl core::fmt::Debug for Client {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Client").finish_non_exhaustive()
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// 16 random bytes from `crypto.getRandomValues`, or from `Math.random` where it is missing.
fn random_seed() -> [u8; 16] {
    let mut seed = [0u8; 16];
    let filled = window::get()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut seed).is_ok());
    if !filled {
        for b in seed.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    seed
}

impl Client {
    /// Starts delivery to `endpoint`; adopts outboxes left by earlier pages.
    pub fn start(settings: Settings, endpoint: String) -> Client {
        let seed = random_seed();
        let tab = crate::text::hex(&seed[..6]);
        let debug = settings.debug;
        let fetch_later = !debug && deferred::supported();
        let window = window::get();
        let read_at = if debug || window.is_none() { 1 } else { settings.batch.max_events.max(1) as usize };
        let flush_interval_ms = settings.batch.flush_interval_ms;
        let state = Rc::new_cyclic(|me| {
            let inbox = Rc::new(Inbox {
                events: RefCell::new(Vec::new()),
                read_at,
                armed: Cell::new(false),
                drain: Closure::new({
                    let me = me.clone();
                    move || with_state(&me, State::read_full_inbox)
                }),
                window,
                flush_interval_ms,
                flush_timer: Alarm::new({
                    let me = me.clone();
                    move || with_state(&me, |s| s.flush("timer"))
                }),
                refresh: Cell::new(fetch_later),
                refresh_timer: Alarm::new({
                    let me = me.clone();
                    move || {
                        with_state(&me, |s| {
                            // Not read_and_schedule: it would arm this timer again.
                            if s.read_inbox() {
                                s.schedule();
                            }
                            s.register_deferred();
                        })
                    }
                }),
                answer: transport::answer_callback({
                    let me = me.clone();
                    move |seq, answer| with_state(&me, |s| s.on_answer(seq, answer))
                }),
            });
            RefCell::new(State {
                pipeline: Pipeline::new(settings, seed),
                endpoint_js: JsValue::from_str(&endpoint),
                endpoint,
                headers: transport::headers(&JsValue::UNDEFINED),
                outbox_key: storage::key_for(&tab),
                in_flight: Vec::new(),
                next_seq: 0,
                keepalive_bytes: 0,
                backoff_until: 0.0,
                outbox_stored: false,
                warned: Vec::new(),
                fetch_later,
                deferred: None,
                hidden: false,
                parked: Vec::new(),
                inbox,
                reading: Vec::new(),
                reader: read::EventReader::default(),
            })
        });
        let inbox = state.borrow().inbox.clone();
        if !debug {
            state.borrow_mut().adopt_stored_outboxes();
        }
        let listeners = lifecycle_listeners(&state);
        state.borrow_mut().schedule();
        Client { state, inbox, _listeners: listeners }
    }

    /// Takes one event from a plugin: files it, to be read with the others
    /// when a timer fires or the inbox holds a batch's worth. (Read in one
    /// go, a batch's events cost less than one by one: `npm run bench`.)
    pub fn capture(&self, event: JsValue, timestamp_ms: f64) {
        let inbox = &self.inbox;
        let filed = {
            let mut events = inbox.events.borrow_mut();
            events.push((event, timestamp_ms));
            events.len()
        };
        if filed < inbox.read_at {
            // Read and sent within the flush interval, and registered with fetchLater within a second.
            // (A retry backoff holds the flush timer: it stays as it is.)
            if !inbox.flush_timer.is_set() {
                inbox.flush_timer.set(inbox.flush_interval_ms);
            }
            inbox.refresh_soon();
            return;
        }
        if inbox.armed.replace(true) {
            return;
        }
        match &inbox.window {
            Some(w) => w.queue_microtask(inbox.drain.as_ref().unchecked_ref()),
            // No window to queue on (a worker?): do the work now.
            None => {
                if let Ok(mut s) = self.state.try_borrow_mut() {
                    s.read_full_inbox();
                }
            }
        }
    }

    /// The identity lookup answered (`None`: it failed).
    pub fn set_identity(&self, user_entity_ref: Option<String>) {
        if let Ok(mut s) = self.state.try_borrow_mut() {
            // What was captured before the answer is handled as captured before it.
            s.read_inbox();
            s.pipeline.set_identity(user_entity_ref.as_deref());
            s.print_debug_events();
            s.schedule();
            s.queue_changed();
        }
    }

    /// The bearer token for the `Authorization` header (an empty one is left
    /// out where the headers are built, in `transport`).
    pub fn set_token(&self, token: Option<js_sys::JsString>) {
        if let Ok(mut s) = self.state.try_borrow_mut() {
            s.headers = transport::headers(&token.map_or(JsValue::UNDEFINED, JsValue::from));
        }
    }

    /// Sends what waits now (debug mode: logs it).
    pub fn flush(&self) {
        if let Ok(mut s) = self.state.try_borrow_mut() {
            s.backoff_until = 0.0;
            s.flush("flush()");
        }
    }

    /// The page is being left and the listeners may have missed it.
    pub fn page_hidden(&self) {
        if let Ok(mut s) = self.state.try_borrow_mut() {
            s.on_hide("pagehide");
        }
    }

    /// Reads the counters: `f(pipeline, in_flight_events)`.
    pub fn with_stats<R>(&self, f: impl FnOnce(&Pipeline, usize) -> R) -> Option<R> {
        // Counted as captured (or dropped) from the call on, not from when the inbox is next read.
        if let Ok(mut s) = self.state.try_borrow_mut() {
            s.read_and_schedule();
        }
        let s = self.state.try_borrow().ok()?;
        let in_flight = s.in_flight.iter().map(|x| x.batch.events.len()).sum();
        Some(f(&s.pipeline, in_flight))
    }
}

fn lifecycle_listeners(state: &Rc<RefCell<State>>) -> Vec<Listener> {
    let Some(window) = window::get() else { return Vec::new() };
    let Some(document) = window.document() else { return Vec::new() };
    let on = |f: fn(&mut State, &web_sys::Event)| {
        let weak = Rc::downgrade(state);
        move |e: web_sys::Event| with_state(&weak, |s| f(s, &e))
    };
    let doc_for_check = document.clone();
    let visibility = {
        let weak = Rc::downgrade(state);
        move |_e: web_sys::Event| {
            let hidden = doc_for_check.visibility_state() == web_sys::VisibilityState::Hidden;
            with_state(&weak, |s| if hidden { s.on_hide("page hidden") } else { s.on_show() })
        }
    };
    // Pushed one by one, not `[..].into_iter().flatten()`: that adapter cost 0.5 KB of wasm.
    let mut listeners = Vec::with_capacity(3);
    listeners.extend(Listener::new(document.unchecked_ref(), "visibilitychange", visibility));
    listeners.extend(Listener::new(window.unchecked_ref(), "pagehide", on(|s, _| s.on_hide("pagehide"))));
    // A page restored from the back/forward cache kept its state but lost its timers' purpose: re-arm.
    listeners.extend(Listener::new(
        window.unchecked_ref(),
        "pageshow",
        on(|s, e| {
            let persisted = js_sys::Reflect::get(e, &"persisted".into()).ok().and_then(|v| v.as_bool());
            if persisted == Some(true) {
                s.on_show();
            }
        }),
    ));
    listeners
}

impl State {
    /// Reads, scrubs and queues every event in the inbox, including any a
    /// getter of theirs captured meanwhile; true if one was queued. Arms
    /// nothing: see [`State::read_and_schedule`].
    fn read_inbox(&mut self) -> bool {
        let mut queued = false;
        loop {
            // Swapped out, so a getter that captures meanwhile can still push.
            core::mem::swap(&mut *self.inbox.events.borrow_mut(), &mut self.reading);
            if self.reading.is_empty() {
                break;
            }
            let mut events = core::mem::take(&mut self.reading);
            for (event, timestamp_ms) in events.drain(..) {
                let (raw, fields_dropped) =
                    self.reader.event(&event, &self.pipeline.settings().scrub.redact_attributes);
                self.pipeline.counters_mut().fields_dropped += fields_dropped;
                let outcome = match raw {
                    Some(raw) => self.pipeline.capture(raw, timestamp_ms),
                    None => {
                        self.pipeline.counters_mut().drop_events(DropReason::InvalidEvent, 1);
                        Captured::Dropped(DropReason::InvalidEvent)
                    }
                };
                queued |= outcome == Captured::Queued;
            }
            self.reading = events;
        }
        self.inbox.armed.set(false);
        if queued {
            self.print_debug_events();
        }
        queued
    }

    /// Reads the inbox and arms what its events need: the flush timer and the `fetchLater` refresh.
    fn read_and_schedule(&mut self) {
        if self.read_inbox() {
            self.schedule();
            self.queue_changed();
        }
    }

    /// The inbox holds a batch's worth (or, in debug mode, this task's events).
    fn read_full_inbox(&mut self) {
        if !self.read_inbox() {
            return;
        }
        if self.pipeline.wants_flush() && !self.waiting_on_network() {
            // Already off the capture call: send now rather than after one more timer.
            self.flush("batch full");
        } else {
            self.schedule();
            self.queue_changed();
        }
    }

    fn debug(&self) -> bool {
        self.pipeline.settings().debug
    }

    fn print_debug_events(&mut self) {
        for json in self.pipeline.drain_debug_log() {
            console::debug_event(&json);
        }
    }

    /// Arms the timer for the next send: at once when a batch is full
    /// (but off the capture call), else after the flush interval.
    fn schedule(&mut self) {
        if self.pipeline.queued() == 0 {
            return;
        }
        if self.waiting_on_network() {
            // A backoff whose timer page hide cleared, or that another timer
            // cut short, must still end in a send.
            if let (false, Some(left)) = (self.ordinary_in_flight(), self.backoff_left()) {
                if !self.inbox.flush_timer.is_set() {
                    self.inbox.flush_timer.set(left);
                }
            }
            return;
        }
        if self.pipeline.wants_flush() {
            self.inbox.flush_timer.set(0);
        } else if !self.inbox.flush_timer.is_set() {
            self.inbox.flush_timer.set(self.inbox.flush_interval_ms);
        }
    }

    fn ordinary_in_flight(&self) -> bool {
        self.in_flight.iter().any(|f| !f.keepalive)
    }

    /// A request is in flight or a retry backoff runs: the answer, or the
    /// backoff's own timer, sends next.
    fn waiting_on_network(&self) -> bool {
        !self.debug() && (self.ordinary_in_flight() || self.backoff_left().is_some())
    }

    /// What is left of a retry backoff, if it is not over.
    fn backoff_left(&self) -> Option<u32> {
        let left = self.backoff_until - transport::monotonic_ms();
        (left > 0.0).then_some(left as u32)
    }

    fn flush(&mut self, why: &str) {
        // Also what a timer sends: nothing captured may wait behind it.
        self.read_inbox();
        if self.waiting_on_network() {
            // During a backoff the timer is the retry: set, it stays as it
            // is; fired early, it is set again for the rest.
            self.schedule();
            return;
        }
        self.inbox.flush_timer.clear();
        if self.debug() {
            self.log_would_be_batches(why);
            return;
        }
        // What the browser may already have sent must not go twice, and a
        // registered copy of what is sent now must not go at unload.
        self.settle_deferred();
        if let Some(batch) = self.pipeline.take_batch(now()) {
            // Not keepalive: Chromium keeps counting a keepalive body against
            // its 64 KiB quota for a while after the answer, so ordinary
            // keepalive sends made the next ones fail (measured by the
            // benchmark). The page-hide flush needs the whole quota, and
            // whatever is in flight at hide is in the outbox anyway.
            if let Err(batch) = self.send(batch, false) {
                // A `fetch` replaced by one that throws: retried like a network error.
                self.answered(batch, None, None);
                return;
            }
        }
        self.queue_changed();
    }

    /// The queue changed: re-register the next batch with `fetchLater` soon.
    fn queue_changed(&mut self) {
        self.inbox.refresh_soon();
    }

    fn register_deferred(&mut self) {
        self.settle_deferred();
        if self.hidden {
            return;
        }
        if let Some((body, ids)) = self.pipeline.preview_batch(KEEPALIVE_BUDGET, now()) {
            self.deferred = Deferred::register(&self.endpoint_js, &body, &self.headers, ids);
        }
    }

    /// Drops the registered batch: if the browser already sent it, its
    /// events leave the queue; otherwise dropping aborts it.
    fn settle_deferred(&mut self) {
        if let Some(d) = self.deferred.take() {
            if d.activated() {
                self.pipeline.sent_by_browser(&d.ids);
            }
        }
    }

    fn log_would_be_batches(&mut self, why: &str) {
        while let Some(batch) = self.pipeline.take_batch(now()) {
            let stats = crate::api::stats_object(&self.pipeline, 0);
            console::debug_batch(why, &self.endpoint, &batch.body, batch.events.len(), &stats);
            // Debug mode sends nothing; the batch counts as handled.
            self.pipeline.on_answer(batch, Some(204), None, now());
        }
    }

    /// Starts the request; the batch comes back if it could not even start.
    fn send(&mut self, batch: Batch, keepalive: bool) -> Result<(), Batch> {
        let seq = self.next_seq;
        self.next_seq = self.next_seq.wrapping_add(1);
        if !transport::send(&self.endpoint_js, &batch.body, &self.headers, keepalive, seq, &self.inbox.answer) {
            return Err(batch);
        }
        if keepalive {
            self.keepalive_bytes += batch.body.len();
        }
        self.in_flight.push(InFlight { seq, batch, keepalive });
        Ok(())
    }

    fn on_answer(&mut self, seq: u32, answer: Answer) {
        let Some(pos) = self.in_flight.iter().position(|f| f.seq == seq) else { return };
        let flight = self.in_flight.swap_remove(pos);
        if flight.keepalive {
            self.keepalive_bytes -= flight.batch.body.len();
            if self.hidden && answer.status.is_none() {
                self.parked.extend(flight.batch.events);
                self.store_outbox();
                return;
            }
        }
        self.answered(flight.batch, answer.status, answer.retry_after_ms);
    }

    /// The batch's outcome (`status: None` for a network error): retry, drop or done.
    fn answered(&mut self, batch: Batch, status: Option<u16>, retry_after_ms: Option<u32>) {
        match self.pipeline.on_answer(batch, status, retry_after_ms, now()) {
            Next::Continue => self.backoff_until = 0.0,
            Next::RetryIn(ms) => {
                self.backoff_until = transport::monotonic_ms() + ms as f64;
                self.inbox.flush_timer.set(ms);
                if status == Some(401) {
                    self.warn_once(401, ": retrying with backoff (the token may not be known yet). If it lasts, check that the backend accepts the Backstage token; it only goes to Backstage's own backend (backend.baseUrl, discovery.endpoints).");
                }
            }
            Next::Rejected(status) => self.warn_once(
                status,
                ": those events were dropped (counted in stats().dropped.rejected). Check the endpoint and that the backend accepts the token.",
            ),
        }
        if self.outbox_stored {
            self.store_outbox();
        }
        self.schedule();
        self.queue_changed();
    }

    /// One console warning per status the collector answered, for the page's life.
    fn warn_once(&mut self, status: u16, what: &str) {
        if !self.warned.contains(&status) {
            self.warned.push(status);
            console::warn(&crate::text::concat(&[
                "the collector at ",
                &self.endpoint,
                " answered ",
                &crate::text::uint(status as u64),
                what,
            ]));
        }
    }

    /// Page hidden or left: send all that fits with keepalive now, store the rest.
    fn on_hide(&mut self, why: &str) {
        self.read_inbox();
        self.inbox.flush_timer.clear();
        self.hidden = true;
        self.inbox.refresh.set(false);
        self.inbox.refresh_timer.clear();
        // Keepalive takes over from here; the registered copy would duplicate it.
        self.settle_deferred();
        self.pipeline.release_waiting();
        if self.debug() {
            self.print_debug_events();
            self.log_would_be_batches(why);
            return;
        }
        let t = now();
        while let Some(batch) = self.pipeline.take_batch_within(KEEPALIVE_BUDGET - self.keepalive_bytes, t) {
            if let Err(batch) = self.send(batch, true) {
                // Taking the same batch again would spin forever: it waits in the outbox.
                self.pipeline.requeue(batch.events);
                break;
            }
        }
        self.store_outbox();
    }

    fn on_show(&mut self) {
        self.hidden = false;
        self.inbox.refresh.set(self.fetch_later);
        let parked = core::mem::take(&mut self.parked);
        self.pipeline.requeue(parked);
        self.schedule();
        self.queue_changed();
    }

    /// Writes everything unconfirmed (in flight, then queued) to this tab's
    /// outbox; `false` if storage refused it.
    fn store_outbox(&mut self) -> bool {
        let mut older: Vec<&str> = Vec::new();
        for q in &self.parked {
            older.push(&q.json);
        }
        for f in &self.in_flight {
            for q in &f.batch.events {
                older.push(&q.json);
            }
        }
        let text = self.pipeline.outbox_text(older);
        if !storage::write(&self.outbox_key, &text) && !text.is_empty() {
            // Quota or disabled storage: the events stay in memory and are counted as not stored.
            self.pipeline.counters_mut().not_stored += crate::outbox::count(&text);
            self.outbox_stored = false;
            return false;
        }
        self.outbox_stored = !text.is_empty();
        true
    }

    /// Queues what earlier pages left in storage, ahead of this page's events.
    fn adopt_stored_outboxes(&mut self) {
        let others = storage::read_others(&self.outbox_key);
        if others.is_empty() {
            return;
        }
        let t = now();
        for (_, text) in &others {
            self.pipeline.adopt_outbox(text, t);
        }
        // Keep them stored under this tab's key until confirmed, then let the old
        // keys go (also when nothing was left to keep: all past the age cap).
        if self.store_outbox() {
            let keys: Vec<String> = others.into_iter().map(|(k, _)| k).collect();
            storage::remove(&keys);
        }
        if self.pipeline.queued() > 0 {
            self.inbox.flush_timer.set(0);
        }
    }
}

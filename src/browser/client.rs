//! Carries out [`Delivery`]'s commands in the page and reports back what
//! happened: requests and their answers, timers (gloo-timers), the outbox in
//! `localStorage`, the `fetchLater` copy, the console, and the page-lifecycle
//! listeners. Every decision is the machine's (see [`crate::delivery`]).
//!
//! `capture` only files the event in an inbox; reading, scrubbing, hashing
//! and queueing happen later, for all the events filed meanwhile: when a
//! timer fires, at the end of the task in which the inbox holds a batch's
//! worth, and before `flush()`, `stats()` and page hide. So the plugin's call
//! costs a push, and a batch's events share one wake-up instead of one each
//! (`npm run bench` counts all of that work). In debug mode every task's
//! events are read at its end, so each is logged as it happens.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

use super::fetch_later::{self, LaterRegistration};
use super::listener::Listener;
use super::transport::{self, Answer, AnswerCallback};
use super::{console, page_facts, read, storage, window};
use crate::config::{Controls, Settings};
use crate::delivery::{Command, Delivery, Input, Now, Timer};
use crate::gate::{self, PageFacts};
use crate::stats::{DropReason, Snapshot};

/// An event as the plugin passed it, and its timestamp (ms).
type Filed = (JsValue, f64);

/// The delivery client for one page.
pub struct Client {
    inner: Rc<Inner>,
    _listeners: Vec<Listener>,
}

impl core::fmt::Debug for Client {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Client").finish_non_exhaustive()
    }
}

/// What the callbacks share. The inbox and the inputs waiting to be handled
/// are apart from the machine, so a getter the reader runs may capture, and
/// an input that arrives while the machine is busy waits its turn.
struct Inner {
    me: Weak<Inner>,
    delivery: RefCell<Delivery>,
    io: RefCell<Io>,
    inbox: RefCell<Vec<Filed>>,
    waiting: RefCell<VecDeque<Input>>,
    /// Holding this many, the inbox is read at the end of the task: a
    /// batch's worth (1 in debug mode, or without a window to time with).
    read_at: usize,
    /// The machine was told an event waits unread (it armed its timers then).
    filed_noted: Cell<bool>,
    /// A read is queued as a microtask.
    read_queued: Cell<bool>,
    /// Reads a full inbox (queued as a microtask); made once.
    read_full: Closure<dyn FnMut()>,
    /// Looked up once: reading `window` is a call into JS.
    window: Option<web_sys::Window>,
    /// What the gate decides on, read at start; the opt-out is updated as it changes.
    facts: RefCell<PageFacts>,
    controls: Controls,
}

/// The page-side handles the commands act on.
struct Io {
    endpoint: String,
    /// `endpoint` as a JS string and the request headers (with the bearer
    /// token, if any), made once: passed to every request as they are (see `transport`).
    endpoint_js: JsValue,
    headers: JsValue,
    outbox_key: String,
    flush_timer: Option<Timeout>,
    refresh_timer: Option<Timeout>,
    later: Option<LaterRegistration>,
    reader: read::EventReader,
    /// The inbox's events while they are read; kept, so a read allocates none.
    reading: Vec<Filed>,
    /// Where every request's answer goes.
    answer: AnswerCallback,
}

fn now() -> Now {
    Now { wall_ms: js_sys::Date::now(), mono_ms: transport::monotonic_ms() }
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

/// Feeds `input` to the client behind `weak`, if it is still alive.
fn feed(weak: &Weak<Inner>, input: Input) {
    if let Some(inner) = weak.upgrade() {
        inner.feed(input);
    }
}

impl Client {
    /// Starts delivery to `endpoint`; adopts outboxes left by earlier pages.
    pub fn start(settings: Settings, endpoint: String) -> Client {
        let seed = random_seed();
        let tab = crate::text::hex(&seed[..6]);
        let debug = settings.debug;
        let window = window::get();
        let read_at = if debug || window.is_none() { 1 } else { settings.batch.max_events.max(1) as usize };
        let draw = random_seed();
        let sampling = settings.controls.sample_ppm < crate::config::defaults::SAMPLE_SCALE;
        let facts = page_facts::read([draw[0], draw[1], draw[2], draw[3]], sampling && !debug);
        let closed = gate::closed_by(&settings.controls, &facts);
        let controls = settings.controls.clone();
        let delivery = Delivery::new(settings, seed, endpoint.clone(), fetch_later::supported());
        let inner = Rc::new_cyclic(|me: &Weak<Inner>| Inner {
            me: me.clone(),
            delivery: RefCell::new(delivery),
            io: RefCell::new(Io {
                endpoint_js: JsValue::from_str(&endpoint),
                endpoint,
                headers: transport::headers(&JsValue::UNDEFINED),
                outbox_key: storage::key_for(&tab),
                flush_timer: None,
                refresh_timer: None,
                later: None,
                reader: read::EventReader::default(),
                reading: Vec::new(),
                answer: transport::answer_callback({
                    let me = me.clone();
                    move |seq, answer| {
                        let Answer { status, retry_after_ms } = answer;
                        feed(&me, Input::Answer { seq, status, retry_after_ms })
                    }
                }),
            }),
            inbox: RefCell::new(Vec::new()),
            waiting: RefCell::new(VecDeque::new()),
            read_at,
            filed_noted: Cell::new(false),
            read_queued: Cell::new(false),
            read_full: Closure::new({
                let me = me.clone();
                move || feed(&me, Input::Read { full: true })
            }),
            window,
            facts: RefCell::new(facts),
            controls,
        });
        if closed.is_some() {
            inner.feed(Input::Gate(closed));
        }
        if !debug {
            let own = inner.io.borrow().outbox_key.clone();
            inner.feed(Input::StoredFound(storage::read_others(&own)));
        }
        let listeners = lifecycle_listeners(&inner);
        Client { inner, _listeners: listeners }
    }

    /// Takes one event from a plugin: files it, to be read with the others
    /// when a timer fires or the inbox holds a batch's worth.
    pub fn capture(&self, event: JsValue, timestamp_ms: f64) {
        let inner = &self.inner;
        let filed = {
            let mut events = inner.inbox.borrow_mut();
            events.push((event, timestamp_ms));
            events.len()
        };
        if filed < inner.read_at {
            // The first event since the last read arms the timers that will read it.
            if !inner.filed_noted.replace(true) {
                inner.feed(Input::Filed);
            }
            return;
        }
        if inner.read_queued.replace(true) {
            return;
        }
        match &inner.window {
            Some(w) => w.queue_microtask(inner.read_full.as_ref().unchecked_ref()),
            // No window to queue on (a worker?): do the work now.
            None => inner.feed(Input::Read { full: true }),
        }
    }

    /// The identity lookup answered (`None`: it failed).
    pub fn set_identity(&self, user_entity_ref: Option<String>) {
        self.inner.feed(Input::Identity(user_entity_ref));
    }

    /// The bearer token for the `Authorization` header (an empty one is left
    /// out where the headers are built, in `transport`).
    pub fn set_token(&self, token: Option<js_sys::JsString>) {
        if let Ok(mut io) = self.inner.io.try_borrow_mut() {
            io.headers = transport::headers(&token.map_or(JsValue::UNDEFINED, JsValue::from));
        }
    }

    /// Sends what waits now (debug mode: logs it).
    pub fn flush(&self) {
        self.inner.feed(Input::Flush);
    }

    /// The user opts out (or back in): remembered in this browser, and applied at once.
    pub fn set_opted_out(&self, out: bool) {
        storage::set_opted_out(out);
        self.inner.consent_changed(out);
    }

    /// The page is being left and the listeners may have missed it.
    pub fn page_hidden(&self) {
        self.inner.feed(Input::Hidden);
    }

    /// The counters, counting every event captured until now.
    pub fn stats(&self) -> Option<Snapshot> {
        self.inner.feed(Input::Read { full: false });
        self.inner.delivery.try_borrow().ok().map(|d| d.snapshot())
    }
}

impl Inner {
    /// The opt-out changed (here, or in another tab of this browser): the gate is decided again.
    fn consent_changed(&self, opted_out: bool) {
        let closed = {
            let Ok(mut facts) = self.facts.try_borrow_mut() else { return };
            facts.opted_out = opted_out;
            gate::closed_by(&self.controls, &facts)
        };
        self.feed(Input::Gate(closed));
    }

    /// Hands `input` to the machine and carries out what it asks, with
    /// whatever inputs that leads to, until nothing is left. An input that
    /// arrives meanwhile (a getter's capture, a refused write) joins the line.
    fn feed(&self, input: Input) {
        self.waiting.borrow_mut().push_back(input);
        let (Ok(mut delivery), Ok(mut io)) = (self.delivery.try_borrow_mut(), self.io.try_borrow_mut()) else {
            return;
        };
        let mut commands = Vec::new();
        loop {
            let Some(input) = self.waiting.borrow_mut().pop_front() else { break };
            if !matches!(input, Input::Filed | Input::Answer { .. }) {
                self.read_inbox(&mut delivery, &mut io);
                // What the browser already sent must not go twice.
                if io.later.as_ref().is_some_and(LaterRegistration::activated) {
                    io.later = None;
                    delivery.handle(Input::LaterSent, now(), &mut commands);
                }
            }
            delivery.handle(input, now(), &mut commands);
            for command in commands.drain(..) {
                if let Some(report) = self.carry_out(&mut io, command) {
                    self.waiting.borrow_mut().push_back(report);
                }
            }
        }
    }

    /// Reads, scrubs and queues every event in the inbox, including any a
    /// getter of theirs captured meanwhile.
    fn read_inbox(&self, delivery: &mut Delivery, io: &mut Io) {
        loop {
            // Swapped out, so a getter that captures meanwhile can still push.
            core::mem::swap(&mut *self.inbox.borrow_mut(), &mut io.reading);
            if io.reading.is_empty() {
                break;
            }
            let mut events = core::mem::take(&mut io.reading);
            for (event, timestamp_ms) in events.drain(..) {
                let keys = &delivery.pipeline().settings().scrub;
                let (raw, fields_dropped) = io.reader.event(&event, keys);
                let counters = delivery.pipeline_mut().counters_mut();
                counters.fields_dropped += fields_dropped;
                match raw {
                    Some(raw) => {
                        delivery.capture(raw, timestamp_ms);
                    }
                    None => counters.drop_events(DropReason::InvalidEvent, 1),
                }
            }
            io.reading = events;
        }
        self.read_queued.set(false);
        self.filed_noted.set(false);
    }

    /// Carries out one command; what it leads to, if anything, is reported back.
    fn carry_out(&self, io: &mut Io, command: Command) -> Option<Input> {
        match command {
            Command::Send { seq, body, keepalive } => {
                let started = transport::send(&io.endpoint_js, &body, &io.headers, keepalive, seq, &io.answer);
                return (!started).then_some(Input::SendFailed { seq });
            }
            Command::SetTimer(timer, ms) => {
                let me = self.me.clone();
                let timeout = Some(Timeout::new(ms, move || feed(&me, Input::TimerFired(timer))));
                match timer {
                    Timer::Flush => io.flush_timer = timeout,
                    Timer::LaterRefresh => io.refresh_timer = timeout,
                }
            }
            Command::ClearTimer(Timer::Flush) => io.flush_timer = None,
            Command::ClearTimer(Timer::LaterRefresh) => io.refresh_timer = None,
            Command::StoreOutbox { text, then_remove } => {
                if storage::write(&io.outbox_key, &text) {
                    storage::remove(&then_remove);
                } else if !text.is_empty() {
                    return Some(Input::StoreRefused);
                }
            }
            Command::RegisterLater { body } => {
                io.later = LaterRegistration::register(&io.endpoint_js, &body, &io.headers);
                if io.later.is_none() {
                    return Some(Input::LaterRefused);
                }
            }
            Command::AbortLater => io.later = None,
            Command::LogEvent(json) => console::debug_event(&json),
            Command::LogBatch { why, body, events, stats } => {
                console::debug_batch(why, &io.endpoint, &body, events, &crate::api::stats_js(&stats))
            }
            Command::Warn(text) => console::warn(&text),
            Command::ForgetStored => storage::forget_outboxes(),
        }
        None
    }
}

fn lifecycle_listeners(inner: &Rc<Inner>) -> Vec<Listener> {
    let Some(window) = window::get() else { return Vec::new() };
    let Some(document) = window.document() else { return Vec::new() };
    let on = |input: fn(&web_sys::Event) -> Option<Input>| {
        let weak = Rc::downgrade(inner);
        move |e: web_sys::Event| {
            if let Some(input) = input(&e) {
                feed(&weak, input);
            }
        }
    };
    let visibility = {
        let weak = Rc::downgrade(inner);
        let doc = document.clone();
        move |_e: web_sys::Event| {
            let hidden = doc.visibility_state() == web_sys::VisibilityState::Hidden;
            feed(&weak, if hidden { Input::Hidden } else { Input::Shown });
        }
    };
    // Pushed one by one, not `[..].into_iter().flatten()`: that adapter cost 0.5 KB of wasm.
    let mut listeners = Vec::with_capacity(5);
    listeners.extend(Listener::new(document.unchecked_ref(), "visibilitychange", visibility));
    listeners.extend(Listener::new(window.unchecked_ref(), "pagehide", on(|_| Some(Input::Hidden))));
    // A frozen page may be discarded without another event.
    listeners.extend(Listener::new(document.unchecked_ref(), "freeze", on(|_| Some(Input::Hidden))));
    // A page restored from the back/forward cache kept its state but lost its timers' purpose: re-arm.
    listeners.extend(Listener::new(
        window.unchecked_ref(),
        "pageshow",
        on(|e| {
            let persisted = js_sys::Reflect::get(e, &"persisted".into()).ok().and_then(|v| v.as_bool());
            (persisted == Some(true)).then_some(Input::Shown)
        }),
    ));
    // Another tab of this browser opted out or back in.
    let weak = Rc::downgrade(inner);
    listeners.extend(Listener::new(window.unchecked_ref(), "storage", move |e: web_sys::Event| {
        let key = js_sys::Reflect::get(&e, &"key".into()).ok().and_then(|k| k.as_string());
        // No key: the whole storage was cleared.
        if key.as_deref().is_none_or(|k| k == storage::OPT_OUT_KEY) {
            if let Some(inner) = weak.upgrade() {
                inner.consent_changed(storage::opted_out());
            }
        }
    }));
    listeners
}

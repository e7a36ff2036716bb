//! The machine driven natively: a few rules by hand, then random input
//! sequences against a model of the browser (requests, timers, storage,
//! `fetchLater`) that checks the invariants after every step.

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;

use super::*;
use crate::config::resolve;
use crate::value::Value;

fn settings(debug: bool) -> Settings {
    let mut s =
        resolve(Some(&Value::Map(vec![("salt".into(), Value::Str("pepper".into()))]))).settings.expect("settings");
    s.debug = debug;
    s
}

fn nav(i: usize) -> RawEvent<'static> {
    RawEvent { action: "navigate".into(), subject: format!("/page/{i}").into(), ..Default::default() }
}

/// Event ids in a request body, in order.
fn ids_in(body: &str) -> Vec<String> {
    body.match_indices("\"id\":\"").map(|(at, m)| body[at + m.len()..at + m.len() + 36].to_string()).collect()
}

/// How a request the model saw goes.
#[derive(Clone, Copy, Debug)]
enum Outcome {
    Ok,
    ServerError,
    TooMany { retry_after_ms: u32 },
    NetworkError,
    Rejected,
    TooLarge,
}

impl Outcome {
    fn status(self) -> (Option<u16>, Option<u32>) {
        match self {
            Outcome::Ok => (Some(204), None),
            Outcome::ServerError => (Some(503), None),
            Outcome::TooMany { retry_after_ms } => (Some(429), Some(retry_after_ms)),
            Outcome::NetworkError => (None, None),
            Outcome::Rejected => (Some(400), None),
            Outcome::TooLarge => (Some(413), None),
        }
    }
}

/// One request the model has in flight.
#[derive(Debug)]
struct Request {
    ids: Vec<String>,
    bytes: usize,
    keepalive: bool,
}

/// The browser, as far as delivery can tell: requests, timers, storage, `fetchLater`.
struct World {
    d: Delivery,
    now: Now,
    timers: HashMap<Timer, f64>,
    requests: HashMap<u32, Request>,
    /// Every event id a 2xx answer (or the browser's `fetchLater`) confirmed, in order.
    delivered: Vec<String>,
    captured: usize,
    stored: String,
    registered: Option<Vec<String>>,
    /// Storage refuses writes; `fetch` throws; `fetchLater` refuses.
    refuse_storage: bool,
    refuse_fetch: bool,
    refuse_later: bool,
    log: Vec<Command>,
    debug: bool,
    /// The user opted out: nothing may be sent, registered or stored from now on.
    opted_out: bool,
}

impl World {
    fn new(debug: bool, fetch_later: bool) -> World {
        let d = Delivery::new(settings(debug), [7; 16], "https://c.example/events".into(), fetch_later);
        World {
            d,
            now: Now { wall_ms: 1_800_000_000_000.0, mono_ms: 1_000.0 },
            timers: HashMap::new(),
            requests: HashMap::new(),
            delivered: Vec::new(),
            captured: 0,
            stored: String::new(),
            registered: None,
            refuse_storage: false,
            refuse_fetch: false,
            refuse_later: false,
            log: Vec::new(),
            debug,
            opted_out: false,
        }
    }

    /// Feeds one input and carries out every command it leads to (and those
    /// of the inputs the commands lead to), as the browser layer does.
    fn feed(&mut self, input: Input) {
        let mut inputs = vec![input];
        while let Some(input) = inputs.pop() {
            let mut out = Vec::new();
            self.d.handle(input, self.now, &mut out);
            for c in out {
                if let Some(next) = self.carry_out(&c) {
                    inputs.insert(0, next);
                }
                self.log.push(c);
            }
        }
        self.check();
    }

    fn carry_out(&mut self, c: &Command) -> Option<Input> {
        match c {
            Command::Send { seq, body, keepalive } => {
                assert!(!self.opted_out, "sent after the user opted out");
                if self.refuse_fetch {
                    return Some(Input::SendFailed { seq: *seq });
                }
                let r = Request { ids: ids_in(body), bytes: body.len(), keepalive: *keepalive };
                assert!(self.requests.insert(*seq, r).is_none(), "request {seq} numbered twice");
            }
            Command::SetTimer(t, ms) => {
                self.timers.insert(*t, self.now.mono_ms + *ms as f64);
            }
            Command::ClearTimer(t) => {
                self.timers.remove(t);
            }
            Command::StoreOutbox { text, .. } => {
                assert!(!self.opted_out || text.is_empty(), "stored events after the user opted out");
                if self.refuse_storage {
                    return Some(Input::StoreRefused);
                }
                self.stored = text.clone();
            }
            Command::RegisterLater { body } => {
                assert!(!self.opted_out, "registered a fetchLater copy after the user opted out");
                assert!(self.registered.is_none(), "a second fetchLater copy while one is registered");
                if self.refuse_later {
                    return Some(Input::LaterRefused);
                }
                self.registered = Some(ids_in(body));
            }
            Command::AbortLater => self.registered = None,
            Command::ForgetStored => self.stored.clear(),
            Command::LogEvent(_) | Command::LogBatch { .. } | Command::Warn(_) => {}
        }
        None
    }

    fn capture(&mut self, n: usize, full: bool) {
        for _ in 0..n {
            self.feed(Input::Filed);
            let i = self.captured;
            self.d.capture(nav(i), self.now.wall_ms);
            self.captured += 1;
        }
        self.feed(Input::Read { full });
    }

    /// Moves both clocks on, firing due timers in order.
    fn advance(&mut self, ms: f64) {
        let until = self.now.mono_ms + ms;
        loop {
            let next = self.timers.iter().filter(|(_, due)| **due <= until).min_by(|a, b| a.1.total_cmp(b.1));
            let Some((&timer, &due)) = next else { break };
            self.timers.remove(&timer);
            self.set_time(due.max(self.now.mono_ms));
            self.feed(Input::TimerFired(timer));
        }
        self.set_time(until);
    }

    fn set_time(&mut self, mono: f64) {
        self.now.wall_ms += mono - self.now.mono_ms;
        self.now.mono_ms = mono;
    }

    /// Answers the `pick`-th request in flight (oldest first).
    fn answer(&mut self, pick: usize, outcome: Outcome) {
        let mut seqs: Vec<u32> = self.requests.keys().copied().collect();
        if seqs.is_empty() {
            return;
        }
        seqs.sort_unstable();
        let seq = seqs[pick % seqs.len()];
        let r = self.requests.remove(&seq).expect("in flight");
        let (status, retry_after_ms) = outcome.status();
        if matches!(outcome, Outcome::Ok) {
            self.delivered.extend(r.ids);
        }
        self.feed(Input::Answer { seq, status, retry_after_ms });
    }

    /// The browser sends the registered copy (the page was frozen and thawed, say).
    fn later_sent(&mut self) {
        if let Some(ids) = self.registered.take() {
            self.delivered.extend(ids);
            self.feed(Input::LaterSent);
        }
    }

    /// The user opts out (or back in), as `optOut()` and `optIn()` do.
    fn consent(&mut self, opted_out: bool) {
        self.opted_out = opted_out;
        self.feed(Input::Gate(opted_out.then_some(DropReason::OptedOut)));
        if opted_out {
            assert!(self.stored.is_empty(), "an outbox left in storage after the opt-out");
            assert!(self.registered.is_none(), "a fetchLater copy left registered after the opt-out");
        }
    }

    fn check(&self) {
        let unique: HashSet<&String> = self.delivered.iter().collect();
        assert_eq!(unique.len(), self.delivered.len(), "an event was delivered twice");
        let ordinary = self.requests.values().filter(|r| !r.keepalive).count();
        assert!(ordinary <= 1, "{ordinary} ordinary requests in flight");
        let keepalive: usize = self.requests.values().filter(|r| r.keepalive).map(|r| r.bytes).sum();
        assert!(keepalive <= KEEPALIVE_BUDGET, "keepalive bodies in flight: {keepalive} B");
        // Every event captured is delivered, dropped (counted), waiting or in flight.
        let s = self.d.snapshot();
        // Debug mode counts what it logged as delivered.
        let delivered = if self.debug { s.delivered as usize } else { self.delivered.len() };
        assert_eq!(
            self.captured,
            delivered + (s.dropped.total + s.queued + s.in_flight) as usize,
            "an event went missing: {s:?}"
        );
        let in_flight: usize = self.requests.values().map(|r| r.ids.len()).sum();
        assert_eq!(s.in_flight as usize, in_flight, "the machine and the browser disagree on what is in flight");
    }

    /// Everything unconfirmed is in storage (checked right after page hide).
    fn check_stored(&self) {
        if self.refuse_storage {
            return;
        }
        if self.opted_out {
            // Requests already sent cannot be called back; nothing is stored.
            assert!(self.stored.is_empty(), "stored events after the user opted out");
            return;
        }
        let s = self.d.snapshot();
        assert_eq!(crate::outbox::count(&self.stored), s.queued + s.in_flight, "page hidden with events not stored");
    }

    /// The collector recovers and the page stays: everything ends delivered or dropped.
    fn settle(&mut self) {
        self.refuse_fetch = false;
        // The identity lookup answers in the end (events wait for it until then).
        self.feed(Input::Identity(Some("user:default/jane".into())));
        self.feed(Input::Shown);
        for _ in 0..5_000 {
            while !self.requests.is_empty() {
                self.answer(0, Outcome::Ok);
            }
            if self.d.waiting_events() == 0 {
                break;
            }
            self.advance(60_000.0);
        }
        let s = self.d.snapshot();
        assert_eq!((s.queued, s.in_flight), (0, 0), "events stuck: {s:?}");
        assert_eq!(self.captured, self.delivered.len() + s.dropped.total as usize);
    }
}

#[test]
fn a_full_batch_goes_at_once_and_the_rest_after_the_interval() {
    let mut w = World::new(false, false);
    w.feed(Input::Identity(Some("user:default/jane".into())));
    w.capture(25, true);
    assert_eq!(w.requests.len(), 1, "a full batch is sent when read");
    w.capture(3, false);
    assert_eq!(w.requests.len(), 1, "one ordinary request at a time");
    w.answer(0, Outcome::Ok);
    assert!(w.requests.is_empty(), "the rest waits for the interval");
    w.advance(4_999.0);
    assert!(w.requests.is_empty());
    w.advance(1.0);
    assert_eq!(w.requests.len(), 1);
}

#[test]
fn retry_waits_for_retry_after_and_flush_cuts_it_short() {
    let mut w = World::new(false, false);
    w.feed(Input::Identity(None));
    w.capture(1, false);
    w.advance(5_000.0);
    w.answer(0, Outcome::TooMany { retry_after_ms: 30_000 });
    w.capture(25, true);
    w.advance(29_000.0);
    assert!(w.requests.is_empty(), "no send during the backoff, even with a full batch");
    w.advance(1_000.0);
    assert_eq!(w.requests.len(), 1);
    w.answer(0, Outcome::ServerError);
    w.feed(Input::Flush);
    assert_eq!(w.requests.len(), 1, "flush() ends the backoff");
}

#[test]
fn page_hide_sends_with_keepalive_within_budget_and_stores_everything() {
    let mut w = World::new(false, false);
    w.feed(Input::Identity(None));
    let big = RawEvent { action: "click".into(), subject: "ab/".repeat(300).into(), ..Default::default() };
    for _ in 0..200 {
        w.feed(Input::Filed);
        w.d.capture(big.clone(), w.now.wall_ms);
        w.captured += 1;
    }
    w.feed(Input::Hidden);
    let sent: usize = w.requests.values().map(|r| r.ids.len()).sum();
    assert!(sent > 0 && sent < 200, "some go with keepalive, the rest wait: {sent}");
    assert!(w.requests.values().all(|r| r.keepalive));
    w.check_stored();
    // A keepalive promise that fails while hidden is parked, not resent.
    while !w.requests.is_empty() {
        w.answer(0, Outcome::NetworkError);
    }
    w.check_stored();
    w.settle();
}

#[test]
fn a_refused_store_is_counted_as_not_stored() {
    let mut w = World::new(false, false);
    w.feed(Input::Identity(None));
    w.refuse_storage = true;
    w.refuse_fetch = true;
    w.capture(3, false);
    w.feed(Input::Hidden);
    assert_eq!(w.d.snapshot().not_stored, 3);
}

#[test]
fn the_fetch_later_copy_follows_the_queue_and_what_the_browser_sent_is_not_sent_again() {
    let mut w = World::new(false, true);
    w.feed(Input::Identity(None));
    w.capture(3, false);
    w.advance(LATER_REFRESH_MS as f64);
    assert_eq!(w.registered.as_ref().map(Vec::len), Some(3));
    w.later_sent();
    w.advance(10_000.0);
    assert!(w.requests.is_empty(), "nothing left to send: {:?}", w.requests);
    w.capture(2, false);
    w.feed(Input::Hidden);
    assert!(w.registered.is_none(), "page hide aborts the copy: keepalive takes over");
    w.settle();
}

#[test]
fn stored_outboxes_are_adopted_first_and_their_keys_removed_once_stored() {
    let mut first = World::new(false, false);
    first.feed(Input::Identity(None));
    first.refuse_fetch = true;
    first.capture(4, false);
    first.feed(Input::Hidden);
    let text = first.stored.clone();
    let mut next = World::new(false, false);
    next.captured = 4;
    next.feed(Input::StoredFound(vec![("old-key".into(), text)]));
    let removes = next
        .log
        .iter()
        .any(|c| matches!(c, Command::StoreOutbox { then_remove, .. } if then_remove == &["old-key".to_string()]));
    assert!(removes);
    next.advance(0.0);
    assert_eq!(next.requests.len(), 1);
    next.settle();
}

#[test]
fn debug_mode_logs_instead_of_sending_or_storing() {
    let mut w = World::new(true, true);
    w.feed(Input::Identity(None));
    w.capture(2, false);
    w.feed(Input::Flush);
    w.feed(Input::Hidden);
    assert!(w.requests.is_empty() && w.stored.is_empty() && w.registered.is_none());
    let events = w.log.iter().filter(|c| matches!(c, Command::LogEvent(_))).count();
    let batches = w.log.iter().filter(|c| matches!(c, Command::LogBatch { .. })).count();
    assert_eq!((events, batches), (2, 1));
}

#[test]
fn a_rejected_status_warns_once() {
    let mut w = World::new(false, false);
    w.feed(Input::Identity(None));
    for _ in 0..2 {
        w.capture(1, false);
        w.advance(5_000.0);
        w.answer(0, Outcome::Rejected);
    }
    let warnings = w.log.iter().filter(|c| matches!(c, Command::Warn(_))).count();
    assert_eq!(warnings, 1);
    assert_eq!(w.d.snapshot().dropped.rejected, 2);
}

#[test]
fn opting_out_drops_what_waits_and_forgets_what_is_stored() {
    let mut w = World::new(false, true);
    w.feed(Input::Identity(None));
    w.refuse_fetch = true;
    w.capture(5, false);
    w.feed(Input::Hidden);
    assert_eq!(crate::outbox::count(&w.stored), 5);
    w.feed(Input::Shown);
    w.refuse_fetch = false;
    w.consent(true);
    assert!(w.log.iter().any(|c| matches!(c, Command::ForgetStored)));
    w.capture(3, true);
    w.feed(Input::Hidden);
    w.advance(60_000.0);
    assert!(w.requests.is_empty() && w.stored.is_empty());
    assert_eq!(w.d.snapshot().dropped.opted_out, 8);
    w.consent(false);
    w.capture(1, false);
    w.feed(Input::Flush);
    assert_eq!(w.requests.len(), 1, "opted back in, events go again");
}

#[test]
fn an_unsampled_session_sends_stored_events_but_not_its_own() {
    let mut first = World::new(false, false);
    first.feed(Input::Identity(None));
    first.refuse_fetch = true;
    first.capture(2, false);
    first.feed(Input::Hidden);
    let mut next = World::new(false, false);
    next.feed(Input::Gate(Some(DropReason::NotSampled)));
    next.captured = 2;
    next.feed(Input::StoredFound(vec![("old".into(), first.stored.clone())]));
    next.capture(4, true);
    next.advance(0.0);
    let sent: usize = next.requests.values().map(|r| r.ids.len()).sum();
    assert_eq!(sent, 2, "the stored events, not this session's");
    assert_eq!(next.d.snapshot().dropped.not_sampled, 4);
}

#[test]
fn a_host_not_listed_warns_once_and_forgets_stored_outboxes() {
    let mut w = World::new(false, false);
    w.feed(Input::Gate(Some(DropReason::HostNotListed)));
    w.feed(Input::StoredFound(vec![("old".into(), "x".into())]));
    w.capture(3, true);
    w.feed(Input::Hidden);
    assert!(w.requests.is_empty() && w.stored.is_empty());
    let warnings: Vec<_> = w.log.iter().filter(|c| matches!(c, Command::Warn(_))).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(w
        .log
        .iter()
        .any(|c| matches!(c, Command::StoreOutbox { then_remove, .. } if then_remove == &["old".to_string()])));
    assert_eq!(w.d.snapshot().dropped.host_not_listed, 3);
}

#[test]
fn debug_mode_says_once_which_control_dropped_events() {
    let mut w = World::new(true, false);
    w.feed(Input::Gate(Some(DropReason::NotSampled)));
    w.capture(3, false);
    w.capture(2, false);
    let notes: Vec<_> = w
        .log
        .iter()
        .filter_map(|c| match c {
            Command::Warn(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(notes.len(), 2, "the gate, then the first drop: {notes:?}");
    assert!(notes[1].starts_with("debug: this session is outside backstageInsights.sampleRate"), "{notes:?}");
}

/// One step of a random page life.
#[derive(Clone, Debug)]
enum Op {
    Capture(usize, bool),
    Identity(bool),
    Advance(u32),
    Answer(usize, Outcome),
    Flush,
    Hide,
    Show,
    LaterSent,
    Faults { storage: bool, fetch: bool, later: bool },
    OptOut(bool),
}

fn outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        6 => Just(Outcome::Ok),
        2 => Just(Outcome::ServerError),
        1 => (0u32..120_000).prop_map(|retry_after_ms| Outcome::TooMany { retry_after_ms }),
        2 => Just(Outcome::NetworkError),
        1 => Just(Outcome::Rejected),
        1 => Just(Outcome::TooLarge),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (1usize..40, any::<bool>()).prop_map(|(n, full)| Op::Capture(n, full)),
        1 => any::<bool>().prop_map(Op::Identity),
        4 => (0u32..70_000).prop_map(Op::Advance),
        6 => (0usize..4, outcome()).prop_map(|(i, o)| Op::Answer(i, o)),
        1 => Just(Op::Flush),
        2 => Just(Op::Hide),
        2 => Just(Op::Show),
        1 => Just(Op::LaterSent),
        1 => (prop::bool::weighted(0.2), prop::bool::weighted(0.2), prop::bool::weighted(0.3))
            .prop_map(|(storage, fetch, later)| Op::Faults { storage, fetch, later }),
        1 => prop::bool::weighted(0.3).prop_map(Op::OptOut),
    ]
}

fn run(w: &mut World, ops: &[Op]) {
    for op in ops {
        match op.clone() {
            Op::Capture(n, full) => w.capture(n, full),
            Op::Identity(known) => w.feed(Input::Identity(known.then(|| "user:default/jane".to_string()))),
            Op::Advance(ms) => w.advance(ms as f64),
            Op::Answer(i, o) => w.answer(i, o),
            Op::Flush => w.feed(Input::Flush),
            Op::Hide => {
                w.feed(Input::Hidden);
                w.check_stored();
            }
            Op::Show => w.feed(Input::Shown),
            Op::LaterSent => w.later_sent(),
            Op::Faults { storage, fetch, later } => {
                w.refuse_storage = storage;
                w.refuse_fetch = fetch;
                w.refuse_later = later;
            }
            Op::OptOut(out) => w.consent(out),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Within a page's life: nothing lost or delivered twice, one ordinary
    /// request at a time, keepalive bodies within the budget, everything
    /// unconfirmed stored at page hide; and once the collector recovers,
    /// every event is delivered or counted as dropped.
    #[test]
    fn random_page_lives_keep_the_invariants(ops in prop::collection::vec(op(), 1..60), fetch_later in any::<bool>()) {
        let mut w = World::new(false, fetch_later);
        run(&mut w, &ops);
        w.settle();
    }

    /// A page that ends hidden: the next page adopts its outbox, and between
    /// the two every event is delivered or counted as dropped, none twice.
    #[test]
    fn what_a_hidden_page_stored_is_delivered_by_the_next(ops in prop::collection::vec(op(), 1..20)) {
        let mut w = World::new(false, false);
        run(&mut w, &ops);
        w.refuse_storage = false;
        w.feed(Input::Hidden);
        // The page dies: its requests in flight never answer.
        let mut next = World::new(false, false);
        next.captured = crate::outbox::count(&w.stored) as usize;
        next.feed(Input::StoredFound(vec![("old".into(), w.stored.clone())]));
        next.refuse_fetch = false;
        next.settle();
        let before: HashSet<&String> = w.delivered.iter().collect();
        for id in &next.delivered {
            prop_assert!(!before.contains(id), "delivered by both pages: {}", id);
        }
        let dropped = (w.d.snapshot().dropped.total + next.d.snapshot().dropped.total) as usize;
        // After an opt-out, what was already in flight is not stored again: it was sent.
        let sent_before_opt_out = if w.opted_out { w.requests.values().map(|r| r.ids.len()).sum() } else { 0 };
        prop_assert_eq!(w.captured, w.delivered.len() + next.delivered.len() + dropped + sent_before_opt_out);
    }
}

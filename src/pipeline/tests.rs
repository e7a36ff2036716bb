use super::*;
use crate::config::{resolve, BatchLimits, IdentityMode, ScrubOptions};
use crate::value::{Prim, Value};

fn settings() -> Settings {
    resolve(Some(&Value::Map(vec![("salt".into(), Value::Str("pepper".into()))]))).settings.unwrap()
}

fn nav(subject: &str) -> RawEvent<'_> {
    RawEvent { action: "navigate".into(), subject: subject.into(), ..Default::default() }
}

fn ready() -> Pipeline {
    let mut p = Pipeline::new(settings(), [1; 16]);
    p.set_identity(Some("user:default/jane.doe"));
    p
}

#[test]
fn events_wait_for_identity_then_leave_with_it() {
    let mut p = Pipeline::new(settings(), [1; 16]);
    assert_eq!(p.capture(nav("/jane.doe/x"), 0.0), Captured::Waiting);
    assert_eq!(p.queued(), 0);
    p.set_identity(Some("user:default/jane.doe"));
    let b = p.take_batch(0.0).unwrap();
    let hash = identity::hash("user:default/jane.doe", "pepper");
    assert!(b.body.contains(&format!("\"identity\":\"{hash}\"")), "{}", b.body);
    assert!(b.body.contains("\"subject\":\"/<user>/x\""), "own name scrubbed even for waiting events: {}", b.body);
    assert!(!b.body.contains("jane.doe"));
}

#[test]
fn identity_failure_sends_null() {
    let mut p = Pipeline::new(settings(), [1; 16]);
    p.capture(nav("/a"), 0.0);
    p.set_identity(None);
    assert!(p.take_batch(0.0).unwrap().body.contains("\"identity\":null"));
}

#[test]
fn page_hide_releases_waiting_events() {
    let mut p = Pipeline::new(settings(), [1; 16]);
    p.capture(nav("/a"), 0.0);
    p.release_waiting();
    assert_eq!(p.queued(), 1);
}

#[test]
fn waiting_is_bounded_and_counted() {
    let mut p = Pipeline::new(settings(), [1; 16]);
    for _ in 0..MAX_WAITING + 3 {
        p.capture(nav("/a"), 0.0);
    }
    assert_eq!(p.pending(), MAX_WAITING);
    assert_eq!(p.counters().dropped(DropReason::QueueFull), 3);
}

#[test]
fn flush_by_count() {
    let mut p = ready();
    for _ in 0..24 {
        p.capture(nav("/a"), 0.0);
    }
    assert!(!p.wants_flush());
    p.capture(nav("/a"), 0.0);
    assert!(p.wants_flush());
    assert_eq!(p.take_batch(0.0).unwrap().events.len(), 25);
}

#[test]
fn flush_by_bytes_never_passes_the_limit() {
    let mut s = settings();
    s.batch = BatchLimits { max_events: 500, max_bytes: 4096, flush_interval_ms: 5000 };
    let mut p = Pipeline::new(s, [1; 16]);
    p.set_identity(None);
    for i in 0..100 {
        p.capture(nav(&format!("/page/{i}/{}", "x".repeat(i % 50))), 0.0);
    }
    let mut total = 0;
    while let Some(b) = p.take_batch(0.0) {
        assert!(b.body.len() <= 4096, "{}", b.body.len());
        total += b.events.len();
    }
    assert_eq!(total, 100);
}

#[test]
fn oversized_event_is_dropped_and_counted() {
    let mut s = settings();
    s.batch.max_bytes = 2048;
    let mut p = Pipeline::new(s, [1; 16]);
    p.set_identity(None);
    let big = RawEvent {
        action: "a".into(),
        attributes: (0..10).map(|i| (format!("k{i}").into(), Prim::Str("y ".repeat(400).into()))).collect(),
        ..Default::default()
    };
    assert_eq!(p.capture(big, 0.0), Captured::Dropped(DropReason::TooLarge));
    assert_eq!(p.counters().dropped(DropReason::TooLarge), 1);
}

#[test]
fn retry_keeps_ids_and_order() {
    let mut p = ready();
    p.capture(nav("/1"), 0.0);
    p.capture(nav("/2"), 0.0);
    let b = p.take_batch(0.0).unwrap();
    let ids: Vec<String> = b.events.iter().map(|q| q.id.clone()).collect();
    assert!(matches!(p.on_answer(b, Some(503), None, 0.0), Next::RetryIn(ms) if (500..=1000).contains(&ms)));
    let again = p.take_batch(0.0).unwrap();
    assert_eq!(again.events.iter().map(|q| q.id.clone()).collect::<Vec<_>>(), ids);
    assert_eq!(p.on_answer(again, Some(204), None, 0.0), Next::Continue);
    assert_eq!(p.counters().delivered, 2);
}

#[test]
fn retry_after_is_honoured() {
    let mut p = ready();
    p.capture(nav("/1"), 0.0);
    let b = p.take_batch(0.0).unwrap();
    assert_eq!(p.on_answer(b, Some(429), Some(7_000), 0.0), Next::RetryIn(7000));
}

#[test]
fn retries_run_out() {
    let mut p = ready();
    p.capture(nav("/1"), 0.0);
    for _ in 0..retry::MAX_ATTEMPTS {
        let b = p.take_batch(0.0).unwrap();
        p.on_answer(b, None, None, 0.0);
    }
    assert!(p.take_batch(0.0).is_none());
    assert_eq!(p.counters().dropped(DropReason::RetryExhausted), 1);
}

#[test]
fn rejected_batches_are_counted() {
    let mut p = ready();
    p.capture(nav("/1"), 0.0);
    let b = p.take_batch(0.0).unwrap();
    assert_eq!(p.on_answer(b, Some(400), None, 0.0), Next::Rejected(400));
    assert_eq!(p.counters().dropped(DropReason::Rejected), 1);
}

#[test]
fn payload_too_large_splits_until_it_fits() {
    let mut p = ready();
    for i in 0..20 {
        p.capture(nav(&format!("/p/{i}/{}", "z".repeat(200))), 0.0);
    }
    let limit = 2000;
    let mut delivered = 0;
    for _ in 0..100 {
        let Some(b) = p.take_batch(0.0) else { break };
        let status = if b.body.len() > limit { 413 } else { 204 };
        if status == 204 {
            delivered += b.events.len();
        }
        p.on_answer(b, Some(status), None, 0.0);
    }
    assert_eq!(delivered, 20);
    assert_eq!(p.counters().dropped_total(), 0);
}

#[test]
fn keepalive_budget_is_respected() {
    let mut p = ready();
    for _ in 0..10 {
        p.capture(nav("/a"), 0.0);
    }
    assert!(p.take_batch_within(50, 0.0).is_none(), "not even one event fits 50 bytes");
    assert_eq!(p.queued(), 10);
    let b = p.take_batch_within(600, 0.0).unwrap();
    assert!(b.body.len() <= 600);
}

#[test]
fn outbox_round_trip_without_duplicates() {
    let mut p = ready();
    p.capture(nav("/1"), 0.0);
    p.capture(nav("/2"), 0.0);
    let in_flight = p.take_batch(0.0).unwrap();
    p.capture(nav("/3"), 0.0);
    let mut lines: Vec<&str> = in_flight.events.iter().map(|q| q.json.as_str()).collect();
    lines.extend(p.queued_events().map(|q| q.json.as_str()));
    let (text, _) = crate::outbox::encode(&lines);
    assert_eq!(text.lines().count(), 3);
    let mut next = ready();
    assert_eq!(next.adopt_outbox(&text, 0.0), 3);
    assert_eq!(next.adopt_outbox(&text, 0.0), 0, "same ids are not queued twice");
    let body = next.take_batch(0.0).unwrap().body;
    let (a, b, c) = (body.find("\"/1\"").unwrap(), body.find("\"/2\"").unwrap(), body.find("\"/3\"").unwrap());
    assert!(a < b && b < c);
}

#[test]
fn adopted_events_age_from_capture_not_from_adoption() {
    let day = retry::MAX_AGE_MS;
    let mut p = ready();
    p.capture(nav("/old"), 1_000.0);
    p.capture(nav("/new"), day);
    let (text, _) = crate::outbox::encode(&p.queued_events().map(|q| q.json.as_str()).collect::<Vec<_>>());
    // The next page, a little over a day after the first capture: the old
    // event is past the age cap however often pages reloaded meanwhile.
    let now = day + 2_000.0;
    let mut next = ready();
    assert_eq!(next.adopt_outbox(&text, now), 1);
    assert_eq!(next.counters().dropped(DropReason::RetryExhausted), 1, "the day-old event");
    assert!(next.take_batch(now).unwrap().body.contains("\"/new\""));
}

#[test]
fn debug_log_only_in_debug_mode() {
    let mut p = ready();
    p.capture(nav("/a"), 0.0);
    assert!(p.drain_debug_log().is_empty());
    let mut s = settings();
    s.debug = true;
    s.scrub = ScrubOptions::default();
    let mut d = Pipeline::new(s, [1; 16]);
    d.set_identity(None);
    d.capture(nav("/a?x=1"), 0.0);
    let log = d.drain_debug_log();
    assert_eq!(log.len(), 1);
    assert!(log[0].contains("\"subject\":\"/a\""));
}

#[test]
fn preview_leaves_the_queue_as_it_was() {
    let mut p = ready();
    for i in 0..30 {
        p.capture(nav(&format!("/{i}")), 0.0);
    }
    let (body, ids) = p.preview_batch(60_000, 0.0).unwrap();
    assert_eq!(ids.len(), 25);
    assert_eq!(p.queued(), 30);
    let next = p.take_batch(0.0).unwrap();
    assert_eq!(next.events.iter().map(|q| q.id.clone()).collect::<Vec<_>>(), ids);
    assert!(body.len() <= 60_000);
    assert!(p.preview_batch(10, 0.0).is_none());
}

#[test]
fn events_the_browser_sent_leave_the_queue_once() {
    let mut p = ready();
    for i in 0..3 {
        p.capture(nav(&format!("/{i}")), 0.0);
    }
    let (_, ids) = p.preview_batch(60_000, 0.0).unwrap();
    p.capture(nav("/later"), 0.0);
    assert_eq!(p.sent_by_browser(&ids), 3);
    assert_eq!(p.queued(), 1);
    assert_eq!(p.sent_by_browser(&ids), 0, "ids no longer at the front are not removed again");
    assert_eq!(p.counters().delivered, 3);
}

fn with_identity(mode: IdentityMode) -> Pipeline {
    let mut s = settings();
    s.identity = mode;
    Pipeline::new(s, [1; 16])
}

#[test]
fn identity_disabled_sends_no_identity_but_still_scrubs_the_users_name() {
    let mut p = with_identity(IdentityMode::Disabled);
    assert_eq!(p.capture(nav("/a"), 0.0), Captured::Queued, "nothing waits for an identity it will not carry");
    p.set_identity(Some("user:default/jane.doe"));
    p.capture(nav("/jane.doe/x"), 0.0);
    let body = p.take_batch(0.0).unwrap().body;
    assert_eq!(body.matches("\"identity\":null").count(), 2, "{body}");
    assert!(!body.contains(&identity::hash("user:default/jane.doe", "pepper")));
    assert!(body.contains("/<user>/x"), "{body}");
}

#[test]
fn identity_required_drops_and_counts_events_without_one() {
    let mut p = with_identity(IdentityMode::Required);
    assert_eq!(p.capture(nav("/a"), 0.0), Captured::Waiting);
    p.capture(nav("/b"), 0.0);
    p.set_identity(None);
    assert_eq!(p.capture(nav("/c"), 0.0), Captured::Dropped(DropReason::NoIdentity));
    assert_eq!(p.counters().dropped(DropReason::NoIdentity), 3);
    assert!(p.take_batch(0.0).is_none());
    // Left before the lookup answered: nothing leaves with `identity: null`.
    let mut q = with_identity(IdentityMode::Required);
    q.capture(nav("/a"), 0.0);
    q.release_waiting();
    assert_eq!((q.queued(), q.counters().dropped(DropReason::NoIdentity)), (0, 1));
    // With an identity, required changes nothing.
    let mut r = with_identity(IdentityMode::Required);
    r.capture(nav("/a"), 0.0);
    r.set_identity(Some("user:default/jane"));
    assert!(r.take_batch(0.0).unwrap().body.contains(&identity::hash("user:default/jane", "pepper")));
}

#[test]
fn a_closed_gate_drops_new_events_and_for_consent_what_waits() {
    let mut p = ready();
    p.capture(nav("/a"), 0.0);
    p.set_gate(Some(DropReason::NotSampled));
    assert_eq!(p.capture(nav("/b"), 0.0), Captured::Dropped(DropReason::NotSampled));
    assert_eq!(p.queued(), 1, "an unsampled session still sends what was queued (stored by sampled pages)");
    p.set_gate(Some(DropReason::OptedOut));
    assert_eq!(p.queued(), 0);
    assert_eq!(p.counters().dropped(DropReason::OptedOut), 1);
    let retry = Queued::new("00000000-0000-4000-8000-000000000000", "2026-01-01T00:00:00.000Z", "{}".into(), 0.0);
    p.requeue(vec![retry]);
    assert_eq!((p.queued(), p.counters().dropped(DropReason::OptedOut)), (0, 2), "what comes back is dropped");
    p.set_gate(None);
    assert_eq!(p.capture(nav("/c"), 0.0), Captured::Queued, "opting in opens it again");
}

#[test]
fn configured_attributes_go_in_every_events_context() {
    let mut s = settings();
    s.attributes = vec![("appVersion".into(), Prim::Str("1.2.3".into()))];
    let mut p = Pipeline::new(s, [1; 16]);
    p.set_identity(None);
    p.capture(nav("/a"), 0.0);
    assert!(p.take_batch(0.0).unwrap().body.contains(r#""context":{"appVersion":"1.2.3"}"#));
}

//! Browser tests of the I/O layer, in headless Chromium
//! (`CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`).
//! `fetch` and `localStorage` are observed through spies installed in the
//! page; page hiding is simulated by overriding `document.visibilityState`
//! and dispatching `visibilitychange` / `pagehide` / `pageshow`.
#![cfg(target_arch = "wasm32")]

use backstage_insights_wasm::api::{scrub, InsightsCore};
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function installSpies(status) {
  const calls = [];
  window.__calls = calls;
  window.fetch = (url, init) => {
    calls.push({ url: String(url), body: new TextDecoder().decode(init.body), keepalive: !!init.keepalive,
                 auth: new Headers(init.headers).get('Authorization') });
    if (status === 0) return Promise.reject(new TypeError('network error'));
    return Promise.resolve(new Response(null, { status, headers: { 'Retry-After': window.__retryAfter } }));
  };
  window.__retryAfter = '0';
  localStorage.clear();
  sessionStorage.clear();
  window.__gpc = false;
  Object.defineProperty(navigator, 'globalPrivacyControl', { configurable: true, get: () => window.__gpc });
  window.__writes = 0;
  const realSet = (window.__realSet ??= Storage.prototype.setItem);
  Storage.prototype.setItem = function (k, v) { window.__writes++; return realSet.call(this, k, v); };
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
  // Isolation: only the fetchLater tests see one (Chromium has it natively on http://127.0.0.1).
  window.fetchLater = undefined;
}
export function installFetchLater() {
  const later = [];
  window.__later = later;
  window.fetchLater = (url, init) => {
    const result = { activated: false };
    later.push({ url: String(url), body: new TextDecoder().decode(init.body), signal: init.signal, result });
    return result;
  };
}
// fetchLater that refuses every registration, as Chromium does past its quota
// (64 KiB per origin, shared with other scripts on the page).
export function refuseFetchLater() {
  window.__refused = 0;
  window.fetchLater = () => {
    window.__refused++;
    throw new DOMException('deferred fetch quota exceeded', 'QuotaExceededError');
  };
}
export function refusedLater() { return window.__refused; }
export function laterCalls() {
  return window.__later.map(l => ({ body: l.body, aborted: l.signal.aborted, activated: l.result.activated }));
}
export function activateLater() {
  for (const l of window.__later) if (!l.signal.aborted) l.result.activated = true;
}
// A fetch replaced by a wrapper that breaks: it throws, or answers with something that is not a Response.
export function breakFetch(how) {
  window.__broken = 0;
  window.fetch = () => {
    window.__broken++;
    if (how === 'throw') throw new TypeError('wrapped fetch failed');
    if (how === 'nothing') return undefined;
    return Promise.resolve({});
  };
}
export function brokenCalls() { return window.__broken; }
// The wall clock set back (or forward back to normal with 0).
export function shiftClock(ms) {
  const real = (window.__realNow ??= Date.now);
  Date.now = ms ? () => real() + ms : real;
}
// A collector that never answers; AbortSignal.timeout hands out a signal the test fires.
export function hangFetch() {
  const calls = [];
  window.__calls = calls;
  const real = (window.__realTimeout ??= AbortSignal.timeout);
  const timeouts = (window.__timeouts = []);
  AbortSignal.timeout = ms => {
    const c = new AbortController();
    timeouts.push({ ms, c });
    return c.signal;
  };
  window.__restoreTimeout = () => { AbortSignal.timeout = real; };
  window.fetch = (url, init) => {
    calls.push({ url: String(url), body: new TextDecoder().decode(init.body), keepalive: !!init.keepalive });
    return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal.reason)));
  };
}
export function fireTimeouts() {
  const ms = window.__timeouts.map(t => t.ms);
  for (const t of window.__timeouts) t.c.abort(new DOMException('timed out', 'TimeoutError'));
  window.__restoreTimeout();
  return ms;
}
// A collector that answers 401 to a request without a token.
export function requireToken() {
  const calls = [];
  window.__calls = calls;
  window.fetch = (url, init) => {
    const auth = new Headers(init.headers).get('Authorization');
    calls.push({ url: String(url), body: new TextDecoder().decode(init.body), keepalive: !!init.keepalive, auth });
    return Promise.resolve(new Response(null, { status: auth ? 204 : 401 }));
  };
}
// The spies' Retry-After from now on: an HTTP-date `ms` from now (to the second, as the header has it).
export function retryAfterDateIn(ms) { window.__retryAfter = new Date(Date.now() + ms).toUTCString(); }
export function calls() { return window.__calls; }
export function storageWrites() { return window.__writes; }
export function failStorage() {
  Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
}
export function setHidden(hidden) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => hidden ? 'hidden' : 'visible' });
  document.dispatchEvent(new Event('visibilitychange'));
}
export function fire(kind, persisted) {
  const e = new Event(kind);
  Object.defineProperty(e, 'persisted', { value: persisted });
  window.dispatchEvent(e);
}
// A console that throws on every call (a test harness failing on console output); returns its undo.
export function breakConsole() {
  const real = {};
  for (const k of ['error', 'warn', 'log', 'groupCollapsed', 'groupEnd']) {
    real[k] = console[k];
    console[k] = () => { throw new Error('console.' + k + ' refused'); };
  }
  window.__restoreConsole = () => Object.assign(console, real);
}
export function restoreConsole() { window.__restoreConsole(); }
export function setGpc(on) { window.__gpc = on; }
// What another tab's localStorage write looks like here.
export function fireStorage(key) { window.dispatchEvent(new StorageEvent('storage', { key })); }
export function hostname() { return location.hostname; }
export function storedItem(area, key) { return window[area].getItem(key); }
export function setItem(area, key, value) { window[area].setItem(key, value); }
export function sleep(ms) { return new Promise(r => setTimeout(r, ms)); }
export function outboxes() {
  return Object.keys(localStorage).filter(k => k.startsWith('backstage-insights:v1:outbox:')).map(k => localStorage.getItem(k));
}
// An event whose attributes getter captures another event while the core reads the first.
export function captureReentrant(core) {
  const inner = { action: 'click', subject: 'inner', attributes: {} };
  const outer = { action: 'click', subject: 'outer', get attributes() { core.capture(inner, Date.now()); return {}; } };
  core.capture(outer, Date.now());
}
export function nasty() {
  const circular = { a: 1 }; circular.self = circular;
  const throwing = { get boom() { throw new Error('getter'); }, ok: 'yes' };
  const proxy = new Proxy({}, { ownKeys() { throw new Error('trap'); } });
  return [
    undefined, null, 42, 'navigate', Symbol('s'),
    { action: '' },
    { action: 'click', subject: Symbol('x') },
    { action: 'click', subject: 'ok', value: NaN, attributes: { c: circular, big: 10n, s: Symbol('y'), f: () => 1, n: Infinity, fine: 'jane@example.com' }, context: throwing },
    { action: 'click', subject: 'x'.repeat(1 << 20), attributes: proxy },
    { get action() { throw new Error('action getter'); } },
  ];
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = installSpies)]
    fn install_spies(status: u16);
    fn calls() -> Array;
    #[wasm_bindgen(js_name = retryAfterDateIn)]
    fn retry_after_date_in(ms: u32);
    #[wasm_bindgen(js_name = breakFetch)]
    fn break_fetch(how: &str);
    #[wasm_bindgen(js_name = brokenCalls)]
    fn broken_calls() -> u32;
    #[wasm_bindgen(js_name = requireToken)]
    fn require_token();
    #[wasm_bindgen(js_name = shiftClock)]
    fn shift_clock(ms: f64);
    #[wasm_bindgen(js_name = hangFetch)]
    fn hang_fetch();
    #[wasm_bindgen(js_name = fireTimeouts)]
    fn fire_timeouts() -> Vec<u32>;
    #[wasm_bindgen(js_name = installFetchLater)]
    fn install_fetch_later();
    #[wasm_bindgen(js_name = refuseFetchLater)]
    fn refuse_fetch_later();
    #[wasm_bindgen(js_name = refusedLater)]
    fn refused_later() -> u32;
    #[wasm_bindgen(js_name = laterCalls)]
    fn later_calls() -> Array;
    #[wasm_bindgen(js_name = activateLater)]
    fn activate_later();
    #[wasm_bindgen(js_name = storageWrites)]
    fn storage_writes() -> u32;
    #[wasm_bindgen(js_name = failStorage)]
    fn fail_storage();
    #[wasm_bindgen(js_name = setHidden)]
    fn set_hidden(hidden: bool);
    fn fire(kind: &str, persisted: bool);
    #[wasm_bindgen(js_name = breakConsole)]
    fn break_console();
    #[wasm_bindgen(js_name = restoreConsole)]
    fn restore_console();
    fn sleep(ms: u32) -> js_sys::Promise;
    #[wasm_bindgen(js_name = setGpc)]
    fn set_gpc(on: bool);
    #[wasm_bindgen(js_name = fireStorage)]
    fn fire_storage(key: &str);
    fn hostname() -> String;
    #[wasm_bindgen(js_name = storedItem)]
    fn stored_item(area: &str, key: &str) -> Option<String>;
    #[wasm_bindgen(js_name = setItem)]
    fn set_item(area: &str, key: &str, value: &str);
    fn outboxes() -> Array;
    fn nasty() -> Array;
    #[wasm_bindgen(js_name = captureReentrant)]
    fn capture_reentrant(core: &JsValue);
}

const ENDPOINT: &str = "https://collector.test/events";

fn config(extra: &str) -> JsValue {
    js_sys::JSON::parse(&format!(r#"{{"salt":"pepper"{extra}}}"#)).unwrap()
}

fn event(subject: &str) -> JsValue {
    js_sys::JSON::parse(&format!(
        r#"{{"action":"navigate","subject":{subject:?},"attributes":{{}},"context":{{"pluginId":"catalog"}}}}"#
    ))
    .unwrap()
}

fn field(obj: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(obj.clone(), |o, k| Reflect::get(&o, &(*k).into()).unwrap_or(JsValue::UNDEFINED))
}

fn num(obj: &JsValue, path: &[&str]) -> f64 {
    field(obj, path).as_f64().unwrap_or(-1.0)
}

async fn wait(ms: u32) {
    JsFuture::from(sleep(ms)).await.unwrap();
}

/// Polls `cond` every 20 ms for up to 5 s (timers run late on a loaded machine).
async fn wait_until(cond: impl Fn() -> bool) -> bool {
    for _ in 0..250 {
        if cond() {
            return true;
        }
        wait(20).await;
    }
    cond()
}

fn bodies() -> Vec<String> {
    calls().iter().map(|c| field(&c, &["body"]).as_string().unwrap()).collect()
}

#[wasm_bindgen_test]
async fn batch_is_sent_by_the_interval_timer_with_identity_and_token() {
    install_spies(204);
    let core = InsightsCore::new(config(r#","batch":{"flushIntervalMs":250}"#), ENDPOINT.into(), None);
    core.set_identity(Some("user:default/jane.doe".into()));
    core.set_token(Some(js_sys::JsString::from("tok")));
    core.capture(event("/catalog?q=jane#x"), js_sys::Date::now());
    assert_eq!(calls().length(), 0, "nothing before the interval");
    assert!(wait_until(|| calls().length() == 1).await);
    assert!(wait_until(|| num(&core.stats(), &["delivered"]) == 1.0).await);
    let c = calls().get(0);
    assert_eq!(field(&c, &["url"]).as_string().unwrap(), ENDPOINT);
    assert_eq!(field(&c, &["auth"]).as_string().unwrap(), "Bearer tok");
    let body = bodies().remove(0);
    assert!(body.contains(r#""subject":"/catalog""#), "{body}");
    let want = backstage_insights_wasm::identity::hash("user:default/jane.doe", "pepper");
    assert!(body.contains(&want));
    assert!(!body.contains("jane.doe"));
    assert_eq!(num(&core.stats(), &["delivered"]), 1.0);
}

#[wasm_bindgen_test]
async fn an_empty_or_missing_token_sends_no_authorization_header() {
    install_spies(204);
    let core = InsightsCore::new(config(""), ENDPOINT.into(), None);
    core.set_identity(None);
    core.set_token(Some(js_sys::JsString::from("tok")));
    core.set_token(Some(js_sys::JsString::from("")));
    core.capture(event("/a"), js_sys::Date::now());
    core.flush();
    core.set_token(Some(js_sys::JsString::from("tok")));
    core.set_token(None);
    core.capture(event("/b"), js_sys::Date::now());
    assert!(wait_until(|| num(&core.stats(), &["delivered"]) == 1.0).await);
    core.flush();
    assert!(wait_until(|| calls().length() == 2).await);
    for c in calls().iter() {
        assert!(field(&c, &["auth"]).is_null(), "no Authorization header");
    }
}

#[wasm_bindgen_test]
async fn a_token_no_header_can_hold_is_left_out_and_the_batch_still_goes() {
    install_spies(204);
    let core = InsightsCore::new(config(""), ENDPOINT.into(), None);
    core.set_identity(None);
    core.set_token(Some(js_sys::JsString::from("tok\nX-Injected: 1")));
    core.capture(event("/a"), js_sys::Date::now());
    core.flush();
    core.set_token(Some(js_sys::JsString::from("tok2")));
    core.capture(event("/b"), js_sys::Date::now());
    assert!(wait_until(|| num(&core.stats(), &["delivered"]) == 1.0).await);
    core.flush();
    assert!(wait_until(|| num(&core.stats(), &["delivered"]) == 2.0).await);
    let auth: Vec<JsValue> = calls().iter().map(|c| field(&c, &["auth"])).collect();
    assert!(auth[0].is_null(), "the unusable token is left out");
    assert_eq!(auth[1].as_string().as_deref(), Some("Bearer tok2"), "a later good token is used");
}

#[wasm_bindgen_test]
async fn an_event_captured_while_the_core_reads_another_is_kept() {
    install_spies(204);
    let core = InsightsCore::new(config(r#","batch":{"maxEvents":2}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    let core = JsValue::from(core);
    capture_reentrant(&core);
    // Read at the end of this task; the batch of two fills and goes at once.
    assert!(wait_until(|| calls().length() == 1).await);
    let body = &bodies()[0];
    assert!(body.contains("\"outer\"") && body.contains("\"inner\""), "{body}");
}

#[wasm_bindgen_test]
async fn full_batch_goes_at_once() {
    install_spies(204);
    let core = InsightsCore::new(config(r#","batch":{"maxEvents":3}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    for i in 0..3 {
        core.capture(event(&format!("/p/{i}")), js_sys::Date::now());
    }
    assert!(wait_until(|| calls().length() == 1).await);
    assert_eq!(bodies()[0].matches("\"action\"").count(), 3);
}

#[wasm_bindgen_test]
async fn hiding_the_page_flushes_with_keepalive_and_stores_the_outbox() {
    install_spies(204);
    let core = InsightsCore::new(config(""), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/a"), js_sys::Date::now());
    core.capture(event("/b"), js_sys::Date::now());
    set_hidden(true);
    assert_eq!(calls().length(), 1, "sent synchronously inside the handler");
    assert!(field(&calls().get(0), &["keepalive"]).as_bool().unwrap());
    let stored = outboxes();
    assert_eq!(stored.length(), 1, "unconfirmed events are kept until the answer");
    assert_eq!(stored.get(0).as_string().unwrap().lines().count(), 2);
    assert!(wait_until(|| outboxes().length() == 0).await, "confirmed: the outbox is cleared");
    set_hidden(false);
    drop(core);
}

#[wasm_bindgen_test]
async fn keepalive_bodies_in_flight_stay_under_60_kib() {
    install_spies(204);
    // Slow collector: answers never come during the test.
    Reflect::set(
        &web_sys::window().unwrap(),
        &"fetch".into(),
        &js_sys::Function::new_with_args("u,i", "window.__calls.push({url:u, body:new TextDecoder().decode(i.body), keepalive:!!i.keepalive}); return new Promise(()=>{});"),
    )
    .unwrap();
    let core = InsightsCore::new(config(""), ENDPOINT.into(), None);
    core.set_identity(None);
    let pad = "x".repeat(900);
    for i in 0..200 {
        core.capture(event(&format!("/p/{i}/{pad}")), js_sys::Date::now());
    }
    fire("pagehide", false);
    let keepalive_bytes: usize = calls()
        .iter()
        .filter(|c| field(c, &["keepalive"]).as_bool() == Some(true))
        .map(|c| field(&c, &["body"]).as_string().unwrap().len())
        .sum();
    assert!(keepalive_bytes > 0 && keepalive_bytes <= 60 * 1024, "{keepalive_bytes}");
    let stored: usize = outboxes().iter().map(|t| t.as_string().unwrap().lines().count()).sum();
    assert_eq!(stored, 200, "everything unconfirmed is in the outbox");
}

#[wasm_bindgen_test]
async fn next_load_sends_the_stored_outbox_first() {
    install_spies(0);
    let first = InsightsCore::new(config(""), ENDPOINT.into(), None);
    first.set_identity(None);
    first.capture(event("/left-behind"), js_sys::Date::now());
    fire("pagehide", false);
    assert_eq!(outboxes().length(), 1);
    drop(first); // the "closed" page never runs again
    install_spies_keep_storage(204);
    let second = InsightsCore::new(config(r#","batch":{"flushIntervalMs":60000}"#), ENDPOINT.into(), None);
    assert!(wait_until(|| num(&second.stats(), &["delivered"]) == 1.0).await);
    let sent = bodies();
    assert_eq!(sent.len(), 1, "stored events go at once on load");
    assert!(sent[0].contains("/left-behind"));
    assert_eq!(num(&second.stats(), &["delivered"]), 1.0);
}

#[wasm_bindgen_test]
async fn a_stored_outbox_past_the_age_cap_is_dropped_once_and_its_key_freed() {
    install_spies(204);
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let old = |i: u32| format!(r#"{{"id":"{i:036}","timestamp":"2020-01-01T00:00:00.000Z","action":"navigate"}}"#);
    let key = "backstage-insights:v1:outbox:closed-tab";
    storage.set_item(key, &format!("{}\n{}", old(1), old(2))).unwrap();
    let first = InsightsCore::new(config(""), ENDPOINT.into(), None);
    assert_eq!(num(&first.stats(), &["dropped", "retryExhausted"]), 2.0);
    assert_eq!(storage.get_item(key).unwrap(), None, "the old key is freed");
    drop(first);
    let second = InsightsCore::new(config(""), ENDPOINT.into(), None);
    assert_eq!(num(&second.stats(), &["dropped", "retryExhausted"]), 0.0, "not counted again");
    wait(50).await;
    assert_eq!(calls().length(), 0, "nothing sent");
}

fn install_spies_keep_storage(status: u16) {
    let saved: Vec<(String, String)> = {
        let s = web_sys::window().unwrap().local_storage().unwrap().unwrap();
        (0..s.length().unwrap())
            .filter_map(|i| s.key(i).unwrap())
            .map(|k| (k.clone(), s.get_item(&k).unwrap().unwrap()))
            .collect()
    };
    install_spies(status);
    let s = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    for (k, v) in saved {
        s.set_item(&k, &v).unwrap();
    }
}

#[wasm_bindgen_test]
async fn retries_server_errors_with_the_same_ids() {
    install_spies(503);
    let core = InsightsCore::new(config(r#","batch":{"maxEvents":1}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/x"), js_sys::Date::now());
    assert!(wait_until(|| calls().length() == 1).await);
    // Retry-After: 0 from the spy; backoff (0.5 to 1 s for the first retry) is the floor.
    wait(300).await;
    assert_eq!(calls().length(), 1, "no retry before the backoff");
    assert!(wait_until(|| calls().length() >= 2).await);
    let sent = bodies();
    assert_eq!(&sent[0][sent[0].find("\"events\"").unwrap()..], &sent[1][sent[1].find("\"events\"").unwrap()..]);
    assert_eq!(num(&core.stats(), &["delivered"]), 0.0);
    assert_eq!(num(&core.stats(), &["queued"]), 1.0);
}

#[wasm_bindgen_test]
async fn a_retry_after_date_is_read_by_the_glue_and_waited_for() {
    install_spies(503);
    // 2 to 3 s ahead (the date has whole seconds); backoff alone would retry within 1 s.
    retry_after_date_in(3_000);
    let core = InsightsCore::new(config(r#","batch":{"maxEvents":1}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/x"), js_sys::Date::now());
    assert!(wait_until(|| calls().length() == 1 && num(&core.stats(), &["inFlight"]) == 0.0).await);
    install_spies(204);
    wait(1_500).await;
    assert_eq!(calls().length(), 0, "no retry before the date");
    assert!(wait_until(|| num(&core.stats(), &["delivered"]) == 1.0).await, "retried once it passed");
}

#[wasm_bindgen_test]
async fn a_fetch_that_throws_at_hide_neither_hangs_the_page_nor_loses_events() {
    install_spies(204);
    let core = InsightsCore::new(config(""), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/a"), js_sys::Date::now());
    core.capture(event("/b"), js_sys::Date::now());
    break_fetch("throw");
    // Before the fix this handler took the same batch again forever.
    set_hidden(true);
    assert_eq!(broken_calls(), 1, "one attempt, then the batch waits");
    let stored: usize = outboxes().iter().map(|t| t.as_string().unwrap().lines().count()).sum();
    assert_eq!(stored, 2, "both events are in the outbox");
    install_spies_keep_storage(204);
    set_hidden(false);
    core.flush();
    assert!(wait_until(|| num(&core.stats(), &["delivered"]) == 2.0).await);
}

#[wasm_bindgen_test]
async fn a_broken_fetch_is_retried_like_a_network_error() {
    for how in ["throw", "junk", "nothing"] {
        install_spies(204);
        let core = InsightsCore::new(config(r#","batch":{"maxEvents":1}"#), ENDPOINT.into(), None);
        core.set_identity(None);
        break_fetch(how);
        core.capture(event("/x"), js_sys::Date::now());
        assert!(wait_until(|| broken_calls() == 1 && num(&core.stats(), &["inFlight"]) == 0.0).await, "{how}");
        assert_eq!(num(&core.stats(), &["queued"]), 1.0, "{how}: kept");
        install_spies(204);
        // The backoff's timer sends it again, with no new capture to wake the core.
        assert!(wait_until(|| num(&core.stats(), &["delivered"]) == 1.0).await, "{how}: delivered on retry");
    }
}

#[wasm_bindgen_test]
async fn a_401_sent_before_the_token_was_known_is_retried_with_it() {
    install_spies(204);
    require_token();
    let core = InsightsCore::new(config(r#","batch":{"maxEvents":1}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    // As the stored outbox at start, while sign-in is still running.
    core.capture(event("/early"), js_sys::Date::now());
    assert!(wait_until(|| calls().length() == 1 && num(&core.stats(), &["inFlight"]) == 0.0).await);
    assert_eq!(num(&core.stats(), &["dropped", "rejected"]), 0.0, "not dropped");
    assert_eq!(num(&core.stats(), &["queued"]), 1.0);
    core.set_token(Some(js_sys::JsString::from("tok")));
    assert!(wait_until(|| num(&core.stats(), &["delivered"]) == 1.0).await, "delivered on the retry");
    let last = calls().get(calls().length() - 1);
    assert_eq!(field(&last, &["auth"]).as_string().as_deref(), Some("Bearer tok"));
    assert!(field(&last, &["body"]).as_string().unwrap().contains("/early"));
}

#[wasm_bindgen_test]
async fn a_backoff_that_page_hide_interrupted_still_ends_in_a_send() {
    install_spies(503);
    let core = InsightsCore::new(config(r#","batch":{"maxEvents":1}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/x"), js_sys::Date::now());
    assert!(wait_until(|| calls().length() == 1 && num(&core.stats(), &["inFlight"]) == 0.0).await);
    // In the backoff (0.5 to 1 s): hidden, and the keepalive send fails too.
    install_spies(0);
    set_hidden(true);
    assert!(wait_until(|| num(&core.stats(), &["inFlight"]) == 0.0).await);
    install_spies(204);
    set_hidden(false);
    // No capture follows: the backoff's own timer must send it.
    assert!(wait_until(|| num(&core.stats(), &["delivered"]) == 1.0).await);
}

#[wasm_bindgen_test]
async fn a_request_never_answered_times_out_after_a_minute_and_is_retried() {
    install_spies(204);
    hang_fetch();
    let core = InsightsCore::new(config(r#","batch":{"maxEvents":1}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/x"), js_sys::Date::now());
    assert!(wait_until(|| calls().length() == 1).await);
    wait(50).await;
    assert_eq!(num(&core.stats(), &["inFlight"]), 1.0, "still waiting on the collector");
    install_spies(204);
    assert_eq!(fire_timeouts(), vec![60_000], "one ordinary request, a minute's timeout");
    assert!(wait_until(|| num(&core.stats(), &["delivered"]) == 1.0).await, "retried after the timeout");
}

#[wasm_bindgen_test]
async fn a_wall_clock_set_back_does_not_stretch_a_backoff() {
    install_spies(503);
    let core = InsightsCore::new(config(r#","batch":{"maxEvents":1}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/x"), js_sys::Date::now());
    assert!(wait_until(|| calls().length() == 1 && num(&core.stats(), &["inFlight"]) == 0.0).await);
    // In the 0.5 to 1 s backoff, the clock goes back 20 minutes (NTP, a laptop waking).
    shift_clock(-20.0 * 60_000.0);
    install_spies(204);
    let delivered = wait_until(|| num(&core.stats(), &["delivered"]) == 1.0).await;
    shift_clock(0.0);
    assert!(delivered, "the retry went when the backoff ended");
}

#[wasm_bindgen_test]
async fn a_full_batch_captured_during_a_backoff_waits_for_it() {
    install_spies(503);
    let core = InsightsCore::new(config(r#","batch":{"maxEvents":2}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/a"), js_sys::Date::now());
    core.capture(event("/b"), js_sys::Date::now());
    assert!(wait_until(|| calls().length() == 1 && num(&core.stats(), &["inFlight"]) == 0.0).await);
    // A batch's worth read at once must not cut the backoff (0.5 to 1 s) short.
    core.capture(event("/c"), js_sys::Date::now());
    core.capture(event("/d"), js_sys::Date::now());
    wait(250).await;
    assert_eq!(num(&core.stats(), &["queued"]), 4.0);
    assert_eq!(calls().length(), 1, "no request during the backoff");
    assert!(wait_until(|| calls().length() == 2).await, "the retry goes when the backoff ends");
    assert!(bodies()[1].contains("\"/a\""), "oldest first: {}", bodies()[1]);
}

#[wasm_bindgen_test]
async fn debug_mode_sends_nothing_and_stores_nothing() {
    install_spies(204);
    let core = InsightsCore::new(config(r#","debug":true,"batch":{"flushIntervalMs":250}"#), ENDPOINT.into(), None);
    core.set_identity(Some("user:default/jane".into()));
    core.capture(event("/catalog"), js_sys::Date::now());
    wait(400).await;
    set_hidden(true);
    fire("pagehide", false);
    set_hidden(false);
    assert_eq!(calls().length(), 0);
    assert_eq!(storage_writes(), 0);
    assert_eq!(num(&core.stats(), &["captured"]), 1.0);
}

#[wasm_bindgen_test]
async fn a_console_that_throws_neither_throws_into_the_app_nor_jams_the_core() {
    install_spies(401);
    break_console();
    // The config problem (an unknown key) goes to console.error while the core is made.
    let debug = InsightsCore::new(
        config(r#","debug":true,"unknownKey":1,"batch":{"flushIntervalMs":250}"#),
        ENDPOINT.into(),
        None,
    );
    let sending = InsightsCore::new(config(r#","batch":{"flushIntervalMs":250}"#), ENDPOINT.into(), None);
    for core in [&debug, &sending] {
        core.set_identity(Some("user:default/jane".into()));
        core.capture(event("/a"), js_sys::Date::now());
    }
    // Debug prints the event and its would-be batch; the 401 answer warns. Each throws.
    wait(400).await;
    for core in [&debug, &sending] {
        core.capture(event("/b"), js_sys::Date::now());
    }
    wait(400).await;
    restore_console();
    let debug_stats = debug.stats();
    assert_eq!(num(&debug_stats, &["captured"]), 2.0);
    assert_eq!(num(&debug_stats, &["queued"]), 0.0, "both events were read and their batches logged");
    // The refused batch waits for its retry; the second event was still read and queued.
    assert_eq!(num(&sending.stats(), &["captured"]), 2.0);
    assert_eq!(num(&sending.stats(), &["queued"]), 2.0, "stats: {:?}", js_sys::JSON::stringify(&sending.stats()));
    assert!(calls().length() >= 1, "the sending core sent");
}

#[wasm_bindgen_test]
fn missing_salt_means_inactive_and_counted() {
    install_spies(204);
    let core = InsightsCore::new(JsValue::UNDEFINED, ENDPOINT.into(), None);
    assert!(!core.active());
    core.capture(event("/a"), js_sys::Date::now());
    assert_eq!(num(&core.stats(), &["dropped", "notConfigured"]), 1.0);
    assert_eq!(calls().length(), 0);
}

#[wasm_bindgen_test]
async fn hostile_input_never_throws_and_is_counted() {
    install_spies(204);
    let core = InsightsCore::new(config(r#","batch":{"maxEvents":1}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    for v in nasty().iter() {
        core.capture(v, js_sys::Date::now());
    }
    let stats = core.stats();
    assert_eq!(num(&stats, &["dropped", "invalidEvent"]), 7.0, "non-objects, empty or throwing action");
    assert_eq!(num(&stats, &["captured"]), 3.0);
    assert!(num(&stats, &["fieldsDropped"]) >= 5.0);
    assert!(wait_until(|| calls().length() == 3).await);
    let all = bodies().join("\n");
    assert!(all.contains(r#""big":10"#), "BigInt kept as a number: {all}");
    assert!(all.contains(r#""fine":"<email>""#));
    assert!(all.contains("<truncated>"));
    assert!(!all.contains("NaN") && !all.contains("Infinity"));
}

fn js_value(source: &str) -> JsValue {
    js_sys::Function::new_no_args(source).call0(&JsValue::NULL).unwrap()
}

#[wasm_bindgen_test]
async fn text_of_every_kind_crosses_intact_also_in_an_event_too_large_for_the_read_buffer() {
    install_spies(204);
    let core = InsightsCore::new(config(r#","batch":{"maxEvents":2}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    // A lone surrogate is not UTF-8: it arrives as U+FFFD, like TextEncoder writes it.
    let small = js_value(
        r#"return { action: 'click', subject: 'café ✓ 😀 \uD800 x', attributes: { 'ключ': 'значение 😀', n: 1.5 } }"#,
    );
    // 40,000 bytes of two-byte characters, past the reader's 16 KiB buffer: it grows and reads again.
    let large =
        js_value(r#"return { action: 'search', subject: 'é'.repeat(20000), context: { pluginId: 'search', k: 'ü' } }"#);
    core.capture(small, js_sys::Date::now());
    core.capture(large, js_sys::Date::now());
    assert!(wait_until(|| calls().length() == 1).await);
    let body = &bodies()[0];
    let events = field(&js_sys::JSON::parse(body).unwrap(), &["events"]);
    let first = Reflect::get(&events, &0.into()).unwrap();
    assert_eq!(field(&first, &["subject"]).as_string().unwrap(), "café ✓ 😀 \u{FFFD} x");
    assert_eq!(field(&first, &["attributes", "ключ"]).as_string().unwrap(), "значение 😀");
    assert_eq!(num(&first, &["attributes", "n"]), 1.5);
    let second = Reflect::get(&events, &1.into()).unwrap();
    let subject = field(&second, &["subject"]).as_string().unwrap();
    // Cut to 1 KiB by the scrubber, on a character boundary.
    assert!(subject.starts_with("éé") && subject.ends_with("…<truncated>"), "{subject}");
    assert!(subject.trim_end_matches("…<truncated>").chars().all(|c| c == 'é'));
    assert_eq!(field(&second, &["context", "k"]).as_string().unwrap(), "ü");
    assert_eq!(num(&core.stats(), &["dropped", "total"]), 0.0);
}

#[wasm_bindgen_test]
async fn a_bigint_no_json_parser_can_hold_is_dropped_alone() {
    install_spies(204);
    let core = InsightsCore::new(config(r#","batch":{"maxEvents":1}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(
        js_value("return { action: 'click', subject: 's', value: 10n ** 400n, attributes: { huge: -(10n ** 400n), fine: 2n ** 64n } }"),
        js_sys::Date::now(),
    );
    assert!(wait_until(|| calls().length() == 1).await);
    let body = &bodies()[0];
    // Parsed as a collector would: every number finite, or it refuses the batch.
    let event = field(&js_sys::JSON::parse(body).unwrap(), &["events", "0"]);
    assert!(field(&event, &["value"]).is_undefined(), "{body}");
    assert!(field(&event, &["attributes", "huge"]).is_undefined(), "{body}");
    assert_eq!(num(&event, &["attributes", "fine"]), 18_446_744_073_709_551_616.0, "{body}");
    assert!(num(&core.stats(), &["fieldsDropped"]) >= 1.0);
}

#[wasm_bindgen_test]
async fn a_huge_string_does_not_cross_into_wasm_memory() {
    install_spies(204);
    let core = InsightsCore::new(config(r#","batch":{"maxEvents":1}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    let memory = || {
        wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length()
    };
    let huge = js_value("return { action: 'search', subject: 'jane@example.com ' + 'x'.repeat(20 << 20), attributes: { q: 'y'.repeat(20 << 20) } }");
    let before = memory();
    core.capture(huge, js_sys::Date::now());
    assert!(wait_until(|| calls().length() == 1).await);
    let grown = memory() - before;
    assert!(grown < 4 << 20, "wasm memory grew by {grown} bytes for two 20 MB strings");
    let body = &bodies()[0];
    assert!(body.contains("<email>") && body.contains("<truncated>"), "scrubbed and cut as before");
}

#[wasm_bindgen_test]
async fn storage_quota_errors_are_counted_not_thrown() {
    install_spies(0);
    fail_storage();
    let core = InsightsCore::new(config(""), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/a"), js_sys::Date::now());
    fire("pagehide", false);
    assert_eq!(num(&core.stats(), &["notStored"]), 1.0);
    install_spies(204);
}

#[wasm_bindgen_test]
async fn bfcache_restore_rearms_the_timer() {
    install_spies(204);
    let core = InsightsCore::new(config(r#","batch":{"flushIntervalMs":250}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    fire("pagehide", true);
    core.capture(event("/after-restore"), js_sys::Date::now());
    fire("pageshow", true);
    assert!(wait_until(|| bodies().iter().any(|b| b.contains("/after-restore"))).await);
}

#[wasm_bindgen_test]
fn dropping_the_core_removes_its_listeners() {
    install_spies(204);
    let core = InsightsCore::new(config(""), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/a"), js_sys::Date::now());
    drop(core);
    fire("pagehide", false);
    assert_eq!(calls().length(), 0, "a freed core does not react to page hide");
}

#[wasm_bindgen_test]
fn standalone_scrub() {
    assert_eq!(scrub("/catalog/default/user/jane?token=x"), "/catalog/default/user/<user>");
}

#[wasm_bindgen_test]
async fn fetch_later_holds_the_next_batch_and_is_aborted_when_it_is_sent() {
    install_spies(204);
    install_fetch_later();
    let core = InsightsCore::new(config(r#","batch":{"flushIntervalMs":3000}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/one"), js_sys::Date::now());
    core.capture(event("/two"), js_sys::Date::now());
    assert!(wait_until(|| later_calls().length() > 0).await);
    // Registered by the refresh (within a second), not left for the 3 s flush timer to read.
    assert_eq!(calls().length(), 0, "registered before the flush interval");
    let later = later_calls();
    let live: Vec<JsValue> = later.iter().filter(|l| !field(l, &["aborted"]).as_bool().unwrap()).collect();
    assert_eq!(live.len(), 1, "exactly one registration is live");
    let body = field(&live[0], &["body"]).as_string().unwrap();
    assert!(body.contains("/one") && body.contains("/two"), "{body}");
    assert!(wait_until(|| calls().length() == 1).await, "sent normally by the timer");
    assert!(later_calls().iter().all(|l| field(&l, &["aborted"]).as_bool().unwrap()), "and the deferred copy aborted");
    drop(core);
}

#[wasm_bindgen_test]
async fn a_refused_fetch_later_registration_leaves_delivery_running() {
    install_spies(204);
    refuse_fetch_later();
    let core = InsightsCore::new(config(r#","batch":{"flushIntervalMs":2000}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/first"), js_sys::Date::now());
    assert!(wait_until(|| refused_later() > 0).await, "a registration was tried");
    assert!(wait_until(|| calls().length() == 1).await, "the batch is still sent by the timer");
    core.capture(event("/second"), js_sys::Date::now());
    assert!(wait_until(|| calls().length() == 2).await, "and the next one: the core is not jammed");
    let sent = bodies().join("\n");
    assert!(sent.contains("/first") && sent.contains("/second"), "{sent}");
    assert_eq!(num(&core.stats(), &["delivered"]), 2.0);
    assert_eq!(num(&core.stats(), &["queued"]), 0.0);
    drop(core);
}

#[wasm_bindgen_test]
async fn events_the_browser_sent_with_fetch_later_are_not_sent_again() {
    install_spies(204);
    install_fetch_later();
    let core = InsightsCore::new(config(r#","batch":{"flushIntervalMs":3000}"#), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/deferred"), js_sys::Date::now());
    assert!(wait_until(|| later_calls().length() > 0).await);
    activate_later(); // as the browser does when it sends it
    core.capture(event("/after"), js_sys::Date::now());
    assert!(wait_until(|| calls().length() == 1).await);
    let sent = bodies().join("\n");
    assert!(!sent.contains("/deferred"), "{sent}");
    assert!(sent.contains("/after"));
    assert_eq!(num(&core.stats(), &["delivered"]), 2.0);
    drop(core);
}

#[wasm_bindgen_test]
async fn page_hide_aborts_fetch_later_and_uses_keepalive() {
    install_spies(204);
    install_fetch_later();
    let core = InsightsCore::new(config(""), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/x"), js_sys::Date::now());
    assert!(wait_until(|| later_calls().length() > 0).await);
    fire("pagehide", false);
    assert!(later_calls().iter().all(|l| field(&l, &["aborted"]).as_bool().unwrap()));
    assert_eq!(calls().length(), 1);
    assert!(field(&calls().get(0), &["keepalive"]).as_bool().unwrap());
    drop(core);
}

#[wasm_bindgen_test]
async fn keepalive_rejected_after_pagehide_is_not_resent_by_the_next_hide_event() {
    install_spies(204);
    // Chromium rejects a keepalive fetch still in flight at pagehide, though the browser delivers it.
    Reflect::set(
        &web_sys::window().unwrap(),
        &"fetch".into(),
        &js_sys::Function::new_with_args(
            "u,i",
            "window.__calls.push({url:u, body:new TextDecoder().decode(i.body), keepalive:!!i.keepalive}); return Promise.reject(new TypeError('Failed to fetch'));",
        ),
    )
    .unwrap();
    let core = InsightsCore::new(config(""), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/last"), js_sys::Date::now());
    fire("pagehide", false);
    assert_eq!(calls().length(), 1);
    wait(20).await; // the rejection arrives
    set_hidden(true); // visibilitychange follows pagehide
    assert_eq!(calls().length(), 1, "not sent a second time in the same hide");
    let stored: usize = outboxes().iter().map(|t| t.as_string().unwrap().lines().count()).sum();
    assert_eq!(stored, 1, "kept in the outbox for the next load");
    install_spies_keep_storage(204);
    set_hidden(false); // shown again: the parked event goes back to the queue and out
    core.flush();
    assert!(wait_until(|| bodies().iter().any(|b| b.contains("/last"))).await);
    drop(core);
}

/// A page whose collector is down leaves `subjects` in its outbox.
fn leave_outbox(subjects: &[&str]) {
    install_spies(0);
    let page = InsightsCore::new(config(""), ENDPOINT.into(), None);
    page.set_identity(None);
    for s in subjects {
        page.capture(event(s), js_sys::Date::now());
    }
    fire("pagehide", false);
    assert_eq!(outboxes().length(), 1);
}

#[wasm_bindgen_test]
async fn opting_out_stops_sending_forgets_the_outbox_and_is_remembered() {
    leave_outbox(&["/a"]);
    // The collector is still down: this page keeps the adopted event stored.
    install_spies_keep_storage(0);
    let core = InsightsCore::new(config(""), ENDPOINT.into(), None);
    core.set_identity(None);
    assert!(wait_until(|| calls().length() >= 1).await, "the stored event is tried first");
    core.capture(event("/b"), js_sys::Date::now());
    assert_eq!(outboxes().length(), 1);
    core.opt_out();
    assert_eq!(outboxes().length(), 0, "every stored outbox is removed at once");
    assert_eq!(stored_item("localStorage", "backstage-insights:v1:optOut").as_deref(), Some("1"));
    install_spies_keep_storage(204);
    core.capture(event("/c"), js_sys::Date::now());
    core.flush();
    set_hidden(true);
    set_hidden(false);
    wait(50).await;
    assert_eq!(calls().length(), 0, "nothing is sent after the opt-out");
    assert_eq!(outboxes().length(), 0, "nothing is stored after the opt-out");
    assert_eq!(num(&core.stats(), &["dropped", "optedOut"]), 3.0, "/a, /b and /c");
    drop(core);
    // The next page remembers it.
    let next = InsightsCore::new(config(""), ENDPOINT.into(), None);
    next.set_identity(None);
    next.capture(event("/d"), js_sys::Date::now());
    next.flush();
    assert_eq!(calls().length(), 0);
    assert_eq!(num(&next.stats(), &["dropped", "optedOut"]), 1.0);
    next.opt_in();
    assert_eq!(stored_item("localStorage", "backstage-insights:v1:optOut"), None);
    next.capture(event("/e"), js_sys::Date::now());
    next.flush();
    assert_eq!(calls().length(), 1, "opted back in");
    assert!(bodies()[0].contains("/e"));
}

#[wasm_bindgen_test]
async fn an_opt_out_given_before_the_core_started_applies_before_anything_is_sent() {
    leave_outbox(&["/a"]);
    install_spies_keep_storage(204);
    let core = InsightsCore::new(config(""), ENDPOINT.into(), Some(true));
    core.set_identity(None);
    core.capture(event("/b"), js_sys::Date::now());
    core.flush();
    wait(50).await;
    assert_eq!(calls().length(), 0);
    assert_eq!(outboxes().length(), 0);
}

#[wasm_bindgen_test]
async fn the_global_privacy_control_signal_sends_and_stores_nothing_unless_configured_away() {
    install_spies(204);
    set_gpc(true);
    let core = InsightsCore::new(config(""), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/a"), js_sys::Date::now());
    core.flush();
    set_hidden(true);
    set_hidden(false);
    assert_eq!((calls().length(), outboxes().length()), (0, 0));
    assert_eq!(num(&core.stats(), &["dropped", "globalPrivacyControl"]), 1.0);
    drop(core);
    let ignoring = InsightsCore::new(config(r#","respectGlobalPrivacyControl":false"#), ENDPOINT.into(), None);
    ignoring.set_identity(None);
    ignoring.capture(event("/b"), js_sys::Date::now());
    ignoring.flush();
    assert_eq!(calls().length(), 1);
}

#[wasm_bindgen_test]
async fn a_host_not_listed_sends_nothing() {
    install_spies(204);
    let core = InsightsCore::new(config(r#","hosts":["backstage.example.com"]"#), ENDPOINT.into(), None);
    core.set_identity(None);
    core.capture(event("/a"), js_sys::Date::now());
    core.flush();
    assert_eq!(calls().length(), 0);
    assert_eq!(num(&core.stats(), &["dropped", "hostNotListed"]), 1.0);
    drop(core);
    let listed = InsightsCore::new(config(&format!(r#","hosts":["{}"]"#, hostname())), ENDPOINT.into(), None);
    listed.set_identity(None);
    listed.capture(event("/b"), js_sys::Date::now());
    listed.flush();
    assert_eq!(calls().length(), 1, "this page's own host is listed");
}

#[wasm_bindgen_test]
async fn a_session_is_sampled_in_or_out_as_a_whole_and_keeps_its_draw() {
    install_spies(204);
    let none = InsightsCore::new(config(r#","sampleRate":0"#), ENDPOINT.into(), None);
    none.set_identity(None);
    none.capture(event("/a"), js_sys::Date::now());
    none.flush();
    assert_eq!(calls().length(), 0);
    assert_eq!(num(&none.stats(), &["dropped", "notSampled"]), 1.0);
    drop(none);
    for (draw, sent) in [("100000", 1), ("900000", 0)] {
        install_spies(204);
        set_item("sessionStorage", "backstage-insights:v1:sampleDraw", draw);
        for _page in 0..2 {
            let core = InsightsCore::new(config(r#","sampleRate":0.5"#), ENDPOINT.into(), None);
            core.set_identity(None);
            core.capture(event("/x"), js_sys::Date::now());
            core.flush();
        }
        assert_eq!(calls().length(), 2 * sent, "draw {draw}: both pages of the session alike");
    }
    install_spies(204);
    let _first = InsightsCore::new(config(r#","sampleRate":0.5"#), ENDPOINT.into(), None);
    let drawn = stored_item("sessionStorage", "backstage-insights:v1:sampleDraw").expect("a new session draws once");
    let _second = InsightsCore::new(config(r#","sampleRate":0.5"#), ENDPOINT.into(), None);
    assert_eq!(stored_item("sessionStorage", "backstage-insights:v1:sampleDraw"), Some(drawn));
}

#[wasm_bindgen_test]
async fn an_opt_out_or_in_from_another_tab_applies_here_at_once() {
    install_spies(204);
    let core = InsightsCore::new(config(""), ENDPOINT.into(), None);
    core.set_identity(None);
    set_item("localStorage", "backstage-insights:v1:optOut", "1");
    fire_storage("backstage-insights:v1:optOut");
    core.capture(event("/a"), js_sys::Date::now());
    core.flush();
    assert_eq!(calls().length(), 0);
    assert_eq!(num(&core.stats(), &["dropped", "optedOut"]), 1.0);
    web_sys::window().unwrap().local_storage().unwrap().unwrap().remove_item("backstage-insights:v1:optOut").unwrap();
    fire_storage("backstage-insights:v1:optOut");
    core.capture(event("/b"), js_sys::Date::now());
    core.flush();
    assert_eq!(calls().length(), 1, "opted back in from the other tab");
}

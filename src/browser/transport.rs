//! One POST to the collector with
//! [`fetch`](https://developer.mozilla.org/docs/Web/API/Window/fetch),
//! optionally `keepalive` so it outlives the page, and the same request
//! registered with `fetchLater` (see [`super::deferred`]).
//!
//! The request is built by a few lines of JS in the glue: through web-sys it
//! took about fifteen calls across the boundary per request (`Headers`, each
//! `RequestInit` field, the promise), which cost more than building it
//! (measured by `npm run bench`), and the answer comes back to one callback
//! made once per client, not a closure per request. The URL and the headers
//! are JS values made once, not `&str`: a `&str` is decoded with `TextDecoder`
//! on every call, which costs tens of µs as the first call in a task
//! (`node bench/cold-call.mjs`).

use wasm_bindgen::prelude::*;

// Kept to plain ES2015 so every bundler and Jest take it as it is.
#[wasm_bindgen(inline_js = r#"
// Made once per token, a plain object: the browser copies it into each
// request, and per request `new Headers()` and its `set` calls cost about
// 30 us when the page has been idle (measured: bench/README.md, "At 1 event/s").
export function headers(token) {
  const h = { 'Content-Type': 'application/json' };
  if (token) {
    h.Authorization = 'Bearer ' + token;
    // A token with characters a header cannot hold is left out rather than failing every send.
    try { new Headers(h); } catch (_) { delete h.Authorization; }
  }
  return h;
}
// The body is a view of wasm memory, passed as it is: fetch() and
// fetchLater() copy a BufferSource body before they return (Fetch
// standard, "extract a body"), so a copy here would be a second one; it cost
// about 50 us per request on an idle page. No Referer: the page URL, query
// string included, must not ride along.
function init(body, headers) {
  return { method: 'POST', headers, body, referrerPolicy: 'no-referrer' };
}
export function post(url, body, headers, keepalive, seq, done) {
  let p;
  try {
    const i = init(body, headers);
    if (keepalive) i.keepalive = true;
    // A collector that never answers would hold the one ordinary request
    // slot for good; after a minute it is a network error, and retried.
    else if (typeof AbortSignal !== 'undefined' && typeof AbortSignal.timeout === 'function') i.signal = AbortSignal.timeout(60000);
    p = fetch(url, i);
  } catch (_) {
    return false;
  }
  // A fetch replaced by a wrapper may answer anything: what is not a
  // Response counts as a network error, so the request never stays in flight.
  // One then() with both handlers, on the promise fetch() returned: no extra hop.
  const answer = r => {
    let status = 0;
    let retryAfter = null;
    try {
      retryAfter = r.headers.get('Retry-After');
      status = r.status | 0;
    } catch (_) {}
    done(seq, status, retryAfter);
  };
  (p && typeof p.then === 'function' ? p : Promise.resolve(p)).then(answer, () => done(seq, 0, null));
  return true;
}
// Retry backoffs are timed with this: a wall clock set back would stretch them.
export function monotonicMs() {
  return performance.now();
}
export function hasFetchLater() {
  return typeof fetchLater === 'function';
}
export function registerLater(url, body, headers) {
  try {
    const c = new AbortController();
    const i = init(body, headers);
    i.signal = c.signal;
    return { c, r: fetchLater(url, i) };
  } catch (_) {
    // QuotaExceededError, TypeError (insecure context): nothing registered.
    return undefined;
  }
}
// Neither may throw: a throw would unwind through the core's frames and
// leave it borrowed for good (every later event filed, never sent).
export function laterActivated(h) {
  try { return h.r.activated === true; } catch (_) { return false; }
}
export function abortLater(h) {
  try { h.c.abort(); } catch (_) {}
}
"#)]
extern "C" {
    /// Starts the request; `false` if it could not even start. Then, once:
    /// `done(seq, status, retry_after)`, status 0 for a network error.
    fn post(url: &JsValue, body: &[u8], headers: &JsValue, keepalive: bool, seq: u32, done: &JsValue) -> bool;
    /// Milliseconds on a clock that never goes back (`performance.now()`).
    #[wasm_bindgen(js_name = monotonicMs)]
    pub(super) fn monotonic_ms() -> f64;
    /// The request headers for `token` (a JS string, or `undefined`), made once per token.
    pub fn headers(token: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = hasFetchLater)]
    pub(super) fn has_fetch_later() -> bool;
    /// A handle on the registered request, or `undefined` when the browser refused.
    #[wasm_bindgen(js_name = registerLater)]
    pub(super) fn register_later(url: &JsValue, body: &[u8], headers: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = laterActivated)]
    pub(super) fn later_activated(handle: &JsValue) -> bool;
    #[wasm_bindgen(js_name = abortLater)]
    pub(super) fn abort_later(handle: &JsValue);
}

/// What the collector answered; `status: None` is a network error (refused,
/// aborted, CORS, or a keepalive request over the browser's quota).
#[derive(Debug)]
pub struct Answer {
    /// The HTTP status.
    pub status: Option<u16>,
    /// The `Retry-After` header, if the collector exposed it.
    pub retry_after: Option<String>,
}

/// The callback every request of one client answers to, made once.
pub type AnswerCallback = Closure<dyn FnMut(u32, u16, Option<String>)>;

/// Wraps `f(seq, answer)` as the callback [`send`] takes.
pub fn answer_callback(mut f: impl FnMut(u32, Answer) + 'static) -> AnswerCallback {
    Closure::new(move |seq: u32, status: u16, retry_after: Option<String>| {
        let status = (status != 0).then_some(status);
        f(seq, Answer { status, retry_after });
    })
}

/// Starts request `seq`; `false` if it could not even start (then `done` is not called).
/// `url` is a JS string; `headers` from [`headers`].
pub fn send(url: &JsValue, body: &str, headers: &JsValue, keepalive: bool, seq: u32, done: &AnswerCallback) -> bool {
    post(url, body.as_bytes(), headers, keepalive, seq, done.as_ref())
}

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

// The requests, in typed JavaScript: shim/glue/transport.js.
#[wasm_bindgen(module = "/shim/glue/transport.js")]
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

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
    /// `done(seq, status, retry_after_ms)`: status 0 for a network error, and
    /// the wait `Retry-After` asks for in ms, -1 when absent or unparseable
    /// (the glue reads delay-seconds and HTTP-dates, the latter with `Date.parse`).
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
    /// The wait the `Retry-After` header asks for, in ms from the answer, if
    /// the collector exposed one the glue could read (not yet clamped).
    pub retry_after_ms: Option<u32>,
}

/// The callback every request of one client answers to, made once.
pub type AnswerCallback = Closure<dyn FnMut(u32, u16, f64)>;

/// Wraps `f(seq, answer)` as the callback [`send`] takes.
pub fn answer_callback(mut f: impl FnMut(u32, Answer) + 'static) -> AnswerCallback {
    Closure::new(move |seq: u32, status: u16, retry_after_ms: f64| {
        let status = (status != 0).then_some(status);
        f(seq, Answer { status, retry_after_ms: wait_ms(retry_after_ms) })
    })
}

/// The glue's `retryAfterMs` as a wait: `None` for -1 (absent or
/// unparseable); a JS number past `u32::MAX` ms (49 days) saturates.
/// It crosses as an `f64`: as a `u32` it would wrap.
fn wait_ms(ms: f64) -> Option<u32> {
    // `as` saturates (and NaN, which `>=` already refused, would be 0).
    (ms >= 0.0).then_some(ms as u32)
}

/// Starts request `seq`; `false` if it could not even start (then `done` is not called).
/// `url` is a JS string; `headers` from [`headers`].
pub fn send(url: &JsValue, body: &str, headers: &JsValue, keepalive: bool, seq: u32, done: &AnswerCallback) -> bool {
    post(url, body.as_bytes(), headers, keepalive, seq, done.as_ref())
}

#[cfg(test)]
mod tests {
    use super::wait_ms;

    #[test]
    fn the_glues_wait_becomes_an_optional_u32() {
        assert_eq!(wait_ms(-1.0), None, "absent or unparseable");
        assert_eq!(wait_ms(f64::NAN), None);
        assert_eq!(wait_ms(0.0), Some(0));
        assert_eq!(wait_ms(7_000.0), Some(7_000));
        assert_eq!(wait_ms(1.5), Some(1));
        assert_eq!(wait_ms(1e12), Some(u32::MAX), "saturates, never wraps");
        assert_eq!(wait_ms(f64::INFINITY), Some(u32::MAX));
    }
}

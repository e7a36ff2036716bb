//! One POST to the collector with
//! [`fetch`](https://developer.mozilla.org/docs/Web/API/Window/fetch),
//! optionally `keepalive` so it outlives the page. The answer comes back
//! through one callback, called exactly once.

use crate::prelude::*;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Headers, ReferrerPolicy, RequestInit, Response};

#[wasm_bindgen]
extern "C" {
    type Thenable;
    // `promise.then(f, f)`: one self-freeing closure serves both outcomes.
    #[wasm_bindgen(method, js_name = then)]
    fn then_both(this: &Thenable, on_ok: &JsValue, on_err: &JsValue);
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

/// The `POST` of one body, as `fetch` and `fetchLater` both take it.
pub fn request_init(body: &str, token: Option<&str>) -> Option<RequestInit> {
    let headers = Headers::new().ok()?;
    headers.set("Content-Type", "application/json").ok()?;
    if let Some(t) = token {
        // A token with characters a header cannot hold is left out rather than failing the send.
        let _ = headers.set("Authorization", &crate::text::concat(&["Bearer ", t]));
    }
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    // Bytes, not a string: no UTF-8 decoding into a JS string that fetch encodes again.
    init.set_body(&js_sys::Uint8Array::from(body.as_bytes()));
    // The page URL (query string included) must not ride along in a Referer header.
    init.set_referrer_policy(ReferrerPolicy::NoReferrer);
    Some(init)
}

/// Starts the request; `false` if it could not even start (then `done` is not called).
pub fn post(url: &str, body: &str, token: Option<&str>, keepalive: bool, done: impl FnOnce(Answer) + 'static) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let Some(init) = request_init(body, token) else { return false };
    if keepalive {
        // web-sys 0.3.107 has no setter for it.
        let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    }
    let promise = window.fetch_with_str_and_init(url, &init);
    let callback = Closure::once_into_js(move |v: JsValue| {
        let answer = match v.dyn_into::<Response>() {
            Ok(r) => Answer { status: Some(r.status()), retry_after: r.headers().get("Retry-After").ok().flatten() },
            Err(_) => Answer { status: None, retry_after: None },
        };
        done(answer);
    });
    promise.unchecked_ref::<Thenable>().then_both(&callback, &callback);
    true
}

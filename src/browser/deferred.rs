//! The pending batch registered with
//! [`fetchLater`](https://developer.mozilla.org/docs/Web/API/Window/fetchLater)
//! (deferred fetching, in recent Chromium): the browser itself sends it when
//! the page is destroyed, even if no `visibilitychange` or `pagehide` ran
//! (a discarded tab, a killed process; a renderer crash aside). Replaced
//! whenever the queue changes; aborted when it is dropped unsent.
//! Browsers without `fetchLater` simply never get one.

use crate::prelude::*;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortController;

use super::transport::request_init;

/// One registered deferred request.
pub struct Deferred {
    controller: AbortController,
    result: JsValue,
    /// The events it carries, oldest first.
    pub ids: Vec<String>,
}

impl core::fmt::Debug for Deferred {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Deferred").field("events", &self.ids.len()).finish()
    }
}

fn fetch_later() -> Option<(web_sys::Window, js_sys::Function)> {
    let window = web_sys::window()?;
    let f = js_sys::Reflect::get(&window, &"fetchLater".into()).ok()?.dyn_into().ok()?;
    Some((window, f))
}

/// Whether this browser has `fetchLater` (it also needs a secure context).
pub fn supported() -> bool {
    fetch_later().is_some()
}

impl Deferred {
    /// Registers `body`; `None` where unsupported or refused (quota, insecure context).
    pub fn register(url: &str, body: &str, token: Option<&str>, ids: Vec<String>) -> Option<Deferred> {
        let (window, f) = fetch_later()?;
        let controller = AbortController::new().ok()?;
        let init = request_init(body, token)?;
        init.set_signal(Some(&controller.signal()));
        // `fetchLater` throws (QuotaExceededError, TypeError) instead of rejecting.
        let result = f.call2(&window, &JsValue::from_str(url), &init).ok()?;
        Some(Deferred { controller, result, ids })
    }

    /// Whether the browser has sent it already (then it cannot be aborted).
    pub fn activated(&self) -> bool {
        js_sys::Reflect::get(&self.result, &"activated".into()).ok().and_then(|v| v.as_bool()).unwrap_or(false)
    }
}

impl Drop for Deferred {
    fn drop(&mut self) {
        if !self.activated() {
            self.controller.abort();
        }
    }
}

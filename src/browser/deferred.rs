//! The pending batch registered with
//! [`fetchLater`](https://developer.mozilla.org/docs/Web/API/Window/fetchLater)
//! (deferred fetching, in recent Chromium): the browser itself sends it when
//! the page is destroyed, even if no `visibilitychange` or `pagehide` ran
//! (a discarded tab, a killed process; a renderer crash aside). Replaced
//! whenever the queue changes; aborted when it is dropped unsent.
//! Browsers without `fetchLater` simply never get one.

use wasm_bindgen::JsValue;

use super::transport::{abort_later, has_fetch_later, later_activated, register_later};

/// One registered deferred request.
pub struct Deferred {
    /// The request's `AbortController` and `FetchLaterResult`, as the glue keeps them.
    handle: JsValue,
    /// The events it carries, oldest first.
    pub ids: Vec<String>,
}

impl core::fmt::Debug for Deferred {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Deferred").field("events", &self.ids.len()).finish()
    }
}

/// Whether this browser has `fetchLater` (it also needs a secure context).
pub fn supported() -> bool {
    has_fetch_later()
}

impl Deferred {
    /// Registers `body`; `None` where unsupported or refused (quota, insecure context).
    pub fn register(url: &JsValue, body: &str, headers: &JsValue, ids: Vec<String>) -> Option<Deferred> {
        let handle = register_later(url, body.as_bytes(), headers);
        // Not `then_some`: it builds the value first, and dropping a refused
        // one would ask the browser about a registration that never was.
        if handle.is_undefined() {
            return None;
        }
        Some(Deferred { handle, ids })
    }

    /// Whether the browser has sent it already (then it cannot be aborted).
    pub fn activated(&self) -> bool {
        later_activated(&self.handle)
    }
}

impl Drop for Deferred {
    fn drop(&mut self) {
        if !self.activated() {
            abort_later(&self.handle);
        }
    }
}

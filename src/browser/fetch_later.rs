//! The pending batch registered with
//! [`fetchLater`](https://developer.mozilla.org/docs/Web/API/Window/fetchLater)
//! (deferred fetching, in recent Chromium): the browser itself sends it when
//! the page is destroyed, even if no `visibilitychange` or `pagehide` ran
//! (a discarded tab, a killed process; a renderer crash aside). Which batch
//! is registered, and when, is [`crate::delivery`]'s call; this is the handle.
//! Browsers without `fetchLater` simply never get one.

use wasm_bindgen::JsValue;

use super::transport::{abort_later, has_fetch_later, later_activated, register_later};

/// One request registered with `fetchLater`; dropping it aborts it unless the browser has sent it.
pub struct LaterRegistration {
    /// The request's `AbortController` and `FetchLaterResult`, as the glue keeps them.
    handle: JsValue,
}

impl core::fmt::Debug for LaterRegistration {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("LaterRegistration").finish_non_exhaustive()
    }
}

/// Whether this browser has `fetchLater` (it also needs a secure context).
pub fn supported() -> bool {
    has_fetch_later()
}

impl LaterRegistration {
    /// Registers `body`; `None` where unsupported or refused (quota, insecure context).
    pub fn register(url: &JsValue, body: &str, headers: &JsValue) -> Option<LaterRegistration> {
        let handle = register_later(url, body.as_bytes(), headers);
        // Not `then_some`: it builds the value first, and dropping a refused
        // one would ask the browser about a registration that never was.
        if handle.is_undefined() {
            return None;
        }
        Some(LaterRegistration { handle })
    }

    /// Whether the browser has sent it already (then it cannot be aborted).
    pub fn activated(&self) -> bool {
        later_activated(&self.handle)
    }
}

impl Drop for LaterRegistration {
    fn drop(&mut self) {
        if !self.activated() {
            abort_later(&self.handle);
        }
    }
}

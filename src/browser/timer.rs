//! A one-shot `setTimeout` that is cancelled when dropped, so replacing or
//! dropping a client's timer can never fire a stale flush.
//! (gloo-timers does the same but links std, which the release build leaves out.)

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// A pending timeout; dropping it clears it.
#[must_use = "the timeout is cancelled as soon as this is dropped"]
pub struct Timeout {
    id: Option<i32>,
    // Kept alive until the timeout fired or was cleared.
    _callback: Closure<dyn FnMut()>,
}

impl core::fmt::Debug for Timeout {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Timeout")
    }
}

impl Timeout {
    /// Calls `f` once after `ms` milliseconds (never, if there is no window).
    pub fn new(ms: u32, f: impl FnOnce() + 'static) -> Timeout {
        let callback = Closure::<dyn FnMut()>::once(f);
        let id = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), ms.min(i32::MAX as u32) as i32)
                .ok()
        });
        Timeout { id, _callback: callback }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let (Some(id), Some(w)) = (self.id, web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
    }
}

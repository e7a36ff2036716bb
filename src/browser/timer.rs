//! A `setTimeout` slot with one callback for its whole life: setting it
//! again replaces the pending timeout, and dropping it clears it, so a
//! replaced or freed client's timer can never fire a stale flush.
//! One closure per slot, not per timeout: a client sets its timers once
//! per batch, and a closure costs more to make than the timeout itself
//! (measured by `npm run bench`). (gloo-timers links std, which the
//! release build leaves out.)

use core::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// A timer that calls the same function each time it fires.
pub struct Alarm {
    /// The pending timeout's id; shared with the callback, which clears it on firing.
    id: Rc<Cell<Option<i32>>>,
    callback: Closure<dyn FnMut()>,
    window: Option<web_sys::Window>,
}

impl core::fmt::Debug for Alarm {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Alarm").field("pending", &self.id.get().is_some()).finish()
    }
}

impl Alarm {
    /// An unset alarm that will call `f` whenever it fires.
    pub fn new(mut f: impl FnMut() + 'static) -> Alarm {
        let id = Rc::new(Cell::new(None));
        let seen = id.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            // Not pending any more: `f` may set it again.
            seen.set(None);
            f();
        });
        Alarm { id, callback, window: super::window::get() }
    }

    /// Fires in `ms` milliseconds, instead of when it was set to (never, if there is no window).
    pub fn set(&self, ms: u32) {
        self.clear();
        let Some(w) = &self.window else { return };
        let id = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            self.callback.as_ref().unchecked_ref(),
            ms.min(i32::MAX as u32) as i32,
        );
        self.id.set(id.ok());
    }

    /// Whether a timeout is pending.
    pub fn is_set(&self) -> bool {
        self.id.get().is_some()
    }

    /// Cancels the pending timeout, if any.
    pub fn clear(&self) {
        if let (Some(id), Some(w)) = (self.id.take(), &self.window) {
            w.clear_timeout_with_handle(id);
        }
    }
}

impl Drop for Alarm {
    fn drop(&mut self) {
        self.clear();
    }
}

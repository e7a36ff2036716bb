//! An event listener that removes itself when dropped, so a freed client
//! leaves no page-lifecycle handler behind
//! ([`addEventListener`](https://developer.mozilla.org/docs/Web/API/EventTarget/addEventListener)).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventTarget};

/// A registered listener; dropping it unregisters it.
#[must_use = "the listener is removed as soon as this is dropped"]
pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    callback: Closure<dyn FnMut(Event)>,
}

impl core::fmt::Debug for Listener {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Listener").field("kind", &self.kind).finish()
    }
}

impl Listener {
    /// Listens for `kind` on `target`; `None` if the browser refused.
    pub fn new(target: &EventTarget, kind: &'static str, f: impl FnMut(Event) + 'static) -> Option<Self> {
        let callback = Closure::<dyn FnMut(Event)>::new(f);
        target.add_event_listener_with_callback(kind, callback.as_ref().unchecked_ref()).ok()?;
        Some(Listener { target: target.clone(), kind, callback })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        // Nothing to do if removal fails: the page is going away.
        let _ = self.target.remove_event_listener_with_callback(self.kind, self.callback.as_ref().unchecked_ref());
    }
}

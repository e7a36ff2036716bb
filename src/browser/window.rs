//! The page's `window`: `None` in a worker or outside a browser.

use wasm_bindgen::prelude::*;
use web_sys::Window;

#[wasm_bindgen]
extern "C" {
    // The glue reads it as `typeof window === 'undefined' ? null : window`: one
    // import, where `web_sys::window()` probes four globals and checks
    // `instanceof Window` (about 1 KB of wasm and glue).
    #[wasm_bindgen(thread_local_v2, js_name = window)]
    static WINDOW: Option<Window>;
}

/// The page's `window`, if there is one.
pub fn get() -> Option<Window> {
    WINDOW.with(Clone::clone)
}

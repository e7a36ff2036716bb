//! Reads what [`crate::gate`] decides on: the page's host, the browser's
//! Global Privacy Control signal, the user's stored opt-out and the
//! session's sampling draw.

use wasm_bindgen::JsValue;

use super::{storage, window};
use crate::gate::{self, PageFacts};

fn property(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The facts now; `random` seeds a new session's sampling draw, which is
/// stored for the session if `keep_draw` (sampling is on, and not in debug
/// mode, which stores nothing).
pub fn read(random: [u8; 4], keep_draw: bool) -> PageFacts {
    let win = window::get().map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    // Not web_sys's Location and Navigator: two more bindings for two reads,
    // and `globalPrivacyControl` is not in web_sys.
    let hostname = property(&property(&win, "location"), "hostname").as_string();
    let global_privacy_control = property(&property(&win, "navigator"), "globalPrivacyControl").as_bool() == Some(true);
    PageFacts {
        hostname,
        global_privacy_control,
        opted_out: storage::opted_out(),
        sample_draw: storage::sample_draw(gate::sample_draw(random), keep_draw),
    }
}

//! Console output: config errors, one warning per refused status, and the
//! debug-mode view of every event and would-be batch.

use crate::prelude::*;

use wasm_bindgen::JsValue;
use web_sys::console;

use crate::text::{concat, join, uint};

const PREFIX: &str = "[backstage-insights]";

/// One `console.error` for all config problems, each on its own line.
pub fn config_problems(problems: &[String]) {
    if problems.is_empty() {
        return;
    }
    let text = if problems.len() == 1 {
        concat(&[PREFIX, " ", &problems[0]])
    } else {
        concat(&[PREFIX, " config problems:\n- ", &join(problems, "\n- ")])
    };
    console::error_1(&text.into());
}

/// A one-off warning.
pub fn warn(text: &str) {
    console::warn_1(&concat(&[PREFIX, " ", text]).into());
}

/// Debug mode: one collapsed group per event, titled `action subject`.
pub fn debug_event(json: &str) {
    let event = js_sys::JSON::parse(json).unwrap_or_else(|_| JsValue::from_str(json));
    let field = |k: &str| js_sys::Reflect::get(&event, &k.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    console::group_collapsed_1(&concat(&[PREFIX, " ", &field("action"), " ", &field("subject")]).into());
    console::log_1(&event);
    console::group_end();
}

/// Debug mode: the batch that would have been sent.
pub fn debug_batch(why: &str, endpoint: &str, body: &str, events: usize, stats: &JsValue) {
    console::group_collapsed_1(
        &concat(&[
            PREFIX,
            " debug: would POST ",
            &uint(events as u64),
            " events (",
            &uint(body.len() as u64),
            " bytes) to ",
            endpoint,
            " (",
            why,
            "); nothing sent",
        ])
        .into(),
    );
    console::log_1(&js_sys::JSON::parse(body).unwrap_or_else(|_| JsValue::from_str(body)));
    console::log_2(&"stats".into(), stats);
    console::group_end();
}

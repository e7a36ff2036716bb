//! Console output: config errors, one warning per refused status, and the
//! debug-mode view of every event and would-be batch.
//!
//! Written by a few lines of JS that swallow what the console throws: a
//! console replaced by one that throws (a test harness failing on console
//! output, a broken wrapper) would otherwise throw through the wasm frames
//! that hold the client's state, leaving it borrowed for good and every later
//! event filed but never sent.

use wasm_bindgen::prelude::*;

use crate::text::{concat, join, uint};

// The console calls, in typed JavaScript: shim/glue/console.js.
#[wasm_bindgen(module = "/shim/glue/console.js")]
extern "C" {
    fn say(error: bool, text: &str);
    fn group(title: &str, json: &str, stats: &JsValue);
}

/// Starts every console message of the core; the shim's own messages start
/// with the same (`LOG_PREFIX` in shim/log.ts; tests/contracts.rs).
pub const PREFIX: &str = "[backstage-insights]";

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
    say(true, &text);
}

/// A one-off warning.
pub fn warn(text: &str) {
    say(false, &concat(&[PREFIX, " ", text]));
}

/// Debug mode: one collapsed group per event, titled `action subject`.
pub fn debug_event(json: &str) {
    group(PREFIX, json, &JsValue::UNDEFINED);
}

/// Debug mode: the batch that would have been sent.
pub fn debug_batch(why: &str, endpoint: &str, body: &str, events: usize, stats: &JsValue) {
    let title = concat(&[
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
    ]);
    group(&title, body, stats);
}

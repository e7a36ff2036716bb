//! The one class the TypeScript shim drives, and the standalone `scrub`.
//! Nothing here throws into the page: bad input is counted, config problems
//! are printed once, and a core without a usable config drops (and counts)
//! what it is given.

use core::cell::Cell;

use wasm_bindgen::prelude::*;

use crate::browser::{client::Client, console, read_config, storage};
use crate::config::{self, ScrubOptions};
use crate::scrub::Scrubber;
use crate::stats::{Counters, DropReason, Snapshot};

/// Backstage Insights core: scrubs, hashes, batches and delivers events.
#[wasm_bindgen]
#[derive(Debug)]
pub struct InsightsCore {
    client: Option<Client>,
    /// Drops while inactive (no pipeline to count them in).
    inactive: Cell<u32>,
}

#[wasm_bindgen]
impl InsightsCore {
    /// `config`: the raw `backstageInsights` block (or `undefined`);
    /// `endpoint`: the collector URL the shim resolved (used unless
    /// `backstageInsights.endpoint` is set); `opted_out`: an `optOut()` or
    /// `optIn()` the page called before the core was ready (applied before
    /// anything is sent or stored).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue, endpoint: String, opted_out: Option<bool>) -> InsightsCore {
        if let Some(out) = opted_out {
            remember_opt_out(out);
        }
        let raw = read_config::value(&config, 6);
        let resolved = config::resolve(Some(&raw));
        console::config_problems(&resolved.problems);
        let client = resolved.settings.map(|settings| {
            let endpoint = settings.endpoint.clone().unwrap_or(endpoint);
            Client::start(settings, endpoint)
        });
        InsightsCore { client, inactive: Cell::new(0) }
    }

    /// Whether the config allows sending (or logging, in debug mode).
    #[wasm_bindgen(getter)]
    pub fn active(&self) -> bool {
        self.client.is_some()
    }

    /// Takes one event as a plugin passed it. Never throws.
    pub fn capture(&self, event: JsValue, timestamp_ms: f64) {
        match &self.client {
            Some(c) => c.capture(event, timestamp_ms),
            None => self.inactive.set(self.inactive.get().saturating_add(1)),
        }
    }

    /// The signed-in user's entity ref, or `undefined` when the lookup failed.
    #[wasm_bindgen(js_name = setIdentity)]
    pub fn set_identity(&self, user_entity_ref: Option<String>) {
        if let Some(c) = &self.client {
            c.set_identity(user_entity_ref);
        }
    }

    /// The Backstage token for `Authorization: Bearer`, or `undefined`.
    /// Kept as the JS string it is: only requests use it, and they take JS strings.
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&self, token: Option<js_sys::JsString>) {
        if let Some(c) = &self.client {
            c.set_token(token);
        }
    }

    /// Sends what waits now (in debug mode, logs it).
    pub fn flush(&self) {
        if let Some(c) = &self.client {
            c.flush();
        }
    }

    /// The page is being left (the shim calls this when it started the core
    /// inside a `pagehide` handler, which the core's own listener missed):
    /// sends what fits with `keepalive` and stores the rest.
    #[wasm_bindgen(js_name = pageHidden)]
    pub fn page_hidden(&self) {
        if let Some(c) = &self.client {
            c.page_hidden();
        }
    }

    /// The user opts out: nothing more is sent or stored from this browser
    /// (what waits is dropped, stored outboxes are removed) until `optIn()`.
    #[wasm_bindgen(js_name = optOut)]
    pub fn opt_out(&self) {
        self.set_opted_out(true);
    }

    /// The user opts back in (the other controls still apply).
    #[wasm_bindgen(js_name = optIn)]
    pub fn opt_in(&self) {
        self.set_opted_out(false);
    }

    fn set_opted_out(&self, out: bool) {
        match &self.client {
            Some(c) => c.set_opted_out(out),
            None => remember_opt_out(out),
        }
    }

    /// `{ queued, inFlight, captured, delivered, fieldsDropped, notStored, dropped: { reason: n, total } }`.
    pub fn stats(&self) -> JsValue {
        let snapshot = self.client.as_ref().and_then(Client::stats).unwrap_or_else(|| {
            let mut counters = Counters::default();
            counters.drop_events(DropReason::NotConfigured, self.inactive.get());
            counters.snapshot(0, 0)
        });
        stats_js(&snapshot)
    }
}

/// Stores the choice; an opt-out also removes what is stored for sending.
fn remember_opt_out(out: bool) {
    storage::set_opted_out(out);
    if out {
        storage::forget_outboxes();
    }
}

/// Scrubs one string with the built-in rules (no allow-listed query
/// parameters, no signed-in user): for checking a value in the console.
#[wasm_bindgen]
pub fn scrub(text: &str) -> String {
    Scrubber::new(&ScrubOptions::default()).scrub(text).into_owned()
}

/// The snapshot as a plain JS object (a cold path: read on demand and in
/// debug mode). Serialized as maps (see [`Snapshot`]'s `as_map`), written as
/// plain objects.
pub fn stats_js(snapshot: &Snapshot) -> JsValue {
    let objects = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    serde::Serialize::serialize(snapshot, &objects).unwrap_or(JsValue::UNDEFINED)
}

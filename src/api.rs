//! The one class the TypeScript shim drives, and the standalone `scrub`.
//! Nothing here throws into the page: bad input is counted, config problems
//! are printed once, and a core without a usable config drops (and counts)
//! what it is given.

use std::cell::Cell;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::browser::{client::Client, console, read};
use crate::config::{self, ScrubOptions};
use crate::pipeline::Pipeline;
use crate::scrub::Scrubber;
use crate::stats::{Counters, DropReason};

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
    /// `backstageInsights.endpoint` is set).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue, endpoint: String) -> InsightsCore {
        let raw = read::value(&config, 6);
        let raw = (!matches!(raw, crate::value::Value::Null)).then_some(raw);
        let resolved = config::resolve(raw.as_ref());
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
            Some(c) => c.capture(&event, timestamp_ms),
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
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&self, token: Option<String>) {
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

    /// `{ queued, inFlight, captured, delivered, fieldsDropped, notStored, dropped: { reason: n, total } }`.
    pub fn stats(&self) -> JsValue {
        let from_client = self.client.as_ref().and_then(|c| c.with_stats(stats_object));
        from_client.unwrap_or_else(|| {
            let mut counters = Counters::default();
            counters.drop_events(DropReason::NotConfigured, self.inactive.get());
            to_js(&Stats::new(&counters, 0, 0))
        })
    }
}

/// Scrubs one string with the built-in rules (no allow-listed query
/// parameters, no signed-in user): for checking a value in the console.
#[wasm_bindgen]
pub fn scrub(text: &str) -> String {
    Scrubber::new(&ScrubOptions::default()).scrub(text).into_owned()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Dropped {
    invalid_event: u32,
    not_configured: u32,
    queue_full: u32,
    too_large: u32,
    rejected: u32,
    retry_exhausted: u32,
    total: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Stats {
    queued: u32,
    in_flight: u32,
    captured: u32,
    delivered: u32,
    fields_dropped: u32,
    not_stored: u32,
    dropped: Dropped,
}

impl Stats {
    fn new(c: &Counters, queued: usize, in_flight: usize) -> Self {
        Stats {
            queued: queued as u32,
            in_flight: in_flight as u32,
            captured: c.captured,
            delivered: c.delivered,
            fields_dropped: c.fields_dropped,
            not_stored: c.not_stored,
            dropped: Dropped {
                invalid_event: c.dropped(DropReason::InvalidEvent),
                not_configured: c.dropped(DropReason::NotConfigured),
                queue_full: c.dropped(DropReason::QueueFull),
                too_large: c.dropped(DropReason::TooLarge),
                rejected: c.dropped(DropReason::Rejected),
                retry_exhausted: c.dropped(DropReason::RetryExhausted),
                total: c.dropped_total(),
            },
        }
    }
}

fn to_js(stats: &Stats) -> JsValue {
    serde_wasm_bindgen::to_value(stats).unwrap_or(JsValue::NULL)
}

/// The stats of a running pipeline (also printed with each debug batch).
pub fn stats_object(pipeline: &Pipeline, in_flight: usize) -> JsValue {
    to_js(&Stats::new(pipeline.counters(), pipeline.pending(), in_flight))
}

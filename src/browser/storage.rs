//! What the core keeps in the browser: the page-hide outbox and the user's
//! opt-out in
//! [`localStorage`](https://developer.mozilla.org/docs/Web/API/Window/localStorage),
//! and the session's sampling draw in `sessionStorage`. Every call can fail
//! (storage disabled, quota, privacy mode): failures are reported as
//! `false`/empty, never thrown.

use web_sys::Storage;

use crate::outbox::KEY_PREFIX;

/// The user's opt-out (`"1"`), kept across sessions.
pub const OPT_OUT_KEY: &str = "backstage-insights:v1:optOut";
/// The session's sampling draw, kept for the tab's session so a reload keeps its decision.
pub const SAMPLE_DRAW_KEY: &str = "backstage-insights:v1:sampleDraw";

fn local() -> Option<Storage> {
    super::window::get()?.local_storage().ok().flatten()
}

fn session() -> Option<Storage> {
    super::window::get()?.session_storage().ok().flatten()
}

/// Whether this browser holds the user's opt-out.
pub fn opted_out() -> bool {
    local().and_then(|s| s.get_item(OPT_OUT_KEY).ok().flatten()).is_some()
}

/// Records (or clears) the opt-out.
pub fn set_opted_out(out: bool) {
    if let Some(s) = local() {
        let _ = if out { s.set_item(OPT_OUT_KEY, "1") } else { s.remove_item(OPT_OUT_KEY) };
    }
}

/// This session's sampling draw: the stored one, or `fresh` (then stored
/// unless `keep` is false, as in debug mode, which stores nothing).
pub fn sample_draw(fresh: u32, keep: bool) -> u32 {
    let Some(s) = session() else { return fresh };
    let stored = s.get_item(SAMPLE_DRAW_KEY).ok().flatten();
    match stored.as_deref().and_then(crate::text::parse_uint) {
        Some(n) if n < crate::config::defaults::SAMPLE_SCALE as u64 => n as u32,
        _ => {
            if keep {
                let _ = s.set_item(SAMPLE_DRAW_KEY, &crate::text::uint(fresh as u64));
            }
            fresh
        }
    }
}

/// Removes every outbox, this tab's included.
pub fn forget_outboxes() {
    let keys: Vec<String> = read_others("").into_iter().map(|(k, _)| k).collect();
    remove(&keys);
}

/// This tab's key.
pub fn key_for(tab: &str) -> String {
    crate::text::concat(&[KEY_PREFIX, tab])
}

/// Writes (or, for empty text, removes) one outbox. `false` when refused
/// (`QuotaExceededError`, storage disabled).
pub fn write(key: &str, text: &str) -> bool {
    let Some(s) = local() else { return false };
    if text.is_empty() {
        s.remove_item(key).is_ok()
    } else {
        s.set_item(key, text).is_ok()
    }
}

/// Every stored outbox but `own`, as (key, text).
pub fn read_others(own: &str) -> Vec<(String, String)> {
    let Some(s) = local() else { return Vec::new() };
    // Keys first, then values: reading is not meant to change the key order, but be safe.
    let mut keys = Vec::new();
    for i in 0..s.length().unwrap_or(0) {
        if let Ok(Some(k)) = s.key(i) {
            if k.starts_with(KEY_PREFIX) && k != own {
                keys.push(k);
            }
        }
    }
    let mut found = Vec::with_capacity(keys.len());
    for k in keys {
        if let Ok(Some(text)) = s.get_item(&k) {
            found.push((k, text));
        }
    }
    found
}

/// Removes outboxes that were adopted.
pub fn remove(keys: &[String]) {
    if let Some(s) = local() {
        for k in keys {
            let _ = s.remove_item(k);
        }
    }
}

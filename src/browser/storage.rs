//! The page-hide outbox in
//! [`localStorage`](https://developer.mozilla.org/docs/Web/API/Window/localStorage).
//! Every call can fail (storage disabled, quota, privacy mode): failures are
//! reported as `false`/empty, never thrown.

use web_sys::Storage;

use crate::outbox::KEY_PREFIX;

fn local() -> Option<Storage> {
    super::window::get()?.local_storage().ok().flatten()
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

//! The page-hide outbox in
//! [`localStorage`](https://developer.mozilla.org/docs/Web/API/Window/localStorage).
//! Every call can fail (storage disabled, quota, privacy mode): failures are
//! reported as `false`/empty, never thrown.

use crate::prelude::*;

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
    let len = s.length().unwrap_or(0);
    (0..len)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(KEY_PREFIX) && k != own)
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(|k| s.get_item(&k).ok().flatten().map(|text| (k, text)))
        .collect()
}

/// Removes outboxes that were adopted.
pub fn remove(keys: &[String]) {
    if let Some(s) = local() {
        for k in keys {
            let _ = s.remove_item(k);
        }
    }
}

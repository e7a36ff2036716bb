//! The page-hide outbox: what was not confirmed when the page was hidden,
//! as it is written to `localStorage` and read back on the next load.
//! One encoded event per line (event JSON never holds a raw newline).
//! Bounded: the oldest events are dropped first, and counted.

/// Versioned, per-tab key prefix: tabs never overwrite each other's outbox;
/// a new page adopts every outbox it finds.
pub const KEY_PREFIX: &str = "backstage-insights:v1:outbox:";
/// The most one tab stores (UTF-16 units are what localStorage counts; events are mostly ASCII).
pub const MAX_STORED_BYTES: usize = 256 * 1024;

/// Lines for `events` (oldest first), newest kept within the cap.
/// Returns the text and how many of the oldest did not fit.
pub fn encode(events: &[&str]) -> (String, u32) {
    let mut kept: Vec<&str> = Vec::new();
    let mut size = 0;
    let mut dropped = 0;
    for &json in events.iter().rev() {
        if size + json.len() + 1 > MAX_STORED_BYTES {
            dropped += 1;
            continue;
        }
        size += json.len() + 1;
        kept.push(json);
    }
    kept.reverse();
    (crate::text::join(&kept, "\n"), dropped)
}

/// How many events a text from [`encode`] holds.
pub fn count(text: &str) -> u32 {
    if text.is_empty() {
        return 0;
    }
    text.bytes().filter(|&b| b == b'\n').count() as u32 + 1
}

/// The stored events that are well formed; anything else (another
/// version, a truncated write, tampering) is skipped.
pub fn decode(text: &str) -> Vec<String> {
    crate::text::split_ascii(text, b'\n')
        .filter(|l| l.len() > 44 && l.starts_with("{\"id\":\"") && l.ends_with('}'))
        .map(str::to_string)
        .collect()
}

/// A stored event's `timestamp` (RFC 3339, as [`crate::clock::rfc3339`]
/// writes it), which follows the 36-character `id` in every event this crate
/// writes (see `event.rs`). Such strings sort as the instants they name.
pub fn timestamp(json: &str) -> Option<&str> {
    const AT: usize = "{\"id\":\"".len() + 36;
    const KEY: &str = "\",\"timestamp\":\"";
    // `get`, not a slice: a tampered line may put a multi-byte character at the cut.
    let from = AT + KEY.len();
    if json.get(AT..from)? != KEY {
        return None;
    }
    json.get(from..from + 24)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(i: usize, pad: usize) -> String {
        format!("{{\"id\":\"{i:036}\",\"p\":\"{}\"}}", "x".repeat(pad))
    }

    #[test]
    fn timestamps_are_read_without_panicking_on_any_line() {
        let line = format!("{{\"id\":\"{:036}\",\"timestamp\":\"2026-11-25T02:00:41.987Z\",\"a\":1}}", 7);
        assert_eq!(timestamp(&line), Some("2026-11-25T02:00:41.987Z"));
        // A tampered line with a multi-byte character where the key should end.
        let tampered = format!("{{\"id\":\"{}é\",\"timestamp\":\"2026-11-25T02:00:41.987Z\"}}", "x".repeat(35));
        assert_eq!(timestamp(&tampered), None);
        assert_eq!(timestamp("{\"id\":\"short\"}"), None);
    }

    #[test]
    fn round_trips_and_skips_junk() {
        let events = [ev(1, 3), ev(2, 4)];
        let (text, dropped) = encode(&events.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(dropped, 0);
        assert_eq!(count(&text), 2);
        assert_eq!(count(""), 0);
        assert_eq!(decode(&format!("{text}\ngarbage\n{{\"id\":\"x\"}}")), events.to_vec());
    }

    #[test]
    fn keeps_the_newest_within_the_cap() {
        let events: Vec<_> = (0..100).map(|i| ev(i, 4000)).collect();
        let (text, dropped) = encode(&events.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(text.len() <= MAX_STORED_BYTES);
        assert!(dropped > 0);
        let back = decode(&text);
        assert_eq!(back.last(), events.last());
        assert_eq!(back.len() + dropped as usize, 100);
    }
}

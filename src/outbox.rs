//! The page-hide outbox: what was not confirmed when the page was hidden,
//! as it is written to `localStorage` and read back on the next load.
//! One encoded event per line (event JSON never holds a raw newline).
//! Bounded: the oldest events are dropped first, and counted.

use crate::batch::Queued;

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

/// The stored events that are well formed, as queue entries first tried at
/// `now_ms`; anything else (another version, a truncated write, tampering)
/// is skipped.
pub fn decode(text: &str, now_ms: f64) -> Vec<Queued> {
    crate::text::split_ascii(text, b'\n')
        .filter_map(|line| {
            let (id, timestamp) = header(line)?;
            Some(Queued::new(id, timestamp, line.to_owned(), now_ms))
        })
        .collect()
}

/// A stored line's id and `timestamp` (RFC 3339, as [`crate::clock::rfc3339`]
/// writes it). [`crate::event::encode`] writes them first, in this order
/// (its tests hold it to that), so a line this crate wrote starts with them
/// at fixed places. Such timestamps sort as the instants they name.
fn header(line: &str) -> Option<(&str, &str)> {
    const ID_AT: usize = "{\"id\":\"".len();
    const TS_KEY: &str = "\",\"timestamp\":\"";
    const TS_AT: usize = ID_AT + 36 + TS_KEY.len();
    if !line.starts_with("{\"id\":\"") || !line.ends_with('}') {
        return None;
    }
    // `get`, not a slice: a tampered line may put a multi-byte character at the cut.
    if line.get(ID_AT + 36..TS_AT)? != TS_KEY {
        return None;
    }
    Some((line.get(ID_AT..ID_AT + 36)?, line.get(TS_AT..TS_AT + 24)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(i: usize, pad: usize) -> String {
        format!("{{\"id\":\"{i:036}\",\"timestamp\":\"2026-11-25T02:00:41.987Z\",\"p\":\"{}\"}}", "x".repeat(pad))
    }

    fn lines(text: &str) -> Vec<String> {
        decode(text, 0.0).into_iter().map(|q| q.json).collect()
    }

    #[test]
    fn ids_and_timestamps_are_read_without_panicking_on_any_line() {
        let line = format!("{{\"id\":\"{:036}\",\"timestamp\":\"2026-11-25T02:00:41.987Z\",\"a\":1}}", 7);
        let q = &decode(&line, 5.0)[0];
        assert_eq!(
            (q.id.as_str(), q.timestamp.as_str(), q.queued_ms),
            (&*format!("{:036}", 7), "2026-11-25T02:00:41.987Z", 5.0)
        );
        // A tampered line with a multi-byte character where the key should end.
        let tampered = format!("{{\"id\":\"{}é\",\"timestamp\":\"2026-11-25T02:00:41.987Z\"}}", "x".repeat(35));
        assert!(decode(&tampered, 0.0).is_empty());
        assert!(decode("{\"id\":\"short\"}", 0.0).is_empty());
    }

    #[test]
    fn round_trips_and_skips_junk() {
        let events = [ev(1, 3), ev(2, 4)];
        let (text, dropped) = encode(&events.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(dropped, 0);
        assert_eq!(count(&text), 2);
        assert_eq!(count(""), 0);
        assert_eq!(lines(&format!("{text}\ngarbage\n{{\"id\":\"x\"}}")), events.to_vec());
    }

    #[test]
    fn keeps_the_newest_within_the_cap() {
        let events: Vec<_> = (0..100).map(|i| ev(i, 4000)).collect();
        let (text, dropped) = encode(&events.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(text.len() <= MAX_STORED_BYTES);
        assert!(dropped > 0);
        let back = lines(&text);
        assert_eq!(back.last(), events.last());
        assert_eq!(back.len() + dropped as usize, 100);
    }
}

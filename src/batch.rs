//! The in-memory queue and how it is cut into request bodies: by event
//! count, by UTF-8 bytes of the body (counted exactly, envelope included),
//! and bounded in total so a dead collector cannot grow memory.

use std::collections::VecDeque;

use crate::json::{push_key, push_string};

/// Bytes of an empty body: `{"batchId":"<36>","sentAt":"<24>","events":[]}`.
pub const ENVELOPE_BYTES: usize = r#"{"batchId":"","sentAt":"","events":[]}"#.len() + 36 + 24;
/// The queue keeps at most this many events; the oldest make room.
pub const MAX_QUEUED_EVENTS: usize = 2_000;
/// ... and at most this many bytes of encoded events.
pub const MAX_QUEUED_BYTES: usize = 2 * 1024 * 1024;

/// One encoded event waiting for delivery.
#[derive(Clone, Debug, PartialEq)]
pub struct Queued {
    /// The event id (stable across retries and reloads; the collector deduplicates on it).
    pub id: String,
    /// When it was captured (RFC 3339), for the age cap of stored events.
    pub timestamp: String,
    /// The wire JSON.
    pub json: String,
    /// Delivery attempts so far.
    pub attempts: u32,
    /// When it was first queued (ms since epoch), for the retry age cap.
    pub queued_ms: f64,
}

impl Queued {
    /// A new event, not tried yet.
    pub fn new(id: &str, timestamp: &str, json: String, queued_ms: f64) -> Queued {
        Queued { id: id.to_owned(), timestamp: timestamp.to_owned(), json, attempts: 0, queued_ms }
    }
}

/// A request body cut from the queue, with the events it carries.
#[derive(Debug)]
pub struct Batch {
    /// The batch id (also in the body).
    pub id: String,
    /// The request body.
    pub body: String,
    /// The events, to re-queue or count when the answer comes.
    pub events: Vec<Queued>,
}

/// The body bytes of a batch of events whose JSON sizes sum to `sum` over `n` events.
pub fn body_bytes(n: usize, sum: usize) -> usize {
    ENVELOPE_BYTES + sum + n.saturating_sub(1)
}

/// The largest single event that fits in a body of `max_body` bytes.
pub fn max_event_bytes(max_body: usize) -> usize {
    max_body.saturating_sub(ENVELOPE_BYTES)
}

/// The FIFO queue of encoded events.
#[derive(Debug, Default)]
pub struct Queue {
    items: VecDeque<Queued>,
    bytes: usize,
}

impl Queue {
    /// Events waiting.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Adds at the back; returns how many of the oldest were dropped to stay bounded.
    pub fn push_back(&mut self, q: Queued) -> u32 {
        self.bytes += q.json.len();
        self.items.push_back(q);
        self.enforce_bounds()
    }

    /// Puts events back at the front in their order (a retry, or a
    /// stored outbox); returns how many of the oldest were dropped.
    pub fn push_front_all(&mut self, events: Vec<Queued>) -> u32 {
        for q in events.into_iter().rev() {
            self.bytes += q.json.len();
            self.items.push_front(q);
        }
        self.enforce_bounds()
    }

    fn enforce_bounds(&mut self) -> u32 {
        let mut dropped = 0;
        while self.items.len() > MAX_QUEUED_EVENTS || self.bytes > MAX_QUEUED_BYTES {
            match self.items.pop_front() {
                Some(q) => {
                    self.bytes -= q.json.len();
                    dropped += 1;
                }
                None => break,
            }
        }
        dropped
    }

    /// Whether a full batch waits (by count or by bytes).
    pub fn is_full(&self, max_events: usize, max_bytes: usize) -> bool {
        self.items.len() >= max_events || body_bytes(self.items.len(), self.bytes) > max_bytes
    }

    /// The oldest events that fit in one body of at most `max_bytes` and
    /// `max_events`. At least one event when any waits, so an event stored
    /// under a larger limit cannot block the queue.
    pub fn take(&mut self, max_events: usize, max_bytes: usize) -> Vec<Queued> {
        let mut n = 0;
        let mut sum = 0;
        for q in self.items.iter() {
            if n == max_events || (n > 0 && body_bytes(n + 1, sum + q.json.len()) > max_bytes) {
                break;
            }
            n += 1;
            sum += q.json.len();
        }
        self.bytes -= sum;
        // pop_front, not `drain(..n)`: VecDeque's Drain cost 1.3 KB of wasm.
        let mut taken = Vec::with_capacity(n);
        while taken.len() < n {
            match self.items.pop_front() {
                Some(q) => taken.push(q),
                None => break,
            }
        }
        taken
    }

    /// Removes the events with these ids, wherever they wait; how many went.
    pub fn remove_ids(&mut self, ids: &[String]) -> usize {
        let before = self.items.len();
        let mut bytes = self.bytes;
        self.items.retain(|q| {
            let keep = !ids.contains(&q.id);
            if !keep {
                bytes -= q.json.len();
            }
            keep
        });
        self.bytes = bytes;
        before - self.items.len()
    }

    /// All waiting events, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Queued> {
        self.items.iter()
    }
}

/// The request body for `events`.
pub fn envelope(batch_id: &str, sent_at: &str, events: &[Queued]) -> String {
    let sum: usize = events.iter().map(|q| q.json.len()).sum();
    let mut body = String::with_capacity(body_bytes(events.len(), sum));
    body.push('{');
    push_key(&mut body, "batchId");
    push_string(&mut body, batch_id);
    body.push(',');
    push_key(&mut body, "sentAt");
    push_string(&mut body, sent_at);
    body.push(',');
    push_key(&mut body, "events");
    body.push('[');
    for (i, q) in events.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&q.json);
    }
    body.push_str("]}");
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(n: usize) -> Queued {
        let id = format!("{n:036}");
        let json = format!("{{\"id\":\"{id}\",\"pad\":\"{}\"}}", "x".repeat(n % 7));
        Queued::new(&id, "2026-01-01T00:00:00.000Z", json, 0.0)
    }

    #[test]
    fn envelope_size_is_counted_exactly() {
        let events: Vec<_> = (0..5).map(ev).collect();
        let body = envelope(&"b".repeat(36), "2026-01-01T00:00:00.000Z", &events);
        let sum: usize = events.iter().map(|q| q.json.len()).sum();
        assert_eq!(body.len(), body_bytes(events.len(), sum));
        assert_eq!(envelope(&"b".repeat(36), "2026-01-01T00:00:00.000Z", &[]).len(), ENVELOPE_BYTES);
    }

    #[test]
    fn take_respects_count_and_bytes() {
        let mut q = Queue::default();
        for i in 0..30 {
            q.push_back(ev(i));
        }
        assert!(q.is_full(25, 49_152));
        assert_eq!(q.take(25, 49_152).len(), 25);
        assert_eq!(q.len(), 5);
        let one = ev(0).json.len();
        let two_fit = body_bytes(2, 2 * one);
        let mut q = Queue::default();
        for _ in 0..3 {
            q.push_back(ev(0));
        }
        assert_eq!(q.take(25, two_fit).len(), 2);
        assert_eq!(q.take(25, 1).len(), 1, "an oversized event still leaves alone");
    }

    #[test]
    fn bounded_with_oldest_dropped() {
        let mut q = Queue::default();
        let mut dropped = 0;
        for i in 0..MAX_QUEUED_EVENTS + 10 {
            dropped += q.push_back(ev(i));
        }
        assert_eq!(dropped, 10);
        assert_eq!(q.iter().next().unwrap().id, format!("{:036}", 10));
    }

    #[test]
    fn requeue_keeps_order() {
        let mut q = Queue::default();
        q.push_back(ev(3));
        q.push_front_all(vec![ev(1), ev(2)]);
        let ids: Vec<_> = q.iter().map(|e| e.id.clone()).collect();
        assert_eq!(ids, vec![format!("{:036}", 1), format!("{:036}", 2), format!("{:036}", 3)]);
    }
}

//! The one record an event crosses from JavaScript in. A small reader in
//! the glue (`shim/glue/read.js`) writes the fields of a plugin's
//! `AnalyticsEvent` straight into a buffer in wasm memory, so the core makes
//! one call per event, and neither side builds, escapes or scans a string to
//! pass it (measured by `npm run bench` and `bench/ab.mjs`). This module
//! turns the record into a [`RawEvent`].
//!
//! The format, integers little-endian:
//! 1. A header of four `u32`: the attribute entries that follow and the
//!    attribute entries the reader dropped (a throwing getter, `Object.keys`
//!    refused, a non-object where a map belongs, or past the first
//!    [`READ_KEYS`] keys, which leaves room for [`MAX_FIELDS`] kept among many
//!    redacted ones), then the same two for `context`: [`HEADER_BYTES`].
//! 2. Parts: `action`, `subject` and `value`, then the attribute entries and
//!    the context entries, each a key part and a value part.
//!
//! A part is a kind byte, a `u32` byte length ([`PART_HEADER_BYTES`] in all)
//! and that many bytes of UTF-8: [`STR`] and the string, [`NUM`] and the JSON
//! text of a finite number or a BigInt, [`TRUE`] or [`FALSE`] (no bytes), or
//! [`OTHER`] (absent, or anything else; no bytes). The reader cuts strings
//! to [`STRING_CUT`] and keys to [`KEY_CUT`] UTF-16 units.
//!
//! The reader (`shim/glue/read.js`) has its own copy of each constant below;
//! `tests/contracts.rs` fails when one differs, and feeds what the reader
//! writes to [`parse`].

use std::borrow::Cow;

use crate::config::ScrubOptions;
use crate::event::{keep_key, RawEvent, MAX_FIELDS, MAX_KEY_BYTES};
use crate::scrub::MAX_INPUT_BYTES;
use crate::value::Prim;

/// The record's header: four `u32` counts.
pub const HEADER_BYTES: usize = 4 * size_of::<u32>();
/// A part's own header: its kind byte and its `u32` length.
pub const PART_HEADER_BYTES: usize = 1 + size_of::<u32>();
/// Keys the reader reads per map; the rest are counted as dropped. Far more
/// than [`MAX_FIELDS`], so redacted keys among the first do not crowd out
/// the ones kept.
pub const READ_KEYS: usize = 256;
const _: () = assert!(READ_KEYS >= MAX_FIELDS);
/// UTF-16 units of a string the reader passes: one past what the scrubber
/// scans (a UTF-16 unit is at least one UTF-8 byte), so the cut changes
/// nothing, and a 20 MB string never crosses into wasm memory (which never
/// shrinks).
pub const STRING_CUT: usize = MAX_INPUT_BYTES + 1;
/// UTF-16 units of a key the reader passes: one past the longest key kept,
/// so a longer key still arrives too long, and is dropped.
pub const KEY_CUT: usize = MAX_KEY_BYTES + 1;

/// Absent, or not a primitive.
pub const OTHER: u8 = 0;
/// A string.
pub const STR: u8 = 1;
/// The JSON text of a number.
pub const NUM: u8 = 2;
/// `true`.
pub const TRUE: u8 = 3;
/// `false`.
pub const FALSE: u8 = 4;

/// Reads parts off the record, front to back; `None` once it runs short.
struct Parts<'a> {
    rest: &'a [u8],
}

impl<'a> Parts<'a> {
    fn u32(&mut self) -> Option<u32> {
        let (n, rest) = self.rest.split_first_chunk::<4>()?;
        self.rest = rest;
        Some(u32::from_le_bytes(*n))
    }

    /// The next part: its kind and its text.
    fn part(&mut self) -> Option<(u8, &'a str)> {
        let (&kind, rest) = self.rest.split_first()?;
        self.rest = rest;
        let len = self.u32()? as usize;
        if len > self.rest.len() {
            return None;
        }
        let (text, rest) = self.rest.split_at(len);
        self.rest = rest;
        // The reader writes well-formed UTF-8; a record that is not is refused whole.
        Some((kind, core::str::from_utf8(text).ok()?))
    }
}

/// A part as an attribute or context value; `None` when it is not a primitive.
fn prim((kind, text): (u8, &str)) -> Option<Prim<'_>> {
    match kind {
        STR => Some(Prim::Str(Cow::Borrowed(text))),
        NUM => Some(Prim::Num(Cow::Borrowed(text))),
        TRUE => Some(Prim::Bool(true)),
        FALSE => Some(Prim::Bool(false)),
        _ => None,
    }
}

/// A part as text: strings and numbers are, anything else is not.
fn text((kind, text): (u8, &str)) -> Option<&str> {
    matches!(kind, STR | NUM).then_some(text)
}

/// Keeps `n` entries from `parts`: returns the entries kept and how many were dropped.
type Fields<'a> = Vec<(Cow<'a, str>, Prim<'a>)>;

fn fields<'a>(
    parts: &mut Parts<'a>,
    n: usize,
    redact: &[String],
    allowed: Option<&[String]>,
) -> Option<(Fields<'a>, u32)> {
    let mut out = Vec::with_capacity(n.min(MAX_FIELDS));
    let mut dropped = 0;
    for _ in 0..n {
        let key = text(parts.part()?)?;
        let value = parts.part()?;
        if out.len() >= MAX_FIELDS || !keep_key(key, redact, allowed) {
            dropped += 1;
            continue;
        }
        match prim(value) {
            Some(p) => out.push((Cow::Borrowed(key), p)),
            None => dropped += 1,
        }
    }
    Some((out, dropped))
}

/// The event, or `None` when it has no non-empty action (or the record is
/// not in the reader's format). Also returns the number of attribute and
/// context entries dropped (by the reader, or by `keys`: redacted, not
/// allowed, over-long, past [`MAX_FIELDS`], or not primitive). The event's
/// texts borrow from `record`.
pub fn parse<'a>(record: &'a [u8], keys: &ScrubOptions) -> (Option<RawEvent<'a>>, u32) {
    parse_all(record, keys).unwrap_or((None, 0))
}

fn parse_all<'a>(record: &'a [u8], keys: &ScrubOptions) -> Option<(Option<RawEvent<'a>>, u32)> {
    let mut parts = Parts { rest: record };
    let (na, da, nc, dc) = (parts.u32()?, parts.u32()?, parts.u32()?, parts.u32()?);
    let action = match text(parts.part()?) {
        Some(a) if !a.is_empty() => Cow::Borrowed(a),
        _ => return Some((None, 0)),
    };
    let subject = Cow::Borrowed(text(parts.part()?).unwrap_or_default());
    let value = match parts.part()? {
        (NUM, n) => Some(Cow::Borrowed(n)),
        _ => None,
    };
    let redact = &keys.redact_attributes;
    let (attributes, dropped_a) = fields(&mut parts, na as usize, redact, keys.allowed_attributes.as_deref())?;
    let (context, dropped_c) = fields(&mut parts, nc as usize, redact, keys.allowed_context.as_deref())?;
    let dropped = dropped_a.saturating_add(dropped_c).saturating_add(da).saturating_add(dc);
    Some((Some(RawEvent { action, subject, value, attributes, context }), dropped))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record as the reader writes it.
    fn record(counts: [u32; 4], parts: &[(u8, &str)]) -> Vec<u8> {
        let mut out: Vec<u8> = counts.iter().flat_map(|n| n.to_le_bytes()).collect();
        for (kind, text) in parts {
            out.push(*kind);
            out.extend((text.len() as u32).to_le_bytes());
            out.extend(text.as_bytes());
        }
        out
    }

    #[test]
    fn the_sizes_are_what_parse_reads() {
        // Built from the constants alone, byte by byte: a header of zero counts, then three parts.
        let mut rec = vec![0u8; HEADER_BYTES];
        for (kind, text) in [(STR, "click"), (NUM, "7"), (OTHER, "")] {
            let start = rec.len();
            rec.push(kind);
            rec.extend((text.len() as u32).to_le_bytes());
            assert_eq!(rec.len() - start, PART_HEADER_BYTES);
            rec.extend(text.as_bytes());
        }
        let event = parse(&rec, &ScrubOptions::default()).0.unwrap();
        assert_eq!((event.action.as_ref(), event.subject.as_ref(), event.value), ("click", "7", None));
    }

    #[test]
    fn reads_every_part() {
        let rec = record(
            [2, 1, 1, 0],
            &[
                (STR, "navigate"),
                (STR, "/catalog"),
                (NUM, "3.5"),
                (STR, "tab"),
                (STR, "docs"),
                (STR, "ok"),
                (TRUE, ""),
                (STR, "pluginId"),
                (STR, "catalog"),
            ],
        );
        let (event, dropped) = parse(&rec, &ScrubOptions::default());
        let event = event.unwrap();
        assert_eq!(event.action, "navigate");
        assert_eq!(event.subject, "/catalog");
        assert_eq!(event.value.as_deref(), Some("3.5"));
        assert_eq!(event.attributes, vec![("tab".into(), Prim::Str("docs".into())), ("ok".into(), Prim::Bool(true))]);
        assert_eq!(event.context, vec![("pluginId".into(), Prim::Str("catalog".into()))]);
        assert_eq!(dropped, 1, "the reader's own drop is counted");
    }

    #[test]
    fn any_bytes_of_a_string_come_through() {
        let rec =
            record([1, 0, 0, 0], &[(STR, "click"), (STR, "a\0b\x01c é ✓"), (OTHER, ""), (STR, "k\0"), (STR, "v\0")]);
        let event = parse(&rec, &ScrubOptions::default()).0.unwrap();
        assert_eq!(event.subject, "a\0b\x01c é ✓");
        assert_eq!(event.attributes, vec![("k\0".into(), Prim::Str("v\0".into()))]);
    }

    #[test]
    fn action_must_be_non_empty_text() {
        for action in [(STR, ""), (OTHER, ""), (TRUE, "")] {
            let rec = record([0; 4], &[action, (STR, ""), (OTHER, "")]);
            assert_eq!(parse(&rec, &ScrubOptions::default()), (None, 0), "{action:?}");
        }
        let rec = record([0; 4], &[(NUM, "7"), (OTHER, ""), (OTHER, "")]);
        let number = parse(&rec, &ScrubOptions::default()).0.unwrap();
        assert_eq!((number.action.as_ref(), number.subject.as_ref()), ("7", ""));
    }

    #[test]
    fn value_is_kept_only_as_a_number() {
        let rec = record([0; 4], &[(STR, "click"), (NUM, "12"), (STR, "12")]);
        let event = parse(&rec, &ScrubOptions::default()).0.unwrap();
        assert_eq!(event.value, None);
        assert_eq!(event.subject, "12", "a numeric subject is its text");
    }

    #[test]
    fn redacted_long_non_primitive_and_surplus_entries_are_dropped() {
        let long = "k".repeat(crate::event::MAX_KEY_BYTES + 1);
        let mut parts = vec![
            (STR, "click"),
            (STR, ""),
            (OTHER, ""),
            (STR, "Password"),
            (STR, "secret"),
            (STR, long.as_str()),
            (STR, "x"),
            (STR, "obj"),
            (OTHER, ""),
        ];
        let keys: Vec<String> = (0..MAX_FIELDS + 2).map(|i| format!("k{i}")).collect();
        for k in &keys {
            parts.push((STR, k));
            parts.push((TRUE, ""));
        }
        let rec = record([3 + keys.len() as u32, 0, 0, 0], &parts);
        let keys = ScrubOptions { redact_attributes: vec!["password".into()], ..Default::default() };
        let (event, dropped) = parse(&rec, &keys);
        let event = event.unwrap();
        assert_eq!(event.attributes.len(), MAX_FIELDS);
        assert!(event.attributes.iter().all(|(k, _)| k.starts_with('k') && k.len() < 10));
        assert_eq!(dropped, 3 + 2);
    }

    #[test]
    fn a_record_out_of_format_is_an_invalid_event() {
        let whole = record([1, 0, 0, 0], &[(STR, "click"), (STR, "s"), (OTHER, ""), (STR, "k"), (STR, "v")]);
        // Every truncation: a header, a length or a text that runs short.
        for end in 0..whole.len() {
            assert_eq!(parse(&whole[..end], &ScrubOptions::default()), (None, 0), "cut at {end}");
        }
        let mut too_long = record([0; 4], &[(STR, "click"), (STR, "s"), (OTHER, "")]);
        too_long[HEADER_BYTES + 1..HEADER_BYTES + PART_HEADER_BYTES].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(parse(&too_long, &ScrubOptions::default()), (None, 0), "a length past the end");
        let mut not_utf8 = record([0; 4], &[(STR, "click"), (STR, "ab"), (OTHER, "")]);
        let at = not_utf8.len() - 7;
        not_utf8[at] = 0xff;
        assert_eq!(parse(&not_utf8, &ScrubOptions::default()), (None, 0), "bytes that are not UTF-8");
    }

    #[test]
    fn allow_lists_keep_only_their_keys_each_in_its_own_map() {
        let rec = record(
            [2, 0, 2, 0],
            &[
                (STR, "click"),
                (STR, "/x"),
                (OTHER, ""),
                (STR, "tab"),
                (STR, "docs"),
                (STR, "email"),
                (STR, "a@b.c"),
                (STR, "pluginId"),
                (STR, "catalog"),
                (STR, "tab"),
                (STR, "ctx"),
            ],
        );
        let keys = ScrubOptions {
            allowed_attributes: Some(vec!["tab".into()]),
            allowed_context: Some(vec!["pluginId".into()]),
            ..Default::default()
        };
        let (event, dropped) = parse(&rec, &keys);
        let event = event.unwrap();
        assert_eq!(event.attributes, vec![("tab".into(), Prim::Str("docs".into()))]);
        assert_eq!(event.context, vec![("pluginId".into(), Prim::Str("catalog".into()))]);
        assert_eq!(dropped, 2, "email from the attributes, tab from the context");
        let none = ScrubOptions { allowed_attributes: Some(Vec::new()), ..Default::default() };
        let (event, dropped) = parse(&rec, &none);
        assert!(event.unwrap().attributes.is_empty());
        assert_eq!(dropped, 2);
        let (event, dropped) = parse(&rec, &ScrubOptions::default());
        assert_eq!((event.unwrap().attributes.len(), dropped), (2, 0), "no list keeps every key");
    }
}

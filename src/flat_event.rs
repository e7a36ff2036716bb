//! The one string an event crosses from JavaScript in. A small reader in
//! the glue (`browser/read.rs`) copies the fields of a plugin's
//! `AnalyticsEvent` into it, so the core makes one call per event instead of
//! one per property and per string (measured by `npm run bench`). This
//! module turns it into a [`RawEvent`].
//!
//! The format: fields separated by `\0`.
//! 1. A header `na,da,nc,dc`: the attribute entries that follow and the
//!    attribute entries the reader dropped (a throwing getter, `Object.keys`
//!    refused, a non-object where a map belongs, or past the first 256
//!    keys, which leaves room for [`MAX_FIELDS`] kept among many redacted
//!    ones), then
//!    the same two for `context`.
//! 2. `action`, `subject` and `value`, each tagged.
//! 3. `na` attribute pairs, then `nc` context pairs: a key, then a tagged value.
//!
//! A tagged value starts with its kind: `s` and the string, `n` and the
//! JSON text of a finite number or a BigInt, `t` or `f` (a boolean), `-`
//! (absent, or anything else). In strings and keys, `\x01` is written
//! `\x01\x01` and `\0` is written `\x01\x02`.

use crate::prelude::*;

use crate::event::{keep_key, RawEvent, MAX_FIELDS};
use crate::text::split_ascii;
use crate::value::Prim;

/// Undoes the reader's escaping of `\0` and `\x01`.
fn unescape(s: &str) -> String {
    if !s.bytes().any(|b| b == 1) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x01' {
            match chars.next() {
                Some('\x02') => out.push('\0'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A tagged value as an attribute or context value; `None` when it is not a primitive.
fn prim(tagged: &str) -> Option<Prim> {
    let (tag, rest) = (tagged.as_bytes().first()?, tagged.get(1..)?);
    match tag {
        b's' => Some(Prim::Str(unescape(rest))),
        b'n' => Some(Prim::Num(rest.to_owned())),
        b't' => Some(Prim::Bool(true)),
        b'f' => Some(Prim::Bool(false)),
        _ => None,
    }
}

/// A tagged value as text: strings and numbers are, anything else is not.
fn text(tagged: &str) -> Option<String> {
    match prim(tagged)? {
        Prim::Str(s) | Prim::Num(s) => Some(s),
        Prim::Bool(_) => None,
    }
}

/// Keeps `n` pairs from `parts`: returns the entries kept and how many were dropped.
fn fields<'a>(
    parts: &mut impl Iterator<Item = &'a str>,
    n: usize,
    redact: &[String],
) -> Option<(Vec<(String, Prim)>, u32)> {
    let mut out = Vec::with_capacity(n.min(MAX_FIELDS));
    let mut dropped = 0;
    for _ in 0..n {
        let key = unescape(parts.next()?);
        let value = parts.next()?;
        if out.len() >= MAX_FIELDS || !keep_key(&key, redact) {
            dropped += 1;
            continue;
        }
        match prim(value) {
            Some(p) => out.push((key, p)),
            None => dropped += 1,
        }
    }
    Some((out, dropped))
}

/// The event, or `None` when it has no non-empty action (or the text is
/// not in the reader's format). Also returns the number of attribute and
/// context entries dropped.
pub fn parse(flat: &str, redact: &[String]) -> (Option<RawEvent>, u32) {
    parse_all(flat, redact).unwrap_or((None, 0))
}

fn parse_all(flat: &str, redact: &[String]) -> Option<(Option<RawEvent>, u32)> {
    let mut parts = split_ascii(flat, 0);
    let mut header = split_ascii(parts.next()?, b',').map(|n| crate::text::parse_uint(n).map(|n| n as usize));
    let mut count = || header.next().flatten();
    let (na, da, nc, dc) = (count()?, count()?, count()?, count()?);
    let action = match text(parts.next()?) {
        Some(a) if !a.is_empty() => a,
        _ => return Some((None, 0)),
    };
    let subject = text(parts.next()?).unwrap_or_default();
    let value = match prim(parts.next()?) {
        Some(Prim::Num(n)) => Some(n),
        _ => None,
    };
    let (attributes, dropped_a) = fields(&mut parts, na, redact)?;
    let (context, dropped_c) = fields(&mut parts, nc, redact)?;
    let dropped = dropped_a + dropped_c + da as u32 + dc as u32;
    Some((Some(RawEvent { action, subject, value, attributes, context }), dropped))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(parts: &[&str]) -> String {
        parts.join("\0")
    }

    #[test]
    fn reads_every_part() {
        let text =
            flat(&["2,1,1,0", "snavigate", "s/catalog", "n3.5", "tab", "sdocs", "ok", "t", "pluginId", "scatalog"]);
        let (event, dropped) = parse(&text, &[]);
        let event = event.unwrap();
        assert_eq!(event.action, "navigate");
        assert_eq!(event.subject, "/catalog");
        assert_eq!(event.value.as_deref(), Some("3.5"));
        assert_eq!(event.attributes, vec![("tab".into(), Prim::Str("docs".into())), ("ok".into(), Prim::Bool(true))]);
        assert_eq!(event.context, vec![("pluginId".into(), Prim::Str("catalog".into()))]);
        assert_eq!(dropped, 1, "the reader's own drop is counted");
    }

    #[test]
    fn escaped_nul_and_escape_come_back() {
        let text = flat(&["1,0,0,0", "sclick", "sa\x01\x02b\x01\x01c", "-", "k\x01\x02", "sv\x01\x02"]);
        let event = parse(&text, &[]).0.unwrap();
        assert_eq!(event.subject, "a\0b\x01c");
        assert_eq!(event.attributes, vec![("k\0".into(), Prim::Str("v\0".into()))]);
    }

    #[test]
    fn action_must_be_non_empty_text() {
        for action in ["s", "-", "t", ""] {
            let text = flat(&["0,0,0,0", action, "s", "-"]);
            assert_eq!(parse(&text, &[]), (None, 0), "{action:?}");
        }
        let number = parse(&flat(&["0,0,0,0", "n7", "-", "-"]), &[]).0.unwrap();
        assert_eq!((number.action.as_str(), number.subject.as_str()), ("7", ""));
    }

    #[test]
    fn value_is_kept_only_as_a_number() {
        let text = flat(&["0,0,0,0", "sclick", "n12", "s12"]);
        let event = parse(&text, &[]).0.unwrap();
        assert_eq!(event.value, None);
        assert_eq!(event.subject, "12", "a numeric subject is its text");
    }

    #[test]
    fn redacted_long_non_primitive_and_surplus_entries_are_dropped() {
        let long = "k".repeat(crate::event::MAX_KEY_BYTES + 1);
        let mut parts = vec!["", "sclick", "s", "-", "Password", "ssecret", &long, "sx", "obj", "-"];
        let keys: Vec<String> = (0..MAX_FIELDS + 2).map(|i| format!("k{i}")).collect();
        for k in &keys {
            parts.push(k);
            parts.push("t");
        }
        let header = format!("{},0,0,0", 3 + keys.len());
        parts[0] = &header;
        let (event, dropped) = parse(&flat(&parts), &["password".into()]);
        let event = event.unwrap();
        assert_eq!(event.attributes.len(), MAX_FIELDS);
        assert!(event.attributes.iter().all(|(k, _)| k.starts_with('k') && k.len() < 10));
        assert_eq!(dropped, 3 + 2);
    }

    #[test]
    fn text_out_of_format_is_an_invalid_event() {
        for text in ["", "x", "1,0,0", "1,0,0,0\0sclick\0s\0-", "0,0,0,0\0sclick"] {
            assert_eq!(parse(text, &[]), (None, 0), "{text:?}");
        }
    }
}

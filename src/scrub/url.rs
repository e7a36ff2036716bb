//! URLs and paths lose their query string and fragment, except the query
//! parameters the integrator allow-listed (`scrub.allowedQueryParams`).
//! A token (a run without whitespace) counts as a URL when it starts with `/`
//! or `?`, contains `://`, or has `key=value` after its `?`; so prose such as
//! "Why?" or "issue #42" is left alone.

use std::borrow::Cow;

use super::scan::{replace_all, Hit};
use crate::text::{split_ascii, sub};

pub fn strip_queries<'a>(text: &'a str, allowed: &[String]) -> Cow<'a, str> {
    if !text.bytes().any(|b| b == b'?' || b == b'#') {
        return Cow::Borrowed(text);
    }
    replace_all(text, |bytes, from| next_url_tail(text, bytes, from, allowed))
}

fn next_url_tail(text: &str, bytes: &[u8], mut from: usize, allowed: &[String]) -> Option<Hit> {
    loop {
        let mark = from + bytes[from..].iter().position(|&b| b == b'?' || b == b'#')?;
        let start = bytes[..mark].iter().rposition(|b| b.is_ascii_whitespace()).map_or(0, |p| p + 1);
        let end = mark + bytes[mark..].iter().position(|b| b.is_ascii_whitespace()).unwrap_or(bytes.len() - mark);
        // The first `?`/`#` of the token decides; a later one belongs to it.
        let first = start + bytes[start..end].iter().position(|&b| b == b'?' || b == b'#').unwrap_or(0);
        // Forward to the mark, back to the token's start, forward to its end.
        work!(mark - from + (mark - start) + (end - mark));
        if first >= from && is_url_like(&bytes[start..end], first - start) {
            // `first` and `end` sit next to ASCII bytes, so they are char boundaries.
            return Some(Hit { start: first, end, with: Cow::Owned(kept_query(sub(text, first..end), allowed)) });
        }
        from = end;
        if from >= bytes.len() {
            return None;
        }
    }
}

fn is_url_like(token: &[u8], mark: usize) -> bool {
    matches!(token[0], b'/' | b'?')
        || token.windows(3).any(|w| w == b"://")
        || (token[mark] == b'?' && token[mark..].contains(&b'='))
}

/// `?a=1&b=2#frag` → `?a=1` when only `a` is allowed; `` when none is.
/// (A `&str` throughout: re-validating bytes with `str::from_utf8` cost 0.3 KB of wasm gzip.)
fn kept_query(tail: &str, allowed: &[String]) -> String {
    let mut out = String::new();
    let Some(rest) = tail.strip_prefix('?') else { return out };
    if allowed.is_empty() {
        return out;
    }
    let query = split_ascii(rest, b'#').next().unwrap_or("");
    for pair in split_ascii(query, b'&') {
        let key = split_ascii(pair, b'=').next().unwrap_or("");
        if !key.is_empty() && allowed.iter().any(|a| a == key) {
            out.push(if out.is_empty() { '?' } else { '&' });
            out.push_str(pair);
        }
    }
    out
}

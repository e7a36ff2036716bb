//! User entities: the name in catalog paths (`/catalog/<ns>/user/<name>`)
//! and in entity refs (`user:<ns>/<name>`, `user:<name>`), any case.

use std::borrow::Cow;

use super::marker::USER;
use super::scan::{boundary_before, find_ci, is_alnum, replace_all, Hit};

pub fn mask(text: &str) -> Cow<'_, str> {
    if find_ci(text.as_bytes(), 0, b"user").is_none() {
        return Cow::Borrowed(text);
    }
    replace_all(text, next_user_name)
}

fn next_user_name(bytes: &[u8], from: usize) -> Option<Hit> {
    let mut at = from;
    while let Some(i) = find_ci(bytes, at, b"user") {
        at = i + 1;
        if let Some(hit) = catalog_path_name(bytes, i).or_else(|| entity_ref_name(bytes, i)) {
            return Some(hit);
        }
    }
    None
}

fn is_segment(b: u8) -> bool {
    !matches!(b, b'/' | b'?' | b'#') && !b.is_ascii_whitespace()
}

/// `/catalog/<ns>/user/<name>`: `i` is where `user` starts.
fn catalog_path_name(bytes: &[u8], i: usize) -> Option<Hit> {
    if i < 2 || bytes[i - 1] != b'/' || bytes.get(i + 4) != Some(&b'/') {
        return None;
    }
    // Back over `/<ns>` to `/catalog` (a namespace is at most 63 characters,
    // which also keeps `user user user …` linear).
    let floor = (i - 1).saturating_sub(64);
    work!(i - 1 - floor);
    let ns_start = floor + bytes[floor..i - 1].iter().rposition(|&b| b == b'/')? + 1;
    if ns_start == i - 1 || !ends_with_ci(&bytes[..ns_start - 1], b"/catalog") {
        return None;
    }
    let name_start = i + 5;
    let name_end =
        name_start + bytes[name_start..].iter().position(|&b| !is_segment(b)).unwrap_or(bytes.len() - name_start);
    work!(name_end - name_start);
    (name_end > name_start && &bytes[name_start..name_end] != USER.as_bytes())
        .then(|| Hit::marker(name_start, name_end, USER))
}

fn is_ref_char(b: u8) -> bool {
    is_alnum(b) || matches!(b, b'.' | b'_' | b'-')
}

/// `user:<ns>/<name>` or `user:<name>`: `i` is where `user` starts.
fn entity_ref_name(bytes: &[u8], i: usize) -> Option<Hit> {
    if !boundary_before(bytes, i, is_alnum) || bytes.get(i + 4) != Some(&b':') {
        return None;
    }
    let mut name_start = i + 5;
    let mut end =
        name_start + bytes[name_start..].iter().position(|&b| !is_ref_char(b)).unwrap_or(bytes.len() - name_start);
    if bytes.get(end) == Some(&b'/') {
        name_start = end + 1;
        end =
            name_start + bytes[name_start..].iter().position(|&b| !is_ref_char(b)).unwrap_or(bytes.len() - name_start);
    }
    work!(end - i);
    (end > name_start).then(|| Hit::marker(name_start, end, USER))
}

fn ends_with_ci(hay: &[u8], suffix: &[u8]) -> bool {
    hay.len() >= suffix.len() && hay[hay.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

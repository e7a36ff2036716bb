//! Email addresses, also with a percent-encoded `@` (`%40`) as they appear
//! in URLs.

use std::borrow::Cow;

use super::marker::EMAIL;
use super::scan::{replace_all, Hit};

fn is_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-' | b'\'')
}

fn is_domain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

pub fn mask(text: &str) -> Cow<'_, str> {
    // One pass for `@` or the `%` of `%40`; a `%` of anything else just finds no address.
    if !text.bytes().any(|b| b == b'@' || b == b'%') {
        return Cow::Borrowed(text);
    }
    replace_all(text, next_email)
}

fn next_email(bytes: &[u8], from: usize) -> Option<Hit> {
    let mut i = from;
    while i < bytes.len() {
        work!(1);
        let at_len = if bytes[i] == b'@' {
            1
        } else if bytes[i..].starts_with(b"%40") {
            3
        } else {
            i += 1;
            continue;
        };
        if let Some(hit) = email_around(bytes, from, i, at_len) {
            return Some(hit);
        }
        i += at_len;
    }
    None
}

/// The longest local part an address may have (RFC 5321): also bounds the
/// scan back from each `@`, so `a@a@a@…` stays linear.
const MAX_LOCAL: usize = 64;

/// The address whose `@` is at `at`, if the text around it is one.
fn email_around(bytes: &[u8], from: usize, at: usize, at_len: usize) -> Option<Hit> {
    let floor = from.max(at.saturating_sub(MAX_LOCAL));
    let mut start = at;
    while start > floor && is_local(bytes[start - 1]) {
        start -= 1;
    }
    work!(at - start);
    // Leading punctuation is not part of the address.
    while start < at && matches!(bytes[start], b'.' | b'%' | b'\'' | b'-') {
        start += 1;
    }
    if start == at {
        return None;
    }
    let domain = at + at_len;
    let mut end = domain;
    while end < bytes.len() && is_domain(bytes[end]) {
        end += 1;
    }
    work!(end - domain);
    while end > domain && matches!(bytes[end - 1], b'.' | b'-') {
        end -= 1;
    }
    let host = &bytes[domain..end];
    let dot = host.iter().rposition(|&b| b == b'.')?;
    let tld = &host[dot + 1..];
    (dot > 0 && tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic)).then(|| Hit::marker(start, end, EMAIL))
}

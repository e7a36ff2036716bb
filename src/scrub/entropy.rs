//! Long random-looking runs with no known prefix: hex of 32 or more digits
//! (API keys, hashes) and base64 runs of 32 or more characters that mix
//! upper case, lower case and digits with few separators. UUIDs (dashed,
//! one case) and kebab-case names stay.

use std::borrow::Cow;

use super::marker::TOKEN;
use super::scan::{is_b64, replace_all, run_end, Hit};

/// The shortest run treated as a secret.
pub const MIN_RUN: usize = 32;

pub fn mask(text: &str) -> Cow<'_, str> {
    if text.len() < MIN_RUN {
        return Cow::Borrowed(text);
    }
    replace_all(text, next_random_run)
}

fn next_random_run(bytes: &[u8], from: usize) -> Option<Hit> {
    let mut i = from;
    while i < bytes.len() {
        if !is_b64(bytes[i]) {
            i += 1;
            continue;
        }
        let end = run_end(bytes, i, is_b64);
        if end - i >= MIN_RUN {
            if looks_base64(&bytes[i..end]) {
                let padded = run_end(bytes, end, |b| b == b'=');
                return Some(Hit::marker(i, padded, TOKEN));
            }
            if let Some(hit) = hex_segment(bytes, i, end) {
                return Some(hit);
            }
        }
        i = end;
    }
    None
}

fn looks_base64(run: &[u8]) -> bool {
    let count = |f: fn(&u8) -> bool| run.iter().filter(|b| f(b)).count();
    let separators = count(|b| matches!(b, b'-' | b'_'));
    count(u8::is_ascii_digit) >= 2
        && count(u8::is_ascii_uppercase) >= 2
        && count(u8::is_ascii_lowercase) >= 2
        && separators * 16 <= run.len()
}

/// An alphanumeric piece of the run that is all hex, long, and has a digit.
fn hex_segment(bytes: &[u8], start: usize, end: usize) -> Option<Hit> {
    let mut i = start;
    while i < end {
        let seg_end = i + bytes[i..end].iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(end - i);
        let seg = &bytes[i..seg_end];
        if seg.len() >= MIN_RUN && seg.iter().all(u8::is_ascii_hexdigit) && seg.iter().any(u8::is_ascii_digit) {
            return Some(Hit::marker(i, seg_end, TOKEN));
        }
        i = seg_end + 1;
    }
    None
}

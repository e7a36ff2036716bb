//! Long random-looking runs with no known prefix: hex of 32 or more digits
//! (API keys, hashes), and runs of 32 or more base64 characters that switch
//! between upper case, lower case and digits as often as random text does.
//! Names made of words (`AnalyticsImplementationBlueprint2Test`,
//! `my_service_name_v2`) switch rarely and stay, and so do UUIDs.

use std::borrow::Cow;

use super::marker::TOKEN;
use super::scan::{is_b64, replace_all, run_end, Hit};

/// The shortest run treated as a secret.
pub const MIN_RUN: usize = 32;

/// `text` with every random-looking run of at least [`MIN_RUN`] characters masked.
pub fn mask(text: &str) -> Cow<'_, str> {
    if text.len() < MIN_RUN {
        return Cow::Borrowed(text);
    }
    replace_all(text, next_random_run)
}

fn next_random_run(bytes: &[u8], from: usize) -> Option<Hit> {
    let mut i = from;
    while i < bytes.len() {
        work!(1);
        if !is_b64(bytes[i]) {
            i += 1;
            continue;
        }
        let end = run_end(bytes, i, is_b64);
        if end - i >= MIN_RUN {
            if let Some(hit) = hex_segment(bytes, i, end) {
                return Some(hit);
            }
            if looks_random(&bytes[i..end]) && !is_uuid(&bytes[i..end]) {
                let padded = run_end(bytes, end, |b| b == b'=');
                return Some(Hit::marker(i, padded, TOKEN));
            }
        }
        i = end;
    }
    None
}

#[derive(Clone, Copy, PartialEq)]
enum Class {
    Upper,
    Lower,
    Digit,
    Separator,
}

fn class(b: u8) -> Class {
    if b.is_ascii_uppercase() {
        Class::Upper
    } else if b.is_ascii_lowercase() {
        Class::Lower
    } else if b.is_ascii_digit() {
        Class::Digit
    } else {
        Class::Separator
    }
}

/// Random text changes character class (upper, lower, digit) often inside
/// a run: about every other character for base64. Names made of words
/// change rarely (`AnalyticsImplementationBlueprint2Test`: 0.11 per char).
/// At 0.2, random base64 of 32 characters is missed 0.3 % of the time and of
/// 40 characters 0.1 % (measured by `tests/scrub_properties.rs`).
pub fn looks_random(run: &[u8]) -> bool {
    work!(run.len());
    let (mut chars, mut changes) = (0usize, 0usize);
    let mut prev = Class::Separator;
    for &b in run {
        let c = class(b);
        if c != Class::Separator {
            chars += 1;
            if prev != Class::Separator && c != prev && !(prev == Class::Upper && c == Class::Lower) {
                changes += 1;
            }
        }
        prev = c;
    }
    run.len() >= MIN_RUN && changes * 5 >= chars
}

/// `8-4-4-4-12` hex digits.
fn is_uuid(run: &[u8]) -> bool {
    run.len() == 36
        && run.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// An alphanumeric piece of the run that is all hex, long, and has a digit.
fn hex_segment(bytes: &[u8], start: usize, end: usize) -> Option<Hit> {
    let mut i = start;
    while i < end {
        let seg_end = i + bytes[i..end].iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(end - i);
        work!(seg_end + 1 - i);
        let seg = &bytes[i..seg_end];
        if seg.len() >= MIN_RUN && seg.iter().all(u8::is_ascii_hexdigit) && seg.iter().any(u8::is_ascii_digit) {
            return Some(Hit::marker(i, seg_end, TOKEN));
        }
        i = seg_end + 1;
    }
    None
}

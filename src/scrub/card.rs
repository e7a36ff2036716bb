//! Payment card numbers: 13 to 19 digits, optionally grouped by single
//! spaces or dashes, that pass the Luhn check.

use std::borrow::Cow;

use super::marker::CARD;
use super::scan::{boundary_at, boundary_before, is_alnum, replace_all, Hit};

pub fn mask(text: &str) -> Cow<'_, str> {
    if text.bytes().filter(u8::is_ascii_digit).count() < 13 {
        return Cow::Borrowed(text);
    }
    replace_all(text, next_card)
}

fn next_card(bytes: &[u8], from: usize) -> Option<Hit> {
    let mut i = from;
    while i < bytes.len() {
        work!(1);
        if !bytes[i].is_ascii_digit() || !boundary_before(bytes, i, is_alnum) {
            i += 1;
            continue;
        }
        let (end, digits) = digit_run(bytes, i);
        if (13..=19).contains(&digits.len()) && boundary_at(bytes, end, is_alnum) && luhn_valid(&digits) {
            return Some(Hit::marker(i, end, CARD));
        }
        i = end.max(i + 1);
    }
    None
}

/// Digits from `start`, allowing one space or dash between two digits.
/// Stops early once past 19 digits: no card is that long.
fn digit_run(bytes: &[u8], start: usize) -> (usize, Vec<u8>) {
    let mut digits = Vec::with_capacity(19);
    let mut i = start;
    while i < bytes.len() && digits.len() <= 19 {
        let b = bytes[i];
        if b.is_ascii_digit() {
            digits.push(b - b'0');
            i += 1;
        } else if matches!(b, b' ' | b'-') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
        } else {
            break;
        }
    }
    work!(i - start);
    (i, digits)
}

/// The Luhn checksum: doubling every second digit from the right.
pub fn luhn_valid(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(n, &d)| {
            let d = d as u32;
            if n % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

//! The one loop every rule shares: find the next match, copy what lies
//! before it, write the replacement, go on after it.

use std::borrow::Cow;

use crate::text::sub;

/// Adds to the scanning work (bytes looked at) of this thread, for this
/// crate's tests, which check that it grows linearly with the input
/// (`tests.rs`, `adversarial_repetitions_stay_linear`). Every loop over the
/// text calls it through `work!`, with the bytes it stepped over; outside
/// tests `work!` expands to nothing, so the release wasm is unchanged.
#[cfg(test)]
pub fn work(bytes: usize) {
    WORK.with(|w| w.set(w.get() + bytes));
}

#[cfg(test)]
thread_local! {
    /// The total of [`work`] on this thread.
    pub static WORK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One match: bytes `start..end` of the text are replaced by `with`.
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub with: Cow<'static, str>,
}

impl Hit {
    pub fn marker(start: usize, end: usize, marker: &'static str) -> Self {
        Hit { start, end, with: Cow::Borrowed(marker) }
    }
}

/// Applies `next` (which finds the first match at or after a byte offset)
/// until it finds no more. Matches must start and end on ASCII bytes, which
/// every rule guarantees by matching ASCII classes only.
pub fn replace_all<'a>(text: &'a str, mut next: impl FnMut(&[u8], usize) -> Option<Hit>) -> Cow<'a, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut from = 0;
    while from < bytes.len() {
        work!(1);
        let Some(hit) = next(bytes, from) else { break };
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
        buf.push_str(sub(text, copied..hit.start));
        buf.push_str(&hit.with);
        copied = hit.end;
        from = hit.end.max(hit.start + 1);
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut buf) => {
            buf.push_str(sub(text, copied..));
            Cow::Owned(buf)
        }
    }
}

pub fn is_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Characters of base64url plus the `+` of standard base64 (`=` only pads the end).
pub fn is_b64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+')
}

/// Whether the byte before `i` is absent or not one of `class`.
pub fn boundary_before(bytes: &[u8], i: usize, class: fn(u8) -> bool) -> bool {
    i == 0 || !class(bytes[i - 1])
}

/// Whether the byte at `i` is absent or not one of `class`.
pub fn boundary_at(bytes: &[u8], i: usize, class: fn(u8) -> bool) -> bool {
    i >= bytes.len() || !class(bytes[i])
}

/// The end of the run of `class` bytes starting at `i`.
pub fn run_end(bytes: &[u8], mut i: usize, class: fn(u8) -> bool) -> usize {
    #[cfg(test)]
    let start = i;
    while i < bytes.len() && class(bytes[i]) {
        i += 1;
    }
    work!(i - start);
    i
}

/// The first position at or after `from` where `needle` starts, ASCII case-insensitively.
pub fn find_ci(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || bytes.len() < needle.len() {
        return None;
    }
    // Look for the first byte (either case) before comparing the rest: a
    // profile showed the naive compare-at-every-position at 5 % of a capture.
    let (first_lower, first_upper) = (needle[0].to_ascii_lowercase(), needle[0].to_ascii_uppercase());
    let last = bytes.len() - needle.len();
    let mut i = from;
    while i <= last {
        work!(1);
        let b = bytes[i];
        if (b == first_lower || b == first_upper) && bytes[i + 1..i + needle.len()].eq_ignore_ascii_case(&needle[1..]) {
            return Some(i);
        }
        i += 1;
    }
    None
}

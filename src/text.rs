//! String building without `core::fmt`: `format!` pulls the whole
//! formatting machinery (about 10 KB) into the wasm for a few messages.

/// `&s[range]` with a fixed panic message. Plain `&s[range]` pulls in core's
/// formatted slice error, which prints the offending char with `{:?}` and so
/// brings Unicode tables along: about 2.5 KB gzip of a wasm that never uses them.
pub fn sub<R: core::slice::SliceIndex<str, Output = str>>(s: &str, range: R) -> &str {
    match s.get(range) {
        Some(part) => part,
        None => panic!("string sliced off a char boundary"),
    }
}

/// `s.split(sep)` for an ASCII `sep`. core's `split(char)` brings its char
/// searcher and `memchr` into the wasm (about 1 KB); an ASCII byte is always
/// a char boundary, so a byte scan is enough.
pub fn split_ascii(s: &str, sep: u8) -> SplitAscii<'_> {
    debug_assert!(sep.is_ascii());
    SplitAscii { rest: Some(s), sep }
}

/// The pieces of [`split_ascii`].
#[derive(Debug)]
pub struct SplitAscii<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for SplitAscii<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest?;
        match s.bytes().position(|b| b == self.sep) {
            Some(i) => {
                self.rest = Some(sub(s, i + 1..));
                Some(sub(s, ..i))
            }
            None => {
                self.rest = None;
                Some(s)
            }
        }
    }
}

/// What follows the last `sep` in `s` (all of `s` when there is none).
/// Cheaper in the wasm than `rsplit(sep).next()`, a reverse `str` searcher.
pub fn after_last(s: &str, sep: u8) -> &str {
    match s.bytes().rposition(|b| b == sep) {
        Some(i) => sub(s, i + 1..),
        None => s,
    }
}

/// The parts, joined.
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// The parts, joined with `sep`.
pub fn join<S: AsRef<str>>(parts: &[S], sep: &str) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p.as_ref());
    }
    out
}

/// Decimal digits of `n`.
pub fn uint(mut n: u64) -> String {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[i..].iter().map(|&d| d as char).collect()
}

/// `n` as lower-case hex, two digits a byte.
pub fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
    out
}

/// A decimal number of ASCII digits only (no sign, no spaces), if it fits.
pub fn parse_uint(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 19 {
        return None;
    }
    s.bytes().try_fold(0u64, |acc, b| b.is_ascii_digit().then(|| acc * 10 + (b - b'0') as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_joins() {
        assert_eq!(uint(0), "0");
        assert_eq!(uint(61_440), "61440");
        assert_eq!(uint(u64::MAX), u64::MAX.to_string());
        assert_eq!(parse_uint("120"), Some(120));
        assert_eq!(parse_uint("-1"), None);
        assert_eq!(parse_uint(""), None);
        assert_eq!(join(&["a", "b"], ", "), "a, b");
        assert_eq!(concat(&["x", "", "y"]), "xy");
        assert_eq!(hex(&[0, 255, 16]), "00ff10");
    }

    #[test]
    fn sub_slices_like_indexing() {
        assert_eq!(sub("aé b", 1..3), "é");
        assert_eq!(sub("aé b", 3..), " b");
        assert_eq!(after_last("user:default/jane", b'/'), "jane");
        assert_eq!(after_last("jane", b'/'), "jane");
        assert_eq!(after_last("a.", b'.'), "");
        for (s, sep) in [("a,b,,c", b','), ("", b','), (",", b','), ("é:x:", b':'), ("none", b'&')] {
            assert_eq!(split_ascii(s, sep).collect::<Vec<_>>(), s.split(sep as char).collect::<Vec<_>>(), "{s:?}");
        }
    }

    #[test]
    #[should_panic(expected = "char boundary")]
    fn sub_refuses_a_cut_inside_a_char() {
        sub("aé", 2..);
    }
}

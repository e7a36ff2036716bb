//! The few JSON-writing helpers the wire format needs (no `serde_json` in
//! the wasm: it would cost more than the whole scrubber).

use crate::text::sub;

/// Appends `s` as a JSON string literal, quotes included.
pub fn push_string(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none of them needs escaping (most text).
        if let Some(chunk) = bytes.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
            if !may_need_escape(u64::from_le_bytes(chunk)) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        i += 1;
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(sub(s, start..i - 1));
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        } else {
            out.push_str(esc);
        }
        start = i;
    }
    out.push_str(sub(s, start..));
    out.push('"');
}

/// Whether any of eight bytes may be a control character, `"` or `\\`. Never
/// false when one is (the classic zero-byte test: the lowest such byte is
/// always caught); sometimes true when none is, and then the bytes are looked
/// at one by one.
fn may_need_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below_0x20 = x.wrapping_sub(ONES * 0x20) & !x & HIGHS;
    let quote = x ^ (ONES * b'"' as u64);
    let backslash = x ^ (ONES * b'\\' as u64);
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    below_0x20 | zero(quote) | zero(backslash) != 0
}

/// Appends `"key":` .
pub fn push_key(out: &mut String, key: &str) {
    push_string(out, key);
    out.push(':');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_json_requires() {
        let mut out = String::new();
        push_string(&mut out, "a\"b\\c\nd\u{1}é✓");
        assert_eq!(out, r#""a\"b\\c\nd\u0001é✓""#);
    }

    /// Byte by byte, as the standard says: what the eight-at-a-time scan must match.
    fn reference(s: &str) -> String {
        let mut out = String::from('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    #[test]
    fn every_special_byte_at_every_offset_of_long_text_is_escaped() {
        let specials = ['"', '\\', '\n', '\r', '\t', '\0', '\x1f', '\x7f', 'é', '✓', '😀', ' ', '!', '#', '[', ']'];
        for len in 0..24 {
            for at in 0..len {
                for c in specials {
                    let s: String = (0..len).map(|i| if i == at { c } else { 'a' }).collect();
                    let mut out = String::new();
                    push_string(&mut out, &s);
                    assert_eq!(out, reference(&s), "{s:?}");
                }
            }
        }
        let mut out = String::new();
        let mixed = "\u{1}\"\\é\u{1f}x\ty\r😀z\"\"\"\"\"\"\"\"\"end";
        push_string(&mut out, mixed);
        assert_eq!(out, reference(mixed));
    }
}

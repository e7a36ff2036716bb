//! The few JSON-writing helpers the wire format needs (no `serde_json` in
//! the wasm: it would cost more than the whole scrubber).

use crate::prelude::*;

use crate::text::sub;

/// Appends `s` as a JSON string literal, quotes included.
pub fn push_string(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        // Most bytes need nothing: one test before the match.
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(sub(s, start..i));
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(sub(s, start..));
    out.push('"');
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
}

//! Time as the wire format writes it: RFC 3339 in UTC with milliseconds.
//! (The HTTP-date of a `Retry-After` header is read in the glue, by the
//! browser's `Date.parse`: shim/glue/transport.js.)

/// The instants RFC 3339's four-digit years can write: 0000-01-01 to 9999-12-31.
/// (The outbox also compares timestamps as text, which needs a fixed width.)
const MIN_MS: i64 = -62_167_219_200_000;
const MAX_MS: i64 = 253_402_300_799_999;

/// `2026-11-25T02:00:42.123Z` for milliseconds since the Unix epoch (clamped
/// to what four-digit years hold; not a number is the epoch).
pub fn rfc3339(ms_since_epoch: f64) -> String {
    let ms = if ms_since_epoch.is_finite() { ms_since_epoch as i64 } else { 0 };
    let ms = ms.clamp(MIN_MS, MAX_MS);
    let (days, ms_of_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let secs = ms_of_day / 1000;
    // Bytes, not `String::push` per character (the cost of it was most of this function's).
    let mut out = Vec::with_capacity(24);
    push_digits(&mut out, y, 4);
    out.push(b'-');
    push_digits(&mut out, m, 2);
    out.push(b'-');
    push_digits(&mut out, d, 2);
    out.push(b'T');
    push_digits(&mut out, secs / 3600, 2);
    out.push(b':');
    push_digits(&mut out, secs / 60 % 60, 2);
    out.push(b':');
    push_digits(&mut out, secs % 60, 2);
    out.push(b'.');
    push_digits(&mut out, ms_of_day % 1000, 3);
    out.push(b'Z');
    // SAFETY: ASCII digits and separators only.
    unsafe { String::from_utf8_unchecked(out) }
}

/// `n` (0 ≤ n < 10^width, as the clamp above keeps it) in decimal, zero-padded to `width`.
fn push_digits(out: &mut Vec<u8>, n: i64, width: u32) {
    let n = n.max(0) as u64;
    for place in (0..width).rev() {
        out.push(b'0' + (n / 10u64.pow(place) % 10) as u8);
    }
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(1_764_036_042_123.0), "2025-11-25T02:00:42.123Z");
        assert_eq!(rfc3339(951_782_400_000.0), "2000-02-29T00:00:00.000Z");
        assert_eq!(rfc3339(f64::NAN), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(-1.0), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn years_stay_four_digits() {
        assert_eq!(rfc3339(8.64e15), "9999-12-31T23:59:59.999Z", "JavaScript's last date, year 275760");
        assert_eq!(rfc3339(-8.64e15), "0000-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(253_402_300_799_999.0), "9999-12-31T23:59:59.999Z");
        assert_eq!(rfc3339(-62_167_219_200_000.0), "0000-01-01T00:00:00.000Z");
    }
}

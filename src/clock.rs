//! Time as the wire format writes it: RFC 3339 in UTC with milliseconds,
//! and the HTTP-date of a `Retry-After` header read back.

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

/// (year, month, day) → days since 1970-01-01.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Milliseconds since the epoch of an IMF-fixdate (`Wed, 21 Oct 2015 07:28:00 GMT`).
pub fn parse_http_date(s: &str) -> Option<f64> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let num = |p: &str| crate::text::parse_uint(p).map(|n| n as i64);
    let mut parts = crate::text::split_ascii(s, b' ');
    if !parts.next()?.ends_with(',') {
        return None;
    }
    let day = num(parts.next()?)?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as i64 + 1;
    let year = num(parts.next()?)?;
    let mut hms = crate::text::split_ascii(parts.next()?, b':').map(num);
    let (h, mi, se) = (hms.next()??, hms.next()??, hms.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let secs = days_from_civil(year, month, day) * 86_400 + h * 3600 + mi * 60 + se;
    Some(secs as f64 * 1000.0)
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

    #[test]
    fn http_dates_round_trip() {
        let ms = parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(rfc3339(ms), "2015-10-21T07:28:00.000Z");
        assert_eq!(parse_http_date("21 Oct 2015"), None);
        assert_eq!(parse_http_date("Wed, 21 Foo 2015 07:28:00 GMT"), None);
    }
}

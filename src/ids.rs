//! Event and batch ids: UUID v4 text from a fast generator seeded once from
//! `crypto.getRandomValues`. Ids must be unique (a collector deduplicates
//! on them), not secret, so one browser call per session is enough.

/// A small, fast generator (xorshift128+).
#[derive(Clone, Debug)]
pub struct IdGen {
    s0: u64,
    s1: u64,
}

impl IdGen {
    /// Seeded with 16 random bytes.
    pub fn new(seed: [u8; 16]) -> Self {
        let (a, b) = seed.split_at(8);
        let mut s0 = u64::from_le_bytes(a.try_into().unwrap_or([0; 8]));
        let mut s1 = u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
        if s0 == 0 && s1 == 0 {
            s0 = 0x9E37_79B9_7F4A_7C15;
            s1 = 0xD1B5_4A32_D192_ED03;
        }
        IdGen { s0, s1 }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.s0;
        let y = self.s1;
        self.s0 = y;
        x ^= x << 23;
        self.s1 = x ^ y ^ (x >> 17) ^ (y >> 26);
        self.s1.wrapping_add(y)
    }

    /// A number in [0, 1), for jitter.
    pub fn next_unit(&mut self) -> f64 {
        unit(self.next_u64())
    }

    /// A UUID v4 in its 36-character text form.
    pub fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        const HEX: &[u8; 16] = b"0123456789abcdef";
        // Bytes, not `String::push` per character (the cost of it was most of this function's).
        let mut out = Vec::with_capacity(36);
        for (i, b) in bytes.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                out.push(b'-');
            }
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 15) as usize]);
        }
        // SAFETY: ASCII hex digits and dashes only.
        unsafe { String::from_utf8_unchecked(out) }
    }
}

/// The top 53 bits of `bits` (all an `f64` holds exactly) as a fraction of 2^53: in [0, 1).
fn unit(bits: u64) -> f64 {
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_v4_and_distinct() {
        let mut g = IdGen::new([7; 16]);
        let a = g.uuid();
        let b = g.uuid();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
        assert!(a.chars().all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    }

    #[test]
    fn unit_spans_zero_to_just_below_one() {
        assert_eq!(unit(0), 0.0);
        // All 64 bits set: the largest value, which must not round up to 1.
        let top = unit(u64::MAX);
        assert!(top < 1.0 && top > 1.0 - 1e-15, "{top}");
        assert_eq!(unit(1 << 63), 0.5);
    }

    #[test]
    fn units_are_uniform() {
        // Jitter spreads retries only if every tenth of [0, 1) is as likely:
        // 20,000 draws, each tenth within 15 % of its expected 2,000.
        let mut g = IdGen::new(*b"jitter-is-spread");
        let mut tenths = [0u32; 10];
        for _ in 0..20_000 {
            let u = g.next_unit();
            assert!((0.0..1.0).contains(&u), "{u}");
            tenths[(u * 10.0) as usize] += 1;
        }
        assert!(tenths.iter().all(|&n| (1_700..=2_300).contains(&n)), "{tenths:?}");
    }
}

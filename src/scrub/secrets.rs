//! Secrets with a recognisable shape: JWTs, provider tokens with a known
//! prefix (GitHub, GitLab, Slack, AWS, npm, Stripe, Google), and
//! `Bearer <credential>`. Long random runs without a prefix are caught by
//! `entropy`.

use std::borrow::Cow;

use super::marker::{JWT, TOKEN};
use super::scan::{boundary_at, boundary_before, find_ci, is_alnum, replace_all, run_end, Hit};

/// A token prefix, the characters its body may use and its minimum body length.
struct Prefix {
    text: &'static [u8],
    body: fn(u8) -> bool,
    min_body: usize,
    max_body: usize,
}

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}
fn alnum_underscore(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}
fn alnum_dash(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}
fn b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}
fn upper_digit(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}

const PREFIXES: &[Prefix] = &[
    // GitHub: classic PATs and OAuth/app/refresh tokens, fine-grained PATs.
    Prefix { text: b"ghp_", body: alnum, min_body: 20, max_body: usize::MAX },
    Prefix { text: b"gho_", body: alnum, min_body: 20, max_body: usize::MAX },
    Prefix { text: b"ghu_", body: alnum, min_body: 20, max_body: usize::MAX },
    Prefix { text: b"ghs_", body: alnum, min_body: 20, max_body: usize::MAX },
    Prefix { text: b"ghr_", body: alnum, min_body: 20, max_body: usize::MAX },
    Prefix { text: b"github_pat_", body: alnum_underscore, min_body: 20, max_body: usize::MAX },
    // GitLab personal, runner and deploy tokens.
    Prefix { text: b"glpat-", body: b64url, min_body: 16, max_body: usize::MAX },
    Prefix { text: b"glrt-", body: b64url, min_body: 16, max_body: usize::MAX },
    Prefix { text: b"gldt-", body: b64url, min_body: 16, max_body: usize::MAX },
    // Slack bot, user, app, refresh and config tokens.
    Prefix { text: b"xoxb-", body: alnum_dash, min_body: 10, max_body: usize::MAX },
    Prefix { text: b"xoxp-", body: alnum_dash, min_body: 10, max_body: usize::MAX },
    Prefix { text: b"xoxa-", body: alnum_dash, min_body: 10, max_body: usize::MAX },
    Prefix { text: b"xoxr-", body: alnum_dash, min_body: 10, max_body: usize::MAX },
    Prefix { text: b"xoxs-", body: alnum_dash, min_body: 10, max_body: usize::MAX },
    Prefix { text: b"xoxe-", body: alnum_dash, min_body: 10, max_body: usize::MAX },
    Prefix { text: b"xapp-", body: alnum_dash, min_body: 10, max_body: usize::MAX },
    // AWS access key ids: exactly 16 more.
    Prefix { text: b"AKIA", body: upper_digit, min_body: 16, max_body: 16 },
    Prefix { text: b"ASIA", body: upper_digit, min_body: 16, max_body: 16 },
    // npm, Stripe, Google API keys.
    Prefix { text: b"npm_", body: alnum, min_body: 30, max_body: usize::MAX },
    Prefix { text: b"sk_live_", body: alnum, min_body: 16, max_body: usize::MAX },
    Prefix { text: b"sk_test_", body: alnum, min_body: 16, max_body: usize::MAX },
    Prefix { text: b"rk_live_", body: alnum, min_body: 16, max_body: usize::MAX },
    Prefix { text: b"AIza", body: b64url, min_body: 30, max_body: usize::MAX },
];

/// First bytes of every rule below, to skip positions cheaply.
fn may_start(b: u8) -> bool {
    matches!(b, b'e' | b'g' | b'x' | b'A' | b'n' | b's' | b'r' | b'B' | b'b')
}

pub fn mask(text: &str) -> Cow<'_, str> {
    replace_all(text, next_secret)
}

fn next_secret(bytes: &[u8], from: usize) -> Option<Hit> {
    (from..bytes.len()).find_map(|i| {
        work!(1);
        if !may_start(bytes[i]) || !boundary_before(bytes, i, is_alnum) {
            return None;
        }
        // Each rule by its first byte: no prefix starts with `e`, `b` or `B`.
        match bytes[i] {
            b'e' => jwt_at(bytes, i),
            b'b' | b'B' => bearer_at(bytes, i),
            _ => prefixed_at(bytes, i),
        }
    })
}

/// `eyJ…` `.` `…` `.` `…` (the signature may be empty for `alg: none`).
fn jwt_at(bytes: &[u8], i: usize) -> Option<Hit> {
    if !bytes[i..].starts_with(b"eyJ") {
        return None;
    }
    let header_end = run_end(bytes, i, b64url);
    if header_end - i < 10 || bytes.get(header_end) != Some(&b'.') {
        return None;
    }
    let payload_end = run_end(bytes, header_end + 1, b64url);
    if payload_end - header_end < 3 || bytes.get(payload_end) != Some(&b'.') {
        return None;
    }
    let end = run_end(bytes, payload_end + 1, b64url);
    Some(Hit::marker(i, end, JWT))
}

fn prefixed_at(bytes: &[u8], i: usize) -> Option<Hit> {
    PREFIXES.iter().find_map(|p| {
        // The first byte alone rules out most prefixes, before a comparison call.
        if p.text[0] != bytes[i] || !bytes[i..].starts_with(p.text) {
            return None;
        }
        let body = i + p.text.len();
        let end = run_end(bytes, body, p.body);
        let len = end - body;
        (len >= p.min_body && len <= p.max_body && boundary_at(bytes, end, is_alnum))
            .then(|| Hit::marker(i, end, TOKEN))
    })
}

fn credential(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/' | b'=')
}

/// `Bearer <credential>` (any case), as in a copied Authorization header.
fn bearer_at(bytes: &[u8], i: usize) -> Option<Hit> {
    if find_ci(&bytes[i..(i + 6).min(bytes.len())], 0, b"bearer") != Some(0) {
        return None;
    }
    let spaces_end = run_end(bytes, i + 6, |b| b == b' ');
    if spaces_end == i + 6 {
        return None;
    }
    let end = run_end(bytes, spaces_end, credential);
    (end - spaces_end >= 8).then(|| Hit::marker(i, end, TOKEN))
}

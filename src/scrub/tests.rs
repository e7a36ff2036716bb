//! One example per rule (the README's Privacy table repeats them), plus the
//! ordinary subjects that must come out untouched. Generated cases live in
//! `tests/scrub_properties.rs`.

use super::*;
use crate::config::ScrubOptions;

fn scrub(text: &str) -> String {
    Scrubber::default().scrub(text).into_owned()
}

fn scrub_allowing(text: &str, allowed: &[&str]) -> String {
    let opts =
        ScrubOptions { allowed_query_params: allowed.iter().map(|s| s.to_string()).collect(), ..Default::default() };
    Scrubber::new(&opts).scrub(text).into_owned()
}

#[test]
fn ordinary_subjects_are_untouched_and_borrowed() {
    for text in [
        "/catalog/default/component/api",
        "Create new component",
        "/docs/default/component/backstage/getting-started",
        "Go to demo plugin",
        "/catalog/default/group/team-a",
        "123e4567-e89b-12d3-a456-426614174000",
        "my-very-long-component-name-for-the-platform-team",
        "Why? Because.",
        "issue #42",
        "@backstage/plugin-catalog",
        "Build 1234567 passed in 42 s",
        "user: default",
        "",
        "naïve café ünïcödé ✓",
    ] {
        let out = Scrubber::default().scrub(text);
        assert!(matches!(out, std::borrow::Cow::Borrowed(_)), "{text:?} became {out:?}");
    }
}

#[test]
fn query_and_fragment_removed() {
    assert_eq!(scrub("/catalog?filters[kind]=component&q=jane#top"), "/catalog");
    assert_eq!(scrub("/docs/default/component/x/page#heading"), "/docs/default/component/x/page");
    assert_eq!(scrub("see https://ex.com/a?secret=1 and more"), "see https://ex.com/a and more");
    assert_eq!(scrub("catalog?kind=user"), "catalog");
    assert_eq!(scrub("?q=hello"), "");
}

#[test]
fn allowed_query_params_stay() {
    assert_eq!(scrub_allowing("/search?tab=docs&q=jane&page=2#x", &["tab", "page"]), "/search?tab=docs&page=2");
    assert_eq!(scrub_allowing("/search?q=jane@example.com", &["q"]), "/search?q=<email>");
}

#[test]
fn emails() {
    assert_eq!(scrub("contact jane.doe+x@example.co.uk now"), "contact <email> now");
    assert_eq!(scrub("/users/jane%40example.com/profile"), "/users/<email>/profile");
    assert_eq!(scrub("mailto:a@b.io."), "mailto:<email>.");
    assert_eq!(scrub("user@localhost"), "user@localhost");
}

#[test]
fn jwts() {
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    assert_eq!(scrub(&format!("token={jwt}")), "token=<jwt>");
    assert_eq!(scrub(&format!("{jwt} x")), "<jwt> x");
}

#[test]
fn provider_tokens() {
    for (input, want) in [
        ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "<token>"),
        ("github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "<token>"),
        ("key glpat-AbCdEf1234567890xyz end", "key <token> end"),
        ("xoxb-1234567890-abcdefghij", "<token>"),
        ("AKIAIOSFODNN7EXAMPLE", "<token>"),
        ("ASIAIOSFODNN7EXAMPLE!", "<token>!"),
        ("Authorization: Bearer abc.def-ghi_jkl", "Authorization: <token>"),
        ("npm_abcdefghijklmnopqrstuvwxyz0123456789", "<token>"),
    ] {
        assert_eq!(scrub(input), want, "{input}");
    }
    // A prefix alone, or in a word, is not a token.
    assert_eq!(scrub("ghp_ short"), "ghp_ short");
    assert_eq!(scrub("EURASIAN"), "EURASIAN");
}

#[test]
fn long_random_runs() {
    assert_eq!(scrub("sha 0123456789abcdef0123456789abcdef01234567"), "sha <token>");
    assert_eq!(scrub("key=Zm9vYmFyQmF6UXV4MTIzNDU2Nzg5MGFiY2RlZg=="), "key=<token>");
    assert_eq!(scrub("build-0123456789abcdef0123456789abcdef"), "build-<token>");
}

#[test]
fn cards() {
    assert_eq!(scrub("card 4111 1111 1111 1111 ok"), "card <card> ok");
    assert_eq!(scrub("4111-1111-1111-1111"), "<card>");
    assert_eq!(scrub("5500005555555559"), "<card>");
    // Not Luhn-valid, or too short: kept.
    assert_eq!(scrub("4111 1111 1111 1112"), "4111 1111 1111 1112");
    assert_eq!(scrub("order 123456789012"), "order 123456789012");
}

#[test]
fn user_paths_and_refs() {
    assert_eq!(scrub("/catalog/default/user/jane.doe"), "/catalog/default/user/<user>");
    assert_eq!(scrub("/Catalog/Default/User/Jane/ownership"), "/Catalog/Default/User/<user>/ownership");
    assert_eq!(scrub("owner user:default/jane.doe"), "owner user:default/<user>");
    assert_eq!(scrub("user:jdoe"), "user:<user>");
    assert_eq!(scrub("/catalog/default/group/users"), "/catalog/default/group/users");
}

#[test]
fn own_name_anywhere() {
    let mut s = Scrubber::default();
    s.set_user(Some("user:default/jane.doe"));
    assert_eq!(s.scrub("Search: Jane.Doe repos"), "Search: <user> repos");
    assert_eq!(s.scrub("janed.doe"), "janed.doe");
    s.set_user(None);
    assert_eq!(s.scrub("jane.doe"), "jane.doe");
}

#[test]
fn long_strings_are_capped_with_a_marker() {
    let long = "a ".repeat(3000);
    let out = scrub(&long);
    assert!(out.ends_with(TRUNCATED));
    assert!(out.len() <= MAX_OUTPUT_BYTES + TRUNCATED.len());
    // Multi-byte text is cut on a char boundary.
    let out = scrub(&"é".repeat(2000));
    assert!(out.ends_with(TRUNCATED));
}

#[test]
fn input_cut_fails_closed() {
    // A query string that scrubbing removes shrinks everything before the
    // cut, which lands inside a token: its unrecognisable prefix must not
    // move up into the kept 1 KiB.
    let prefix = format!("/p?{} ", "q".repeat(MAX_INPUT_BYTES - 20));
    let text = format!("{prefix}ghp_{}", "a".repeat(40));
    assert!(prefix.len() + 10 < MAX_INPUT_BYTES && text.len() > MAX_INPUT_BYTES);
    let out = scrub(&text);
    assert!(!out.contains("ghp_"), "{out}");
    assert!(out.starts_with("/p "), "{out}");
}

#[test]
fn cut_next_to_multibyte_whitespace() {
    // U+3000 is whitespace of three bytes: the cut must step over all of it.
    let text = format!("x\u{3000}{}", "a".repeat(MAX_INPUT_BYTES + 10));
    let out = scrub(&text);
    assert!(out.ends_with(TRUNCATED));
    for ws in ["\u{2028}", "\u{a0}", "\u{3000}", " "] {
        let text = format!("{}{ws}{}", "b".repeat(MAX_INPUT_BYTES - 2), "c".repeat(50));
        let _ = scrub(&text);
    }
}

/// The scanning work (bytes looked at, counted by `scan::work`) for `text`,
/// scrubbed as the signed-in `user:default/jane.doe`.
fn work_for(text: &str) -> usize {
    let mut scrubber = Scrubber::default();
    scrubber.set_user(Some("user:default/jane.doe"));
    scan::WORK.with(|w| w.set(0));
    let out = scrubber.scrub(text);
    assert!(out.len() <= MAX_OUTPUT_BYTES + TRUNCATED.len());
    scan::WORK.with(|w| w.get())
}

#[test]
fn adversarial_repetitions_stay_linear() {
    // Each piece, repeated, was quadratic once (a scan back from every match
    // to the start of the text). Work per input byte must stay the same when
    // the input grows fourfold: linear work does, quadratic work quadruples.
    // Counted, not timed, so a busy machine cannot fail it or hide a regression.
    for piece in [
        "a@",
        "a%40",
        "a.b@c.",
        "user ",
        "user:",
        "/catalog/user/",
        "/catalog/default/user/x/",
        "eyJ.",
        "eyJhbGciOi.",
        "?x=",
        "a?b#",
        "4111 ",
        "4111-",
        "1 ",
        "Bearer ",
        "bearer x",
        "ghp_",
        "AKIA",
        "xoxb-",
        "jane.doe ",
        "jane.doe.",
        "aB3",
        "0f",
        "ab-",
        "lorem ipsum ",
    ] {
        let small = piece.repeat(MAX_INPUT_BYTES / 4 / piece.len());
        let large = piece.repeat(MAX_INPUT_BYTES / piece.len());
        let (small_work, large_work) = (work_for(&small), work_for(&large));
        // Every rule scans the whole text at least once: the counter is live.
        assert!(small_work >= small.len(), "{piece:?}: {small_work} for {} bytes", small.len());
        let small_per_byte = small_work as f64 / small.len() as f64;
        let large_per_byte = large_work as f64 / large.len() as f64;
        assert!(
            large_per_byte <= small_per_byte * 1.25,
            "{piece:?} repeated: {small_per_byte:.1} steps per byte at {} bytes, {large_per_byte:.1} at {} bytes",
            small.len(),
            large.len()
        );
        // And a small constant: a bounded scan back (64 bytes at most) still passes.
        assert!(large_per_byte <= 200.0, "{piece:?} repeated: {large_per_byte:.1} steps per byte");
    }
}

#[test]
fn long_single_words_keep_their_first_kibibyte() {
    let out = scrub(&"x".repeat(10_000));
    assert_eq!(out.len(), MAX_OUTPUT_BYTES + TRUNCATED.len());
    assert!(out.starts_with("xxxx"));
}

#[test]
fn scrubbing_is_idempotent_on_examples() {
    for text in ["/catalog/default/user/jane?x=1", "jane@example.com 4111111111111111", "user:default/jd"] {
        let once = scrub(text);
        assert_eq!(scrub(&once), once);
    }
}

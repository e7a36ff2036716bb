//! The scrubber for the Insights backend (Node.js), built only with the
//! `server` feature so the browser download does not carry it. The backend
//! scrubs every stored string again with the same rules, so an old,
//! misconfigured or foreign client still stores no personal data.

use wasm_bindgen::prelude::*;

use crate::config::ScrubOptions;
use crate::scrub::{Scrubber, TRUNCATED};

/// Scrubs `texts` as the module does for the signed-in `user_entity_ref`,
/// keeping `allowed_query_params`; one call per batch. Text the module
/// already cut keeps its single marker: scrubbing is idempotent on it.
#[wasm_bindgen(js_name = scrubTexts)]
pub fn scrub_texts(
    texts: Vec<String>,
    user_entity_ref: Option<String>,
    allowed_query_params: Vec<String>,
) -> Vec<String> {
    let mut scrubber = Scrubber::new(&ScrubOptions { allowed_query_params, ..Default::default() });
    scrubber.set_user(user_entity_ref.as_deref());
    texts.iter().map(|t| rescrub(&scrubber, t)).collect()
}

/// One text, with a cut marker from an earlier pass kept once.
pub fn rescrub(scrubber: &Scrubber, text: &str) -> String {
    match text.strip_suffix(TRUNCATED) {
        Some(head) => {
            let out = scrubber.scrub(head);
            if out.ends_with(TRUNCATED) {
                out.into_owned()
            } else {
                out.into_owned() + TRUNCATED
            }
        }
        None => scrubber.scrub(text).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrubber() -> Scrubber {
        let mut s = Scrubber::new(&ScrubOptions::default());
        s.set_user(Some("user:default/jane.doe"));
        s
    }

    #[test]
    fn rescrubbing_scrubbed_text_changes_nothing() {
        let s = scrubber();
        for raw in [
            "/catalog/default/user/jane.doe?x=1",
            "mail jane@example.com ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            &"a".repeat(5000),
            &"é".repeat(3000),
        ] {
            let once = s.scrub(raw).into_owned();
            assert_eq!(rescrub(&s, &once), once, "{raw:.40}");
        }
    }

    #[test]
    fn rescrubbing_finds_what_a_foreign_client_left() {
        let s = scrubber();
        assert_eq!(rescrub(&s, "Jane.Doe wrote to bob@example.com"), "<user> wrote to <email>");
        let long = "x@y.io ".repeat(400) + TRUNCATED;
        let out = rescrub(&s, &long);
        assert!(out.ends_with(TRUNCATED) && !out.contains('@'), "{out:.60}");
        assert_eq!(out.matches(TRUNCATED).count(), 1);
    }
}

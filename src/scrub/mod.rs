//! Scrubbing: removes personal data and secrets from one string before an
//! event is queued. Hand-written byte scanners (no `regex`: it would triple
//! the wasm). Every rule lives in its own file and returns `Cow::Borrowed`
//! when it finds nothing, so clean text costs a scan and no allocation.
//!
//! Order matters and is fixed here: URLs lose their query strings first
//! (that is where most personal data rides), then user paths and refs,
//! secrets, emails, card numbers, long random runs, and last the signed-in
//! user's own name.

/// `scan::work(bytes)` in this crate's tests; nothing at all otherwise.
macro_rules! work {
    ($bytes:expr) => {
        #[cfg(test)]
        crate::scrub::scan::work($bytes);
    };
}

mod card;
mod email;
pub mod entropy;
mod own_name;
mod scan;
mod secrets;
mod url;
mod user_ref;

use std::borrow::Cow;

use crate::config::ScrubOptions;
use crate::text::sub;

/// Strings longer than this many UTF-8 bytes are cut (at a char boundary)
/// after scrubbing, and marked with [`TRUNCATED`].
pub const MAX_OUTPUT_BYTES: usize = 1024;
/// Input past this is not scanned at all, so a 10 MB string costs what a
/// 64 KB one does (well under a millisecond). The cut fails closed: see
/// [`Scrubber::scrub`].
pub const MAX_INPUT_BYTES: usize = 64 * 1024;
/// Appended where a string was cut.
pub const TRUNCATED: &str = "…<truncated>";

/// The markers that replace what was removed.
pub mod marker {
    /// An email address.
    pub const EMAIL: &str = "<email>";
    /// A JSON Web Token.
    pub const JWT: &str = "<jwt>";
    /// A secret or token.
    pub const TOKEN: &str = "<token>";
    /// A Luhn-valid card number.
    pub const CARD: &str = "<card>";
    /// A user's name.
    pub const USER: &str = "<user>";
}

/// Scrubs strings with the built-in rules, the configured allow-list and the
/// signed-in user's name.
#[derive(Clone, Debug, Default)]
pub struct Scrubber {
    allowed_query_params: Vec<String>,
    own_name: own_name::OwnName,
}

impl Scrubber {
    /// A scrubber for these options, with no signed-in user yet.
    pub fn new(options: &ScrubOptions) -> Self {
        Scrubber { allowed_query_params: options.allowed_query_params.clone(), own_name: own_name::OwnName::default() }
    }

    /// Masks this user's name (from `user:default/jane.doe`) wherever it appears.
    pub fn set_user(&mut self, user_entity_ref: Option<&str>) {
        self.own_name = own_name::OwnName::from_ref(user_entity_ref);
    }

    /// The scrubbed form of `text`.
    pub fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if text.len() <= MAX_INPUT_BYTES {
            return cap_output(self.scrub_all(text), false);
        }
        // The cut may split a secret and leave a prefix no rule recognises.
        // It is harmless while the final 1 KiB cap drops it anyway; if
        // replacements shrank the text enough to bring it that close, the
        // word the cut landed in is dropped too: the cut fails closed.
        let head = sub(text, ..floor_char_boundary(text, MAX_INPUT_BYTES));
        // Unicode whitespace is multi-byte: step past the whole character.
        let word_start =
            head.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
        let last_word = head.len() - word_start;
        let out = self.scrub_all(head);
        if out.len() >= MAX_OUTPUT_BYTES + last_word + MARKER_GROWTH {
            return cap_output(out, true);
        }
        cap_output(self.scrub_all(sub(head, ..head.len() - last_word)), true)
    }

    fn scrub_all<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out: Cow<'a, str> = Cow::Borrowed(text);
        apply(&mut out, |t| url::strip_queries(t, &self.allowed_query_params));
        apply(&mut out, user_ref::mask);
        apply(&mut out, secrets::mask);
        apply(&mut out, email::mask);
        apply(&mut out, card::mask);
        apply(&mut out, entropy::mask);
        apply(&mut out, |t| self.own_name.mask(t));
        out
    }
}

/// More than any marker adds over what it replaces.
const MARKER_GROWTH: usize = 16;

/// Cuts to [`MAX_OUTPUT_BYTES`] and marks the cut.
fn cap_output(out: Cow<'_, str>, cut: bool) -> Cow<'_, str> {
    if !cut && out.len() <= MAX_OUTPUT_BYTES {
        return out;
    }
    let keep = floor_char_boundary(&out, MAX_OUTPUT_BYTES);
    let mut s = String::with_capacity(keep + TRUNCATED.len());
    s.push_str(sub(&out, ..keep));
    s.push_str(TRUNCATED);
    Cow::Owned(s)
}

/// Runs one rule; keeps the borrowed text when the rule changed nothing.
fn apply<'a>(text: &mut Cow<'a, str>, rule: impl for<'b> Fn(&'b str) -> Cow<'b, str>) {
    let replaced = match rule(text.as_ref()) {
        Cow::Borrowed(_) => return,
        Cow::Owned(s) => s,
    };
    *text = Cow::Owned(replaced);
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    if s.len() <= max {
        return s.len();
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests;

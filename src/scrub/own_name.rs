//! The signed-in user's own name, wherever it appears (a search for
//! oneself, a page title), masked as a whole word in any case.

use std::borrow::Cow;

use super::marker::USER;
use super::scan::{boundary_at, boundary_before, find_ci, is_alnum, replace_all, Hit};
use crate::text::after_last;

/// The name part of the signed-in user's entity ref, lower-cased.
#[derive(Clone, Debug, Default)]
pub struct OwnName {
    name: Option<Vec<u8>>,
}

impl OwnName {
    /// From `user:default/jane.doe` (or `jane.doe`): masks `jane.doe`.
    pub fn from_ref(user_entity_ref: Option<&str>) -> Self {
        let name = user_entity_ref.map(|r| after_last(after_last(r, b':'), b'/').to_ascii_lowercase().into_bytes());
        // One-letter names would mask half of every text.
        OwnName { name: name.filter(|n| n.len() >= 2) }
    }

    pub fn mask<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let Some(name) = &self.name else { return Cow::Borrowed(text) };
        if find_ci(text.as_bytes(), 0, name).is_none() {
            return Cow::Borrowed(text);
        }
        replace_all(text, |bytes, from| {
            let mut at = from;
            while let Some(i) = find_ci(bytes, at, name) {
                let end = i + name.len();
                if boundary_before(bytes, i, is_alnum) && boundary_at(bytes, end, is_alnum) {
                    return Some(Hit::marker(i, end, USER));
                }
                at = i + 1;
            }
            None
        })
    }
}

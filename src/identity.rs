//! The pseudonymous identity: `lowercase hex(SHA-256(userEntityRef + salt))`,
//! the value the Backstage Insights backend checks. The plain ref is hashed
//! here and never stored beside the events.

use sha2::{Digest, Sha256};

/// The identity for `user_entity_ref` under `salt`.
pub fn hash(user_entity_ref: &str, salt: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(user_entity_ref.as_bytes());
    hasher.update(salt.as_bytes());
    crate::text::hex(&hasher.finalize())
}

/// Where the identity lookup stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Identity {
    /// `getBackstageIdentity()` has not answered: events wait (bounded).
    Pending,
    /// The hash of the signed-in user.
    Known(String),
    /// The lookup failed or timed out: events leave with `identity: null`.
    Unavailable,
}

impl Identity {
    /// The hash, if known.
    pub fn hash(&self) -> Option<&str> {
        match self {
            Identity::Known(h) => Some(h),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same vectors: the backend's `identityHash` (`plugins/insights-backend/src/ingest/identityHash.test.ts`)
    /// and the identity in the pipeline's batches (`tests/contracts.rs`).
    #[test]
    fn matches_the_shared_vectors() {
        let vectors = include_str!("../tests/identity-vectors.json");
        let mut checked = 0;
        for line in vectors.lines().filter(|l| l.contains("\"ref\"")) {
            let field = |name: &str| {
                let start = line.find(&format!("\"{name}\": \"")).unwrap() + name.len() + 5;
                line[start..].split('"').next().unwrap().to_string()
            };
            assert_eq!(hash(&field("ref"), &field("salt")), field("identity"), "{line}");
            checked += 1;
        }
        assert!(checked >= 3);
    }
}

//! Whether a page's events may leave at all: the host it runs on
//! (`hosts`), the user's consent (the Global Privacy Control signal, an
//! opt-out) and the session's sampling draw (`sampleRate`). Decided from
//! facts the browser layer reads once per page (and again on `optOut()` /
//! `optIn()`); a closed gate drops each event it stops, counted under its reason.
//! The identity rule (`identity: required`) is the pipeline's: it is per event.

use crate::config::{defaults::SAMPLE_SCALE, Controls};
use crate::stats::DropReason;

/// What the browser layer reads about the page and the user.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageFacts {
    /// `location.hostname` (`None` outside a page).
    pub hostname: Option<String>,
    /// `navigator.globalPrivacyControl === true`.
    pub global_privacy_control: bool,
    /// The user opted out in this browser.
    pub opted_out: bool,
    /// This session's sampling draw, in `0..SAMPLE_SCALE`.
    pub sample_draw: u32,
}

/// Why the page's events do not leave, or `None` when they do. Consent
/// comes first: it is the reason a user would look for.
pub fn closed_by(controls: &Controls, facts: &PageFacts) -> Option<DropReason> {
    if facts.opted_out {
        return Some(DropReason::OptedOut);
    }
    if controls.respect_gpc && facts.global_privacy_control {
        return Some(DropReason::GlobalPrivacyControl);
    }
    if let Some(hosts) = &controls.hosts {
        // Outside a page there is no host to hold against the list.
        if !facts.hostname.as_deref().is_some_and(|h| host_listed(hosts, h)) {
            return Some(DropReason::HostNotListed);
        }
    }
    (facts.sample_draw >= controls.sample_ppm).then_some(DropReason::NotSampled)
}

/// Whether a closed gate also forgets what is queued or stored: for consent
/// and the host list nothing may leave; an unsampled session still sends
/// what sampled-in pages of this browser left in storage.
pub fn forgets_stored(reason: DropReason) -> bool {
    !matches!(reason, DropReason::NotSampled)
}

/// A draw for a new session from random bytes: uniform in `0..SAMPLE_SCALE`
/// up to a bias of 2^-32 · SAMPLE_SCALE.
pub fn sample_draw(random: [u8; 4]) -> u32 {
    ((u32::from_le_bytes(random) as u64 * SAMPLE_SCALE as u64) >> 32) as u32
}

/// `hostname` matches an entry exactly (ignoring ASCII case), or a
/// `*.example.com` entry as one of its subdomains (not `example.com` itself).
pub fn host_listed(hosts: &[String], hostname: &str) -> bool {
    hosts.iter().any(|pattern| match pattern.strip_prefix("*.") {
        Some(parent) => {
            hostname.len() > parent.len() + 1
                && hostname.as_bytes()[hostname.len() - parent.len() - 1] == b'.'
                && hostname.as_bytes()[hostname.len() - parent.len()..].eq_ignore_ascii_case(parent.as_bytes())
        }
        None => pattern.eq_ignore_ascii_case(hostname),
    })
}

/// A `hosts` entry this module can match: a hostname, or `*.` and one;
/// no scheme, port, path or spaces.
pub fn is_host_pattern(s: &str) -> bool {
    let name = s.strip_prefix("*.").unwrap_or(s);
    !name.is_empty()
        && !name.starts_with('.')
        && !name.ends_with('.')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b >= 0x80)
}

/// What the console says once when the gate is closed for `reason`.
pub fn explain(reason: DropReason) -> &'static str {
    match reason {
        DropReason::HostNotListed => {
            "backstageInsights.hosts does not list this page's host: no events are sent from here"
        }
        DropReason::GlobalPrivacyControl => {
            "this browser sends the Global Privacy Control signal: no events are sent or stored (backstageInsights.respectGlobalPrivacyControl)"
        }
        DropReason::OptedOut => "this user opted out: no events are sent or stored",
        DropReason::NotSampled => {
            "this session is outside backstageInsights.sampleRate: its events are not sent"
        }
        DropReason::NoIdentity => {
            "backstageInsights.identity is required and the identity lookup failed: events are dropped"
        }
        _ => "events are not sent",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn controls(hosts: Option<&[&str]>, sample_ppm: u32) -> Controls {
        Controls { hosts: hosts.map(|h| h.iter().map(|s| s.to_string()).collect()), respect_gpc: true, sample_ppm }
    }

    fn facts(host: &str) -> PageFacts {
        PageFacts { hostname: Some(host.into()), ..Default::default() }
    }

    #[test]
    fn hosts_match_exactly_or_as_subdomains() {
        let hosts = vec!["backstage.example.com".to_string(), "*.corp.example".to_string()];
        assert!(host_listed(&hosts, "backstage.example.com"));
        assert!(host_listed(&hosts, "Backstage.Example.COM"));
        assert!(!host_listed(&hosts, "staging.backstage.example.com"));
        assert!(!host_listed(&hosts, "localhost"));
        assert!(host_listed(&hosts, "portal.corp.example"));
        assert!(host_listed(&hosts, "a.b.corp.example"));
        assert!(!host_listed(&hosts, "corp.example"), "the wildcard is for subdomains");
        assert!(!host_listed(&hosts, "evilcorp.example"), "a suffix is not a subdomain");
        assert!(!host_listed(&[], "backstage.example.com"));
    }

    #[test]
    fn host_patterns_are_names_without_scheme_port_or_path() {
        for ok in ["backstage.example.com", "localhost", "*.example.com", "xn--bcher-kva.example"] {
            assert!(is_host_pattern(ok), "{ok}");
        }
        for bad in ["https://backstage.example.com", "localhost:3000", "example.com/", "", "*.", "a b", ".x"] {
            assert!(!is_host_pattern(bad), "{bad}");
        }
    }

    #[test]
    fn consent_comes_before_the_host_and_the_draw() {
        let c = controls(Some(&["prod.example"]), 0);
        let mut f = facts("staging.example");
        f.opted_out = true;
        f.global_privacy_control = true;
        assert_eq!(closed_by(&c, &f), Some(DropReason::OptedOut));
        f.opted_out = false;
        assert_eq!(closed_by(&c, &f), Some(DropReason::GlobalPrivacyControl));
        f.global_privacy_control = false;
        assert_eq!(closed_by(&c, &f), Some(DropReason::HostNotListed));
        assert_eq!(closed_by(&c, &facts("prod.example")), Some(DropReason::NotSampled));
        let no_page = PageFacts::default();
        assert_eq!(closed_by(&c, &no_page), Some(DropReason::HostNotListed));
    }

    #[test]
    fn the_gpc_signal_is_ignored_only_when_configured_so() {
        let mut c = controls(None, SAMPLE_SCALE);
        let f = PageFacts { global_privacy_control: true, ..facts("x") };
        assert_eq!(closed_by(&c, &f), Some(DropReason::GlobalPrivacyControl));
        c.respect_gpc = false;
        assert_eq!(closed_by(&c, &f), None);
    }

    #[test]
    fn a_rate_lets_through_that_share_of_draws() {
        let all = controls(None, SAMPLE_SCALE);
        let none = controls(None, 0);
        let half = controls(None, SAMPLE_SCALE / 2);
        let (mut in_half, mut in_all, mut in_none) = (0, 0, 0);
        for i in 0u32..10_000 {
            // A cheap spread of 32-bit values, as random bytes would give.
            let f = PageFacts { sample_draw: sample_draw(i.wrapping_mul(2_654_435_761).to_le_bytes()), ..facts("x") };
            assert!(f.sample_draw < SAMPLE_SCALE);
            in_all += closed_by(&all, &f).is_none() as u32;
            in_none += closed_by(&none, &f).is_none() as u32;
            in_half += closed_by(&half, &f).is_none() as u32;
        }
        assert_eq!((in_all, in_none), (10_000, 0));
        assert!((4_800..5_200).contains(&in_half), "{in_half} of 10000 in at 0.5");
        assert_eq!(sample_draw([0xff; 4]), SAMPLE_SCALE - 1);
        assert_eq!(sample_draw([0; 4]), 0);
    }

    #[test]
    fn only_sampling_keeps_what_is_stored() {
        assert!(!forgets_stored(DropReason::NotSampled));
        for r in [DropReason::OptedOut, DropReason::GlobalPrivacyControl, DropReason::HostNotListed] {
            assert!(forgets_stored(r), "{r:?}");
        }
    }
}

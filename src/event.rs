//! The event model: what the browser layer reads from a plugin's
//! `AnalyticsEvent`, and its wire form, scrubbed and written to JSON in one
//! pass (no intermediate copy of the event).

use std::borrow::Cow;

use crate::json::{push_key, push_string};
use crate::scrub::{marker, Scrubber};
use crate::value::Prim;

/// Attributes (and context entries) kept per event; more are dropped and counted.
pub const MAX_FIELDS: usize = 64;
/// Longer attribute keys are dropped and counted (keys are not scrubbed).
pub const MAX_KEY_BYTES: usize = 128;

/// An event as a plugin passed it, already copied out of JavaScript: the
/// caller's object is never touched again. Its texts borrow from the record
/// it was read from (no copy per field); an event kept past the read (waiting
/// for the identity) owns them: [`RawEvent::into_owned`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawEvent<'a> {
    /// `navigate`, `click`, ... (non-empty).
    pub action: Cow<'a, str>,
    /// The subject (a path for `navigate`).
    pub subject: Cow<'a, str>,
    /// JSON text of a finite number, if the plugin gave one.
    pub value: Option<Cow<'a, str>>,
    /// Attribute entries with primitive values.
    pub attributes: Vec<(Cow<'a, str>, Prim<'a>)>,
    /// Context entries with primitive values.
    pub context: Vec<(Cow<'a, str>, Prim<'a>)>,
}

impl RawEvent<'_> {
    /// The same event, owning its texts.
    pub fn into_owned(self) -> RawEvent<'static> {
        RawEvent {
            action: owned(self.action),
            subject: owned(self.subject),
            value: self.value.map(owned),
            attributes: owned_fields(self.attributes),
            context: owned_fields(self.context),
        }
    }
}

pub(crate) fn owned(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}

fn owned_fields(fields: Vec<(Cow<'_, str>, Prim<'_>)>) -> Vec<(Cow<'static, str>, Prim<'static>)> {
    let mut out = Vec::with_capacity(fields.len());
    for (key, value) in fields {
        out.push((owned(key), value.into_owned()));
    }
    out
}

/// Whether an attribute or context key may be kept: short enough, not on
/// the integrator's redact list, and on the allow-list when there is one
/// (both compared ignoring ASCII case, as the backend's second pass does).
pub fn keep_key(key: &str, redact: &[String], allowed: Option<&[String]>) -> bool {
    key.len() <= MAX_KEY_BYTES
        && !redact.iter().any(|r| r.eq_ignore_ascii_case(key))
        && allowed.is_none_or(|a| a.iter().any(|k| k.eq_ignore_ascii_case(key)))
}

/// At least the bytes [`encode`] writes for `event` when nothing in it is
/// escaped or grows by scrubbing (with a 64-character identity), a few more
/// with numbers and booleans: the capacity to give its buffer, so that it is
/// written without growing (one allocation per event).
/// `added`: the configured `attributes` [`encode`] is given.
pub fn encoded_len(event: &RawEvent<'_>, added: &[(String, Prim<'_>)]) -> usize {
    // `{"id":"…","timestamp":"…","action":"","subject":"","attributes":{},"context":{},"identity":"…"}`
    const FIXED: usize = 216;
    fn field(key: &str, value: &Prim<'_>) -> usize {
        key.len()
            + 6
            + match value {
                Prim::Str(s) | Prim::Num(s) => s.len(),
                Prim::Bool(_) => 5,
            }
    }
    FIXED
        + event.action.len()
        + event.subject.len()
        + event.value.as_ref().map_or(0, |v| 9 + v.len())
        + event.attributes.iter().chain(&event.context).map(|(k, v)| field(k, v)).sum::<usize>()
        + added.iter().map(|(k, v)| field(k, v)).sum::<usize>()
}

/// Appends the wire form of `event` to `out`.
pub fn encode(
    out: &mut String,
    event: &RawEvent<'_>,
    id: &str,
    timestamp: &str,
    identity: Option<&str>,
    attributes: &[(String, Prim<'_>)],
    scrubber: &Scrubber,
) {
    out.push('{');
    push_key(out, "id");
    push_string(out, id);
    out.push(',');
    push_key(out, "timestamp");
    push_string(out, timestamp);
    out.push(',');
    push_key(out, "action");
    push_string(out, &scrubber.scrub(&event.action));
    out.push(',');
    push_key(out, "subject");
    push_string(out, &scrubber.scrub(&event.subject));
    if let Some(v) = &event.value {
        out.push(',');
        push_key(out, "value");
        out.push_str(v);
    }
    out.push(',');
    push_key(out, "attributes");
    push_fields(out, &event.attributes, &[], scrubber);
    out.push(',');
    push_key(out, "context");
    push_fields(out, &event.context, attributes, scrubber);
    out.push(',');
    push_key(out, "identity");
    match identity {
        Some(h) => push_string(out, h),
        None => out.push_str("null"),
    }
    out.push('}');
}

/// Whether the fields name a user entity the way Backstage's route params
/// do on a catalog page (`{ namespace, kind: "user", name }`): then the
/// `name` is a person's.
fn names_a_user(fields: &[(Cow<'_, str>, Prim<'_>)]) -> bool {
    fields.iter().any(|(k, v)| k == "kind" && matches!(v, Prim::Str(s) if s.eq_ignore_ascii_case("user")))
}

/// Writes `fields` as a JSON object, then `added` (the configured
/// `attributes`, which replace a field of the same name).
fn push_fields(
    out: &mut String,
    fields: &[(Cow<'_, str>, Prim<'_>)],
    added: &[(String, Prim<'_>)],
    scrubber: &Scrubber,
) {
    out.push('{');
    let user_entity = names_a_user(fields);
    let mut first = true;
    for (key, value) in fields {
        if !added.is_empty() && added.iter().any(|(k, _)| *k == **key) {
            continue;
        }
        if !core::mem::take(&mut first) {
            out.push(',');
        }
        push_key(out, key);
        if user_entity && key == "name" {
            push_string(out, marker::USER);
            continue;
        }
        push_value(out, value, scrubber);
    }
    for (key, value) in added {
        if !core::mem::take(&mut first) {
            out.push(',');
        }
        push_key(out, key);
        push_value(out, value, scrubber);
    }
    out.push('}');
}

fn push_value(out: &mut String, value: &Prim<'_>, scrubber: &Scrubber) {
    match value {
        Prim::Str(s) => push_string(out, &scrubber.scrub(s)),
        Prim::Num(n) => out.push_str(n),
        Prim::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_the_wire_shape_scrubbed() {
        let event = RawEvent {
            action: "click".into(),
            subject: "/catalog/default/user/jane?x=1".into(),
            value: Some("3".into()),
            attributes: vec![("to".into(), Prim::Str("mail jane@ex.com".into())), ("n".into(), Prim::Bool(true))],
            context: vec![("pluginId".into(), Prim::Str("catalog".into()))],
        };
        let mut out = String::new();
        encode(&mut out, &event, "id-1", "2026-01-01T00:00:00.000Z", Some("ab"), &[], &Scrubber::default());
        let plain = RawEvent { subject: "/catalog".into(), ..event.clone() };
        let added = [("app".to_string(), Prim::Str("portal".into()))];
        let mut full = String::new();
        let (id, timestamp) = ("0".repeat(36), "2026-01-01T00:00:00.000Z");
        encode(&mut full, &plain, &id, timestamp, Some(&"a".repeat(64)), &added, &Scrubber::default());
        let len = encoded_len(&plain, &added);
        assert!(full.len() <= len && len - full.len() < 16, "{full}");
        assert_eq!(
            out,
            r#"{"id":"id-1","timestamp":"2026-01-01T00:00:00.000Z","action":"click","subject":"/catalog/default/user/<user>","value":3,"attributes":{"to":"mail <email>","n":true},"context":{"pluginId":"catalog"},"identity":"ab"}"#
        );
    }

    #[test]
    fn user_entity_route_params_hide_the_name() {
        let event = RawEvent {
            action: "navigate".into(),
            attributes: vec![
                ("namespace".into(), Prim::Str("default".into())),
                ("kind".into(), Prim::Str("User".into())),
                ("name".into(), Prim::Str("jane.doe".into())),
            ],
            ..Default::default()
        };
        let mut out = String::new();
        encode(&mut out, &event, "i", "t", None, &[], &Scrubber::default());
        assert!(out.contains(r#""attributes":{"namespace":"default","kind":"User","name":"<user>"}"#), "{out}");
        let component = RawEvent {
            action: "navigate".into(),
            attributes: vec![("kind".into(), Prim::Str("component".into())), ("name".into(), Prim::Str("api".into()))],
            ..Default::default()
        };
        let mut out = String::new();
        encode(&mut out, &component, "i", "t", None, &[], &Scrubber::default());
        assert!(out.contains(r#""name":"api""#));
    }

    #[test]
    fn null_identity_and_no_value() {
        let mut out = String::new();
        encode(
            &mut out,
            &RawEvent { action: "a".into(), ..Default::default() },
            "i",
            "t",
            None,
            &[],
            &Scrubber::default(),
        );
        assert!(out.ends_with(r#""subject":"","attributes":{},"context":{},"identity":null}"#), "{out}");
    }

    #[test]
    fn redact_list_ignores_case() {
        let redact = vec!["email".to_string()];
        assert!(!keep_key("Email", &redact, None));
        assert!(keep_key("to", &redact, None));
        assert!(!keep_key(&"k".repeat(MAX_KEY_BYTES + 1), &[], None));
        let allowed = ["tab".to_string()];
        assert!(keep_key("tab", &redact, Some(&allowed)));
        assert!(keep_key("Tab", &redact, Some(&allowed)), "allow-lists ignore ASCII case, as redaction does");
        assert!(!keep_key("to", &redact, Some(&allowed)));
        assert!(!keep_key("tab", &["TAB".to_string()], Some(&allowed)), "redaction wins");
    }

    #[test]
    fn configured_attributes_join_the_context_scrubbed_and_replace_a_same_named_key() {
        let event = RawEvent {
            action: "click".into(),
            context: vec![("pluginId".into(), Prim::Str("catalog".into())), ("env".into(), Prim::Str("x".into()))],
            ..Default::default()
        };
        let added = vec![
            ("env".to_string(), Prim::Str("prod".into())),
            ("owner".to_string(), Prim::Str("ops@example.com".into())),
            ("build".to_string(), Prim::Num("42".into())),
        ];
        let mut out = String::new();
        encode(&mut out, &event, "i", "t", None, &added, &Scrubber::default());
        assert!(
            out.contains(
                r#""attributes":{},"context":{"pluginId":"catalog","env":"prod","owner":"<email>","build":42}"#
            ),
            "{out}"
        );
        let bare = RawEvent { action: "a".into(), ..Default::default() };
        let mut out = String::new();
        encode(&mut out, &bare, "i", "t", None, &added[..1], &Scrubber::default());
        assert!(out.contains(r#""context":{"env":"prod"}"#), "{out}");
    }
}

//! The `backstageInsights` config block: read once, validated, resolved into
//! [`Settings`] where every field is set. Each problem becomes one message
//! that names the key and the fix; the browser layer prints them together in
//! a single `console.error`.

use crate::event::MAX_KEY_BYTES;
use crate::text::{concat, join, parse_uint, uint};
use crate::value::{Prim, Value};

/// Defaults and bounds, in one place (the README's config table and
/// `config.d.ts` repeat them; `tests/docs_match_code.rs` keeps them in step).
pub mod defaults {
    /// Flush when this many events wait.
    pub const MAX_EVENTS: u32 = 25;
    /// Flush before a body passes this many UTF-8 bytes.
    pub const MAX_BYTES: u32 = 49_152;
    /// Browsers refuse keepalive bodies past 64 KiB in flight; stay clear of it.
    pub const MAX_BYTES_CEILING: u32 = 61_440;
    /// The smallest body worth a request.
    pub const MAX_BYTES_FLOOR: u32 = 2_048;
    /// Flush at least this often while events wait.
    pub const FLUSH_INTERVAL_MS: u32 = 5_000;
    /// Bounds for `batch.maxEvents`.
    pub const MAX_EVENTS_RANGE: (u32, u32) = (1, 500);
    /// Bounds for `batch.flushIntervalMs`.
    pub const FLUSH_INTERVAL_RANGE: (u32, u32) = (250, 3_600_000);
    /// `sampleRate` is kept in millionths: 1 is this many.
    pub const SAMPLE_SCALE: u32 = 1_000_000;
    /// Entries `attributes` may hold.
    pub const MAX_ATTRIBUTES: usize = 16;
}

/// Whether events carry the signed-in user's pseudonymous identity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IdentityMode {
    /// Events wait (bounded) for the identity, and leave without one if the lookup fails.
    #[default]
    Optional,
    /// Events without an identity are dropped (counted as `noIdentity`).
    Required,
    /// No identity is computed or sent: every event is anonymous.
    Disabled,
}

/// What a page must be for its events to leave.
#[derive(Clone, Debug, PartialEq)]
pub struct Controls {
    /// `hosts`: the hostnames events are sent from (`None`: any).
    pub hosts: Option<Vec<String>>,
    /// `respectGlobalPrivacyControl`: send nothing from a browser that sends the GPC signal.
    pub respect_gpc: bool,
    /// `sampleRate` in millionths ([`defaults::SAMPLE_SCALE`] is everything).
    pub sample_ppm: u32,
}

impl Default for Controls {
    fn default() -> Self {
        Controls { hosts: None, respect_gpc: true, sample_ppm: defaults::SAMPLE_SCALE }
    }
}

/// Batch limits, all set.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchLimits {
    /// Flush when this many events wait.
    pub max_events: u32,
    /// Flush before a body passes this many UTF-8 bytes.
    pub max_bytes: u32,
    /// Flush at least this often while events wait.
    pub flush_interval_ms: u32,
}

impl Default for BatchLimits {
    fn default() -> Self {
        BatchLimits {
            max_events: defaults::MAX_EVENTS,
            max_bytes: defaults::MAX_BYTES,
            flush_interval_ms: defaults::FLUSH_INTERVAL_MS,
        }
    }
}

/// What the scrubber keeps and drops beyond its built-in rules.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScrubOptions {
    /// Query parameters kept in URLs (all others are removed).
    pub allowed_query_params: Vec<String>,
    /// Attribute and context keys dropped outright.
    pub redact_attributes: Vec<String>,
    /// `allowedAttributes`: when set, the only attribute keys kept.
    pub allowed_attributes: Option<Vec<String>>,
    /// `allowedContext`: when set, the only context keys kept.
    pub allowed_context: Option<Vec<String>>,
}

/// A resolved config: every field set.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Concatenated to the userEntityRef before hashing.
    pub salt: String,
    /// Log instead of sending; store nothing.
    pub debug: bool,
    /// `backstageInsights.endpoint`, when set (the shim resolves the default).
    pub endpoint: Option<String>,
    /// Batch limits.
    pub batch: BatchLimits,
    /// Scrub options.
    pub scrub: ScrubOptions,
    /// Whether events carry the identity.
    pub identity: IdentityMode,
    /// Hosts, consent and sampling.
    pub controls: Controls,
    /// `attributes`: added to every event's context (scrubbed like any value).
    pub attributes: Vec<(String, Prim<'static>)>,
}

/// The outcome of reading the config block.
#[derive(Debug)]
pub struct Resolved {
    /// `None` when the config cannot be used to send anything (no salt, bad endpoint).
    pub settings: Option<Settings>,
    /// One message per problem, each naming its key and the fix.
    pub problems: Vec<String>,
}

/// The keys of the block (also checked against `config.d.ts` and the README).
pub const KNOWN_TOP: &[&str] = &[
    "salt",
    "debug",
    "endpoint",
    "batch",
    "scrub",
    "identity",
    "hosts",
    "respectGlobalPrivacyControl",
    "sampleRate",
    "attributes",
];
/// The keys of `batch`.
pub const KNOWN_BATCH: &[&str] = &["maxEvents", "maxBytes", "flushIntervalMs"];
/// The keys of `scrub`.
pub const KNOWN_SCRUB: &[&str] = &["allowedQueryParams", "redactAttributes", "allowedAttributes", "allowedContext"];

/// Reads the raw `backstageInsights` block (absent → `None`).
pub fn resolve(raw: Option<&Value>) -> Resolved {
    let mut problems = Vec::new();
    let empty = Value::Map(Vec::new());
    let block = match raw {
        None | Some(Value::Null) => &empty,
        Some(v @ Value::Map(_)) => v,
        Some(other) => {
            problems.push(concat(&[
                "backstageInsights must be an object with at least `salt`, got ",
                other.kind(),
                ": no events will be sent; fix it in app-config.yaml",
            ]));
            return Resolved { settings: None, problems };
        }
    };
    unknown_keys(block, "backstageInsights", KNOWN_TOP, &mut problems);

    let salt = match block.get("salt") {
        Some(Value::Str(s)) if !s.chars().all(char::is_whitespace) => Some(s.clone()),
        None | Some(Value::Null) => {
            problems
                .push("backstageInsights.salt is not set: no events will be sent; add it to app-config.yaml".into());
            None
        }
        Some(Value::Str(_)) => {
            problems.push(
                "backstageInsights.salt is empty: no events will be sent; set it to a random string in app-config.yaml"
                    .into(),
            );
            None
        }
        Some(other) => {
            problems.push(concat(&[
                "backstageInsights.salt must be a string, got ",
                other.kind(),
                ": no events will be sent; quote it in app-config.yaml",
            ]));
            None
        }
    };

    let debug = match block.get("debug") {
        None | Some(Value::Null) => false,
        Some(v) => match flag(v) {
            Some(b) => b,
            None => {
                problems.push(concat(&[
                    "backstageInsights.debug must be true or false, got ",
                    v.kind(),
                    "; using false",
                ]));
                false
            }
        },
    };

    let mut endpoint_ok = true;
    let endpoint = match block.get("endpoint") {
        None | Some(Value::Null) => None,
        Some(Value::Str(s)) if is_absolute_http_url(s) => Some(s.clone()),
        Some(other) => {
            let got = match other {
                Value::Str(s) => concat(&["\"", s, "\""]),
                v => v.kind().into(),
            };
            problems.push(concat(&[
                "backstageInsights.endpoint must be an absolute http(s) URL, got ",
                &got,
                ": no events will be sent; fix it or remove it to use the discovery default",
            ]));
            endpoint_ok = false;
            None
        }
    };

    let mut batch = BatchLimits::default();
    if let Some(b) = section(block, "batch", KNOWN_BATCH, &mut problems) {
        let (lo, hi) = defaults::MAX_EVENTS_RANGE;
        if let Some(n) = whole_number(b, "batch.maxEvents", lo, hi, &mut problems) {
            batch.max_events = n;
        }
        if let Some(n) =
            whole_number(b, "batch.maxBytes", defaults::MAX_BYTES_FLOOR, defaults::MAX_BYTES_CEILING, &mut problems)
        {
            batch.max_bytes = n;
        }
        let (lo, hi) = defaults::FLUSH_INTERVAL_RANGE;
        if let Some(n) = whole_number(b, "batch.flushIntervalMs", lo, hi, &mut problems) {
            batch.flush_interval_ms = n;
        }
    }

    let mut scrub = ScrubOptions::default();
    if let Some(s) = section(block, "scrub", KNOWN_SCRUB, &mut problems) {
        scrub.allowed_query_params = string_list(s, "scrub.allowedQueryParams", &mut problems);
        scrub.redact_attributes = string_list(s, "scrub.redactAttributes", &mut problems);
        scrub.allowed_attributes = allow_list(s, "scrub.allowedAttributes", &mut problems);
        scrub.allowed_context = allow_list(s, "scrub.allowedContext", &mut problems);
    }

    let identity = identity_mode(block, &mut problems);
    let controls = Controls {
        hosts: hosts(block, &mut problems),
        respect_gpc: match block.get("respectGlobalPrivacyControl") {
            None | Some(Value::Null) => true,
            Some(v) => flag(v).unwrap_or_else(|| {
                problems.push(concat(&[
                    "backstageInsights.respectGlobalPrivacyControl must be true or false, got ",
                    v.kind(),
                    "; using true",
                ]));
                true
            }),
        },
        sample_ppm: sample_rate(block, &mut problems),
    };
    let attributes = attributes(block, &mut problems);

    let settings = match salt {
        Some(salt) if endpoint_ok => {
            Some(Settings { salt, debug, endpoint, batch, scrub, identity, controls, attributes })
        }
        _ => None,
    };
    Resolved { settings, problems }
}

/// `http://` or `https://` followed by a host.
pub fn is_absolute_http_url(s: &str) -> bool {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    matches!(rest, Some(r) if !r.is_empty() && !r.starts_with('/') && !r.chars().any(char::is_whitespace))
}

fn unknown_keys(map: &Value, path: &str, known: &[&str], problems: &mut Vec<String>) {
    if let Value::Map(entries) = map {
        for (k, _) in entries {
            if !known.contains(&k.as_str()) {
                problems.push(concat(&[
                    path,
                    ".",
                    k,
                    " is not a known key and is ignored; known keys: ",
                    &join(known, ", "),
                ]));
            }
        }
    }
}

fn section<'a>(block: &'a Value, key: &str, known: &[&str], problems: &mut Vec<String>) -> Option<&'a Value> {
    match block.get(key) {
        None | Some(Value::Null) => None,
        Some(v @ Value::Map(_)) => {
            unknown_keys(v, &concat(&["backstageInsights.", key]), known, problems);
            Some(v)
        }
        Some(other) => {
            problems.push(concat(&[
                "backstageInsights.",
                key,
                " must be an object, got ",
                other.kind(),
                "; using the defaults",
            ]));
            None
        }
    }
}

fn leaf<'a>(section: &'a Value, dotted: &str) -> Option<&'a Value> {
    let key = crate::text::after_last(dotted, b'.');
    match section.get(key) {
        None | Some(Value::Null) => None,
        v => v,
    }
}

fn whole_number(section: &Value, dotted: &str, lo: u32, hi: u32, problems: &mut Vec<String>) -> Option<u32> {
    let v = leaf(section, dotted)?;
    let n = match v {
        Value::Num(n) => Some(*n),
        // `${ENV}` substitution yields strings; Backstage's `getNumber` reads them too.
        Value::Str(s) => parse_uint(s.trim_ascii()).map(|n| n as f64),
        _ => None,
    };
    match n {
        Some(n) if is_whole(n) && n >= lo as f64 && n <= hi as f64 => Some(n as u32),
        _ => {
            problems.push(concat(&[
                "backstageInsights.",
                dotted,
                " must be a whole number from ",
                &uint(lo as u64),
                " to ",
                &uint(hi as u64),
                ", got ",
                &n.map_or_else(|| v.kind().into(), describe_number),
                "; using the default",
            ]));
            None
        }
    }
}

/// A boolean as Backstage's `ConfigReader.getOptionalBoolean` reads it: `${ENV}`
/// substitution yields strings such as `"true"`, which its schema check lets through.
fn flag(v: &Value) -> Option<bool> {
    let word = match v {
        Value::Bool(b) => return Some(*b),
        Value::Num(n) if *n == 1.0 || *n == 0.0 => return Some(*n == 1.0),
        Value::Str(s) => s.trim_ascii().to_ascii_lowercase(),
        _ => return None,
    };
    match word.as_str() {
        "y" | "yes" | "true" | "1" | "on" => Some(true),
        "n" | "no" | "false" | "0" | "off" => Some(false),
        _ => None,
    }
}

/// `f64::fract` is std-only; this holds for whole numbers within ±2^63 (NaN and infinities fail).
fn is_whole(n: f64) -> bool {
    (n as i64) as f64 == n
}

/// Integers print exactly, other numbers by kind (keeps float formatting out of the wasm).
fn describe_number(n: f64) -> String {
    if is_whole(n) && (0.0..1e15).contains(&n) {
        uint(n as u64)
    } else if is_whole(n) && (-1e15..0.0).contains(&n) {
        concat(&["-", &uint(-n as u64)])
    } else {
        "a fraction or out-of-range number".into()
    }
}

fn string_list(section: &Value, dotted: &str, problems: &mut Vec<String>) -> Vec<String> {
    match leaf(section, dotted) {
        None => Vec::new(),
        Some(Value::List(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::Str(s) => out.push(s.clone()),
                    other => problems.push(concat(&[
                        "backstageInsights.",
                        dotted,
                        " must list strings only, found ",
                        other.kind(),
                        "; that entry is ignored",
                    ])),
                }
            }
            out
        }
        Some(other) => {
            problems.push(concat(&[
                "backstageInsights.",
                dotted,
                " must be a list of strings, got ",
                other.kind(),
                "; using []",
            ]));
            Vec::new()
        }
    }
}

/// `identity`; a value not understood falls back to the most private mode.
fn identity_mode(block: &Value, problems: &mut Vec<String>) -> IdentityMode {
    let got = match block.get("identity") {
        None | Some(Value::Null) => return IdentityMode::Optional,
        Some(Value::Str(s)) => match s.trim_ascii().to_ascii_lowercase().as_str() {
            "optional" => return IdentityMode::Optional,
            "required" => return IdentityMode::Required,
            "disabled" => return IdentityMode::Disabled,
            _ => concat(&["\"", s, "\""]),
        },
        Some(other) => other.kind().into(),
    };
    problems.push(concat(&[
        "backstageInsights.identity must be optional, required or disabled, got ",
        &got,
        "; using disabled (no identity is sent) until it is fixed",
    ]));
    IdentityMode::Disabled
}

/// `scrub.allowedAttributes` / `scrub.allowedContext`: absent keeps every
/// key; a value not understood keeps none (the private reading).
fn allow_list(section: &Value, dotted: &str, problems: &mut Vec<String>) -> Option<Vec<String>> {
    let v = leaf(section, dotted)?;
    if !matches!(v, Value::List(_)) {
        problems.push(concat(&[
            "backstageInsights.",
            dotted,
            " must be a list of strings, got ",
            v.kind(),
            "; keeping no keys until it is fixed",
        ]));
        return Some(Vec::new());
    }
    Some(string_list(section, dotted, problems))
}

/// `hosts`: hostnames (`backstage.example.com`, or `*.example.com` for its
/// subdomains). A value not understood lists no host: nothing is sent.
fn hosts(block: &Value, problems: &mut Vec<String>) -> Option<Vec<String>> {
    let v = match block.get("hosts") {
        None | Some(Value::Null) => return None,
        Some(v) => v,
    };
    let Value::List(items) = v else {
        problems.push(concat(&[
            "backstageInsights.hosts must be a list of hostnames, got ",
            v.kind(),
            ": no events will be sent until it is fixed",
        ]));
        return Some(Vec::new());
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Value::Str(s) if crate::gate::is_host_pattern(s.trim_ascii()) => {
                out.push(s.trim_ascii().to_ascii_lowercase())
            }
            Value::Str(s) => problems.push(concat(&[
                "backstageInsights.hosts lists \"",
                s,
                "\", which is not a hostname (write it without scheme, port or path, for example backstage.example.com); that entry is ignored",
            ])),
            other => problems.push(concat(&[
                "backstageInsights.hosts must list strings only, found ",
                other.kind(),
                "; that entry is ignored",
            ])),
        }
    }
    Some(out)
}

/// `sampleRate` in millionths: a number from 0 to 1, or such a number as
/// text (`${ENV}` substitution), read by [`millionths`]: float parsing would
/// cost 14.5 KB of the download (docs/size-and-speed.md).
fn sample_rate(block: &Value, problems: &mut Vec<String>) -> u32 {
    let v = match block.get("sampleRate") {
        None | Some(Value::Null) => return defaults::SAMPLE_SCALE,
        Some(v) => v,
    };
    let ppm = match v {
        Value::Num(n) if (0.0..=1.0).contains(n) => Some((n * defaults::SAMPLE_SCALE as f64 + 0.5) as u32),
        Value::Str(s) => millionths(s.trim_ascii()),
        _ => None,
    };
    ppm.unwrap_or_else(|| {
        let got = match v {
            Value::Str(s) => concat(&["\"", s, "\""]),
            Value::Num(n) => describe_number(*n),
            other => other.kind().into(),
        };
        problems.push(concat(&[
            "backstageInsights.sampleRate must be a number from 0 to 1, got ",
            &got,
            "; using 1 (every session)",
        ]));
        defaults::SAMPLE_SCALE
    })
}

/// `"0.25"` → 250000: a decimal from 0 to 1, at most six decimals counted
/// (more are cut).
fn millionths(s: &str) -> Option<u32> {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    let whole = match whole {
        "0" | "" => 0,
        "1" => 1,
        _ => return None,
    };
    if s.is_empty() || s == "." || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut ppm = whole * defaults::SAMPLE_SCALE;
    let mut unit = defaults::SAMPLE_SCALE / 10;
    for digit in fraction.bytes().take(6) {
        ppm += (digit - b'0') as u32 * unit;
        unit /= 10;
    }
    (ppm <= defaults::SAMPLE_SCALE).then_some(ppm)
}

/// `attributes`: string, whole-number and boolean values, at most
/// [`defaults::MAX_ATTRIBUTES`]; anything else is named and left out.
fn attributes(block: &Value, problems: &mut Vec<String>) -> Vec<(String, Prim<'static>)> {
    let entries = match block.get("attributes") {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Map(entries)) => entries,
        Some(other) => {
            problems.push(concat(&[
                "backstageInsights.attributes must be an object of names and values, got ",
                other.kind(),
                "; no attributes are added",
            ]));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (key, value) in entries {
        let prim = match value {
            Value::Str(s) => Some(Prim::Str(s.clone().into())),
            Value::Bool(b) => Some(Prim::Bool(*b)),
            Value::Num(n) if is_whole(*n) && n.abs() < 1e15 => Some(Prim::Num(describe_number(*n).into())),
            _ => None,
        };
        let why = match prim {
            _ if out.len() >= defaults::MAX_ATTRIBUTES => {
                concat(&[" is past the first ", &uint(defaults::MAX_ATTRIBUTES as u64), " entries; it is left out"])
            }
            _ if key.is_empty() || key.len() > MAX_KEY_BYTES => concat(&[
                " has an empty or over-long name (at most ",
                &uint(MAX_KEY_BYTES as u64),
                " bytes); it is left out",
            ]),
            None => " must be a string, a whole number or a boolean (quote other numbers); it is left out".into(),
            Some(prim) => {
                out.push((key.clone(), prim));
                continue;
            }
        };
        problems.push(concat(&["backstageInsights.attributes.", key, &why]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(&str, Value)]) -> Value {
        Value::Map(entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }
    fn s(v: &str) -> Value {
        Value::Str(v.into())
    }

    #[test]
    fn missing_block_names_the_salt_and_the_fix() {
        let r = resolve(None);
        assert!(r.settings.is_none());
        assert_eq!(
            r.problems,
            vec!["backstageInsights.salt is not set: no events will be sent; add it to app-config.yaml"]
        );
    }

    #[test]
    fn salt_only_gives_all_defaults() {
        let r = resolve(Some(&map(&[("salt", s("pepper"))])));
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let st = r.settings.unwrap();
        assert_eq!(st.salt, "pepper");
        assert!(!st.debug);
        assert_eq!(st.batch, BatchLimits { max_events: 25, max_bytes: 49_152, flush_interval_ms: 5_000 });
        assert_eq!(st.scrub, ScrubOptions::default());
    }

    #[test]
    fn wrong_types_are_reported_and_defaulted() {
        let raw = map(&[
            ("salt", s("x")),
            ("debug", s("maybe")),
            ("batch", map(&[("maxEvents", Value::Num(0.0)), ("maxBytes", s("70000"))])),
            ("scrub", map(&[("allowedQueryParams", s("tab"))])),
        ]);
        let r = resolve(Some(&raw));
        let st = r.settings.expect("a salt is enough to send");
        assert!(!st.debug);
        assert_eq!(st.batch, BatchLimits::default());
        assert_eq!(r.problems.len(), 4, "{:?}", r.problems);
        assert!(r.problems[0].starts_with("backstageInsights.debug must be true or false, got a string"));
        assert!(r.problems[1].contains("batch.maxEvents must be a whole number from 1 to 500, got 0"));
        assert!(r.problems[2].contains("batch.maxBytes must be a whole number from 2048 to 61440, got 70000"));
        assert!(r.problems[3].contains("scrub.allowedQueryParams must be a list of strings"));
    }

    #[test]
    fn env_substituted_strings_read_as_backstage_reads_them() {
        // `debug: ${INSIGHTS_DEBUG}` arrives as a string; a string "true" read as
        // false would send from a portal meant to send nothing.
        for (raw, want) in [("true", true), (" On", true), ("YES", true), ("1", true), ("false", false), ("off", false)]
        {
            let r = resolve(Some(&map(&[("salt", s("x")), ("debug", s(raw))])));
            assert_eq!(r.settings.unwrap().debug, want, "{raw:?}");
            assert!(r.problems.is_empty(), "{raw:?}: {:?}", r.problems);
        }
        let r = resolve(Some(&map(&[("salt", s("x")), ("debug", Value::Num(1.0))])));
        assert!(r.settings.unwrap().debug);
        let batch = map(&[("maxEvents", s(" 50 ")), ("flushIntervalMs", s("1e3"))]);
        let r = resolve(Some(&map(&[("salt", s("x")), ("batch", batch)])));
        assert_eq!(r.settings.unwrap().batch.max_events, 50);
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert!(r.problems[0].contains("flushIntervalMs must be a whole number from 250 to 3600000, got a string"));
    }

    #[test]
    fn typos_are_named() {
        let r = resolve(Some(&map(&[("salt", s("x")), ("debg", Value::Bool(true))])));
        assert_eq!(r.problems.len(), 1);
        assert!(r.problems[0].starts_with("backstageInsights.debg is not a known key"));
    }

    #[test]
    fn non_string_or_empty_salt_disables_sending() {
        for bad in [Value::Num(42.0), s("  ")] {
            let r = resolve(Some(&map(&[("salt", bad)])));
            assert!(r.settings.is_none());
            assert!(r.problems[0].starts_with("backstageInsights.salt"));
        }
    }

    #[test]
    fn endpoint_must_be_absolute() {
        let r = resolve(Some(&map(&[("salt", s("x")), ("endpoint", s("/events"))])));
        assert!(r.settings.is_none());
        assert!(r.problems[0].contains("endpoint must be an absolute http(s) URL, got \"/events\""));
        let ok = resolve(Some(&map(&[("salt", s("x")), ("endpoint", s("https://c.example/e"))])));
        assert_eq!(ok.settings.unwrap().endpoint.as_deref(), Some("https://c.example/e"));
    }

    #[test]
    fn lists_are_read() {
        let raw = map(&[
            ("salt", s("x")),
            (
                "scrub",
                map(&[
                    ("allowedQueryParams", Value::List(vec![s("tab"), Value::Num(1.0)])),
                    ("redactAttributes", Value::List(vec![s("email")])),
                ]),
            ),
        ]);
        let r = resolve(Some(&raw));
        let st = r.settings.unwrap();
        assert_eq!(st.scrub.allowed_query_params, vec!["tab"]);
        assert_eq!(st.scrub.redact_attributes, vec!["email"]);
        assert_eq!(r.problems.len(), 1);
    }

    #[test]
    fn controls_default_to_todays_behaviour() {
        let st = resolve(Some(&map(&[("salt", s("x"))]))).settings.unwrap();
        assert_eq!(st.identity, IdentityMode::Optional);
        assert_eq!(st.controls, Controls { hosts: None, respect_gpc: true, sample_ppm: 1_000_000 });
        assert!(st.attributes.is_empty());
        assert_eq!((st.scrub.allowed_attributes, st.scrub.allowed_context), (None, None));
    }

    #[test]
    fn controls_are_read() {
        let raw = map(&[
            ("salt", s("x")),
            ("identity", s(" Required ")),
            ("hosts", Value::List(vec![s("Backstage.Example.com"), s("*.corp.example")])),
            ("respectGlobalPrivacyControl", s("false")),
            ("sampleRate", Value::Num(0.25)),
            (
                "attributes",
                map(&[("appVersion", s("1.2.3")), ("build", Value::Num(42.0)), ("beta", Value::Bool(true))]),
            ),
            (
                "scrub",
                map(&[("allowedAttributes", Value::List(vec![s("tab")])), ("allowedContext", Value::List(vec![]))]),
            ),
        ]);
        let r = resolve(Some(&raw));
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let st = r.settings.unwrap();
        assert_eq!(st.identity, IdentityMode::Required);
        assert_eq!(st.controls.hosts, Some(vec!["backstage.example.com".to_string(), "*.corp.example".to_string()]));
        assert!(!st.controls.respect_gpc);
        assert_eq!(st.controls.sample_ppm, 250_000);
        assert_eq!(
            st.attributes,
            vec![
                ("appVersion".to_string(), Prim::Str("1.2.3".into())),
                ("build".to_string(), Prim::Num("42".into())),
                ("beta".to_string(), Prim::Bool(true)),
            ]
        );
        assert_eq!(st.scrub.allowed_attributes, Some(vec!["tab".to_string()]));
        assert_eq!(st.scrub.allowed_context, Some(vec![]));
    }

    #[test]
    fn sample_rates_are_read_from_numbers_and_env_strings() {
        for (raw, want) in [
            (Value::Num(0.0), 0),
            (Value::Num(1.0), 1_000_000),
            (Value::Num(0.5), 500_000),
            (Value::Num(0.000_000_4), 0),
            (s("0.5"), 500_000),
            (s(" .125 "), 125_000),
            (s("1"), 1_000_000),
            (s("1.000"), 1_000_000),
            (s("0.1234567"), 123_456),
        ] {
            let r = resolve(Some(&map(&[("salt", s("x")), ("sampleRate", raw.clone())])));
            assert!(r.problems.is_empty(), "{raw:?}: {:?}", r.problems);
            assert_eq!(r.settings.unwrap().controls.sample_ppm, want, "{raw:?}");
        }
        for bad in [Value::Num(1.5), Value::Num(-0.1), s("1.5"), s("half"), s(""), s("."), s("0.5%"), Value::Bool(true)]
        {
            let r = resolve(Some(&map(&[("salt", s("x")), ("sampleRate", bad.clone())])));
            assert_eq!(r.settings.unwrap().controls.sample_ppm, 1_000_000, "{bad:?}");
            assert_eq!(r.problems.len(), 1, "{bad:?}");
            assert!(r.problems[0].starts_with("backstageInsights.sampleRate must be a number from 0 to 1, got "));
        }
    }

    #[test]
    fn controls_not_understood_fall_back_to_the_private_reading() {
        let raw = map(&[
            ("salt", s("x")),
            ("identity", s("anonymous")),
            ("hosts", s("backstage.example.com")),
            ("respectGlobalPrivacyControl", s("sometimes")),
            ("scrub", map(&[("allowedContext", s("pluginId"))])),
        ]);
        let r = resolve(Some(&raw));
        let st = r.settings.unwrap();
        assert_eq!(st.identity, IdentityMode::Disabled, "{:?}", r.problems);
        assert_eq!(st.controls.hosts, Some(vec![]), "a bad host list sends from no host");
        assert!(st.controls.respect_gpc);
        assert_eq!(st.scrub.allowed_context, Some(vec![]), "a bad allow-list keeps no key");
        assert_eq!(r.problems.len(), 4, "{:?}", r.problems);
        let identity = "identity must be optional, required or disabled, got \"anonymous\"; using disabled";
        assert!(r.problems.iter().any(|p| p.contains(identity)), "{:?}", r.problems);
    }

    #[test]
    fn bad_hosts_and_attributes_are_named_one_by_one() {
        let mut attrs: Vec<(&str, Value)> = vec![("ratio", Value::Num(0.5)), ("nested", map(&[])), ("", s("x"))];
        let names: Vec<String> = (0..20).map(|i| format!("k{i}")).collect();
        for n in &names {
            attrs.push((n, s("v")));
        }
        let raw = map(&[
            ("salt", s("x")),
            ("hosts", Value::List(vec![s("https://backstage.example.com"), s("localhost:3000"), s("ok.example")])),
            ("attributes", map(&attrs)),
        ]);
        let r = resolve(Some(&raw));
        let st = r.settings.unwrap();
        assert_eq!(st.controls.hosts, Some(vec!["ok.example".to_string()]));
        assert_eq!(st.attributes.len(), 16);
        let hosts = r.problems.iter().filter(|p| p.contains("is not a hostname")).count();
        assert_eq!(hosts, 2, "{:?}", r.problems);
        assert!(r.problems.iter().any(|p| p == "backstageInsights.attributes.ratio must be a string, a whole number or a boolean (quote other numbers); it is left out"), "{:?}", r.problems);
        assert!(r.problems.iter().any(|p| p.starts_with("backstageInsights.attributes.nested must be")));
        assert!(r.problems.iter().any(|p| p.starts_with("backstageInsights.attributes. has an empty")));
        assert_eq!(r.problems.iter().filter(|p| p.contains("is past the first 16 entries")).count(), 4);
    }
}

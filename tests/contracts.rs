//! Contracts between the Rust core and the JavaScript around it, each kept in
//! one place per language: a copy that drifts fails here.
//! - The event record the glue's reader (`shim/glue/read.js`) writes and
//!   `flat_event::parse` reads: every constant of the reader is compared with
//!   the one it copies, and what the reader writes (run in Node.js) is parsed.
//! - The console prefix the core (`browser::console::PREFIX`) and the shim
//!   (`LOG_PREFIX` in `shim/log.ts`) both print.
//! - The identity the core puts in a batch, for each shared vector of
//!   `tests/identity-vectors.json`: the backend recomputes the same hash
//!   (`identityHash.test.ts` checks it against the same file).
#![cfg(not(target_arch = "wasm32"))]

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::process::Command;

use backstage_insights_wasm::config::resolve;
use backstage_insights_wasm::event::{RawEvent, MAX_FIELDS};
use backstage_insights_wasm::flat_event::{self, FALSE, NUM, OTHER, STR, TRUE};
use backstage_insights_wasm::pipeline::Pipeline;
use backstage_insights_wasm::value::{Prim, Value};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The top-level `const NAME = <integer>;` lines of a JS file, by name.
fn js_integer_constants(js: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for line in js.lines() {
        let Some(rest) = line.strip_prefix("const ") else { continue };
        let Some((name, value)) = rest.split_once(" = ") else { continue };
        let Ok(value) = value.trim_end_matches(';').parse::<usize>() else { continue };
        assert!(out.insert(name.to_string(), value).is_none(), "const {name} twice");
    }
    out
}

#[test]
fn the_readers_constants_are_flat_events() {
    let js = js_integer_constants(&read("shim/glue/read.js"));
    let rust = BTreeMap::from([
        ("OTHER", OTHER as usize),
        ("STR", STR as usize),
        ("NUM", NUM as usize),
        ("TRUE", TRUE as usize),
        ("FALSE", FALSE as usize),
        ("HEADER_BYTES", flat_event::HEADER_BYTES),
        ("PART_HEADER_BYTES", flat_event::PART_HEADER_BYTES),
        ("READ_KEYS", flat_event::READ_KEYS),
        ("STRING_CUT", flat_event::STRING_CUT),
        ("KEY_CUT", flat_event::KEY_CUT),
    ]);
    for (name, want) in &rust {
        let got = js.get(*name).unwrap_or_else(|| panic!("shim/glue/read.js has no `const {name} = <integer>;` line"));
        assert_eq!(got, want, "shim/glue/read.js: {name} is {got}, crate::flat_event's is {want}");
    }
    let unchecked: Vec<&String> = js.keys().filter(|k| !rust.contains_key(k.as_str())).collect();
    assert!(unchecked.is_empty(), "constants of shim/glue/read.js this test does not compare yet: {unchecked:?}");
}

/// Runs shim/glue/read.js in Node.js on the events a script builds (`events`,
/// a JS array expression) and returns each record it wrote.
fn records_written_by_the_reader(events: &str) -> Vec<Vec<u8>> {
    let script = format!(
        r#"
        const {{ readEvent }} = await import({url:?});
        const memory = {{ buffer: new ArrayBuffer(1 << 20) }};
        const out = [];
        for (const e of {events}) {{
          const n = readEvent(e, memory, 8, (1 << 20) - 8);
          if (n < 0) throw new Error('readEvent answered ' + n);
          out.push(Buffer.from(memory.buffer, 8, n).toString('hex'));
        }}
        process.stdout.write(out.join('\n'));
        "#,
        url = format!("file://{ROOT}/shim/glue/read.js"),
    );
    let run = Command::new("node")
        .args(["--input-type=module", "-e", &script])
        .output()
        .expect("this test runs the glue in Node.js: `node` must be on PATH");
    assert!(run.status.success(), "node: {}", String::from_utf8_lossy(&run.stderr));
    let hex = String::from_utf8(run.stdout).unwrap();
    hex.lines()
        .map(|l| (0..l.len()).step_by(2).map(|i| u8::from_str_radix(&l[i..i + 2], 16).unwrap()).collect())
        .collect()
}

fn str<'a>(k: &'a str, v: &'a str) -> (Cow<'a, str>, Prim<'a>) {
    (k.into(), Prim::Str(v.into()))
}

#[test]
fn what_the_reader_writes_is_what_flat_event_parses() {
    let records = records_written_by_the_reader(
        r#"[
          {
            action: 'navigate',
            subject: 'café ✓ 😀 \uD800',
            value: 3.5,
            attributes: { tab: 'docs', ok: true, no: false, n: -42, big: 10n, nan: NaN, obj: {}, ['k'.repeat(200)]: 'long key', 'ключ': 'значение' },
            context: { pluginId: 'catalog', get boom() { throw new Error('getter'); } },
          },
          { action: 'click', attributes: Object.fromEntries(Array.from({ length: 300 }, (_, i) => ['k' + i, i])), context: 'not a map' },
          { action: '', subject: 'empty action' },
        ]"#,
    );
    assert_eq!(records.len(), 3);

    let (event, dropped) = flat_event::parse(&records[0], &Default::default());
    assert_eq!(
        event,
        Some(RawEvent {
            action: "navigate".into(),
            subject: "café ✓ 😀 \u{FFFD}".into(),
            value: Some("3.5".into()),
            attributes: vec![
                str("tab", "docs"),
                ("ok".into(), Prim::Bool(true)),
                ("no".into(), Prim::Bool(false)),
                ("n".into(), Prim::Num("-42".into())),
                ("big".into(), Prim::Num("10".into())),
                str("ключ", "значение"),
            ],
            context: vec![str("pluginId", "catalog")],
        })
    );
    assert_eq!(dropped, 4, "NaN, an object, a key past MAX_KEY_BYTES, a throwing getter");

    let (event, dropped) = flat_event::parse(&records[1], &Default::default());
    let event = event.unwrap();
    assert_eq!(event.attributes.len(), MAX_FIELDS);
    assert_eq!(event.attributes[0], ("k0".into(), Prim::Num("0".into())));
    assert_eq!(dropped as usize, 300 - MAX_FIELDS + 1, "past MAX_FIELDS and past READ_KEYS, and the context");

    assert_eq!(flat_event::parse(&records[2], &Default::default()), (None, 0), "no action");
}

/// `browser` is left out of the backend's build (`--features server`).
#[cfg(not(feature = "server"))]
#[test]
fn the_console_prefix_is_the_shims() {
    let shim = read("shim/log.ts");
    let line = shim
        .lines()
        .find(|l| l.starts_with("export const LOG_PREFIX = "))
        .expect("shim/log.ts has no `export const LOG_PREFIX = '...';` line");
    let value = line.trim_start_matches("export const LOG_PREFIX = ").trim_end_matches(';');
    assert_eq!(value, format!("'{}'", backstage_insights_wasm::browser::console::PREFIX), "shim/log.ts: {line}");
}

/// Events captured before and after the identity is known leave with the
/// vector's identity, the hash the backend recomputes; a change of user in
/// between does not leave a stale cached hash.
#[test]
fn batches_carry_the_shared_identity_vectors() {
    let vectors: serde_json::Value = serde_json::from_str(&read("tests/identity-vectors.json")).unwrap();
    let vectors = vectors.as_array().unwrap();
    let mut checked = 0;
    for v in vectors {
        let (user, salt, identity) = (v["ref"].as_str().unwrap(), v["salt"].as_str().unwrap(), v["identity"].as_str());
        if user.is_empty() || salt.is_empty() {
            continue; // no user or no salt: nothing to tag, or nothing sent
        }
        let settings = resolve(Some(&Value::Map(vec![("salt".into(), Value::Str(salt.into()))]))).settings.unwrap();
        let mut p = Pipeline::new(settings, [9; 16]);
        let event = |subject: &'static str| RawEvent {
            action: "navigate".into(),
            subject: subject.into(),
            value: None,
            attributes: vec![],
            context: vec![],
        };
        p.capture(event("/before"), 1.7e12); // waits for the identity
        p.set_identity(Some(user));
        p.set_identity(Some("user:default/someone-else")); // signed out and in again
        p.capture(event("/other"), 1.7e12);
        p.set_identity(Some(user));
        p.capture(event("/after"), 1.7e12);
        let mut seen = vec![];
        while let Some(batch) = p.take_batch(1.7e12) {
            let body: serde_json::Value = serde_json::from_str(&batch.body).unwrap();
            for e in body["events"].as_array().unwrap() {
                seen.push((e["subject"].as_str().unwrap().to_string(), e["identity"].as_str().map(str::to_string)));
            }
        }
        let expected = identity.map(str::to_string);
        let other = seen.iter().find(|(subject, _)| subject == "/other").and_then(|(_, i)| i.clone());
        assert!(other.as_ref().is_some_and(|o| o.len() == 64 && Some(o) != expected.as_ref()), "{other:?}");
        seen.retain(|(subject, _)| subject != "/other");
        assert_eq!(seen, vec![("/before".to_string(), expected.clone()), ("/after".to_string(), expected)], "{v}");
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} vectors with a user and a salt");
}

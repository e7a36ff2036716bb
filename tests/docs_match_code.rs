//! The README's config table and `config.d.ts` say what `src/config.rs`
//! does: every key, every default, every range. Docs that drift from the
//! code fail here. (Limits the JS glue repeats: tests/contracts.rs.)
#![cfg(not(target_arch = "wasm32"))]

use backstage_insights_wasm::config::{defaults, KNOWN_BATCH, KNOWN_SCRUB, KNOWN_TOP};

fn read(path: &str) -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/").to_string() + path).unwrap()
}

fn all_keys() -> Vec<String> {
    let mut keys: Vec<String> =
        KNOWN_TOP.iter().filter(|k| !matches!(**k, "batch" | "scrub")).map(|k| k.to_string()).collect();
    keys.extend(KNOWN_BATCH.iter().map(|k| format!("batch.{k}")));
    keys.extend(KNOWN_SCRUB.iter().map(|k| format!("scrub.{k}")));
    keys
}

/// The README table row of `key`.
fn readme_row(readme: &str, key: &str) -> String {
    let cell = format!("| `backstageInsights.{key}` |");
    readme.lines().find(|l| l.starts_with(&cell)).unwrap_or_else(|| panic!("README has no row for {key}")).to_string()
}

#[test]
fn every_key_is_in_the_readme_table_and_config_schema() {
    let readme = read("README.md");
    let schema = read("config.d.ts");
    for key in all_keys() {
        readme_row(&readme, &key);
        let leaf = key.rsplit('.').next().unwrap();
        assert!(
            schema.contains(&format!("    {leaf}?:")) || schema.contains(&format!("    {leaf}:")),
            "config.d.ts lacks {key}"
        );
    }
    let rows = readme.lines().filter(|l| l.starts_with("| `backstageInsights.")).count();
    assert_eq!(rows, all_keys().len(), "the README table lists a key the code does not read");
    assert_eq!(
        schema.matches("* @visibility frontend\n").count(),
        all_keys().len(),
        "every leaf key is @visibility frontend"
    );
}

#[test]
fn defaults_and_ranges_match() {
    let readme = read("README.md");
    let schema = read("config.d.ts");
    let (lo, hi) = defaults::MAX_EVENTS_RANGE;
    let (flo, fhi) = defaults::FLUSH_INTERVAL_RANGE;
    for (key, default, low, high) in [
        ("batch.maxEvents", defaults::MAX_EVENTS, lo, hi),
        ("batch.maxBytes", defaults::MAX_BYTES, defaults::MAX_BYTES_FLOOR, defaults::MAX_BYTES_CEILING),
        ("batch.flushIntervalMs", defaults::FLUSH_INTERVAL_MS, flo, fhi),
    ] {
        let row = readme_row(&readme, key);
        assert!(row.contains(&format!("`{default}`")), "README default of {key}: {row}");
        assert!(row.contains(&format!("({low} to {high})")), "README range of {key}: {row}");
        let leaf = key.rsplit('.').next().unwrap();
        let at = schema.find(&format!("{leaf}?:")).unwrap();
        let doc = &schema[schema[..at].rfind("/**").unwrap()..at];
        assert!(doc.contains(&format!("@default {default}")), "config.d.ts default of {key}");
        assert!(doc.contains(&format!("from {low} to {high}")), "config.d.ts range of {key}: {doc}");
    }
}

/// `{ a, b, c: { d } }`: the keys of a JSON object, as the README writes a shape.
fn shape(v: &serde_json::Value) -> String {
    let serde_json::Value::Object(map) = v else { return String::new() };
    let keys: Vec<String> =
        map.iter().map(|(k, v)| if v.is_object() { format!("{k}: {}", shape(v)) } else { k.clone() }).collect();
    format!("{{ {} }}", keys.join(", "))
}

#[test]
fn the_readme_names_every_counter_stats_returns() {
    let snapshot = backstage_insights_wasm::stats::Counters::default().snapshot(0, 0);
    let stats = shape(&serde_json::to_value(snapshot).unwrap());
    assert!(
        read("README.md").contains(&format!("`stats()` returns `{stats}`")),
        "the README's stats() shape is not {stats}"
    );
}

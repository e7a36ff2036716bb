//! Plain data read from JavaScript: what a plugin passed in an event, or the
//! `backstageInsights` config block. Events come through the record reader
//! ([`crate::flat_event`]); the config through serde (`serde-wasm-bindgen` in
//! the browser, any serde format in tests).

/// A primitive attribute or context value as it will be written to JSON.
#[derive(Clone, Debug, PartialEq)]
pub enum Prim {
    /// A string (scrubbed before it is queued).
    Str(String),
    /// The JSON text of a finite number, e.g. `3` or `0.5` (formatted by the
    /// reader so that the wasm carries no float formatting code).
    Num(String),
    /// A boolean.
    Bool(bool),
}

/// A config value: the JSON-like subset a Backstage config can hold.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null` or absent.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Num(f64),
    /// A string.
    Str(String),
    /// An array.
    List(Vec<Value>),
    /// An object, keys in their original order.
    Map(Vec<(String, Value)>),
}

impl Value {
    /// The value under `key` when this is a map.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// A short description of the type, for config error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Num(_) => "a number",
            Value::Str(_) => "a string",
            Value::List(_) => "a list",
            Value::Map(_) => "an object",
        }
    }
}

/// Any self-describing input (a JS object through `serde-wasm-bindgen`, JSON in
/// tests) becomes a [`Value`]: the config is validated key by key afterwards,
/// so one wrong type is named and defaulted instead of failing the whole block.
impl<'de> serde::Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> serde::de::Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a config value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Value::Num(n))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Num(n as f64))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Num(n as f64))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::Str(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::Str(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Value::Map(entries))
    }
}

// Native only: proptest and serde_json are native dev-dependencies.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn json_reads_into_values_in_key_order() {
        let v: Value =
            serde_json::from_str(r#"{"salt":"s","batch":{"maxEvents":5},"debug":null,"list":[true,1.5]}"#).unwrap();
        assert_eq!(
            v,
            Value::Map(vec![
                ("salt".into(), Value::Str("s".into())),
                ("batch".into(), Value::Map(vec![("maxEvents".into(), Value::Num(5.0))])),
                ("debug".into(), Value::Null),
                ("list".into(), Value::List(vec![Value::Bool(true), Value::Num(1.5)])),
            ])
        );
    }
}

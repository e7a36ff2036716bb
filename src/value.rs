//! Plain data read from JavaScript: what a plugin passed in an event, or the
//! `backstageInsights` config block. Events come through the record reader
//! ([`crate::flat_event`]); the config through `browser::read_config`.

use std::borrow::Cow;

/// A primitive attribute or context value as it will be written to JSON.
#[derive(Clone, Debug, PartialEq)]
pub enum Prim<'a> {
    /// A string (scrubbed before it is queued).
    Str(Cow<'a, str>),
    /// The JSON text of a finite number, e.g. `3` or `0.5` (formatted by the
    /// reader so that the wasm carries no float formatting code).
    Num(Cow<'a, str>),
    /// A boolean.
    Bool(bool),
}

impl Prim<'_> {
    /// The same value, owning its text.
    pub fn into_owned(self) -> Prim<'static> {
        match self {
            Prim::Str(s) => Prim::Str(crate::event::owned(s)),
            Prim::Num(n) => Prim::Num(crate::event::owned(n)),
            Prim::Bool(b) => Prim::Bool(b),
        }
    }
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

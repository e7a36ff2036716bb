//! Copies what a plugin passed out of JavaScript into plain Rust data,
//! tolerating anything: getters that throw, proxies, symbols, BigInt, NaN,
//! circular or deep objects. Only the top level of `attributes` and
//! `context` is read (Backstage types them as flat maps of primitives), so
//! depth and cycles cost nothing.

use crate::prelude::*;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::event::{keep_key, RawEvent, MAX_FIELDS};
use crate::value::{Prim, Value};

#[wasm_bindgen]
extern "C" {
    // `Object.keys` that reports a throwing proxy instead of unwinding through wasm.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(obj: &JsValue) -> Result<js_sys::Array, JsValue>;

    /// An `AnalyticsEvent` as a plugin passed it: plain property reads in
    /// the glue (no key strings built per call); a throwing getter is an `Err`.
    type EventLike;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn action(this: &EventLike) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn subject(this: &EventLike) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn value(this: &EventLike) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn attributes(this: &EventLike) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn context(this: &EventLike) -> Result<JsValue, JsValue>;
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Strings and numbers become text; anything else (objects, symbols, functions) does not.
fn text_of(v: &JsValue) -> Option<String> {
    if let Some(s) = v.as_string() {
        return Some(s);
    }
    number_text(v)
}

/// The JSON text of a finite number or a BigInt; `None` for NaN, ±Infinity and non-numbers.
fn number_text(v: &JsValue) -> Option<String> {
    if let Some(n) = v.as_f64() {
        if !n.is_finite() {
            return None;
        }
        return js_sys::Number::from(n).to_string_with_radix(10).ok().map(String::from);
    }
    if v.is_bigint() {
        let big: &js_sys::BigInt = v.unchecked_ref();
        return big.to_string(10).ok().map(String::from);
    }
    None
}

fn prim(v: &JsValue) -> Option<Prim> {
    if let Some(s) = v.as_string() {
        Some(Prim::Str(s))
    } else if let Some(b) = v.as_bool() {
        Some(Prim::Bool(b))
    } else {
        number_text(v).map(Prim::Num)
    }
}

/// Reads a flat map; returns the entries kept and how many were dropped.
fn fields(map: Result<JsValue, JsValue>, redact: &[String]) -> (Vec<(String, Prim)>, u32) {
    let Ok(map) = map else { return (Vec::new(), 1) };
    if !map.is_object() {
        // Absent is normal; a primitive where a map belongs is one dropped field.
        return (Vec::new(), u32::from(!map.is_undefined() && !map.is_null()));
    }
    let Ok(keys) = object_keys(&map) else { return (Vec::new(), 1) };
    let mut out = Vec::with_capacity(keys.length().min(MAX_FIELDS as u32) as usize);
    let mut dropped = 0;
    for key in keys.iter() {
        let Some(k) = key.as_string() else { continue };
        if out.len() >= MAX_FIELDS || !keep_key(&k, redact) {
            dropped += 1;
            continue;
        }
        // The key as JS already has it: no string built back for the lookup.
        match prim(&js_sys::Reflect::get(&map, &key).unwrap_or(JsValue::UNDEFINED)) {
            Some(p) => out.push((k, p)),
            None => dropped += 1,
        }
    }
    (out, dropped)
}

/// The event, or `None` when it is not an object with a non-empty action.
/// Also returns the number of attribute/context entries dropped.
pub fn event(v: &JsValue, redact: &[String]) -> (Option<RawEvent>, u32) {
    if !v.is_object() {
        return (None, 0);
    }
    let e: &EventLike = v.unchecked_ref();
    let action = match e.action().ok().as_ref().and_then(text_of) {
        Some(a) if !a.is_empty() => a,
        _ => return (None, 0),
    };
    let subject = e.subject().ok().as_ref().and_then(text_of).unwrap_or_default();
    let value = e.value().ok().as_ref().and_then(number_text);
    let (attributes, dropped_a) = fields(e.attributes(), redact);
    let (context, dropped_c) = fields(e.context(), redact);
    (Some(RawEvent { action, subject, value, attributes, context }), dropped_a + dropped_c)
}

/// A config value, to `depth` levels (config is small; the bound guards against cycles).
pub fn value(v: &JsValue, depth: u8) -> Value {
    if let Some(s) = v.as_string() {
        Value::Str(s)
    } else if let Some(b) = v.as_bool() {
        Value::Bool(b)
    } else if let Some(n) = v.as_f64() {
        Value::Num(n)
    } else if depth == 0 || v.is_null() || v.is_undefined() || !v.is_object() {
        Value::Null
    } else if js_sys::Array::is_array(v) {
        let a: &js_sys::Array = v.unchecked_ref();
        Value::List(a.iter().map(|x| value(&x, depth - 1)).collect())
    } else {
        let Ok(keys) = object_keys(v) else { return Value::Null };
        Value::Map(
            keys.iter()
                .filter_map(|k| k.as_string())
                .map(|k| {
                    let x = get(v, &k);
                    (k, value(&x, depth - 1))
                })
                .collect(),
        )
    }
}

//! Reads the `backstageInsights` config object into a [`Value`] tree, which
//! [`crate::config`] then validates key by key. Walked by hand rather than
//! with serde-wasm-bindgen: its deserializer links serde's error messages,
//! whose float formatting alone made it 18 KB of the gzipped download for a
//! value read once (docs/size-and-speed.md).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::value::Value;

#[wasm_bindgen]
extern "C" {
    // `Object.keys` that reports a throwing proxy instead of unwinding through wasm.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(obj: &JsValue) -> Result<js_sys::Array, JsValue>;
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
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

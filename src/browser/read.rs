//! Copies what a plugin passed out of JavaScript into plain Rust data,
//! tolerating anything: getters that throw, proxies, symbols, BigInt, NaN,
//! circular or deep objects. Only the top level of `attributes` and
//! `context` is read (Backstage types them as flat maps of primitives), so
//! depth and cycles cost nothing.
//!
//! An event crosses in one string written by a small reader in the glue
//! (format and parser: [`crate::flat_event`]); the config, read once, crosses
//! value by value.

use crate::prelude::*;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::event::RawEvent;
use crate::value::Value;

// Kept to plain ES2015 so every bundler and Jest take it as it is.
#[wasm_bindgen(inline_js = r#"
const READ_KEYS = 256;
// One past scrub::MAX_INPUT_BYTES and event::MAX_KEY_BYTES (a UTF-16 unit is
// at least one UTF-8 byte): the core scans no further and drops longer keys,
// so what is cut here changes nothing, and a 20 MB string no longer crosses
// into wasm memory (which never shrinks) or overflows the string built here.
const STRING_CUT = 65537;
const KEY_CUT = 129;
function cut(s, n) {
  return s.length > n ? s.slice(0, n) : s;
}
// One scan for both bytes (two indexOf calls were two).
const SPECIAL = /[\0\x01]/;
function esc(s) {
  return !SPECIAL.test(s) ? s : s.split('\x01').join('\x01\x01').split('\0').join('\x01\x02');
}
function tag(v) {
  switch (typeof v) {
    case 'string': return 's' + esc(cut(v, STRING_CUT));
    case 'number': return isFinite(v) ? 'n' + String(v) : '-';
    // Past about 1e308 a JSON parser reads Infinity, and a collector may refuse the whole batch.
    case 'bigint': return isFinite(Number(v)) ? 'n' + String(v) : '-';
    case 'boolean': return v ? 't' : 'f';
    default: return '-';
  }
}
function get(o, k) {
  try { return o[k]; } catch (_) { return undefined; }
}
function fields(e, name, out) {
  let m;
  try { m = e[name]; } catch (_) { return '0,1'; }
  if (m === undefined || m === null) return '0,0';
  if (typeof m !== 'object') return '0,1';
  let keys;
  try { keys = Object.keys(m); } catch (_) { return '0,1'; }
  const n = Math.min(keys.length, READ_KEYS);
  for (let i = 0; i < n; i++) out.push(esc(cut(keys[i], KEY_CUT)), tag(get(m, keys[i])));
  return n + ',' + (keys.length - n);
}
export function flatEvent(e) {
  if (typeof e !== 'object' || e === null) return undefined;
  const out = ['', tag(get(e, 'action')), tag(get(e, 'subject')), tag(get(e, 'value'))];
  const a = fields(e, 'attributes', out);
  out[0] = a + ',' + fields(e, 'context', out);
  return out.join('\0');
}
"#)]
extern "C" {
    /// The event in one string ([`crate::flat_event`]); `undefined` when it is not an object.
    #[wasm_bindgen(js_name = flatEvent)]
    fn flat_event(event: &JsValue) -> Option<String>;
}

#[wasm_bindgen]
extern "C" {
    // `Object.keys` that reports a throwing proxy instead of unwinding through wasm.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(obj: &JsValue) -> Result<js_sys::Array, JsValue>;
}

/// The event, or `None` when it is not an object with a non-empty action.
/// Also returns the number of attribute/context entries dropped.
pub fn event(v: &JsValue, redact: &[String]) -> (Option<RawEvent>, u32) {
    match flat_event(v) {
        Some(flat) => crate::flat_event::parse(&flat, redact),
        None => (None, 0),
    }
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

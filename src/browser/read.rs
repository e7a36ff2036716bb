//! Copies what a plugin passed out of JavaScript into plain Rust data,
//! tolerating anything: getters that throw, proxies, symbols, BigInt, NaN,
//! circular or deep objects. Only the top level of `attributes` and
//! `context` is read (Backstage types them as flat maps of primitives), so
//! depth and cycles cost nothing.
//!
//! An event crosses as one record that a small reader in the glue writes
//! straight into a buffer in wasm memory (format and parser:
//! [`crate::flat_event`]).

use wasm_bindgen::prelude::*;

use crate::event::RawEvent;

// Kept to plain ES2015 so every bundler and Jest take it as it is.
#[wasm_bindgen(inline_js = r#"
const READ_KEYS = 256;
// One past scrub::MAX_INPUT_BYTES and event::MAX_KEY_BYTES (a UTF-16 unit is
// at least one UTF-8 byte): the core scans no further and drops longer keys,
// so what is cut here changes nothing, and a 20 MB string no longer crosses
// into wasm memory (which never shrinks).
const STRING_CUT = 65537;
const KEY_CUT = 129;
// Kinds, as crate::flat_event reads them.
const OTHER = 0, STR = 1, NUM = 2, TRUE = 3, FALSE = 4;
// What one event was read as: a kind and a text per part, kept between the
// two calls an event too large for the core's buffer takes (so its getters
// run once).
let kinds = [];
let texts = [];
let counts = [0, 0, 0, 0];
let readFor = null;
function put(kind, text) {
  kinds.push(kind);
  texts.push(text);
}
function value(v) {
  switch (typeof v) {
    case 'string': return put(STR, v.length > STRING_CUT ? v.slice(0, STRING_CUT) : v);
    case 'number': return isFinite(v) ? put(NUM, String(v)) : put(OTHER, '');
    // Past about 1e308 a JSON parser reads Infinity, and a collector may refuse the whole batch.
    case 'bigint': return isFinite(Number(v)) ? put(NUM, String(v)) : put(OTHER, '');
    case 'boolean': return put(v ? TRUE : FALSE, '');
    default: return put(OTHER, '');
  }
}
function get(o, k) {
  try { return o[k]; } catch (_) { return undefined; }
}
// Reads one map; sets counts[at] (entries read) and counts[at + 1] (dropped by the reader).
function fields(e, name, at) {
  let m;
  try { m = e[name]; } catch (_) { counts[at + 1] = 1; return; }
  if (m === undefined || m === null) return;
  if (typeof m !== 'object') { counts[at + 1] = 1; return; }
  let keys;
  try { keys = Object.keys(m); } catch (_) { counts[at + 1] = 1; return; }
  const n = Math.min(keys.length, READ_KEYS);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    put(STR, k.length > KEY_CUT ? k.slice(0, KEY_CUT) : k);
    value(get(m, k));
  }
  counts[at] = n;
  counts[at + 1] = keys.length - n;
}
function read(e) {
  kinds.length = 0;
  texts.length = 0;
  counts[0] = counts[1] = counts[2] = counts[3] = 0;
  value(get(e, 'action'));
  value(get(e, 'subject'));
  value(get(e, 'value'));
  fields(e, 'attributes', 0);
  fields(e, 'context', 2);
}
// Past the first non-ASCII character, the browser's encoder takes over: one
// call for the rest of that text (lone surrogates become U+FFFD, so the
// bytes are always well-formed UTF-8).
const encoder = new TextEncoder();
function utf8Length(t) {
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) >= 0x80) return i + encoder.encode(t.slice(i)).length;
  return t.length;
}
// Writes `t` as UTF-8 at `p` (there is room up to `end`); returns where it ends.
function writeUtf8(t, u8, p, end) {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0x80) return p + encoder.encodeInto(t.slice(i), u8.subarray(p, end)).written;
    u8[p++] = c;
  }
  return p;
}
function u32(u8, p, n) {
  u8[p] = n; u8[p + 1] = n >>> 8; u8[p + 2] = n >>> 16; u8[p + 3] = n >>> 24;
}
let u8 = new Uint8Array(0);
// Writes the event into the core's buffer (`cap` bytes at `ptr`) in the
// format of crate::flat_event, character by character: no string is built
// or escaped, and no call is made per event beyond this one (wasm-bindgen's
// string passing and TextEncoder calls cost more at these sizes: measured,
// bench/README.md "Reading events"). Returns the bytes written, `-n` when
// the buffer needs `n` bytes (the core grows it and calls again), or -1 when
// `e` is not an object.
export function readEvent(e, memory, ptr, cap) {
  if (typeof e !== 'object' || e === null) return -1;
  if (readFor !== e) read(e);
  readFor = null;
  // A bound first (each UTF-16 unit is at most 3 bytes); exact only for large events.
  let need = 16 + 5 * kinds.length;
  let chars = 0;
  for (let i = 0; i < texts.length; i++) chars += texts[i].length;
  if (need + 3 * chars > cap) {
    for (let i = 0; i < texts.length; i++) need += utf8Length(texts[i]);
    if (need > cap) {
      readFor = e;
      return -need;
    }
  }
  // After the getters ran: one of them may have captured, and grown wasm memory.
  if (u8.buffer !== memory.buffer) u8 = new Uint8Array(memory.buffer);
  for (let i = 0; i < 4; i++) u32(u8, ptr + 4 * i, counts[i]);
  let p = ptr + 16;
  for (let i = 0; i < kinds.length; i++) {
    u8[p] = kinds[i];
    const end = writeUtf8(texts[i], u8, p + 5, ptr + cap);
    u32(u8, p + 1, end - p - 5);
    p = end;
  }
  return p - ptr;
}
"#)]
extern "C" {
    /// Writes the event ([`crate::flat_event`]'s format) into `cap` bytes at
    /// `ptr`: the bytes written; `-n` when it needs `n` bytes (call again
    /// with as many); `-1` when it is not an object.
    #[wasm_bindgen(js_name = readEvent)]
    fn read_event(event: &JsValue, memory: &JsValue, ptr: u32, cap: u32) -> i32;
}

/// Reads events through one buffer in wasm memory, reused from event to event.
#[derive(Debug)]
pub struct EventReader {
    memory: JsValue,
    buf: Vec<u8>,
}

/// Most events fit in this; a buffer grown for a larger one is let go after it.
const BUF_BYTES: usize = 16 * 1024;

impl Default for EventReader {
    fn default() -> Self {
        EventReader { memory: wasm_bindgen::memory(), buf: Vec::with_capacity(BUF_BYTES) }
    }
}

impl EventReader {
    /// The event, or `None` when it is not an object with a non-empty action.
    /// Also returns the number of attribute/context entries dropped.
    pub fn event(&mut self, v: &JsValue, redact: &[String]) -> (Option<RawEvent>, u32) {
        let mut n = read_event(v, &self.memory, self.buf.as_mut_ptr() as u32, self.buf.capacity() as u32);
        if n < -1 {
            self.buf.reserve(n.unsigned_abs() as usize);
            n = read_event(v, &self.memory, self.buf.as_mut_ptr() as u32, self.buf.capacity() as u32);
        }
        if n < 0 {
            return (None, 0);
        }
        // SAFETY: the reader wrote `n` bytes into the buffer's spare capacity,
        // never past it (`min` holds even if it did not keep to that); the
        // bytes are plain `u8`s, and the parser checks every length it reads.
        unsafe { self.buf.set_len((n as usize).min(self.buf.capacity())) };
        let out = crate::flat_event::parse(&self.buf, redact);
        self.buf.clear();
        if self.buf.capacity() > BUF_BYTES {
            self.buf = Vec::with_capacity(BUF_BYTES);
        }
        out
    }
}

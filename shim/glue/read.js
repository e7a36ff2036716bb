// @ts-check
// The event reader: copies what a plugin passed as an event out of JavaScript
// into the core's buffer in wasm memory, as one record in the format
// src/flat_event.rs parses. Imported by src/browser/read.rs
// (`#[wasm_bindgen(module = "/shim/glue/read.js")]`); wasm-bindgen copies this
// file as it is into pkg/snippets/, so it imports nothing.
//
// Kept to plain ES2015 so every bundler and Jest take it as it is; typed with
// JSDoc and checked by `tsc -p shim/glue/tsconfig.json`.
//
// The constants below are crate::flat_event's, copied: tests/contracts.rs
// fails when one of them differs from the Rust constant it names, and parses
// what this reader writes with the core's own parser. (Not exported: an
// export ships in every bundle that does not drop unused ones.)

/** Keys read per map (`attributes`, `context`); flat_event::READ_KEYS. */
const READ_KEYS = 256;
// One past scrub::MAX_INPUT_BYTES and event::MAX_KEY_BYTES (a UTF-16 unit is
// at least one UTF-8 byte): the core scans no further and drops longer keys,
// so what is cut here changes nothing, and a 20 MB string no longer crosses
// into wasm memory (which never shrinks).
/** UTF-16 units kept of a string value; flat_event::STRING_CUT. */
const STRING_CUT = 65537;
/** UTF-16 units kept of a key; flat_event::KEY_CUT. */
const KEY_CUT = 129;
/** The record's header: four u32 counts; flat_event::HEADER_BYTES. */
const HEADER_BYTES = 16;
/** A part's own header: its kind byte and its u32 length; flat_event::PART_HEADER_BYTES. */
const PART_HEADER_BYTES = 5;
// Kinds of a part, as crate::flat_event reads them.
/** Absent, or not a primitive; flat_event::OTHER. */
const OTHER = 0;
/** A string; flat_event::STR. */
const STR = 1;
/** The JSON text of a number; flat_event::NUM. */
const NUM = 2;
/** `true`; flat_event::TRUE. */
const TRUE = 3;
/** `false`; flat_event::FALSE. */
const FALSE = 4;

/**
 * The wasm module's memory; only its current buffer is read.
 * @typedef {{ readonly buffer: ArrayBuffer }} WasmMemory
 */

// What one event was read as: a kind and a text per part, kept between the
// two calls an event too large for the core's buffer takes (so its getters
// run once).
/** @type {number[]} */
const kinds = [];
/** @type {string[]} */
const texts = [];
/** Entries read and dropped: attributes, then context. */
const counts = [0, 0, 0, 0];
/** @type {object | null} */
let readFor = null;

/**
 * @param {number} kind
 * @param {string} text
 */
function put(kind, text) {
  kinds.push(kind);
  texts.push(text);
}

/** @param {unknown} v */
function value(v) {
  switch (typeof v) {
    case 'string':
      return put(STR, v.length > STRING_CUT ? v.slice(0, STRING_CUT) : v);
    case 'number':
      return isFinite(v) ? put(NUM, String(v)) : put(OTHER, '');
    // Past about 1e308 a JSON parser reads Infinity, and a collector may refuse the whole batch.
    case 'bigint':
      return isFinite(Number(v)) ? put(NUM, String(v)) : put(OTHER, '');
    case 'boolean':
      return put(v ? TRUE : FALSE, '');
    default:
      return put(OTHER, '');
  }
}

/**
 * `o[k]`, or `undefined` when a getter or a proxy throws.
 * @param {object} o
 * @param {string} k
 * @returns {unknown}
 */
function get(o, k) {
  try {
    return /** @type {Record<string, unknown>} */ (o)[k];
  } catch (_) {
    return undefined;
  }
}

/**
 * Reads one map; sets counts[at] (entries read) and counts[at + 1] (dropped by the reader).
 * @param {object} e
 * @param {string} name
 * @param {number} at
 */
function fields(e, name, at) {
  /** @type {unknown} */
  let m;
  try {
    m = /** @type {Record<string, unknown>} */ (e)[name];
  } catch (_) {
    counts[at + 1] = 1;
    return;
  }
  if (m === undefined || m === null) return;
  if (typeof m !== 'object') {
    counts[at + 1] = 1;
    return;
  }
  /** @type {string[]} */
  let keys;
  try {
    keys = Object.keys(m);
  } catch (_) {
    counts[at + 1] = 1;
    return;
  }
  const n = Math.min(keys.length, READ_KEYS);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    put(STR, k.length > KEY_CUT ? k.slice(0, KEY_CUT) : k);
    value(get(m, k));
  }
  counts[at] = n;
  counts[at + 1] = keys.length - n;
}

/** @param {object} e */
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

/** @param {string} t */
function utf8Length(t) {
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) >= 0x80) return i + encoder.encode(t.slice(i)).length;
  return t.length;
}

/**
 * Writes `t` as UTF-8 at `p` (there is room up to `end`); returns where it ends.
 * @param {string} t
 * @param {Uint8Array} u8
 * @param {number} p
 * @param {number} end
 */
function writeUtf8(t, u8, p, end) {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0x80) return p + encoder.encodeInto(t.slice(i), u8.subarray(p, end)).written;
    u8[p++] = c;
  }
  return p;
}

/**
 * `n` as a little-endian u32 at `p`.
 * @param {Uint8Array} u8
 * @param {number} p
 * @param {number} n
 */
function u32(u8, p, n) {
  u8[p] = n;
  u8[p + 1] = n >>> 8;
  u8[p + 2] = n >>> 16;
  u8[p + 3] = n >>> 24;
}

/** A view of wasm memory, made again only when the memory grew (a new buffer). */
let u8 = new Uint8Array(0);

/**
 * Writes the event into the core's buffer (`cap` bytes at `ptr`) in the
 * format of crate::flat_event, character by character: no string is built
 * or escaped, and no call is made per event beyond this one (wasm-bindgen's
 * string passing and TextEncoder calls cost more at these sizes: measured,
 * bench/README.md "Reading events").
 * @param {unknown} e what the plugin passed
 * @param {WasmMemory} memory
 * @param {number} ptr
 * @param {number} cap
 * @returns {number} the bytes written, `-n` when the buffer needs `n` bytes
 *   (the core grows it and calls again with the same event), or -1 when `e`
 *   is not an object.
 */
export function readEvent(e, memory, ptr, cap) {
  if (typeof e !== 'object' || e === null) return -1;
  if (readFor !== e) read(e);
  readFor = null;
  // A bound first (each UTF-16 unit is at most 3 bytes); exact only for large events.
  let need = HEADER_BYTES + PART_HEADER_BYTES * kinds.length;
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
  let p = ptr + HEADER_BYTES;
  for (let i = 0; i < kinds.length; i++) {
    u8[p] = kinds[i];
    const end = writeUtf8(texts[i], u8, p + PART_HEADER_BYTES, ptr + cap);
    u32(u8, p + 1, end - p - PART_HEADER_BYTES);
    p = end;
  }
  return p - ptr;
}

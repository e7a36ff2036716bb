// shim/glue/read.js on its own: readEvent writes an event into a stand-in for
// wasm memory, and the bytes are read back here in the format src/flat_event.rs
// parses (tests/contracts.rs also feeds its output to that parser itself):
//   header: four little-endian u32 (attribute entries read, attribute entries
//   dropped, context entries read, context entries dropped), then parts:
//   action, subject, value, then a key part and a value part per entry;
//   a part is a kind byte, a u32 byte length and that many bytes of UTF-8.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readEvent } from './read.js';

// Kinds and limits as src/flat_event.rs, src/scrub and src/event.rs define them.
const OTHER = 0;
const STR = 1;
const NUM = 2;
const TRUE = 3;
const FALSE = 4;
const HEADER_BYTES = 16;
const STRING_CUT = 64 * 1024 + 1; // scrub::MAX_INPUT_BYTES + 1
const KEY_CUT = 128 + 1; // event::MAX_KEY_BYTES + 1
const READ_KEYS = 256;

const SENTINEL = 0xaa;

/** A stand-in for the wasm module's memory (its buffer replaced when it grows), filled with a sentinel byte. */
function memory(bytes = 1 << 20): { buffer: ArrayBuffer } {
  const buffer = new ArrayBuffer(bytes);
  new Uint8Array(buffer).fill(SENTINEL);
  return { buffer };
}

/** One part of a record: its kind and its text. */
type Part = [kind: number, text: string];

/** The record at `ptr` (`n` bytes), as flat_event::parse reads it. */
function decode(buffer: ArrayBuffer, ptr: number, n: number): { counts: number[]; parts: Part[] } {
  const u8 = new Uint8Array(buffer, ptr, n);
  const view = new DataView(buffer, ptr, n);
  const counts = [0, 1, 2, 3].map(i => view.getUint32(4 * i, true));
  const parts: Part[] = [];
  let p = HEADER_BYTES;
  while (p < n) {
    const kind = u8[p];
    const len = view.getUint32(p + 1, true);
    const bytes = u8.subarray(p + 5, p + 5 + len);
    assert.equal(bytes.length, len, `part ${parts.length} runs past the record`);
    parts.push([kind, new TextDecoder('utf-8', { fatal: true }).decode(bytes)]);
    p += 5 + len;
  }
  assert.equal(p, n, 'the parts end where the record does');
  return { counts, parts };
}

/** Reads `event` at `ptr` with room for `cap` bytes; returns the record decoded. */
function read(event: unknown, { ptr = 64, cap = 1 << 16, mem = memory() } = {}): { counts: number[]; parts: Part[] } {
  const n = readEvent(event, mem, ptr, cap);
  assert.ok(n >= 0, `readEvent answered ${n}`);
  const all = new Uint8Array(mem.buffer);
  assert.ok(all.subarray(0, ptr).every(b => b === SENTINEL), 'nothing written before ptr');
  assert.ok(all.subarray(ptr + n).every(b => b === SENTINEL), 'nothing written past the record');
  return decode(mem.buffer, ptr, n);
}

test('a plain event: header counts, then action, subject, value and every entry in order', () => {
  const { counts, parts } = read({
    action: 'navigate',
    subject: '/catalog',
    value: 3.5,
    attributes: { tab: 'docs', ok: true, no: false },
    context: { pluginId: 'catalog' },
  });
  assert.deepEqual(counts, [3, 0, 1, 0]);
  assert.deepEqual(parts, [
    [STR, 'navigate'],
    [STR, '/catalog'],
    [NUM, '3.5'],
    [STR, 'tab'],
    [STR, 'docs'],
    [STR, 'ok'],
    [TRUE, ''],
    [STR, 'no'],
    [FALSE, ''],
    [STR, 'pluginId'],
    [STR, 'catalog'],
  ]);
});

test('the exact bytes of a small record', () => {
  const mem = memory(64);
  const n = readEvent({ action: 'a', subject: 7, attributes: { k: null } }, mem, 0, 64);
  // prettier-ignore
  const want = [
    1, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0, // 1 attribute read, none dropped; no context
    STR, 1, 0, 0, 0, 0x61, // action 'a'
    NUM, 1, 0, 0, 0, 0x37, // subject 7
    OTHER, 0, 0, 0, 0, // value absent
    STR, 1, 0, 0, 0, 0x6b, // key 'k'
    OTHER, 0, 0, 0, 0, // null
  ];
  assert.equal(n, want.length);
  assert.deepEqual([...new Uint8Array(mem.buffer, 0, n)], want);
});

test('value kinds: finite numbers and BigInts as JSON text, the rest as OTHER with no bytes', () => {
  const attributes = {
    int: 42,
    neg: -0.25,
    exp: 1e21,
    nan: NaN,
    inf: -Infinity,
    big: 10n,
    huge: 10n ** 400n,
    t: true,
    f: false,
    nul: null,
    undef: undefined,
    sym: Symbol('s'),
    fn: () => 1,
    obj: { a: 1 },
    arr: [1],
  };
  const { counts, parts } = read({ action: 'click', attributes });
  assert.deepEqual(counts, [Object.keys(attributes).length, 0, 0, 0]);
  const values: Record<string, Part> = {};
  for (let i = 3; i < parts.length; i += 2) values[parts[i][1]] = parts[i + 1];
  assert.deepEqual(values, {
    int: [NUM, '42'],
    neg: [NUM, '-0.25'],
    exp: [NUM, '1e+21'],
    nan: [OTHER, ''],
    inf: [OTHER, ''],
    big: [NUM, '10'],
    huge: [OTHER, ''], // past about 1e308 a JSON parser reads Infinity
    t: [TRUE, ''],
    f: [FALSE, ''],
    nul: [OTHER, ''],
    undef: [OTHER, ''],
    sym: [OTHER, ''],
    fn: [OTHER, ''],
    obj: [OTHER, ''],
    arr: [OTHER, ''],
  });
  // Subject and value missing entirely are OTHER too.
  assert.deepEqual(parts.slice(1, 3), [
    [OTHER, ''],
    [OTHER, ''],
  ]);
});

test('text is UTF-8 with byte lengths; a lone surrogate becomes U+FFFD', () => {
  const mem = memory();
  const subject = 'café ✓ 😀 \uD800 x';
  const key = 'ключ';
  const n = readEvent({ action: 'click', subject, attributes: { [key]: 'значение 😀' } }, mem, 0, 4096);
  const { parts } = decode(mem.buffer, 0, n);
  assert.deepEqual(parts[1], [STR, 'café ✓ 😀 \uFFFD x']);
  assert.deepEqual(parts[3], [STR, key]);
  assert.deepEqual(parts[4], [STR, 'значение 😀']);
  // The length field is the UTF-8 byte count, not the UTF-16 length.
  const at = HEADER_BYTES + 5 + 'click'.length;
  assert.equal(new DataView(mem.buffer).getUint32(at + 1, true), Buffer.byteLength('café ✓ 😀 \uFFFD x'));
});

test('strings are cut at STRING_CUT units and keys at KEY_CUT, one past what the core reads', () => {
  const long = 's'.repeat(STRING_CUT + 10);
  const exact = 'e'.repeat(STRING_CUT);
  const longKey = 'k'.repeat(KEY_CUT + 5);
  const exactKey = 'x'.repeat(KEY_CUT);
  const { parts } = read(
    { action: 'search', subject: long, attributes: { [longKey]: 1, [exactKey]: exact } },
    { cap: 1 << 19 },
  );
  assert.equal(parts[1][1], 's'.repeat(STRING_CUT));
  assert.equal(parts[3][1], 'k'.repeat(KEY_CUT));
  assert.equal(parts[5][1], exactKey, 'a key of exactly KEY_CUT stays whole');
  assert.equal(parts[6][1], exact, 'a string of exactly STRING_CUT stays whole');
});

test('only the first READ_KEYS keys of a map are read; the rest are counted as dropped', () => {
  const attributes = Object.fromEntries(Array.from({ length: READ_KEYS + 44 }, (_, i) => [`k${i}`, i]));
  const context = Object.fromEntries(Array.from({ length: READ_KEYS }, (_, i) => [`c${i}`, i]));
  const { counts, parts } = read({ action: 'click', attributes, context });
  assert.deepEqual(counts, [READ_KEYS, 44, READ_KEYS, 0]);
  assert.equal(parts.length, 3 + 2 * READ_KEYS + 2 * READ_KEYS);
  assert.deepEqual(parts[3 + 2 * (READ_KEYS - 1)], [STR, `k${READ_KEYS - 1}`]);
  assert.deepEqual(parts[3 + 2 * READ_KEYS], [STR, 'c0']);
});

test('throwing getters and proxies: the part is OTHER or the map counted as dropped, never a throw', () => {
  const event = {
    get action() {
      return 'click';
    },
    get subject() {
      throw new Error('subject getter');
    },
    attributes: {
      ok: 'yes',
      get boom() {
        throw new Error('entry getter');
      },
    },
    context: new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('ownKeys trap');
        },
      },
    ),
  };
  const { counts, parts } = read(event);
  assert.deepEqual(counts, [2, 0, 0, 1], 'both entries read (the throwing one as OTHER); context dropped whole');
  assert.deepEqual(parts, [
    [STR, 'click'],
    [OTHER, ''],
    [OTHER, ''],
    [STR, 'ok'],
    [STR, 'yes'],
    [STR, 'boom'],
    [OTHER, ''],
  ]);

  const mapGetterThrows = {
    action: 'click',
    get attributes() {
      throw new Error('attributes getter');
    },
    context: 'not a map',
  };
  assert.deepEqual(read(mapGetterThrows).counts, [0, 1, 0, 1], 'a throwing map getter and a non-object map are one drop each');
  assert.deepEqual(read({ action: 'click', attributes: null, context: undefined }).counts, [0, 0, 0, 0], 'null and undefined maps are empty');
});

test('non-objects are refused with -1 and nothing is written', () => {
  for (const e of [undefined, null, 0, 42, 'navigate', true, Symbol('e'), 10n, () => ({ action: 'x' })]) {
    const mem = memory(256);
    assert.equal(readEvent(e, mem, 0, 256), -1, String(typeof e));
    assert.ok(new Uint8Array(mem.buffer).every(b => b === SENTINEL));
  }
  // An object with no usable action is still written: flat_event::parse refuses it.
  assert.equal(read({}).parts[0][0], OTHER);
});

test('too large for the buffer: -n with the exact size, getters run once, the second call writes it', () => {
  let reads = 0;
  const event = {
    action: 'search',
    get subject() {
      reads++;
      return 'é'.repeat(5000); // 10,000 bytes, 15,000 by the three-bytes-a-unit bound
    },
  };
  const mem = memory();
  const need = -readEvent(event, mem, 0, 1024);
  assert.equal(need, HEADER_BYTES + 3 * 5 + 'search'.length + 10000);
  assert.ok(new Uint8Array(mem.buffer).every(b => b === SENTINEL), 'nothing written');
  assert.equal(readEvent(event, mem, 0, need - 1), -need, 'one byte short is still too small');
  assert.equal(readEvent(event, mem, 0, need), need, 'exactly the size asked for fits');
  assert.equal(reads, 1, 'the getters ran once over all three calls');
  assert.equal(decode(mem.buffer, 0, need).parts[1][1], 'é'.repeat(5000));

  // A held read serves only the same event, once.
  assert.ok(readEvent(event, mem, 0, 8) < 0);
  assert.equal(reads, 2, 'written once, the event is read afresh the next time');
  const other = read({ action: 'click', subject: 'other' });
  assert.deepEqual(other.parts[1], [STR, 'other'], 'another event is not given the held read');
  assert.ok(readEvent(event, mem, 0, 1 << 16) > 0);
  assert.equal(reads, 3, 'read again once another event came between');
});

test('a getter that grows wasm memory: the record lands in the new buffer', () => {
  const mem = memory(1024);
  const old = new Uint8Array(mem.buffer);
  readEvent({ action: 'warm' }, mem, 0, 1024); // the reader keeps a view of the first buffer
  const grown = new ArrayBuffer(2048);
  const event = {
    get action() {
      mem.buffer = grown; // as memory.grow() does: a new ArrayBuffer
      return 'click';
    },
  };
  const n = readEvent(event, mem, 512, 1024);
  assert.ok(n > 0);
  assert.deepEqual(decode(grown, 512, n).parts[0], [STR, 'click']);
  assert.ok(old.subarray(512).every(b => b === SENTINEL), 'nothing written to the old buffer');
});

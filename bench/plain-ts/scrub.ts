/**
 * The scrubber, in plain TypeScript: the same rules, in the same order, with
 * the same boundaries as `src/scrub/*.rs`, written for speed: hand scanners
 * over UTF-16 code units (every rule matches ASCII classes only, so a match
 * found on code units is the match the Rust finds on UTF-8 bytes), a cheap
 * pre-check per rule, and the input string returned as is when a rule finds
 * nothing (no copy). Byte limits (4 KiB in, 1 KiB out) are counted in UTF-8
 * bytes, as the wire counts them.
 */

export const MAX_OUTPUT_BYTES = 1024;
export const MAX_INPUT_BYTES = 64 * 1024;
/** More than any marker adds over what it replaces. */
const MARKER_GROWTH = 16;
export const TRUNCATED = '\u2026<truncated>';

const EMAIL = '<email>';
const JWT = '<jwt>';
const TOKEN = '<token>';
const CARD = '<card>';
const USER = '<user>';

// ---------------------------------------------------------------- classes

// One lookup table for every ASCII class the rules use.
const ALNUM = 1, B64 = 2, LOCAL = 4, DOMAIN = 8, CRED = 16, REF = 32, HEX = 64, UPPER_DIGIT = 128;
const ALNUM_UNDERSCORE = 256, ALNUM_DASH = 512, B64URL = 1024;
const CLASS = new Uint16Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const digit = c >= 48 && c <= 57;
  const upper = c >= 65 && c <= 90;
  const lower = c >= 97 && c <= 122;
  const alnum = digit || upper || lower;
  let f = 0;
  if (alnum) f |= ALNUM;
  if (alnum || ch === '-' || ch === '_' || ch === '+') f |= B64;
  if (alnum || '._%+-\''.includes(ch)) f |= LOCAL;
  if (alnum || ch === '.' || ch === '-') f |= DOMAIN;
  if (alnum || '-._~+/='.includes(ch)) f |= CRED;
  if (alnum || ch === '.' || ch === '_' || ch === '-') f |= REF;
  if (digit || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)) f |= HEX;
  if (upper || digit) f |= UPPER_DIGIT;
  if (alnum || ch === '_') f |= ALNUM_UNDERSCORE;
  if (alnum || ch === '-') f |= ALNUM_DASH;
  if (alnum || ch === '-' || ch === '_') f |= B64URL;
  CLASS[c] = f;
}
const is = (c: number, f: number): boolean => c < 128 && (CLASS[c]! & f) !== 0;
const isAlnum = (c: number): boolean => c < 128 && (CLASS[c]! & ALNUM) !== 0;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** Rust's `u8::is_ascii_whitespace`: space, \t, \n, \x0C, \r (not \x0B). */
const isAsciiWs = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
/** Rust's `char::is_whitespace` (Unicode White_Space). */
function isUnicodeWs(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0x85) return false;
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}
const lowerAscii = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

function runEnd(s: string, i: number, f: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (CLASS[c]! & f) === 0) break;
    i++;
  }
  return i;
}
const boundaryBefore = (s: string, i: number): boolean => i === 0 || !isAlnum(s.charCodeAt(i - 1));
const boundaryAt = (s: string, i: number): boolean => i >= s.length || !isAlnum(s.charCodeAt(i));

/** `needle` must be lower case ASCII (or any non-letter). */
function findCi(s: string, from: number, needle: string): number {
  const n = needle.length;
  const last = s.length - n;
  if (n === 0) return -1;
  const first = needle.charCodeAt(0);
  outer: for (let i = from; i <= last; i++) {
    if (lowerAscii(s.charCodeAt(i)) !== first) continue;
    for (let k = 1; k < n; k++) {
      if (lowerAscii(s.charCodeAt(i + k)) !== needle.charCodeAt(k)) continue outer;
    }
    return i;
  }
  return -1;
}
const startsWithAt = (s: string, i: number, p: string): boolean => s.startsWith(p, i);
/** Whether `s` holds `needle` (lower case ASCII) at `i`, ASCII case-insensitively. */
function eqCiAt(s: string, i: number, needle: string): boolean {
  if (i < 0 || i + needle.length > s.length) return false;
  for (let k = 0; k < needle.length; k++) {
    if (lowerAscii(s.charCodeAt(i + k)) !== needle.charCodeAt(k)) return false;
  }
  return true;
}

// ---------------------------------------------------------------- the shared loop

// The current hit (module state instead of an object per hit).
let hitEnd = 0;
let hitWith = '';
type Next = (s: string, from: number) => number; // the hit's start, or -1

function replaceAll(s: string, next: Next): string {
  let out = '';
  let changed = false;
  let copied = 0;
  let from = 0;
  while (from < s.length) {
    const start = next(s, from);
    if (start < 0) break;
    out += s.slice(copied, start) + hitWith;
    changed = true;
    copied = hitEnd;
    from = hitEnd > start + 1 ? hitEnd : start + 1;
  }
  return changed ? out + s.slice(copied) : s;
}
function hit(start: number, end: number, w: string): number {
  hitEnd = end;
  hitWith = w;
  return start;
}

// ---------------------------------------------------------------- URLs

const QS = /[?#]/;

function stripQueries(s: string, allowed: readonly string[]): string {
  if (!QS.test(s)) return s;
  return replaceAll(s, (t, from) => nextUrlTail(t, from, allowed));
}

function nextUrlTail(s: string, from: number, allowed: readonly string[]): number {
  const n = s.length;
  for (;;) {
    let mark = from;
    while (mark < n) {
      const c = s.charCodeAt(mark);
      if (c === 63 || c === 35) break;
      mark++;
    }
    if (mark >= n) return -1;
    let start = mark;
    while (start > 0 && !isAsciiWs(s.charCodeAt(start - 1))) start--;
    let end = mark;
    while (end < n && !isAsciiWs(s.charCodeAt(end))) end++;
    let first = start;
    while (first < end) {
      const c = s.charCodeAt(first);
      if (c === 63 || c === 35) break;
      first++;
    }
    if (first >= from && isUrlLike(s, start, end, first)) {
      return hit(first, end, keptQuery(s, first, end, allowed));
    }
    from = end;
    if (from >= n) return -1;
  }
}

function isUrlLike(s: string, start: number, end: number, mark: number): boolean {
  const c0 = s.charCodeAt(start);
  if (c0 === 47 || c0 === 63) return true;
  const sep = s.indexOf('://', start);
  if (sep >= 0 && sep + 3 <= end) return true;
  if (s.charCodeAt(mark) === 63) {
    const eq = s.indexOf('=', mark);
    return eq >= 0 && eq < end;
  }
  return false;
}

function keptQuery(s: string, first: number, end: number, allowed: readonly string[]): string {
  if (s.charCodeAt(first) !== 63 || allowed.length === 0) return '';
  let queryEnd = s.indexOf('#', first);
  if (queryEnd < 0 || queryEnd > end) queryEnd = end;
  let out = '';
  for (const pair of s.slice(first + 1, queryEnd).split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (key !== '' && allowed.includes(key)) out += (out === '' ? '?' : '&') + pair;
  }
  return out;
}

// ---------------------------------------------------------------- user entities

const USER_WORD = /[Uu][Ss][Ee][Rr]/g;

function maskUserRefs(s: string): string {
  USER_WORD.lastIndex = 0;
  if (!USER_WORD.test(s)) return s;
  return replaceAll(s, nextUserName);
}

function nextUserName(s: string, from: number): number {
  let at = from;
  for (;;) {
    USER_WORD.lastIndex = at;
    const m = USER_WORD.exec(s);
    if (m === null) return -1;
    const i = m.index;
    at = i + 1;
    const h = catalogPathName(s, i);
    if (h >= 0) return h;
    const r = entityRefName(s, i);
    if (r >= 0) return r;
  }
}

const isSegment = (c: number): boolean => c !== 47 && c !== 63 && c !== 35 && !isAsciiWs(c);

function catalogPathName(s: string, i: number): number {
  if (i < 2 || s.charCodeAt(i - 1) !== 47 || s.charCodeAt(i + 4) !== 47) return -1;
  // Back over `/<ns>` to `/catalog`: the slash must lie within 64 UTF-8 bytes before `/user`.
  const slash = slashWithin64Bytes(s, i - 1);
  if (slash < 0) return -1;
  const nsStart = slash + 1;
  if (nsStart === i - 1) return -1;
  // `/catalog` right before the namespace's slash, any case.
  if (!eqCiAt(s, slash - 8, '/catalog')) return -1;
  const nameStart = i + 5;
  let nameEnd = nameStart;
  while (nameEnd < s.length && isSegment(s.charCodeAt(nameEnd))) nameEnd++;
  if (nameEnd > nameStart && !(nameEnd - nameStart === USER.length && startsWithAt(s, nameStart, USER))) {
    return hit(nameStart, nameEnd, USER);
  }
  return -1;
}

/** The last `/` before code unit `end` that starts at most 64 UTF-8 bytes before it, or -1. */
function slashWithin64Bytes(s: string, end: number): number {
  let bytes = 0;
  for (let j = end - 1; j >= 0; j--) {
    const c = s.charCodeAt(j);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? 2 : 3; // a surrogate pair is 4
    if (bytes > 64) return -1;
    if (c === 47) return j;
  }
  return -1;
}

function entityRefName(s: string, i: number): number {
  if (!boundaryBefore(s, i) || s.charCodeAt(i + 4) !== 58) return -1;
  let nameStart = i + 5;
  let end = runEnd(s, nameStart, REF);
  if (s.charCodeAt(end) === 47) {
    nameStart = end + 1;
    end = runEnd(s, nameStart, REF);
  }
  return end > nameStart ? hit(nameStart, end, USER) : -1;
}

// ---------------------------------------------------------------- secrets

interface Prefix {
  text: string;
  body: number;
  min: number;
  max: number;
}
const INF = Number.MAX_SAFE_INTEGER;
const PREFIXES: readonly Prefix[] = [
  { text: 'ghp_', body: ALNUM, min: 20, max: INF },
  { text: 'gho_', body: ALNUM, min: 20, max: INF },
  { text: 'ghu_', body: ALNUM, min: 20, max: INF },
  { text: 'ghs_', body: ALNUM, min: 20, max: INF },
  { text: 'ghr_', body: ALNUM, min: 20, max: INF },
  { text: 'github_pat_', body: ALNUM_UNDERSCORE, min: 20, max: INF },
  { text: 'glpat-', body: B64URL, min: 16, max: INF },
  { text: 'glrt-', body: B64URL, min: 16, max: INF },
  { text: 'gldt-', body: B64URL, min: 16, max: INF },
  { text: 'xoxb-', body: ALNUM_DASH, min: 10, max: INF },
  { text: 'xoxp-', body: ALNUM_DASH, min: 10, max: INF },
  { text: 'xoxa-', body: ALNUM_DASH, min: 10, max: INF },
  { text: 'xoxr-', body: ALNUM_DASH, min: 10, max: INF },
  { text: 'xoxs-', body: ALNUM_DASH, min: 10, max: INF },
  { text: 'xoxe-', body: ALNUM_DASH, min: 10, max: INF },
  { text: 'xapp-', body: ALNUM_DASH, min: 10, max: INF },
  { text: 'AKIA', body: UPPER_DIGIT, min: 16, max: 16 },
  { text: 'ASIA', body: UPPER_DIGIT, min: 16, max: 16 },
  { text: 'npm_', body: ALNUM, min: 30, max: INF },
  { text: 'sk_live_', body: ALNUM, min: 16, max: INF },
  { text: 'sk_test_', body: ALNUM, min: 16, max: INF },
  { text: 'rk_live_', body: ALNUM, min: 16, max: INF },
  { text: 'AIza', body: B64URL, min: 30, max: INF },
];
// Prefixes by first character.
const BY_FIRST: Prefix[][] = [];
for (let c = 0; c < 128; c++) BY_FIRST.push([]);
for (const p of PREFIXES) BY_FIRST[p.text.charCodeAt(0)]!.push(p);

// e g x A n s r B b
const MAY_START = new Uint8Array(128);
for (const ch of 'egxAnsrBb') MAY_START[ch.charCodeAt(0)] = 1;

/** Where any rule below could start (the precise checks follow). */
const SECRET_START = /eyJ|gh[pousr]_|github_pat_|gl(?:pat|rt|dt)-|xox[bpares]-|xapp-|A[KS]IA|npm_|[sr]k_live_|sk_test_|AIza|[Bb][Ee][Aa][Rr][Ee][Rr]/g;

function maskSecrets(s: string): string {
  SECRET_START.lastIndex = 0;
  if (!SECRET_START.test(s)) return s;
  return replaceAll(s, nextSecret);
}

function nextSecret(s: string, from: number): number {
  let at = from;
  for (;;) {
    SECRET_START.lastIndex = at;
    const m = SECRET_START.exec(s);
    if (m === null) return -1;
    const i = m.index;
    at = i + 1;
    const c = s.charCodeAt(i);
    if (c >= 128 || MAY_START[c] === 0 || !boundaryBefore(s, i)) continue;
    let h = c === 101 ? jwtAt(s, i) : -1;
    if (h < 0) h = prefixedAt(s, i, c);
    if (h < 0 && (c === 66 || c === 98)) h = bearerAt(s, i);
    if (h >= 0) return h;
  }
  return -1;
}

function b64urlEnd(s: string, i: number): number {
  return runEnd(s, i, B64URL);
}

function jwtAt(s: string, i: number): number {
  if (!startsWithAt(s, i, 'eyJ')) return -1;
  const headerEnd = b64urlEnd(s, i);
  if (headerEnd - i < 10 || s.charCodeAt(headerEnd) !== 46) return -1;
  const payloadEnd = b64urlEnd(s, headerEnd + 1);
  if (payloadEnd - headerEnd < 3 || s.charCodeAt(payloadEnd) !== 46) return -1;
  return hit(i, b64urlEnd(s, payloadEnd + 1), JWT);
}

function prefixedAt(s: string, i: number, c: number): number {
  const list = BY_FIRST[c]!;
  for (let k = 0; k < list.length; k++) {
    const p = list[k]!;
    if (!startsWithAt(s, i, p.text)) continue;
    const body = i + p.text.length;
    const end = runEnd(s, body, p.body);
    const len = end - body;
    if (len >= p.min && len <= p.max && boundaryAt(s, end)) return hit(i, end, TOKEN);
  }
  return -1;
}

function bearerAt(s: string, i: number): number {
  if (!eqCiAt(s, i, 'bearer')) return -1;
  let spacesEnd = i + 6;
  while (s.charCodeAt(spacesEnd) === 32) spacesEnd++;
  if (spacesEnd === i + 6) return -1;
  const end = runEnd(s, spacesEnd, CRED);
  return end - spacesEnd >= 8 ? hit(i, end, TOKEN) : -1;
}

// ---------------------------------------------------------------- emails

function maskEmails(s: string): string {
  if (s.indexOf('@') < 0 && s.indexOf('%40') < 0) return s;
  return replaceAll(s, nextEmail);
}

function nextEmail(s: string, from: number): number {
  const n = s.length;
  let i = from;
  while (i < n) {
    const c = s.charCodeAt(i);
    let atLen: number;
    if (c === 64) atLen = 1;
    else if (c === 37 && s.charCodeAt(i + 1) === 52 && s.charCodeAt(i + 2) === 48) atLen = 3;
    else {
      i++;
      continue;
    }
    const h = emailAround(s, from, i, atLen);
    if (h >= 0) return h;
    i += atLen;
  }
  return -1;
}

/** The longest local part an address may have (RFC 5321); also bounds the scan back from each `@`. */
const MAX_LOCAL = 64;

function emailAround(s: string, from: number, at: number, atLen: number): number {
  // Local-part characters are ASCII, so 64 code units back is 64 bytes back.
  const floor = Math.max(from, at - MAX_LOCAL);
  let start = at;
  while (start > floor && is(s.charCodeAt(start - 1), LOCAL)) start--;
  while (start < at) {
    const c = s.charCodeAt(start);
    if (c === 46 || c === 37 || c === 39 || c === 45) start++;
    else break;
  }
  if (start === at) return -1;
  const domain = at + atLen;
  let end = runEnd(s, domain, DOMAIN);
  while (end > domain) {
    const c = s.charCodeAt(end - 1);
    if (c === 46 || c === 45) end--;
    else break;
  }
  const dot = s.lastIndexOf('.', end - 1);
  if (dot < domain || dot === domain) return -1; // no dot in the host, or a leading one
  if (end - (dot + 1) < 2) return -1;
  for (let k = dot + 1; k < end; k++) {
    const c = s.charCodeAt(k) | 32;
    if (c < 97 || c > 122) return -1;
  }
  return hit(start, end, EMAIL);
}

// ---------------------------------------------------------------- cards

/** 13 digits with at most one space or dash between two: what every card needs. */
const CARD_RUN = /\d(?:[ -]?\d){12}/;

function maskCards(s: string): string {
  if (!CARD_RUN.test(s)) return s;
  return replaceAll(s, nextCard);
}

const cardDigits = new Uint8Array(21);
let cardCount = 0;

function nextCard(s: string, from: number): number {
  const n = s.length;
  let i = from;
  while (i < n) {
    if (!isDigit(s.charCodeAt(i)) || !boundaryBefore(s, i)) {
      i++;
      continue;
    }
    const end = digitRun(s, i);
    if (cardCount >= 13 && cardCount <= 19 && boundaryAt(s, end) && luhn()) return hit(i, end, CARD);
    i = end > i + 1 ? end : i + 1;
  }
  return -1;
}

function digitRun(s: string, start: number): number {
  cardCount = 0;
  let i = start;
  const n = s.length;
  while (i < n && cardCount <= 19) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      cardDigits[cardCount++] = c - 48;
      i++;
    } else if ((c === 32 || c === 45) && isDigit(s.charCodeAt(i + 1))) {
      i++;
    } else break;
  }
  return i;
}

function luhn(): boolean {
  let sum = 0;
  for (let k = 0; k < cardCount; k++) {
    let d = cardDigits[cardCount - 1 - k]!;
    if (k % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// ---------------------------------------------------------------- long random runs

const MIN_RUN = 32;

const LONG_RUN = /[A-Za-z0-9+_-]{32}/;

function maskRandomRuns(s: string): string {
  if (s.length < MIN_RUN || !LONG_RUN.test(s)) return s;
  return replaceAll(s, nextRandomRun);
}

function nextRandomRun(s: string, from: number): number {
  const n = s.length;
  let i = from;
  while (i < n) {
    if (!is(s.charCodeAt(i), B64)) {
      i++;
      continue;
    }
    const end = runEnd(s, i, B64);
    if (end - i >= MIN_RUN) {
      const h = hexSegment(s, i, end);
      if (h >= 0) return h;
      if (looksRandom(s, i, end) && !isUuid(s, i, end)) {
        let padded = end;
        while (s.charCodeAt(padded) === 61) padded++;
        return hit(i, padded, TOKEN);
      }
    }
    i = end;
  }
  return -1;
}

const SEP = 0, UPPER = 1, LOWER = 2, DIGIT = 3;
function charClass(c: number): number {
  if (c >= 65 && c <= 90) return UPPER;
  if (c >= 97 && c <= 122) return LOWER;
  if (c >= 48 && c <= 57) return DIGIT;
  return SEP;
}

/** Random text switches between upper case, lower case and digits often (upper to lower does not count). */
function looksRandom(s: string, start: number, end: number): boolean {
  let chars = 0;
  let changes = 0;
  let prev = SEP;
  for (let k = start; k < end; k++) {
    const c = charClass(s.charCodeAt(k));
    if (c !== SEP) {
      chars++;
      if (prev !== SEP && c !== prev && !(prev === UPPER && c === LOWER)) changes++;
    }
    prev = c;
  }
  return end - start >= MIN_RUN && changes * 5 >= chars;
}

/** `8-4-4-4-12` hex digits. */
function isUuid(s: string, start: number, end: number): boolean {
  if (end - start !== 36) return false;
  for (let k = 0; k < 36; k++) {
    const c = s.charCodeAt(start + k);
    if (k === 8 || k === 13 || k === 18 || k === 23) {
      if (c !== 45) return false;
    } else if (!is(c, HEX)) return false;
  }
  return true;
}

function hexSegment(s: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    let segEnd = runEnd(s, i, ALNUM);
    if (segEnd > end) segEnd = end;
    if (segEnd - i >= MIN_RUN) {
      let allHex = true;
      let digit = false;
      for (let k = i; k < segEnd; k++) {
        const c = s.charCodeAt(k);
        if (!is(c, HEX)) {
          allHex = false;
          break;
        }
        if (isDigit(c)) digit = true;
      }
      if (allHex && digit) return hit(i, segEnd, TOKEN);
    }
    i = segEnd + 1;
  }
  return -1;
}

// ---------------------------------------------------------------- own name

/** The lower-cased name part of `user:default/jane.doe`, if at least 2 UTF-8 bytes. */
export function ownNameOf(ref: string | undefined): string | undefined {
  if (ref === undefined) return undefined;
  const afterKind = ref.slice(ref.lastIndexOf(':') + 1);
  const name = afterKind.slice(afterKind.lastIndexOf('/') + 1).replace(/[A-Z]+/g, m => m.toLowerCase());
  return utf8Length(name) >= 2 ? name : undefined;
}

function maskOwnName(s: string, name: string | undefined, quick: RegExp | undefined): string {
  if (name === undefined || (quick !== undefined && !quick.test(s)) || findCi(s, 0, name) < 0) return s;
  return replaceAll(s, (t, from) => {
    let at = from;
    for (;;) {
      const i = findCi(t, at, name);
      if (i < 0) return -1;
      const end = i + name.length;
      if (boundaryBefore(t, i) && boundaryAt(t, end)) return hit(i, end, USER);
      at = i + 1;
    }
  });
}

// ---------------------------------------------------------------- UTF-8 lengths and caps

/** UTF-8 bytes of `s` as TextEncoder writes it (a lone surrogate becomes U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  const n = s.length;
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // 4 bytes for 2 code units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** The longest prefix (in code units) of at most `max` UTF-8 bytes that ends on a character boundary. */
function floorCharBoundary(s: string, max: number): number {
  let bytes = 0;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    let len = 1;
    let units = 1;
    if (c >= 0x80) {
      if (c < 0x800) len = 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        len = 4;
        units = 2;
      } else len = 3;
    }
    if (bytes + len > max) break;
    bytes += len;
    i += units;
  }
  return i;
}

/** Scrubs strings with the built-in rules, the allow-list and the signed-in user's name. */
export class Scrubber {
  private ownName: string | undefined;
  /** A native pre-check for the name (case-insensitive, a superset of ASCII case folding). */
  private ownNameQuick: RegExp | undefined;
  constructor(private readonly allowed: readonly string[] = []) {}

  setUser(ref: string | undefined): void {
    this.ownName = ownNameOf(ref);
    this.ownNameQuick = this.ownName === undefined ? undefined : new RegExp(this.ownName.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'i');
  }

  scrub(text: string): string {
    // Each code unit is at most 3 UTF-8 bytes: short strings skip the byte count.
    if (text.length * 3 <= MAX_INPUT_BYTES || utf8Length(text) <= MAX_INPUT_BYTES) {
      return capOutput(this.scrubAll(text), false);
    }
    // Over 64 KiB: scrub the head; the word the cut landed in is dropped too
    // unless the 1 KiB output cap drops it anyway (the cut fails closed).
    const headEnd = floorCharBoundary(text, MAX_INPUT_BYTES);
    let ws = headEnd - 1;
    while (ws >= 0 && !isUnicodeWs(text.charCodeAt(ws))) ws--;
    const head = text.slice(0, headEnd);
    const lastWord = utf8Length(text.slice(ws + 1, headEnd));
    const out = this.scrubAll(head);
    if (utf8Length(out) >= MAX_OUTPUT_BYTES + lastWord + MARKER_GROWTH) return capOutput(out, true);
    return capOutput(this.scrubAll(text.slice(0, ws + 1)), true);
  }

  private scrubAll(text: string): string {
    let out = stripQueries(text, this.allowed);
    out = maskUserRefs(out);
    out = maskSecrets(out);
    out = maskEmails(out);
    out = maskCards(out);
    out = maskRandomRuns(out);
    return maskOwnName(out, this.ownName, this.ownNameQuick);
  }
}

function capOutput(out: string, cut: boolean): string {
  if (!cut && (out.length * 3 <= MAX_OUTPUT_BYTES || utf8Length(out) <= MAX_OUTPUT_BYTES)) return out;
  return out.slice(0, floorCharBoundary(out, MAX_OUTPUT_BYTES)) + TRUNCATED;
}

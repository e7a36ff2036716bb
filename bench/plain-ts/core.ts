/**
 * The same work as the wasm core's `InsightsCore`, in plain TypeScript, as a
 * competent engineer would write it for speed: read the event defensively,
 * scrub, tag with the cached identity hash, encode the wire JSON once (with
 * its exact UTF-8 size), batch by count / bytes / interval, deliver with
 * `fetch(..., { keepalive })` while in-flight keepalive bodies stay under
 * 60 KiB, retry with backoff, keep the next batch registered with
 * `fetchLater` where the browser has it (refreshed at most once a second as
 * the queue changes), flush everything with keepalive at page hide. Same wire
 * format as `src/event.rs` `encode` and `src/batch.rs` `envelope`; same
 * scheduling as `src/browser/client.rs`.
 *
 * Left out (not on the measured path): the page-hide outbox in
 * localStorage and debug-mode console output.
 */

import { Scrubber, utf8Length } from './scrub.js';

const MAX_FIELDS = 64;
const MAX_KEY_BYTES = 128;
const MAX_EVENTS = 25;
const MAX_BYTES = 49_152;
const FLUSH_INTERVAL_MS = 5_000;
const MAX_QUEUED_EVENTS = 2_000;
const MAX_QUEUED_BYTES = 2 * 1024 * 1024;
const MAX_WAITING = 500;
const KEEPALIVE_BUDGET = 60 * 1024;
/** The fetchLater copy is refreshed at most this often (as `src/browser/client.rs`). */
const DEFERRED_REFRESH_MS = 1_000;
/** Bytes of `{"batchId":"<36>","sentAt":"<24>","events":[]}`. */
const ENVELOPE_BYTES = '{"batchId":"","sentAt":"","events":[]}'.length + 36 + 24;
const MAX_ATTEMPTS = 10;
const MAX_AGE_MS = 24 * 3600 * 1000;

export interface PlainConfig {
  salt?: string;
  /** Keep the next batch registered with `fetchLater` (default: where the browser has it). */
  fetchLater?: boolean;
  batch?: { maxEvents?: number; maxBytes?: number; flushIntervalMs?: number };
  scrub?: { allowedQueryParams?: string[]; redactAttributes?: string[] };
}

interface Queued {
  id: string;
  json: string;
  bytes: number;
  attempts: number;
  queuedMs: number;
}

interface Waiting {
  event: object;
  action: string;
  id: string;
  timestamp: string;
  atMs: number;
}

interface InFlight {
  events: Queued[];
  bytes: number;
  keepalive: boolean;
}

// ---------------------------------------------------------------- ids

const HEX2: string[] = [];
for (let i = 0; i < 256; i++) HEX2.push((i < 16 ? '0' : '') + i.toString(16));

/** UUID v4 text from xoshiro128** seeded once from `crypto.getRandomValues`. */
class IdGen {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor() {
    const seed = new Uint32Array(4);
    crypto.getRandomValues(seed);
    this.a = seed[0]! | 1;
    this.b = seed[1]!;
    this.c = seed[2]!;
    this.d = seed[3]!;
  }
  next(): number {
    const t = this.b << 9;
    let r = Math.imul(this.b, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = (this.d << 11) | (this.d >>> 21);
    return r >>> 0;
  }
  unit(): number {
    return this.next() / 4294967296;
  }
  uuid(): string {
    const w0 = this.next(), w1 = this.next(), w2 = this.next(), w3 = this.next();
    return (
      HEX2[w0 >>> 24]! + HEX2[(w0 >>> 16) & 255]! + HEX2[(w0 >>> 8) & 255]! + HEX2[w0 & 255]! + '-' +
      HEX2[w1 >>> 24]! + HEX2[(w1 >>> 16) & 255]! + '-' +
      HEX2[((w1 >>> 8) & 0x0f) | 0x40]! + HEX2[w1 & 255]! + '-' +
      HEX2[((w2 >>> 24) & 0x3f) | 0x80]! + HEX2[(w2 >>> 16) & 255]! + '-' +
      HEX2[(w2 >>> 8) & 255]! + HEX2[w2 & 255]! +
      HEX2[w3 >>> 24]! + HEX2[(w3 >>> 16) & 255]! + HEX2[(w3 >>> 8) & 255]! + HEX2[w3 & 255]!
    );
  }
}

// ---------------------------------------------------------------- reading

function get(o: object, key: string): unknown {
  try {
    return (o as Record<string, unknown>)[key];
  } catch {
    return undefined; // a throwing getter reads as absent, as in the wasm reader
  }
}

/** The JSON text of a finite number or a BigInt. */
function numberText(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v === 'bigint') return v.toString();
  return undefined;
}

const wellFormed = (s: string): string => s.toWellFormed();

function textOf(v: unknown): string | undefined {
  return typeof v === 'string' ? wellFormed(v) : numberText(v);
}

const encoder = new TextEncoder();
const scratch = new Uint8Array(64 * 1024);
/** Exact UTF-8 bytes of `s`: the browser's encoder into a reused buffer (a JS loop when it does not fit). */
function byteLength(s: string): number {
  const r = encoder.encodeInto(s, scratch);
  return r.read === s.length ? r.written : utf8Length(s);
}

/** `"key":` for attribute and context keys, which repeat: cached (bounded). */
const keyJson = new Map<string, string>();
function jsonKey(k: string): string {
  let j = keyJson.get(k);
  if (j === undefined) {
    j = JSON.stringify(k) + ':';
    if (keyJson.size < 1000) keyJson.set(k, j);
  }
  return j;
}

/** `k` equals `lower` (ASCII lower case) ignoring ASCII case. */
function eqIgnoreAsciiCase(k: string, lower: string): boolean {
  for (let i = 0; i < k.length; i++) {
    let c = k.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** `user`, ASCII case-insensitively. */
function isUserWord(v: string): boolean {
  return v.length === 4 && (v.charCodeAt(0) | 32) === 117 && (v.charCodeAt(1) | 32) === 115 && (v.charCodeAt(2) | 32) === 101 && (v.charCodeAt(3) | 32) === 114;
}

/** A shallow copy of a flat map, so later changes by the caller do not leak in. */
function snapshot(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  try {
    return { ...v };
  } catch {
    return undefined;
  }
}

let lastTsMs = NaN;
let lastTs = '';
/** RFC 3339 in UTC with milliseconds (one-entry cache: many events share a millisecond). */
function rfc3339(ms: number): string {
  if (ms !== lastTsMs) {
    lastTsMs = ms;
    const d = new Date(Number.isFinite(ms) ? Math.trunc(ms) : 0);
    lastTs = Number.isNaN(d.getTime()) ? '1970-01-01T00:00:00.000Z' : d.toISOString();
  }
  return lastTs;
}

// ---------------------------------------------------------------- the core

export class PlainInsightsCore {
  private readonly scrubber: Scrubber;
  private readonly redact: string[];
  private readonly redactLengths: Set<number>;
  private readonly maxEvents: number;
  private readonly maxBytes: number;
  private readonly intervalMs: number;
  private readonly salt: string;
  private identity: string | null | undefined = undefined; // undefined: pending
  private hashed: { ref: string; hash: string } | undefined;
  private readonly waiting: Waiting[] = [];
  private queue: Queued[] = [];
  private queueBytes = 0;
  private readonly inFlight: InFlight[] = [];
  private keepaliveBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerIsNow = false;
  private backoffUntil = 0;
  private token: string | undefined;
  private readonly ids = new IdGen();
  private readonly useFetchLater: boolean;
  private deferred: { controller: AbortController; result: { activated: boolean }; ids: string[] } | undefined;
  private deferredTimer: ReturnType<typeof setTimeout> | undefined;
  private hidden = false;
  private readonly onDeferredTimer = (): void => {
    this.deferredTimer = undefined;
    this.registerDeferred();
  };
  private readonly counters = { captured: 0, delivered: 0, fieldsDropped: 0, invalid: 0, queueFull: 0, tooLarge: 0, rejected: 0, retryExhausted: 0 };
  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.timerIsNow = false;
    this.flushOne();
  };

  constructor(config: PlainConfig, private readonly endpoint: string) {
    this.salt = String(config.salt ?? '');
    this.maxEvents = config.batch?.maxEvents ?? MAX_EVENTS;
    this.maxBytes = config.batch?.maxBytes ?? MAX_BYTES;
    this.intervalMs = config.batch?.flushIntervalMs ?? FLUSH_INTERVAL_MS;
    this.scrubber = new Scrubber(config.scrub?.allowedQueryParams ?? []);
    this.redact = (config.scrub?.redactAttributes ?? []).map(r => r.replace(/[A-Z]+/g, m => m.toLowerCase()));
    this.redactLengths = new Set(this.redact.map(r => r.length));
    this.useFetchLater = config.fetchLater !== false && typeof (globalThis as { fetchLater?: unknown }).fetchLater === 'function';
    if (typeof document !== 'undefined') {
      document.addEventListener('visibilitychange', () => (document.visibilityState === 'hidden' ? this.onHide() : this.onShow()));
      addEventListener('pagehide', () => this.onHide());
      addEventListener('pageshow', e => {
        if ((e as PageTransitionEvent).persisted) this.onShow();
      });
    }
  }

  /** Hashes once per ref (SHA-256 of ref + salt, lower-case hex) and releases waiting events. */
  async setIdentity(ref: string | undefined): Promise<void> {
    let hash: string | null = null;
    if (ref !== undefined) {
      if (this.hashed?.ref !== ref) {
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(ref + this.salt)));
        let hex = '';
        for (let i = 0; i < digest.length; i++) hex += HEX2[digest[i]!];
        this.hashed = { ref, hash: hex };
      }
      hash = this.hashed!.hash;
    }
    this.identity = hash;
    this.scrubber.setUser(ref);
    for (const w of this.waiting.splice(0)) this.enqueue(w.event, w.action, w.id, w.timestamp, w.atMs);
    this.schedule();
    this.queueChanged();
  }

  setToken(token: string | undefined): void {
    this.token = token === '' ? undefined : token;
  }

  /** Takes one event as a plugin passed it. Never throws. */
  capture(event: unknown, timestampMs: number): void {
    try {
      if (typeof event !== 'object' || event === null) {
        this.counters.invalid++;
        return;
      }
      const action = textOf(get(event, 'action'));
      if (action === undefined || action === '') {
        this.counters.invalid++;
        return;
      }
      const id = this.ids.uuid();
      const timestamp = rfc3339(timestampMs);
      if (this.identity === undefined) {
        // Identity not known yet: keep a copy of what was passed (bounded), encode it later.
        if (this.waiting.length >= MAX_WAITING) {
          this.waiting.shift();
          this.counters.queueFull++;
        }
        const e = event as Record<string, unknown>;
        const copy = { action, subject: get(e, 'subject'), value: get(e, 'value'), attributes: snapshot(get(e, 'attributes')), context: snapshot(get(e, 'context')) };
        this.waiting.push({ event: copy, action, id, timestamp, atMs: timestampMs });
        return;
      }
      if (this.enqueue(event, action, id, timestamp, timestampMs)) {
        this.schedule();
        this.queueChanged();
      }
    } catch {
      this.counters.invalid++;
    }
  }

  /** Scrubs and encodes one event, and queues it. */
  private enqueue(event: object, action: string, id: string, timestamp: string, atMs: number): boolean {
    const subject = textOf(get(event, 'subject')) ?? '';
    const value = numberText(get(event, 'value'));
    const s = this.scrubber;
    let json =
      '{"id":"' + id + '","timestamp":"' + timestamp + '","action":' + JSON.stringify(s.scrub(action)) +
      ',"subject":' + JSON.stringify(s.scrub(subject));
    if (value !== undefined) json += ',"value":' + value;
    json +=
      ',"attributes":' + this.fields(event, 'attributes') + ',"context":' + this.fields(event, 'context') +
      ',"identity":' + (this.identity === null || this.identity === undefined ? 'null' : '"' + this.identity + '"') + '}';
    const bytes = byteLength(json);
    if (bytes > this.maxBytes - ENVELOPE_BYTES) {
      this.counters.tooLarge++;
      return false;
    }
    this.counters.captured++;
    this.queue.push({ id, json, bytes, attempts: 0, queuedMs: atMs });
    this.queueBytes += bytes;
    this.enforceBounds();
    return true;
  }

  /** The JSON object of one flat map of primitives, scrubbed; counts dropped entries. */
  private fields(event: object, key: string): string {
    let map: unknown;
    try {
      map = (event as Record<string, unknown>)[key];
    } catch {
      this.counters.fieldsDropped++; // a throwing getter: one dropped field, as in the wasm reader
      return '{}';
    }
    if (typeof map !== 'object' || map === null) {
      if (map !== undefined && map !== null) this.counters.fieldsDropped++;
      return '{}';
    }
    let keys: string[];
    try {
      keys = Object.keys(map);
    } catch {
      this.counters.fieldsDropped++;
      return '{}';
    }
    if (keys.length === 0) return '{}';
    let out = '{';
    let kept = 0;
    // Backstage's route params on a catalog page (`{ namespace, kind: "user", name }`):
    // then `name` is a person's, and is written as `<user>` (as `src/event.rs` does).
    let userKind = false;
    let nameStart = -1;
    let nameEnd = -1;
    for (let i = 0; i < keys.length; i++) {
      const k = wellFormed(keys[i]!);
      if (kept >= MAX_FIELDS || !this.keepKey(k)) {
        this.counters.fieldsDropped++;
        continue;
      }
      const v = get(map, keys[i]!);
      let text: string;
      if (typeof v === 'string') {
        const raw = wellFormed(v);
        if (k === 'kind' && isUserWord(raw)) userKind = true;
        text = JSON.stringify(this.scrubber.scrub(raw));
      } else if (typeof v === 'boolean') text = v ? 'true' : 'false';
      else {
        const n = numberText(v);
        if (n === undefined) {
          this.counters.fieldsDropped++;
          continue;
        }
        text = n;
      }
      out += (kept === 0 ? '' : ',') + jsonKey(k);
      if (k === 'name') nameStart = out.length;
      out += text;
      if (k === 'name') nameEnd = out.length;
      kept++;
    }
    if (userKind && nameStart >= 0) out = out.slice(0, nameStart) + '"<user>"' + out.slice(nameEnd);
    return out + '}';
  }

  private keepKey(k: string): boolean {
    if (k.length > MAX_KEY_BYTES / 3 && utf8Length(k) > MAX_KEY_BYTES) return false;
    // Only a key as long as some redacted key can be one (compared ignoring ASCII case).
    if (!this.redactLengths.has(k.length)) return true;
    for (const r of this.redact) if (r.length === k.length && eqIgnoreAsciiCase(k, r)) return false;
    return true;
  }

  private enforceBounds(): void {
    while (this.queue.length > MAX_QUEUED_EVENTS || this.queueBytes > MAX_QUEUED_BYTES) {
      const q = this.queue.shift();
      if (q === undefined) break;
      this.queueBytes -= q.bytes;
      this.counters.queueFull++;
    }
  }

  private bodyBytes(n: number, sum: number): number {
    return ENVELOPE_BYTES + sum + (n > 0 ? n - 1 : 0);
  }

  private ordinaryInFlight(): boolean {
    for (let i = 0; i < this.inFlight.length; i++) if (!this.inFlight[i]!.keepalive) return true;
    return false;
  }

  /** A flush at once when a batch is full (off the capture call), else after the interval. */
  private schedule(): void {
    if (this.queue.length === 0) return;
    if (this.ordinaryInFlight() || Date.now() < this.backoffUntil) return;
    const full = this.queue.length >= this.maxEvents || this.bodyBytes(this.queue.length, this.queueBytes) > this.maxBytes;
    if (full) {
      if (!this.timerIsNow) {
        if (this.timer !== undefined) clearTimeout(this.timer);
        this.timer = setTimeout(this.onTimer, 0);
        this.timerIsNow = true;
      }
    } else if (this.timer === undefined) {
      this.timer = setTimeout(this.onTimer, this.intervalMs);
    }
  }

  /** Sends what waits now (one batch, as the wasm core's `flush()`). */
  flush(): void {
    this.backoffUntil = 0;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerIsNow = false;
    this.flushOne();
  }

  private flushOne(): void {
    if (this.ordinaryInFlight() || Date.now() < this.backoffUntil) return;
    // What the browser may already have sent must not go twice, and a
    // registered copy of what is sent now must not go at unload.
    this.settleDeferred();
    const batch = this.takeBatch(this.maxBytes);
    // Not keepalive, as in src/browser/client.rs: Chromium counts a keepalive
    // body against its 64 KiB quota for a while after the answer.
    if (batch !== undefined) this.send(batch.events, batch.body, batch.bytes, false);
    this.queueChanged();
  }

  /** How many of the oldest events fit one body of `cap` bytes (at least one), and their bytes. */
  private fitting(cap: number): { n: number; sum: number } {
    const q = this.queue;
    let n = 0;
    let sum = 0;
    while (n < q.length && n < this.maxEvents) {
      const b = q[n]!.bytes;
      if (n > 0 && this.bodyBytes(n + 1, sum + b) > cap) break;
      n++;
      sum += b;
    }
    return { n, sum };
  }

  /** The oldest events that fit one body of `cap` bytes (at least one), and that body. */
  private takeBatch(cap: number): { events: Queued[]; body: string; bytes: number } | undefined {
    const q = this.queue;
    if (q.length === 0) return undefined;
    const { n, sum } = this.fitting(cap);
    const events = q.splice(0, n);
    this.queueBytes -= sum;
    return { events, body: this.envelope(events), bytes: this.bodyBytes(n, sum) };
  }

  private envelope(events: Queued[]): string {
    let body = '{"batchId":"' + this.ids.uuid() + '","sentAt":"' + rfc3339(Date.now()) + '","events":[';
    for (let i = 0; i < events.length; i++) body += (i === 0 ? '' : ',') + events[i]!.json;
    return body + ']}';
  }

  private requestInit(body: string): RequestInit {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.token !== undefined) headers['Authorization'] = 'Bearer ' + this.token;
    // The page URL (query string included) must not ride along in a Referer header.
    return { method: 'POST', headers, body, referrerPolicy: 'no-referrer' };
  }

  private send(events: Queued[], body: string, bytes: number, keepalive: boolean): void {
    let promise: Promise<Response>;
    try {
      const init = this.requestInit(body);
      init.keepalive = keepalive;
      // As the core: an ordinary request never answered is a network error after a minute.
      if (!keepalive && typeof AbortSignal.timeout === 'function') init.signal = AbortSignal.timeout(60000);
      promise = fetch(this.endpoint, init);
    } catch {
      this.requeue(events);
      return;
    }
    const flight: InFlight = { events, bytes, keepalive };
    this.inFlight.push(flight);
    if (keepalive) this.keepaliveBytes += bytes;
    promise.then(
      r => this.onAnswer(flight, r.status, r.headers.get('Retry-After')),
      () => this.onAnswer(flight, 0, null),
    );
  }

  private onAnswer(flight: InFlight, status: number, retryAfter: string | null): void {
    const at = this.inFlight.indexOf(flight);
    if (at >= 0) this.inFlight.splice(at, 1);
    if (flight.keepalive) this.keepaliveBytes -= flight.bytes;
    if (status >= 200 && status < 300) {
      this.counters.delivered += flight.events.length;
      this.backoffUntil = 0;
    } else if (status === 0 || status === 401 || status === 408 || status === 429 || status >= 500) {
      const now = Date.now();
      let attempts = 0;
      const keep: Queued[] = [];
      for (const q of flight.events) {
        q.attempts++;
        if (q.attempts >= MAX_ATTEMPTS || now - q.queuedMs > MAX_AGE_MS) this.counters.retryExhausted++;
        else {
          attempts = Math.max(attempts, q.attempts);
          keep.push(q);
        }
      }
      this.requeue(keep);
      const backoff = Math.min(1000 * 2 ** Math.min(Math.max(attempts - 1, 0), 20), 300_000) * (0.5 + 0.5 * this.ids.unit());
      const server = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Math.min(Number(retryAfter.trim()) * 1000, 1_800_000) : 0;
      const ms = Math.floor(Math.max(server, backoff));
      this.backoffUntil = now + ms;
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = setTimeout(this.onTimer, ms);
      this.timerIsNow = false;
    } else if (status === 413 && flight.events.length > 1) {
      this.requeue(flight.events); // (the wasm core also halves its body cap)
    } else {
      this.counters.rejected += flight.events.length;
    }
    this.schedule();
    this.queueChanged();
  }

  // ------------------------------------------------------------ fetchLater

  /** The queue changed: re-register the next batch with `fetchLater` within a second. */
  private queueChanged(): void {
    if (!this.useFetchLater || this.hidden || this.deferredTimer !== undefined) return;
    this.deferredTimer = setTimeout(this.onDeferredTimer, DEFERRED_REFRESH_MS);
  }

  private registerDeferred(): void {
    this.settleDeferred();
    if (this.hidden || this.queue.length === 0) return;
    // The next batch, as flushOne would cut it, within the keepalive budget; the queue stays as it is.
    const q = this.queue;
    const cap = Math.min(this.maxBytes, KEEPALIVE_BUDGET);
    const { n, sum } = this.fitting(cap);
    if (this.bodyBytes(n, sum) > KEEPALIVE_BUDGET) return;
    const events = q.slice(0, n);
    const controller = new AbortController();
    const init = this.requestInit(this.envelope(events));
    init.signal = controller.signal;
    try {
      const result = (globalThis as unknown as { fetchLater: (u: string, i: RequestInit) => { activated: boolean } }).fetchLater(this.endpoint, init);
      this.deferred = { controller, result, ids: events.map(e => e.id) };
    } catch {
      // QuotaExceededError or TypeError: nothing registered.
    }
  }

  /** Drops the registered batch: if the browser sent it already, its events leave the queue; otherwise it is aborted. */
  private settleDeferred(): void {
    const d = this.deferred;
    if (d === undefined) return;
    this.deferred = undefined;
    if (d.result.activated) {
      let n = 0;
      while (n < this.queue.length && n < d.ids.length && this.queue[n]!.id === d.ids[n]) n++;
      for (const e of this.queue.splice(0, n)) this.queueBytes -= e.bytes;
      this.counters.delivered += n;
    } else d.controller.abort();
  }

  // ------------------------------------------------------------ page lifecycle

  /** Page hidden or left: send all that fits with keepalive now. */
  private onHide(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerIsNow = false;
    this.hidden = true;
    if (this.deferredTimer !== undefined) clearTimeout(this.deferredTimer);
    this.deferredTimer = undefined;
    // Keepalive takes over from here; the registered copy would duplicate it.
    this.settleDeferred();
    for (const w of this.waiting.splice(0)) this.enqueue(w.event, w.action, w.id, w.timestamp, w.atMs);
    for (;;) {
      const budget = KEEPALIVE_BUDGET - this.keepaliveBytes;
      const batch = this.takeBatch(Math.min(this.maxBytes, budget));
      if (batch === undefined) break;
      if (batch.bytes > budget) {
        this.requeue(batch.events);
        break;
      }
      this.send(batch.events, batch.body, batch.bytes, true);
    }
  }

  private onShow(): void {
    this.hidden = false;
    this.schedule();
    this.queueChanged();
  }

  private requeue(events: Queued[]): void {
    if (events.length === 0) return;
    for (const q of events) this.queueBytes += q.bytes;
    this.queue = events.concat(this.queue);
    this.enforceBounds();
  }

  /** Counters, in the shape of the wasm core's `stats()`. */
  stats(): { queued: number; inFlight: number; captured: number; delivered: number; fieldsDropped: number; dropped: Record<string, number> } {
    const c = this.counters;
    let inFlight = 0;
    for (const f of this.inFlight) inFlight += f.events.length;
    return {
      queued: this.queue.length + this.waiting.length,
      inFlight,
      captured: c.captured,
      delivered: c.delivered,
      fieldsDropped: c.fieldsDropped,
      dropped: {
        invalidEvent: c.invalid,
        queueFull: c.queueFull,
        tooLarge: c.tooLarge,
        rejected: c.rejected,
        retryExhausted: c.retryExhausted,
        total: c.invalid + c.queueFull + c.tooLarge + c.rejected + c.retryExhausted,
      },
    };
  }
}

/** The scrubber alone, for the correctness check. */
export { Scrubber } from './scrub.js';

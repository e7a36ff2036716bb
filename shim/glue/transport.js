// @ts-check
// The requests to the collector: one POST with fetch (optionally keepalive),
// the same request registered with fetchLater, and the clock backoffs are
// timed with. Imported by src/browser/transport.rs
// (`#[wasm_bindgen(module = "/shim/glue/transport.js")]`); wasm-bindgen copies
// this file as it is into pkg/snippets/, so it imports nothing.
//
// The request is built here: through web-sys it took about fifteen calls
// across the boundary per request (`Headers`, each `RequestInit` field, the
// promise), which cost more than building it (measured by `npm run bench`),
// and the answer comes back to one callback made once per client, not a
// closure per request.
//
// Kept to plain ES2015 so every bundler and Jest take it as it is; typed with
// JSDoc and checked by `tsc -p shim/glue/tsconfig.json`.

/**
 * The request headers, a plain object.
 * @typedef {Record<string, string>} RequestHeaders
 */

/**
 * Called once per request started by {@link post}: its `seq`, the HTTP status
 * (0 for a network error) and the wait `Retry-After` asks for, in ms (-1 when
 * absent or unparseable; see {@link retryAfterMs}).
 * @callback Done
 * @param {number} seq
 * @param {number} status
 * @param {number} retryAfterMs
 * @returns {void}
 */

/**
 * A request registered with fetchLater: the controller that aborts it and
 * what the browser answered.
 * @typedef {{ c: AbortController, r: FetchLaterResult }} LaterHandle
 */

/**
 * Made once per token, a plain object: the browser copies it into each
 * request, and per request `new Headers()` and its `set` calls cost about
 * 30 us when the page has been idle (measured: bench/README.md, "At 1 event/s").
 * @param {string | undefined} token
 * @returns {RequestHeaders}
 */
export function headers(token) {
  /** @type {RequestHeaders} */
  const h = { 'Content-Type': 'application/json' };
  if (token) {
    h.Authorization = 'Bearer ' + token;
    // A token with characters a header cannot hold is left out rather than failing every send.
    try {
      new Headers(h);
    } catch (_) {
      delete h.Authorization;
    }
  }
  return h;
}

/**
 * The body is a view of wasm memory, passed as it is: fetch() and
 * fetchLater() copy a BufferSource body before they return (Fetch
 * standard, "extract a body"), so a copy here would be a second one; it cost
 * about 50 us per request on an idle page. No Referer: the page URL, query
 * string included, must not ride along.
 * @param {Uint8Array<ArrayBuffer>} body
 * @param {RequestHeaders} headers
 * @returns {RequestInit}
 */
function init(body, headers) {
  return { method: 'POST', headers, body, referrerPolicy: 'no-referrer' };
}

/**
 * `Retry-After` (RFC 9110, section 10.2.3) as a wait in ms from now:
 * delay-seconds times 1000, or an HTTP-date read by the browser's `Date.parse`
 * minus the wall clock (0 once it has passed); -1 when absent or unparseable.
 * The core clamps it (retry::MAX_RETRY_AFTER_MS) and never waits less than its
 * own backoff.
 * @param {string | null} v the header's value (`null` when absent)
 * @returns {number}
 */
function retryAfterMs(v) {
  if (v === null) return -1;
  v = v.trim();
  // Digits first: Date.parse would read a lone number as a year.
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return isNaN(at) ? -1 : Math.max(0, at - Date.now());
}

/**
 * Starts the POST of `body`; `false` if it could not even start (then `done`
 * is not called). Otherwise `done(seq, status, retryAfterMs)` runs once.
 * @param {string} url
 * @param {Uint8Array<ArrayBuffer>} body
 * @param {RequestHeaders} headers
 * @param {boolean} keepalive
 * @param {number} seq
 * @param {Done} done
 * @returns {boolean}
 */
export function post(url, body, headers, keepalive, seq, done) {
  /** @type {unknown} */
  let p;
  try {
    const i = init(body, headers);
    if (keepalive) i.keepalive = true;
    // A collector that never answers would hold the one ordinary request
    // slot for good; after a minute it is a network error, and retried.
    else if (typeof AbortSignal !== 'undefined' && typeof AbortSignal.timeout === 'function') i.signal = AbortSignal.timeout(60000);
    p = fetch(url, i);
  } catch (_) {
    return false;
  }
  // A fetch replaced by a wrapper may answer anything: what is not a
  // Response counts as a network error, so the request never stays in flight.
  /** @param {unknown} r */
  const answer = r => {
    let status = 0;
    let wait = -1;
    try {
      const response = /** @type {Response} */ (r);
      wait = retryAfterMs(response.headers.get('Retry-After'));
      status = response.status | 0;
    } catch (_) {}
    done(seq, status, wait);
  };
  // One then() with both handlers. Promise.resolve hands back the promise
  // fetch() returned as it is (no extra hop) and wraps anything else, so a
  // wrapper's thenable whose then() throws is a rejection here, not a throw
  // into the core's frames.
  Promise.resolve(p).then(answer, () => done(seq, 0, -1));
  return true;
}

/**
 * Milliseconds on a clock that never goes back: retry backoffs are timed with
 * this, and a wall clock set back would stretch them.
 * @returns {number}
 */
export function monotonicMs() {
  return performance.now();
}

/**
 * Whether this browser has fetchLater (recent Chromium, secure contexts).
 * @returns {boolean}
 */
export function hasFetchLater() {
  return typeof fetchLater === 'function';
}

/**
 * Registers the POST with fetchLater: the browser sends it when the page goes
 * away, unless it is aborted first.
 * @param {string} url
 * @param {Uint8Array<ArrayBuffer>} body
 * @param {RequestHeaders} headers
 * @returns {LaterHandle | undefined} `undefined` when the browser refused it
 */
export function registerLater(url, body, headers) {
  try {
    const c = new AbortController();
    const i = init(body, headers);
    i.signal = c.signal;
    return { c, r: fetchLater(url, i) };
  } catch (_) {
    // QuotaExceededError, TypeError (insecure context): nothing registered.
    return undefined;
  }
}

// Neither of the two below may throw: a throw would unwind through the core's
// frames and leave it borrowed for good (every later event filed, never sent).

/**
 * Whether the browser has sent the registered request already.
 * @param {LaterHandle} h
 * @returns {boolean}
 */
export function laterActivated(h) {
  try {
    return h.r.activated === true;
  } catch (_) {
    return false;
  }
}

/**
 * Aborts the registered request (once sent, aborting does nothing).
 * @param {LaterHandle} h
 */
export function abortLater(h) {
  try {
    h.c.abort();
  } catch (_) {}
}

// shim/glue/transport.js on its own, with a fake fetch, fetchLater, clock and
// AbortSignal.timeout in place of the browser's.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import {
  abortLater,
  hasFetchLater,
  headers,
  laterActivated,
  monotonicMs,
  post,
  registerLater,
} from './transport.js';
import type { LaterHandle } from './transport.js';

const URL_ = 'https://collector.test/events';
const BODY = new TextEncoder().encode('{"events":[]}');

/** The page's globals the tests replace: fetchLater is declared only for the glue (glue/fetch-later.d.ts). */
const page = globalThis as { fetchLater?: typeof fetchLater };

const real = {
  fetch: globalThis.fetch,
  timeout: AbortSignal.timeout,
  now: Date.now,
  performanceNow: performance.now,
};
afterEach(() => {
  globalThis.fetch = real.fetch;
  AbortSignal.timeout = real.timeout;
  Date.now = real.now;
  performance.now = real.performanceNow;
  delete page.fetchLater;
});

/** One call of the fake fetch. */
type FetchCall = { url: RequestInfo | URL; init: RequestInit | undefined };

/**
 * Replaces fetch with `answer(url, init)`; returns the calls it saw. The fake
 * may answer what no fetch would (a wrapper's junk): the glue must cope.
 */
function fakeFetch(answer: (url: RequestInfo | URL, init: RequestInit | undefined) => unknown): FetchCall[] {
  const calls: FetchCall[] = [];
  globalThis.fetch = ((url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url, init });
    return answer(url, init);
  }) as typeof fetch;
  return calls;
}

/** The RequestInit of the `i`th call (there must be one). */
function initOf(calls: FetchCall[], i: number): RequestInit {
  const init = calls[i]?.init;
  assert.ok(init, `fetch call ${i} has a RequestInit`);
  return init;
}

/** `[seq, status, retryAfterMs]`, as the glue calls `done`. */
type Done = [seq: number, status: number, retryAfterMs: number];

/** `post` with a `done` that records its calls; resolves once `done` ran (or after a few turns). */
async function send({ keepalive = false, seq = 7 } = {}): Promise<{ started: boolean; done: Done[] }> {
  const done: Done[] = [];
  const started = post(URL_, BODY, headers('tok'), keepalive, seq, (...args) => done.push(args));
  for (let i = 0; i < 5; i++) await new Promise(resolve => setImmediate(resolve));
  return { started, done };
}

/** The `[seq, status, retryAfterMs]` one request ends with, for a collector answering `response`. */
async function answerTo(response: Response): Promise<Done> {
  fakeFetch(() => Promise.resolve(response));
  const { started, done } = await send();
  assert.equal(started, true);
  assert.equal(done.length, 1, 'done runs exactly once');
  return done[0];
}

test('headers: JSON, the bearer token when there is one, and a token no header can hold left out', () => {
  assert.deepEqual(headers(undefined), { 'Content-Type': 'application/json' });
  assert.deepEqual(headers(''), { 'Content-Type': 'application/json' });
  assert.deepEqual(headers('tok'), { 'Content-Type': 'application/json', Authorization: 'Bearer tok' });
  for (const bad of ['tok\nX-Injected: 1', 'to\rk', 'to\0k', 't€k']) {
    assert.deepEqual(headers(bad), { 'Content-Type': 'application/json' }, JSON.stringify(bad));
  }
});

test('post: one POST with the body as it is, the headers given and no referrer', async () => {
  const calls = fakeFetch(() => Promise.resolve(new Response(null, { status: 204 })));
  const h = headers('tok');
  assert.equal(post(URL_, BODY, h, false, 1, () => {}), true);
  assert.equal(calls.length, 1);
  const { url } = calls[0];
  const init = initOf(calls, 0);
  assert.equal(url, URL_);
  assert.equal(init.method, 'POST');
  assert.equal(init.body, BODY, 'the view of wasm memory itself, not a copy');
  assert.equal(init.headers, h, 'the headers object made once per token');
  assert.equal(init.referrerPolicy, 'no-referrer');
});

test('post: keepalive requests have no timeout; ordinary ones time out after a minute', async () => {
  const timeouts: number[] = [];
  AbortSignal.timeout = ms => {
    timeouts.push(ms);
    return new AbortController().signal;
  };
  const calls = fakeFetch(() => new Promise(() => {}));
  post(URL_, BODY, headers(undefined), true, 1, () => {});
  post(URL_, BODY, headers(undefined), false, 2, () => {});
  assert.equal(initOf(calls, 0).keepalive, true);
  assert.equal(initOf(calls, 0).signal, undefined);
  assert.equal(initOf(calls, 1).keepalive, undefined);
  assert.ok(initOf(calls, 1).signal instanceof AbortSignal);
  assert.deepEqual(timeouts, [60000]);

  // A browser without AbortSignal.timeout: no signal, and still sent.
  (AbortSignal as { timeout: unknown }).timeout = undefined;
  post(URL_, BODY, headers(undefined), false, 3, () => {});
  assert.equal(calls.length, 3);
  assert.equal(initOf(calls, 2).signal, undefined);
});

test('post: the answer is done(seq, status, -1) without Retry-After', async () => {
  assert.deepEqual(await answerTo(new Response(null, { status: 204 })), [7, 204, -1]);
  assert.deepEqual(await answerTo(new Response(null, { status: 503 })), [7, 503, -1]);
});

test('post: Retry-After in delay-seconds is that many seconds in ms', async () => {
  const retry = (value: string) => answerTo(new Response(null, { status: 429, headers: { 'Retry-After': value } }));
  assert.deepEqual(await retry('7'), [7, 429, 7000]);
  assert.deepEqual(await retry('0'), [7, 429, 0]);
  // Digits are seconds, never a date (Date.parse reads '2' as the year 2001).
  assert.deepEqual(await retry('2'), [7, 429, 2000]);
  // Left for the core to clamp (retry::MAX_RETRY_AFTER_MS).
  assert.deepEqual(await retry('999999'), [7, 429, 999999000]);
});

test('post: Retry-After as an HTTP-date is its distance from the wall clock, 0 once past', async () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
  Date.now = () => now;
  const retry = (value: string) => answerTo(new Response(null, { status: 503, headers: { 'Retry-After': value } }));
  assert.deepEqual(await retry('Wed, 21 Oct 2015 07:28:30 GMT'), [7, 503, 30000]);
  assert.deepEqual(await retry('Wed, 21 Oct 2015 08:28:00 GMT'), [7, 503, 3600000]);
  assert.deepEqual(await retry('Wed, 21 Oct 2015 07:27:00 GMT'), [7, 503, 0]);
});

test('post: an unreadable Retry-After is -1', async () => {
  for (const value of ['soon', '', '1.5.x', 'Wed, 21 Foo 2015 07:28:00 GMT']) {
    const [, status, wait] = await answerTo(new Response(null, { status: 503, headers: { 'Retry-After': value } }));
    assert.deepEqual([status, wait], [503, -1], JSON.stringify(value));
  }
});

test('post: a network error (a rejected fetch) is status 0', async () => {
  fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
  const { started, done } = await send({ seq: 3 });
  assert.equal(started, true);
  assert.deepEqual(done, [[3, 0, -1]]);
});

test('post: a fetch wrapper answering something else than a Response is a network error', async () => {
  for (const answer of [{}, { status: 200 }, null, undefined, 'ok']) {
    fakeFetch(() => Promise.resolve(answer));
    assert.deepEqual((await send()).done, [[7, 0, -1]], JSON.stringify(answer));
    fakeFetch(() => answer); // not even a promise
    assert.deepEqual((await send()).done, [[7, 0, -1]], `unwrapped ${JSON.stringify(answer)}`);
  }
  // A Response handed back without a promise still counts.
  fakeFetch(() => new Response(null, { status: 202 }));
  assert.deepEqual((await send()).done, [[7, 202, -1]]);
  // A thenable whose then() throws: a network error, not a throw into the core.
  fakeFetch(() => ({
    then() {
      throw new Error('broken thenable');
    },
  }));
  const { started, done } = await send();
  assert.equal(started, true);
  assert.deepEqual(done, [[7, 0, -1]]);
});

test('post: a fetch that throws returns false and never calls done', async () => {
  fakeFetch(() => {
    throw new TypeError('wrapped fetch failed');
  });
  const { started, done } = await send();
  assert.equal(started, false);
  assert.deepEqual(done, []);
  (globalThis as { fetch: unknown }).fetch = undefined; // no fetch at all
  assert.equal((await send()).started, false);
});

test('monotonicMs is performance.now()', () => {
  performance.now = () => 1234.5;
  assert.equal(monotonicMs(), 1234.5);
});

test('fetchLater: detected, registered with its own AbortController, refused as undefined', () => {
  assert.equal(hasFetchLater(), false);
  assert.equal(registerLater(URL_, BODY, headers(undefined)), undefined, 'no fetchLater at all: nothing registered');

  const registered: Array<{ url: RequestInfo | URL; init: DeferredRequestInit | undefined; result: FetchLaterResult }> = [];
  page.fetchLater = (url, init) => {
    const result = { activated: false };
    registered.push({ url, init, result });
    return result;
  };
  assert.equal(hasFetchLater(), true);
  const h = headers('tok');
  const handle = registerLater(URL_, BODY, h);
  assert.ok(handle);
  assert.equal(registered.length, 1);
  const { url, init, result } = registered[0];
  assert.ok(init);
  assert.equal(url, URL_);
  assert.equal(init.method, 'POST');
  assert.equal(init.body, BODY);
  assert.equal(init.headers, h);
  assert.equal(init.referrerPolicy, 'no-referrer');
  assert.equal(init.keepalive, undefined, 'deferred requests are kept alive by definition');
  assert.equal(init.signal, handle.c.signal);
  assert.equal(handle.r, result);

  page.fetchLater = () => {
    throw new DOMException('deferred fetch quota exceeded', 'QuotaExceededError');
  };
  assert.equal(registerLater(URL_, BODY, h), undefined);
});

/**
 * A handle as the core may hand one back, not always what the browser made
 * (the glue must not throw on it): passed to the glue as its declared type.
 */
type AnyHandle = { c: { abort(): void }; r?: { readonly activated: unknown } } | undefined;
const asHandle = (handle: AnyHandle) => handle as LaterHandle;

test('fetchLater: activated is read without ever throwing', () => {
  const handle: { c: AbortController; r: { activated: unknown } } = { c: new AbortController(), r: { activated: false } };
  assert.equal(laterActivated(asHandle(handle)), false);
  handle.r.activated = true;
  assert.equal(laterActivated(asHandle(handle)), true);
  handle.r = { activated: 'yes' };
  assert.equal(laterActivated(asHandle(handle)), false, 'only true is true');
  handle.r = {
    get activated() {
      throw new Error('getter');
    },
  };
  assert.equal(laterActivated(asHandle(handle)), false);
  assert.equal(laterActivated(asHandle(undefined)), false);
});

test('fetchLater: abort aborts the registration and never throws', () => {
  const handle = { c: new AbortController(), r: { activated: false } };
  abortLater(handle);
  assert.equal(handle.c.signal.aborted, true);
  assert.doesNotThrow(() => abortLater(handle), 'twice');
  assert.doesNotThrow(() =>
    abortLater(
      asHandle({
        c: {
          abort() {
            throw new Error('abort');
          },
        },
      }),
    ),
  );
  assert.doesNotThrow(() => abortLater(asHandle(undefined)));
});

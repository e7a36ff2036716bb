// The Backstage token the core sends is kept fresh: asked for again every few
// minutes and when the page is shown, only the newest answer kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOKEN_REFRESH_MS } from './credentials.js';
import { deferred, type FakeCore, fakeApis, fakeGlue, settle, startApi } from './testing/fakes.js';
import { fakeDocument, setGlobals } from './testing/page.js';

const tokenCalls = (core: FakeCore) => core.calls.filter(([name]) => name === 'setToken');

test('the token is refreshed every 5 minutes; a failed refresh keeps the last token', async t => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const answers: Array<{ token?: string } | Error> = [{ token: 'token-1' }, new Error('auth backend down'), { token: 'token-3' }];
  let asked = 0;
  const apis = fakeApis({
    getCredentials: async () => {
      const answer = answers[asked++];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  });
  const { glue, cores } = fakeGlue();
  startApi({ loader: async () => glue, apis });
  await settle();
  assert.deepEqual(tokenCalls(cores[0]), [['setToken', 'token-1']]);

  t.mock.timers.tick(TOKEN_REFRESH_MS);
  await settle();
  assert.equal(asked, 2);
  assert.deepEqual(tokenCalls(cores[0]), [['setToken', 'token-1']], 'failure does not clear the token');

  t.mock.timers.tick(TOKEN_REFRESH_MS);
  await settle();
  assert.equal(TOKEN_REFRESH_MS, 300_000);
  assert.deepEqual(tokenCalls(cores[0]), [['setToken', 'token-1'], ['setToken', 'token-3']]);
});

test('the token is refreshed when the page becomes visible, not when it is hidden', async t => {
  const doc = fakeDocument('visible');
  setGlobals(t, { document: doc });

  let asked = 0;
  const apis = fakeApis({ getCredentials: async () => ({ token: `token-${++asked}` }) });
  const { glue, cores } = fakeGlue();
  startApi({ loader: async () => glue, apis });
  await settle();

  doc.visibilityState = 'hidden';
  doc.dispatchEvent(new Event('visibilitychange'));
  await settle();
  assert.equal(asked, 1, 'no lookup when hidden');

  doc.visibilityState = 'visible';
  doc.dispatchEvent(new Event('visibilitychange'));
  await settle();
  assert.equal(asked, 2);
  assert.deepEqual(tokenCalls(cores[0]).at(-1), ['setToken', 'token-2']);
});

test('an older token answer that arrives late does not replace a newer one', async t => {
  const doc = fakeDocument('visible');
  setGlobals(t, { document: doc });

  const slow = deferred<{ token?: string }>();
  const answers = [() => slow.promise, async () => ({ token: 'new' })];
  let asked = 0;
  const { glue, cores } = fakeGlue();
  startApi({ loader: async () => glue, apis: fakeApis({ getCredentials: () => answers[asked++]() }) });
  doc.dispatchEvent(new Event('visibilitychange'));
  await settle();
  slow.resolve({ token: 'old' });
  await settle();
  assert.deepEqual(tokenCalls(cores[0]), [['setToken', 'new']]);
});

test('an answer without a token (guest, signed out) clears the token in the core', async t => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const answers: Array<{ token?: string }> = [{ token: 'token-1' }, {}];
  let asked = 0;
  const { glue, cores } = fakeGlue();
  startApi({ loader: async () => glue, apis: fakeApis({ getCredentials: async () => answers[asked++] }) });
  await settle();
  t.mock.timers.tick(TOKEN_REFRESH_MS);
  await settle();
  assert.deepEqual(tokenCalls(cores[0]), [['setToken', 'token-1'], ['setToken', undefined]]);
});

// The signed-in user and the Backstage token reach the core; failures end the wait.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BackstageUserIdentity } from '@backstage/core-plugin-api';
import { TOKEN_REFRESH_MS } from './credentials.js';
import { IDENTITY_TIMEOUT_MS } from './identity.js';
import type { CoreModule } from './loadCore.js';
import { deferred, type FakeCore, fakeApis, fakeGlue, sampleEvent, settle, startApi } from './testing/fakes.js';
import { fakeDocument, setGlobals } from './testing/page.js';

const identityCalls = (core: FakeCore) => core.calls.filter(([name]) => name === 'setIdentity');
const tokenCalls = (core: FakeCore) => core.calls.filter(([name]) => name === 'setToken');

test('the entity ref and token are given to the core before the waiting events', async () => {
  const load = deferred<CoreModule>();
  const { glue, cores } = fakeGlue();
  const { api } = startApi({ loader: () => load.promise });
  api.captureEvent(sampleEvent(1));
  await settle();
  load.resolve(glue);
  await settle();

  assert.deepEqual(cores[0].calls, [
    ['setIdentity', 'user:default/jane.doe'],
    ['setToken', 'token-1'],
    ['capture'],
  ]);
});

test('identity lookup failure: setIdentity(undefined), so events leave with identity null', async () => {
  const { glue, cores } = fakeGlue();
  const apis = fakeApis({
    getBackstageIdentity: async () => {
      throw new Error('not signed in');
    },
  });
  startApi({ loader: async () => glue, apis });
  await settle();
  assert.deepEqual(identityCalls(cores[0]), [['setIdentity', undefined]]);
});

test('identity lookup that throws synchronously is handled the same way', async () => {
  const { glue, cores } = fakeGlue();
  const apis = fakeApis({
    getBackstageIdentity: () => {
      throw new TypeError('broken identity API');
    },
  });
  startApi({ loader: async () => glue, apis });
  await settle();
  assert.deepEqual(identityCalls(cores[0]), [['setIdentity', undefined]]);
});

test('an identity without a userEntityRef counts as unknown', async () => {
  const { glue, cores } = fakeGlue();
  // An answer outside the declared type: the shim must not trust it.
  const apis = fakeApis({ getBackstageIdentity: async () => ({ type: 'user' }) as BackstageUserIdentity });
  startApi({ loader: async () => glue, apis });
  await settle();
  assert.deepEqual(identityCalls(cores[0]), [['setIdentity', undefined]]);
});

test('identity lookup that hangs: setIdentity(undefined) after the bounded wait, the ref if it comes later', async t => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const identity = deferred<BackstageUserIdentity>();
  const { glue, cores } = fakeGlue();
  startApi({ loader: async () => glue, apis: fakeApis({ getBackstageIdentity: () => identity.promise }) });
  await settle();
  assert.deepEqual(identityCalls(cores[0]), [], 'the core keeps waiting before the timeout');

  t.mock.timers.tick(IDENTITY_TIMEOUT_MS - 1);
  await settle();
  assert.deepEqual(identityCalls(cores[0]), []);
  t.mock.timers.tick(1);
  await settle();
  assert.equal(IDENTITY_TIMEOUT_MS, 10_000);
  assert.deepEqual(identityCalls(cores[0]), [['setIdentity', undefined]]);

  identity.resolve({ type: 'user', userEntityRef: 'user:default/late', ownershipEntityRefs: [] });
  await settle();
  assert.deepEqual(identityCalls(cores[0]), [
    ['setIdentity', undefined],
    ['setIdentity', 'user:default/late'],
  ]);
});

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


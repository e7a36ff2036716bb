// The signed-in user and the Backstage token reach the core; failures end the wait.
// (How the token is kept fresh: credentials.test.ts.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BackstageUserIdentity } from '@backstage/core-plugin-api';
import { IDENTITY_TIMEOUT_MS } from './identity.js';
import type { CoreModule } from './loadCore.js';
import { deferred, type FakeCore, fakeApis, fakeGlue, sampleEvent, settle, startApi } from './testing/fakes.js';

const identityCalls = (core: FakeCore) => core.calls.filter(([name]) => name === 'setIdentity');

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

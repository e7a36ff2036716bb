// BackstageInsights.createDefaultApiFactory(): the factory an app puts in apis.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  analyticsApiRef,
  configApiRef,
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
  storageApiRef,
} from '@backstage/core-plugin-api';
import * as entry from '../../dist/index.js';
import { setCoreLoaderForTesting } from '../../dist/loadCore.js';
import { buildFromFactory, fakeGlue, sampleEvent, settle } from './fakes.mjs';

test('the package entry exports exactly the documented surface', () => {
  assert.deepEqual(Object.keys(entry).sort(), ['BackstageInsights', 'BackstageInsightsApi', 'scrub']);
});

test('the factory provides analyticsApiRef with the five documented deps', () => {
  const factory = entry.BackstageInsights.createDefaultApiFactory();
  assert.equal(factory.api, analyticsApiRef);
  assert.deepEqual(factory.deps, {
    configApi: configApiRef,
    discoveryApi: discoveryApiRef,
    fetchApi: fetchApiRef,
    identityApi: identityApiRef,
    storageApi: storageApiRef,
  });
});

test('the factory builds a working BackstageInsightsApi', async () => {
  const { glue, cores } = fakeGlue();
  setCoreLoaderForTesting(async () => glue);
  const api = buildFromFactory(entry.BackstageInsights.createDefaultApiFactory());
  assert.ok(api instanceof entry.BackstageInsightsApi);
  api.captureEvent(sampleEvent(7));
  await settle();
  assert.equal(cores[0].captured[0].event.value, 7);
});

test('creating the factory (apis.ts, at start-up) starts loading the core; the API built later shares that load', async () => {
  const { glue, cores } = fakeGlue();
  let loads = 0;
  setCoreLoaderForTesting(async () => {
    loads++;
    return glue;
  });
  const factory = entry.BackstageInsights.createDefaultApiFactory();
  assert.equal(loads, 1, 'loading starts before the analytics API is first used');
  await settle();
  const api = buildFromFactory(factory);
  api.captureEvent(sampleEvent(3));
  await settle();
  assert.equal(loads, 1, 'one load per page');
  assert.equal(cores[0].captured[0].event.value, 3);
});

test('the shipped declarations keep the constructor private and leave out the test hook', async () => {
  const { readFile } = await import('node:fs/promises');
  const api = await readFile(new URL('../../dist/BackstageInsightsApi.d.ts', import.meta.url), 'utf8');
  assert.match(api, /private constructor\(\);/);
  assert.match(api, /static fromConfig\(config: ConfigApi, options: BackstageInsightsApiOptions\): BackstageInsightsApi;/);
  const loader = await readFile(new URL('../../dist/loadCore.d.ts', import.meta.url), 'utf8');
  assert.doesNotMatch(loader, /setCoreLoaderForTesting/);
});

// The core gets the raw config and the collector endpoint.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigReader, type JsonValue } from '@backstage/config';
import { BackstageInsightsApi } from './index.js';
import { setCoreLoaderForTesting } from './loadCore.js';
import { asAnalyticsEvent, type FakeCore, fakeApis, fakeGlue, settle, startApi } from './testing/fakes.js';

test('endpoint defaults to the discovery base URL of backstage-insights + /events', async () => {
  const { glue, cores } = fakeGlue();
  const { apis } = startApi({ loader: async () => glue });
  await settle();
  assert.equal(cores[0].endpoint, 'http://backend.test/api/backstage-insights/events');
  assert.deepEqual(apis.discoveryCalls, ['backstage-insights']);
});

test('a trailing slash on the discovered base URL does not double the slash', async () => {
  const { glue, cores } = fakeGlue();
  startApi({ loader: async () => glue, apis: fakeApis({ getBaseUrl: () => 'https://b.example/api/insights/' }) });
  await settle();
  assert.equal(cores[0].endpoint, 'https://b.example/api/insights/events');
});

test('backstageInsights.endpoint overrides discovery, which is then not asked', async () => {
  const { glue, cores } = fakeGlue();
  const { apis } = startApi({
    loader: async () => glue,
    config: { backstageInsights: { salt: 'pepper', endpoint: 'https://collector.example/v1/events' } },
  });
  await settle();
  assert.equal(cores[0].endpoint, 'https://collector.example/v1/events');
  assert.deepEqual(apis.discoveryCalls, []);
});

test('the core receives the raw backstageInsights config, merged across config files', async () => {
  const { glue, cores } = fakeGlue();
  setCoreLoaderForTesting(async () => glue);
  const config = ConfigReader.fromConfigs([
    { context: 'app-config.yaml', data: { backstageInsights: { salt: 'pepper', batch: { maxEvents: 10 } } } },
    { context: 'app-config.local.yaml', data: { backstageInsights: { debug: true, batch: { maxEvents: 'lots' } } } },
  ]);
  BackstageInsightsApi.fromConfig(config, fakeApis());
  await settle();
  // Invalid values are passed through as they are: the core validates and names the key.
  assert.deepEqual(cores[0].config, { salt: 'pepper', debug: true, batch: { maxEvents: 'lots' } });
});

test('no backstageInsights block: the core gets undefined (and reports the missing salt itself)', async () => {
  const { glue, cores } = fakeGlue();
  startApi({ loader: async () => glue, config: { app: { title: 'x' } } });
  await settle();
  assert.equal(cores.length, 1);
  assert.equal(cores[0].config, undefined);
  assert.equal(cores[0].endpoint, 'http://backend.test/api/backstage-insights/events');
});

test('an endpoint that is not a string falls back to discovery; the core still sees the bad value', async () => {
  const { glue, cores } = fakeGlue();
  startApi({ loader: async () => glue, config: { backstageInsights: { salt: 'pepper', endpoint: 42 } } });
  await settle();
  assert.equal(cores[0].endpoint, 'http://backend.test/api/backstage-insights/events');
  assert.equal((cores[0].config as { endpoint?: unknown }).endpoint, 42);
});

test('discovery failure: one console.error naming backstageInsights.endpoint, events counted, no throw', async t => {
  const errors = t.mock.method(console, 'error', () => {});
  const { glue, cores } = fakeGlue();
  const { api } = startApi({
    loader: async () => glue,
    apis: fakeApis({
      getBaseUrl: () => {
        throw new Error('no such plugin');
      },
    }),
  });
  api.captureEvent(asAnalyticsEvent({ action: 'click', subject: '/', context: {} }));
  await settle();
  api.captureEvent(asAnalyticsEvent({ action: 'click', subject: '/', context: {} }));
  assert.equal(cores.length, 0);
  assert.equal(errors.mock.callCount(), 1);
  assert.match(errors.mock.calls[0].arguments[0], /^\[backstage-insights\] could not resolve the collector endpoint/);
  assert.match(errors.mock.calls[0].arguments[0], /backstageInsights\.endpoint/);
  assert.equal(api.stats().dropped.coreUnavailable, 2);
});


// The token lets its holder call every backend plugin as the user: it goes only
// where Backstage's own fetchApi would send it.
const tokenCalls = (core: FakeCore) => core.calls.filter(([name]) => name === 'setToken');

test('the token goes to the discovered endpoint', async () => {
  const { glue, cores } = fakeGlue();
  startApi({ loader: async () => glue });
  await settle();
  assert.deepEqual(tokenCalls(cores[0]), [['setToken', 'token-1']]);
});

test('the token goes to a configured endpoint under backend.baseUrl', async () => {
  const { glue, cores } = fakeGlue();
  startApi({
    loader: async () => glue,
    config: {
      backend: { baseUrl: 'https://portal.example/' },
      backstageInsights: { salt: 'pepper', endpoint: 'https://portal.example/api/insights/events' },
    },
  });
  await settle();
  assert.deepEqual(tokenCalls(cores[0]), [['setToken', 'token-1']]);
});

for (const endpoint of [
  'https://collector.example/v1/events',
  'https://portal.example.attacker.test/events', // shares the prefix, not the origin
  'https://portal.example:8443/api/events',
]) {
  test(`no token for a collector outside backend.baseUrl: ${endpoint}`, async () => {
    const { glue, cores } = fakeGlue();
    const asked: number[] = [];
    startApi({
      loader: async () => glue,
      config: { backend: { baseUrl: 'https://portal.example' }, backstageInsights: { salt: 'pepper', endpoint } },
      apis: fakeApis({
        getCredentials: async () => {
          asked.push(1);
          return { token: 'token-1' };
        },
      }),
    });
    await settle();
    assert.equal(cores[0].endpoint, endpoint);
    assert.ok(asked.length > 0, 'the credentials were looked up');
    assert.deepEqual(tokenCalls(cores[0]), [], 'never handed to the core');
  });
}

test('no token for a configured endpoint when backend.baseUrl is not set', async () => {
  const { glue, cores } = fakeGlue();
  startApi({
    loader: async () => glue,
    config: { backstageInsights: { salt: 'pepper', endpoint: 'http://backend.test/api/backstage-insights/events' } },
  });
  await settle();
  assert.deepEqual(tokenCalls(cores[0]), []);
});

test('a discovered endpoint outside backend.baseUrl gets no token (a custom DiscoveryApi)', async () => {
  const { glue, cores } = fakeGlue();
  startApi({ loader: async () => glue, apis: fakeApis({ getBaseUrl: () => 'https://insights.vendor.example/api' }) });
  await settle();
  assert.equal(cores[0].endpoint, 'https://insights.vendor.example/api/events');
  assert.deepEqual(tokenCalls(cores[0]), []);
});

test('discovery.endpoints targets get the token as fetchApi gives it: per plugin, wildcard, and not a malformed block', async () => {
  const own = 'https://insights.internal.example/api/backstage-insights/events';
  const vendor = 'https://backstage-insights.example/api/events';
  const cases: Array<[entry: JsonValue, endpoint: string, sent: boolean]> = [
    [{ target: 'https://insights.internal.example/api/{{ pluginId }}', plugins: ['backstage-insights'] }, own, true],
    [{ target: { internal: 'http://10.0.0.1', external: 'https://{{pluginId}}.example/api' }, plugins: ['*'] }, vendor, true],
    [{ target: 'https://elsewhere.example/api/{{pluginId}}', plugins: ['catalog'] }, vendor, false],
    ['not an object', vendor, false],
  ];
  for (const [entry, endpoint, sent] of cases) {
    const { glue, cores } = fakeGlue();
    startApi({
      loader: async () => glue,
      config: { discovery: { endpoints: [entry] }, backstageInsights: { salt: 'pepper', endpoint } },
    });
    await settle();
    assert.equal(cores[0].endpoint, endpoint, 'delivery goes on');
    assert.deepEqual(tokenCalls(cores[0]), sent ? [['setToken', 'token-1']] : [], JSON.stringify(entry));
  }
});

test('the endpoint is compared as the browser will request it (host case)', async () => {
  const { glue, cores } = fakeGlue();
  startApi({
    loader: async () => glue,
    config: {
      backend: { baseUrl: 'https://portal.example' },
      backstageInsights: { salt: 'pepper', endpoint: 'https://PORTAL.example/api/insights/events' },
    },
  });
  await settle();
  assert.deepEqual(tokenCalls(cores[0]), [['setToken', 'token-1']]);
});

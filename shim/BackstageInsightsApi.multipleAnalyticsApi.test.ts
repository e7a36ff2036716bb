// Beside another analytics module, inside Backstage's real MultipleAnalyticsApi
// (@backstage/core-app-api): the other sink gets the very object the plugin
// emitted, unmodified, whether our API sees it before or after it, and whether
// our core is still loading or ready. Our side runs the real WebAssembly core
// (in Node, with debug on: it logs the scrubbed event and sends nothing).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigReader } from '@backstage/config';
import type { MultipleAnalyticsApi as MultipleAnalyticsApiClass } from '@backstage/core-app-api';
import type { AnalyticsApi, AnalyticsEvent } from '@backstage/core-plugin-api';
import { BackstageInsightsApi } from './index.js';
import { type CoreLoader, type GlueModule, setCoreLoaderForTesting } from './loadCore.js';
import { asAnalyticsEvent, deferred, fakeApis, settle, unhandledRejections } from './testing/fakes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The real class. @backstage/core-app-api's entry cannot be imported by Node
 * itself (its ESM build imports `react-use/esm/useAsync` without an
 * extension, which only bundlers resolve), so load the file the entry
 * re-exports, after checking that it is that file.
 */
async function loadMultipleAnalyticsApi(): Promise<typeof MultipleAnalyticsApiClass> {
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve('@backstage/core-app-api/package.json'));
  const rel = './apis/implementations/AnalyticsApi/MultipleAnalyticsApi.esm.js';
  const entry = fs.readFileSync(path.join(pkgDir, 'dist/index.esm.js'), 'utf8');
  assert.match(entry, new RegExp(`export \\{ MultipleAnalyticsApi \\} from '${rel.replace(/\./g, '\\.')}'`));
  const mod: { MultipleAnalyticsApi: typeof MultipleAnalyticsApiClass } = await import(pathToFileURL(path.join(pkgDir, 'dist', rel)).href);
  return mod.MultipleAnalyticsApi;
}

/** The real wasm-bindgen glue, instantiated from the bytes (Node has no fetch of file URLs). */
async function realCore(): Promise<GlueModule> {
  const glue = await import('../pkg/insights.js');
  await glue.default({ module_or_path: fs.readFileSync(path.join(ROOT, 'pkg/insights_bg.wasm')) });
  return glue;
}

/** Another analytics module: records what it receives. */
function recordingSink(): AnalyticsApi & { received: AnalyticsEvent[] } {
  const received: AnalyticsEvent[] = [];
  return { received, captureEvent: event => void received.push(event) };
}

/** Events the core logged in debug mode (console.log of the scrubbed event). */
const logged: Array<{ action: unknown; context?: unknown }> = [];
const originalLog = console.log;
const originalGroup = console.groupCollapsed;
const originalGroupEnd = console.groupEnd;

let MultipleAnalyticsApi: typeof MultipleAnalyticsApiClass;
before(async () => {
  MultipleAnalyticsApi = await loadMultipleAnalyticsApi();
  console.log = (...args: unknown[]) => {
    if (args[0] && typeof args[0] === 'object' && 'action' in args[0]) logged.push(args[0]);
  };
  console.groupCollapsed = () => {};
  console.groupEnd = () => {};
});
after(() => {
  console.log = originalLog;
  console.groupCollapsed = originalGroup;
  console.groupEnd = originalGroupEnd;
  setCoreLoaderForTesting(undefined);
});

// maxEvents 3: each test's three events make one (debug, unsent) batch at once,
// so no flush timer outlives the test.
const config = new ConfigReader({ backstageInsights: { salt: 'pepper', debug: true, batch: { maxEvents: 3 } } });

function start(loader: CoreLoader) {
  setCoreLoaderForTesting(loader);
  const { discoveryApi, fetchApi, identityApi } = fakeApis();
  return BackstageInsightsApi.fromConfig(config, { discoveryApi, fetchApi, identityApi });
}

/** Events full of things our API scrubs or drops: PII, URLs with queries, non-primitive values. */
function events(): AnalyticsEvent[] {
  const emitted: unknown[] = [
    {
      action: 'navigate',
      subject: '/catalog/default/user/jane.doe?email=jane.doe@example.com#top',
      attributes: {},
      context: { pluginId: 'catalog', routeRef: 'catalog:entity', extension: 'CatalogEntityPage' },
    },
    {
      action: 'click',
      subject: 'Mail jane.doe@example.com',
      attributes: { to: '/docs?token=ghp_abcdefghijklmnopqrstuvwxyz0123456789', nested: { deep: [1, 2, { x: 'y' }] } },
      // The new frontend system's context.
      context: { pluginId: 'demo', extensionId: 'page:demo' },
    },
    {
      action: 'search',
      subject: 'card 4111 1111 1111 1111',
      value: 3,
      attributes: { query: 'Bearer abc.def-ghi_jkl', big: 'x'.repeat(5000) },
      context: { pluginId: 'search', extensionId: 'page:search', releaseNum: 1, ok: true },
    },
  ];
  return emitted.map(asAnalyticsEvent);
}

for (const order of ['ours first', 'ours last']) {
  for (const phase of ['while the core loads', 'once the core is ready']) {
    test(`MultipleAnalyticsApi: the other sink sees each event unmodified (${order}, ${phase})`, async () => {
      logged.length = 0;
      const gate = deferred();
      const ours = start(async () => {
        await gate.promise;
        return realCore();
      });
      const sink = recordingSink();
      const multi = MultipleAnalyticsApi.fromApis(order === 'ours first' ? [ours, sink] : [sink, ours]);

      if (phase === 'once the core is ready') {
        gate.resolve();
        // The core's own counters appear in stats() once it is attached.
        await waitUntil(() => 'captured' in ours.stats());
      } else {
        assert.ok(!('captured' in ours.stats()), 'the core must still be loading');
      }
      const sent = events();
      const before = sent.map(e => structuredClone(e));
      for (const e of sent) multi.captureEvent(e);
      gate.resolve();

      // Our API took every event and scrubbed its own copy.
      await waitUntil(() => logged.length === sent.length);
      assert.deepEqual(ours.stats().dropped.total, 0);
      const ourText = JSON.stringify(logged);
      // The card as planted: a bare '4111' can occur in an event id.
      for (const planted of ['jane.doe@example.com', 'ghp_', '4111 1111']) assert.ok(!ourText.includes(planted), planted);
      assert.deepEqual(logged[1].context, { pluginId: 'demo', extensionId: 'page:demo' });

      // The other sink: the very same objects, deep-equal to the clones taken before.
      assert.equal(sink.received.length, sent.length);
      sink.received.forEach((e, i) => {
        assert.equal(e, sent[i], `event ${i} is the same object`);
        assert.equal(e.attributes, sent[i].attributes);
        assert.equal(e.context, sent[i].context);
      });
      // ...and, once our API has scrubbed and queued its copies, still as emitted.
      await settle();
      assert.deepEqual(sent, before);
      assert.deepEqual(unhandledRejections, []);
    });
  }
}

test('MultipleAnalyticsApi: frozen events are fine (nothing is written to them)', async () => {
  logged.length = 0;
  const ours = start(realCore);
  const sink = recordingSink();
  const multi = MultipleAnalyticsApi.fromApis([ours, sink]);
  const deepFreeze = <T extends object>(o: T): T => {
    Object.values(o).forEach(v => v && typeof v === 'object' && deepFreeze(v));
    return Object.freeze(o);
  };
  const sent = events().map(deepFreeze);
  for (const e of sent) multi.captureEvent(e);
  await waitUntil(() => logged.length === sent.length);
  assert.equal(ours.stats().dropped.total, 0);
  assert.deepEqual(sink.received, sent);
  sink.received.forEach((e, i) => assert.equal(e, sent[i]));
});

async function waitUntil(pred: () => boolean, timeout = 5000) {
  const deadline = Date.now() + timeout;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 10));
  }
}

// A page hidden or left before the core has loaded (issue 17): the staged
// loader (glue and bytes in parallel, compile, initSync) and what the API does
// at page hide while the core is not running yet. Fake glue, fake page
// (window, document, localStorage as plain objects); the real WebAssembly
// compile of an empty module, or a held one.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { ConfigReader, type JsonObject } from '@backstage/config';
import { BackstageInsightsApi } from './index.js';
import { type GlueModule, loadCore, loadCoreSync, setCoreLoaderForTesting, setCoreSourcesForTesting } from './loadCore.js';
import { LEFT_BEFORE_LOAD_KEY, recordLeftBeforeLoad, readLeftBeforeLoad } from './pageHide.js';
import { capturedValue, deferred, fakeApis, fakeGlue, sampleEvent, settle } from './testing/fakes.js';
import { fakeDocument, setGlobals } from './testing/page.js';

/** The smallest valid wasm module: the magic number and version 1. */
const EMPTY_WASM = () => new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]).buffer;

/** Glue and bytes that arrive when the test says so. */
function heldSources() {
  const glue = deferred<GlueModule>();
  const bytes = deferred<ArrayBuffer>();
  const asked = { glue: 0, bytes: 0 };
  setCoreSourcesForTesting({
    importGlue: () => (asked.glue++, glue.promise),
    fetchWasm: () => (asked.bytes++, bytes.promise),
  });
  return { glue, bytes, asked };
}

/** Holds WebAssembly.compile's result until `release()` (the compile of a slow device). */
function holdCompile(t: TestContext) {
  const held = deferred();
  const real = WebAssembly.compile;
  t.mock.method(WebAssembly, 'compile', (bytes: BufferSource) => held.promise.then(() => real(bytes)));
  return { release: () => held.resolve() };
}

/** window, document and localStorage, as a browser page has them. */
function fakePage(t: TestContext, { throwingStorage = false } = {}) {
  const win = new EventTarget();
  const doc = fakeDocument('visible');
  const store = new Map<string, string>();
  const localStorage = {
    getItem: (key: string) => store.get(key) ?? null,
    setItem(key: string, value: string) {
      if (throwingStorage) throw new Error('QuotaExceededError');
      store.set(key, String(value));
    },
    removeItem: (key: string) => void store.delete(key),
  };
  setGlobals(t, { window: win, document: doc, localStorage });
  return {
    store,
    hide() {
      doc.visibilityState = 'hidden';
      doc.dispatchEvent(new Event('visibilitychange'));
    },
    show() {
      doc.visibilityState = 'visible';
      doc.dispatchEvent(new Event('visibilitychange'));
    },
    pagehide(persisted = false) {
      const event = Object.assign(new Event('pagehide'), { persisted });
      win.dispatchEvent(event);
    },
  };
}

/** Lets promises and the real (background-thread) compile settle until `done()`, at most 2 s. */
async function until(done: () => boolean) {
  const deadline = Date.now() + 2000;
  while (!done() && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 5));
  await settle();
}

const CONFIG: JsonObject = { backend: { baseUrl: 'http://backend.test' }, backstageInsights: { salt: 'pepper' } };

function build(config = CONFIG, apis = fakeApis()) {
  const { discoveryApi, fetchApi, identityApi } = apis;
  return BackstageInsightsApi.fromConfig(new ConfigReader(config), { discoveryApi, fetchApi, identityApi });
}

// ------------------------------------------------------------------ the loader

test('the glue and the bytes are requested together; the compiled module is instantiated with initSync, never default()', async () => {
  const { glue, bytes, asked } = heldSources();
  const fake = fakeGlue();
  const ready = loadCore();
  assert.deepEqual(asked, { glue: 1, bytes: 1 }, 'both requests start at once');
  assert.equal(loadCore(), ready, 'one load per page');
  bytes.resolve(EMPTY_WASM());
  await settle();
  assert.equal(loadCoreSync(), undefined, 'no glue yet');
  glue.resolve(fake.glue);
  assert.equal(await ready, fake.glue);
  assert.equal(fake.inits.length, 1);
  assert.equal(fake.inits[0][0], 'initSync');
  assert.ok(fake.inits[0][1] instanceof WebAssembly.Module, 'instantiated from the module compiled asynchronously');
  assert.equal(loadCoreSync(), fake.glue);
  assert.equal(fake.inits.length, 1, 'instantiated once');
});

test('loadCoreSync: undefined without the bytes; with them, instantiates synchronously while the compile is pending, once', async t => {
  const compile = holdCompile(t);
  const { glue, bytes } = heldSources();
  const fake = fakeGlue();
  const ready = loadCore();
  glue.resolve(fake.glue);
  await settle();
  assert.equal(loadCoreSync(), undefined, 'the glue alone cannot start');
  const wasm = EMPTY_WASM();
  bytes.resolve(wasm);
  await settle();
  assert.equal(fake.inits.length, 0, 'the compile is still pending');
  assert.equal(loadCoreSync(), fake.glue, 'started now');
  assert.deepEqual(fake.inits, [['initSync', wasm]], 'from the bytes, synchronously');
  assert.equal(await ready, fake.glue, 'the shared promise settles with it');
  compile.release();
  await settle();
  assert.equal(fake.inits.length, 1, 'the compile finishing later instantiates nothing more');
});

test('the glue arriving after the bytes, before their compile: nothing is compiled on the main thread at start-up', async t => {
  const compile = holdCompile(t);
  const { glue, bytes } = heldSources();
  const fake = fakeGlue();
  const ready = loadCore();
  bytes.resolve(EMPTY_WASM());
  await settle();
  glue.resolve(fake.glue);
  await settle();
  assert.deepEqual(fake.inits, [] as typeof fake.inits, 'waits for the asynchronous compile');
  compile.release();
  assert.equal(await ready, fake.glue);
  assert.equal(fake.inits.length, 1);
  assert.ok(fake.inits[0][1] instanceof WebAssembly.Module);
});

test('bytes that cannot be fetched: the glue fetches them itself (default()); no synchronous start meanwhile', async () => {
  const { glue, bytes } = heldSources();
  const loaded = deferred();
  const fake = fakeGlue({ default: () => loaded.promise });
  const ready = loadCore();
  glue.resolve(fake.glue);
  bytes.reject(new Error('HTTP 404'));
  await settle();
  assert.deepEqual(fake.inits, [['default', undefined]]);
  assert.equal(loadCoreSync(), undefined, 'nothing to instantiate synchronously');
  loaded.resolve();
  assert.equal(await ready, fake.glue);
  assert.equal(loadCoreSync(), fake.glue);
});

test('a wasm that does not compile in the synchronous start: the load fails with that error, once', async t => {
  holdCompile(t);
  const { glue, bytes } = heldSources();
  const fake = fakeGlue({
    initSync() {
      throw new WebAssembly.CompileError('wasm-unsafe-eval refused');
    },
  });
  const ready = loadCore();
  glue.resolve(fake.glue);
  bytes.resolve(EMPTY_WASM());
  await settle();
  assert.equal(loadCoreSync(), undefined);
  await assert.rejects(ready, /wasm-unsafe-eval refused/);
  assert.equal(loadCoreSync(), undefined, 'a failed load stays failed');
  assert.equal(fake.inits.length, 1);
});

test('a test loader: loadCoreSync gives its module once its promise has resolved', async () => {
  const load = deferred<GlueModule>();
  const { glue } = fakeGlue();
  setCoreLoaderForTesting(() => load.promise);
  const ready = loadCore();
  assert.equal(loadCoreSync(), undefined);
  load.resolve(glue);
  await ready;
  assert.equal(loadCoreSync(), glue);
});

// ------------------------------------------------------------------ the API at page hide

const leaving: Array<[name: string, leave: (page: ReturnType<typeof fakePage>) => void]> = [
  ['left (pagehide)', page => page.pagehide()],
  ['hidden (visibilitychange)', page => page.hide()],
];
for (const [name, leave] of leaving) {
  test(`${name} while the core compiles: the core starts in the handler, takes what is known and the waiting events, then handles the hide`, async t => {
    const page = fakePage(t);
    const compile = holdCompile(t);
    const { glue, bytes } = heldSources();
    const fake = fakeGlue();
    glue.resolve(fake.glue);
    bytes.resolve(EMPTY_WASM());
    const api = build();
    api.captureEvent(sampleEvent(1));
    api.captureEvent(sampleEvent(2));
    await settle(); // identity, token and endpoint answered; the compile is held
    assert.equal(fake.cores.length, 0);
    assert.equal(api.stats().queued, 2);

    leave(page);
    assert.equal(fake.cores.length, 1, 'started inside the handler');
    const core = fake.cores[0];
    assert.equal(core.endpoint, 'http://backend.test/api/backstage-insights/events');
    assert.deepEqual(core.calls, [
      ['setIdentity', 'user:default/jane.doe'],
      ['setToken', 'token-1'],
      ['capture'],
      ['capture'],
      ['pageHidden'],
    ]);
    assert.deepEqual(core.captured.map(capturedValue), [1, 2]);

    // The core's own listeners take over: the shim does nothing more at hide.
    page.pagehide();
    page.hide();
    assert.equal(core.calls.filter(c => c[0] === 'pageHidden').length, 1);
    compile.release();
    await settle();
    assert.equal(fake.cores.length, 1, 'no second core when the load completes');
    assert.equal(fake.inits.length, 1);
    api.captureEvent(sampleEvent(3));
    assert.deepEqual(core.captured.map(capturedValue), [1, 2, 3]);
    assert.equal(api.stats().dropped.total, 0);
  });
}

test('left before the bytes arrived: the events are counted as leftBeforeLoad, and only their number is stored', async t => {
  const page = fakePage(t);
  const { glue } = heldSources();
  const fake = fakeGlue();
  glue.resolve(fake.glue);
  const api = build();
  for (let i = 0; i < 3; i++) api.captureEvent(sampleEvent(i));
  await settle();

  page.hide(); // a hidden page may come back: nothing is dropped yet
  assert.equal(api.stats().queued, 3);
  assert.equal(page.store.size, 0);
  page.pagehide(); // unloaded for good
  assert.equal(fake.cores.length, 0, 'nothing can scrub them');
  const stats = api.stats();
  assert.equal(stats.queued, 0);
  assert.equal(stats.dropped.leftBeforeLoad, 3);
  assert.deepEqual([...page.store], [[LEFT_BEFORE_LOAD_KEY, '3']], 'the count, nothing of the events');

  // Later pages report the running total.
  setCoreLoaderForTesting(async () => fakeGlue().glue);
  const next = build();
  assert.equal(next.stats().dropped.leftBeforeLoad, 3);
  next.captureEvent(sampleEvent(9));
  next.captureEvent(sampleEvent(10));
  page.pagehide();
  assert.equal(readLeftBeforeLoad(), 5);
});

test('hidden before the bytes arrived, not left: the events wait; the core started later takes them and handles the hide it missed', async t => {
  const page = fakePage(t);
  const { glue, bytes } = heldSources();
  const fake = fakeGlue();
  glue.resolve(fake.glue);
  const api = build();
  api.captureEvent(sampleEvent(1));
  await settle();
  page.hide();
  page.pagehide(true); // kept in the back/forward cache: may come back
  assert.equal(api.stats().queued, 1);
  assert.equal(api.stats().dropped.total, 0);

  bytes.resolve(EMPTY_WASM());
  await until(() => fake.cores.length > 0);
  const core = fake.cores[0];
  assert.ok(core, 'the core started when the load completed');
  assert.deepEqual(core.calls.slice(-2), [['capture'], ['pageHidden']], 'still hidden: the missed hide is handled');
  assert.equal(page.store.size, 0);
});

test('hidden before the bytes arrived, then shown: the core started later runs as usual', async t => {
  const page = fakePage(t);
  const { glue, bytes } = heldSources();
  const fake = fakeGlue();
  glue.resolve(fake.glue);
  const api = build();
  api.captureEvent(sampleEvent(1));
  await settle();
  page.hide();
  page.show();
  bytes.resolve(EMPTY_WASM());
  await until(() => fake.cores.length > 0);
  assert.deepEqual(fake.cores[0].calls.filter(c => c[0] === 'pageHidden'), []);
  assert.equal(fake.cores[0].captured.length, 1);
});

test('left before the collector endpoint is known: no core, the events are counted', async t => {
  const page = fakePage(t);
  const { glue, bytes } = heldSources();
  const fake = fakeGlue();
  glue.resolve(fake.glue);
  bytes.resolve(EMPTY_WASM());
  const discovery = deferred<string>();
  const api = build(CONFIG, fakeApis({ getBaseUrl: () => discovery.promise }));
  api.captureEvent(sampleEvent(1));
  await settle();
  page.pagehide();
  assert.equal(fake.cores.length, 0);
  assert.equal(api.stats().dropped.leftBeforeLoad, 1);
});

test('debug mode stores nothing, not even the count', async t => {
  const page = fakePage(t);
  const { glue } = heldSources();
  glue.resolve(fakeGlue().glue);
  const api = build({ ...CONFIG, backstageInsights: { salt: 'pepper', debug: ' Yes ' } });
  api.captureEvent(sampleEvent(1));
  await settle();
  page.pagehide();
  assert.equal(api.stats().dropped.leftBeforeLoad, 1, 'still counted in stats()');
  assert.equal(page.store.size, 0);
});

test('refused storage: the count is lost, nothing throws', async t => {
  const page = fakePage(t, { throwingStorage: true });
  recordLeftBeforeLoad(2);
  assert.equal(readLeftBeforeLoad(), 0);
  const { glue } = heldSources();
  glue.resolve(fakeGlue().glue);
  const api = build();
  api.captureEvent(sampleEvent(1));
  await settle();
  page.pagehide();
  assert.equal(api.stats().dropped.leftBeforeLoad, 1);
});

test('once the core runs, page hides are its own: the shim calls nothing', async t => {
  const page = fakePage(t);
  const { glue, bytes } = heldSources();
  const fake = fakeGlue();
  glue.resolve(fake.glue);
  bytes.resolve(EMPTY_WASM());
  const api = build();
  api.captureEvent(sampleEvent(1));
  await until(() => fake.cores.length > 0);
  assert.equal(fake.cores.length, 1);
  page.hide();
  page.pagehide();
  assert.deepEqual(fake.cores[0].calls.filter(c => c[0] === 'pageHidden'), []);
});


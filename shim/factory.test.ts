// BackstageInsights.createDefaultApiFactory(): the factory an app puts in apis.ts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  analyticsApiRef,
  configApiRef,
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
  storageApiRef,
} from '@backstage/core-plugin-api';
import ts from 'typescript';
import * as entry from './index.js';
import { setCoreLoaderForTesting } from './loadCore.js';
import { buildFromFactory, capturedValue, fakeGlue, sampleEvent, settle } from './testing/fakes.js';

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
  assert.equal(capturedValue(cores[0].captured[0]), 7);
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
  assert.equal(capturedValue(cores[0].captured[0]), 3);
});

/**
 * The declarations `tsc -p shim/tsconfig.json` ships in dist/, by file name:
 * emitted in memory from the sources as they are now, so no build is needed.
 */
function shippedDeclarations(): Map<string, string> {
  const tsconfig = fileURLToPath(new URL('./tsconfig.json', import.meta.url));
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: diagnostic => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  assert.ok(parsed, tsconfig);
  assert.deepEqual(parsed.errors, [], `${tsconfig} reads without errors`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const declarations = new Map<string, string>();
  const emitted = program.emit(undefined, (file, text) => declarations.set(path.basename(file), text), undefined, true);
  assert.equal(emitted.emitSkipped, false, 'the declarations are emitted');
  return declarations;
}

test('the shipped declarations keep the constructor private and leave out the test hook', () => {
  const declarations = shippedDeclarations();
  const api = declarations.get('BackstageInsightsApi.d.ts');
  assert.ok(api, 'dist/BackstageInsightsApi.d.ts is emitted');
  assert.match(api, /private constructor\(\);/);
  assert.match(api, /static fromConfig\(config: ConfigApi, options: BackstageInsightsApiOptions\): BackstageInsightsApi;/);
  const loader = declarations.get('loadCore.d.ts');
  assert.ok(loader, 'dist/loadCore.d.ts is emitted');
  assert.doesNotMatch(loader, /setCoreLoaderForTesting/);
  // Nor do the tests and their helpers ship (shim/tsconfig.json leaves them out).
  assert.deepEqual([...declarations.keys()].filter(name => /\.test\.d\.ts$|^fakes\.d\.ts$/.test(name)), []);
});

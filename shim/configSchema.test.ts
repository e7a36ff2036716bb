// config.d.ts (the package's config schema, at its root), compiled and applied
// by Backstage's own config loader.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { JsonObject } from '@backstage/config';
import { type ConfigSchema, loadConfigSchema } from '@backstage/config-loader';

const packageJson = fileURLToPath(new URL('../package.json', import.meta.url));
let schema: ConfigSchema;

before(async () => {
  schema = await loadConfigSchema({
    dependencies: [],
    packagePaths: [packageJson],
    excludePackageDependencies: true,
  });
});

const full = {
  salt: 'pepper',
  debug: true,
  endpoint: 'https://collector.example/events',
  batch: { maxEvents: 25, maxBytes: 49152, flushIntervalMs: 5000 },
  scrub: {
    allowedQueryParams: ['tab'],
    redactAttributes: ['email'],
    allowedAttributes: ['tab'],
    allowedContext: ['pluginId'],
  },
  identity: 'disabled',
  hosts: ['backstage.example.com'],
  respectGlobalPrivacyControl: true,
  sampleRate: 0.5,
  attributes: { appVersion: '1.2.3', build: 42, beta: true },
};

function forFrontend(data: JsonObject) {
  return schema.process([{ context: 'app-config.yaml', data }], { visibility: ['frontend'] });
}

test('every backstageInsights key reaches the frontend (@visibility frontend)', () => {
  const [result] = forFrontend({ backstageInsights: full, backend: { baseUrl: 'http://x' } });
  assert.deepEqual(result.data, { backstageInsights: full });
});

test('the whole block is optional', () => {
  assert.doesNotThrow(() => forFrontend({ app: { title: 'no insights' } }));
});

test('inside the block, salt is required', () => {
  assert.throws(() => forFrontend({ backstageInsights: { debug: true } }), /salt/);
});

const wrongTypes: Array<[key: string, bad: JsonObject]> = [
  ['debug', { debug: 'sometimes' }],
  ['batch', { batch: { maxEvents: 'lots' } }],
  ['scrub', { scrub: { allowedQueryParams: 'tab' } }],
  ['salt', { salt: { nested: 'object' } }],
  ['identity', { identity: 'anonymous' }],
  ['hosts', { hosts: 'backstage.example.com' }],
  ['attributes', { attributes: 'v1.2.3' }],
];
for (const [key, bad] of wrongTypes) {
  test(`a value of the wrong type is rejected: ${key}`, () => {
    assert.throws(() => forFrontend({ backstageInsights: { ...full, ...bad } }), /must be/);
  });
}

test('the schema declares exactly the keys the README table and the core know', () => {
  /** A JSON Schema node, as much of it as this test reads. */
  type SchemaNode = { type?: unknown; properties?: Record<string, SchemaNode> };
  const keys: string[] = [];
  const walk = (node: SchemaNode, path: string) => {
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const here = path ? `${path}.${name}` : name;
      if (child.type === 'object' && child.properties) walk(child, here);
      else keys.push(here);
    }
  };
  // serialize() gives JSON; the shape read here is JSON Schema's.
  const serialized = schema.serialize() as { schemas: Array<{ value: SchemaNode }> };
  const block = serialized.schemas[0].value.properties?.backstageInsights;
  assert.ok(block, 'the schema has a backstageInsights block');
  walk(block, 'backstageInsights');
  assert.deepEqual(keys.sort(), [
    'backstageInsights.batch.flushIntervalMs',
    'backstageInsights.batch.maxBytes',
    'backstageInsights.batch.maxEvents',
    'backstageInsights.attributes',
    'backstageInsights.debug',
    'backstageInsights.endpoint',
    'backstageInsights.hosts',
    'backstageInsights.identity',
    'backstageInsights.respectGlobalPrivacyControl',
    'backstageInsights.salt',
    'backstageInsights.sampleRate',
    'backstageInsights.scrub.allowedAttributes',
    'backstageInsights.scrub.allowedContext',
    'backstageInsights.scrub.allowedQueryParams',
    'backstageInsights.scrub.redactAttributes',
  ].sort());
});

test('a bad value is reported with its key path: debug: "yes"', () => {
  assert.throws(
    () => forFrontend({ backstageInsights: { salt: 'pepper', debug: 'yes' } }),
    /must be boolean .*at \/backstageInsights\/debug\b/,
  );
});

test('a missing salt is reported by name', () => {
  assert.throws(
    () => forFrontend({ backstageInsights: { debug: false } }),
    /must have required property 'salt'.* at \/backstageInsights\b/,
  );
});

test('every problem is reported at once, not just the first', () => {
  assert.throws(
    () => forFrontend({ backstageInsights: { salt: 'pepper', debug: 'yes', batch: { maxEvents: 'lots' } } }),
    err => err instanceof Error && /\/backstageInsights\/debug\b/.test(err.message) && /\/backstageInsights\/batch\/maxEvents\b/.test(err.message),
  );
});

test('the schema ships with the package: "configSchema" names a file listed in "files"', async () => {
  const { readFile } = await import('node:fs/promises');
  const pkg: { configSchema?: unknown; files: string[] } = JSON.parse(await readFile(packageJson, 'utf8'));
  assert.equal(pkg.configSchema, 'config.d.ts');
  assert.ok(pkg.files.includes('config.d.ts'), `files: ${pkg.files}`);
});

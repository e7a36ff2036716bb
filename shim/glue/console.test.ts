// shim/glue/console.js on its own, with a fake console: what it prints, and
// that a console that throws never throws through it (into the core's frames).
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { group, say } from './console.js';

const realConsole = globalThis.console;
afterEach(() => {
  globalThis.console = realConsole;
});

const METHODS = ['error', 'warn', 'log', 'groupCollapsed', 'groupEnd'] as const;
type Method = (typeof METHODS)[number];

/** A console recording every call as [method, ...args]; `throwing` names methods that throw. */
function fakeConsole(throwing: readonly Method[] = []): unknown[][] {
  const calls: unknown[][] = [];
  const fake: Partial<Record<Method, (...args: unknown[]) => void>> = {};
  for (const m of METHODS) {
    fake[m] = (...args) => {
      calls.push([m, ...args]);
      if (throwing.includes(m)) throw new Error(`console.${m} refused`);
    };
  }
  // A stand-in with only the five methods the glue calls.
  globalThis.console = fake as Console;
  return calls;
}

test('say: console.error for errors, console.warn otherwise, the text as it is', () => {
  const calls = fakeConsole();
  say(true, '[backstage-insights] bad config');
  say(false, '[backstage-insights] 403');
  assert.deepEqual(calls, [
    ['error', '[backstage-insights] bad config'],
    ['warn', '[backstage-insights] 403'],
  ]);
});

test('group of an event: titled with its action and subject, the parsed event logged, closed', () => {
  const calls = fakeConsole();
  group('[backstage-insights]', '{"action":"navigate","subject":"/catalog","n":1}', undefined);
  assert.deepEqual(calls, [
    ['groupCollapsed', '[backstage-insights] navigate /catalog'],
    ['log', { action: 'navigate', subject: '/catalog', n: 1 }],
    ['groupEnd'],
  ]);
});

test('group of a batch: the title as it is, the body and the stats logged', () => {
  const calls = fakeConsole();
  const stats = { captured: 2 };
  group('would POST 2 events', '{"events":[1,2]}', stats);
  assert.deepEqual(calls, [['groupCollapsed', 'would POST 2 events'], ['log', { events: [1, 2] }], ['log', 'stats', stats], ['groupEnd']]);
});

test('group of text that is not JSON logs the text', () => {
  const calls = fakeConsole();
  group('t', 'not json', {});
  assert.deepEqual(calls[1], ['log', 'not json']);
});

test('a console that throws: nothing is thrown, and an opened group is still closed', () => {
  let calls = fakeConsole(METHODS);
  assert.doesNotThrow(() => say(true, 'x'));
  assert.doesNotThrow(() => say(false, 'x'));
  assert.doesNotThrow(() => group('t', '{"action":"a","subject":"s"}', undefined));
  assert.doesNotThrow(() => group('t', '{}', { s: 1 }));
  assert.deepEqual(
    calls.map(c => c[0]),
    ['error', 'warn', 'groupCollapsed', 'groupEnd', 'groupCollapsed', 'groupEnd'],
  );

  calls = fakeConsole(['log']);
  assert.doesNotThrow(() => group('t', '{}', { s: 1 }));
  assert.deepEqual(
    calls.map(c => c[0]),
    ['groupCollapsed', 'log', 'groupEnd'],
    'a throwing log still ends the group it opened',
  );

  (globalThis as { console: unknown }).console = undefined; // no console at all
  assert.doesNotThrow(() => say(true, 'x'));
  assert.doesNotThrow(() => group('t', '{}', undefined));
});

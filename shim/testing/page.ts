// Stand-ins for a browser page's globals (document, window, localStorage) in
// Node, for the shim tests; put in place for one test at a time.
import type { TestContext } from 'node:test';

/** A stand-in for `document`: an event target whose visibilityState a test sets. */
export type FakeDocument = EventTarget & { visibilityState: DocumentVisibilityState };

export function fakeDocument(visibilityState: DocumentVisibilityState = 'visible'): FakeDocument {
  return Object.assign(new EventTarget(), { visibilityState });
}

/** Stand-ins for a browser page's globals (`window`, `document`, `localStorage`). */
export type FakeGlobals = {
  window?: EventTarget;
  document?: FakeDocument;
  localStorage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
};

/** Puts `globals` on globalThis, where the shim looks for the page's, until the test ends. */
export function setGlobals(t: TestContext, globals: FakeGlobals): void {
  Object.assign(globalThis, globals);
  t.after(() => {
    for (const name of Object.keys(globals)) Reflect.deleteProperty(globalThis, name);
  });
}

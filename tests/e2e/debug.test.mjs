// debug: true -> every event is logged to the browser console, scrubbed;
// nothing is sent and nothing is stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  gotoApp,
  readOriginStorage,
  settle,
  waitFor,
  useAppSuite,
} from './harness.mjs';

// What Backstage itself keeps in localStorage (sidebar pin state, language).
const BACKSTAGE_OWN_KEYS = new Set(['sidebarPinState', 'language', 'theme', 'featureFlags']);

const s = useAppSuite({
    set: { 'backstageInsights.debug': true, 'backstageInsights.batch.flushIntervalMs': 1000 },
  });

test('debug mode logs scrubbed events to the console, sends nothing, stores nothing', async () => {
  const { page, context } = s.tab;
  await gotoApp(page, s.c.url, '/catalog?filter=kind%3Acomponent', 'Components and owners');
  await page.getByTestId('link-api').click();
  await page.getByText('A component entity.').waitFor();

  const logged = await waitFor(
    async () => {
      const lines = (await s.tab.consoleText()).filter(l => l.includes('[backstage-insights]'));
      const hit = lines.find(l => /navigate/.test(l) && l.includes('/catalog/default/component/api'));
      const click = lines.find(l => /click/.test(l) && l.includes('api'));
      return hit && click ? lines : undefined;
    },
    { timeout: 5000, message: 'a [backstage-insights] console message with the navigate event' },
  );
  // The would-be batch is logged too (at the 1 s interval), naming the endpoint.
  const batchLine = await waitFor(
    async () => (await s.tab.consoleText()).find(l => l.includes('[backstage-insights]') && /would/i.test(l) && /batch|POST/i.test(l)),
    { timeout: 5000, message: 'a [backstage-insights] console message for the would-be batch' },
  );
  assert.ok(batchLine.includes(s.c.url + '/api/backstage-insights/events'), `names the endpoint: ${batchLine}`);
  const all = (await s.tab.consoleText()).join('\n');
  assert.ok(!all.includes('filter=kind'), `the logged subject is scrubbed:\n${logged.join('\n')}`);
  assert.ok(!all.includes('user:default/guest'), 'the plain userEntityRef is never logged');

  // Hiding the page is when a real batch would leave: still nothing may be sent.
  await page.goto('about:blank');
  await settle(1500); // proving an absence: give a wrongly sent request time to arrive
  const stats = await s.c.stats();
  assert.equal(stats.requests, 0, 'no POST reached the collector');
  assert.equal(stats.preflights, 0, 'no preflight reached the collector');
  assert.deepEqual(s.tab.eventRequests, [], 'the browser issued no request to the event endpoint');

  const storage = await readOriginStorage(context, s.c.url);
  const foreign = Object.keys(storage).filter(k => !BACKSTAGE_OWN_KEYS.has(k));
  assert.deepEqual(foreign, [], `no localStorage writes by the module: ${JSON.stringify(storage)}`);
  assert.deepEqual(s.tab.pageErrors, []);
});

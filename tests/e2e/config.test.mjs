// Configuration errors: one clear console.error naming the key and the fix,
// never a throw into the app, and without a salt nothing is sent.
import { after, afterEach, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ensureAppBuilt,
  gotoApp,
  launchBrowser,
  openPage,
  settle,
  startCollector,
  waitFor,
} from './harness.mjs';

let c;
let browser;
let tab;

before(async () => {
  ensureAppBuilt();
  c = await startCollector({ set: { 'backstageInsights.batch.flushIntervalMs': 1000 } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await c?.stop();
});
beforeEach(async () => {
  await c.reset(); // also clears the runtime config overrides
  tab = await openPage(browser);
});
afterEach(async t => {
  if (t.passed === false || process.env.E2E_VERBOSE) console.log((await tab.consoleText()).join('\n'));
  await tab.close();
});

const insightsErrors = () =>
  tab.consoleMessages.filter(m => m.type === 'error' && m.text.includes('backstageInsights'));

test('a missing salt: one console.error naming backstageInsights.salt and the fix, nothing sent', async () => {
  await c.config({ unset: ['backstageInsights.salt'] });
  assert.equal((await c.appConfig()).backstageInsights.salt, undefined);
  const { page } = tab;
  await gotoApp(page, c.url, '/catalog', 'Components and owners');
  await page.getByTestId('link-api').click();
  await page.getByText('A component entity.').waitFor();
  await page.getByText('Back to the catalog').click();
  await page.getByText('Components and owners').waitFor();

  await waitFor(() => insightsErrors().length > 0, { timeout: 5000, message: 'a backstageInsights console.error' });
  await page.goto('about:blank'); // the hide flush must not send either
  await settle(1500); // proving an absence

  const errors = insightsErrors();
  assert.equal(errors.length, 1, `exactly one error:\n${errors.map(e => e.text).join('\n')}`);
  // The key comes first (after an optional "[backstage-insights] " tag).
  assert.match(errors[0].text, /^(\[backstage-insights\] )?backstageInsights\.salt\b/, 'leads with the key');
  assert.match(errors[0].text, /app-config/, 'says where to fix it');
  const stats = await c.stats();
  assert.equal(stats.requests, 0, 'nothing sent');
  assert.deepEqual(tab.eventRequests, []);
  assert.deepEqual(tab.pageErrors, [], 'never throws into the app');
});

test('an invalid value: one console.error naming the key, the app keeps working', async () => {
  await c.config({ set: { 'backstageInsights.batch.maxEvents': 'lots' } });
  const { page } = tab;
  await gotoApp(page, c.url, '/catalog', 'Components and owners');
  await page.getByTestId('link-api').click();
  await page.getByText('A component entity.').waitFor();
  await waitFor(() => insightsErrors().length > 0, { timeout: 5000, message: 'a backstageInsights console.error' });
  await settle(500);
  const errors = insightsErrors();
  assert.equal(errors.length, 1, `exactly one error:\n${errors.map(e => e.text).join('\n')}`);
  assert.match(errors[0].text, /^(\[backstage-insights\] )?backstageInsights\.batch\.maxEvents\b/);
  assert.deepEqual(tab.pageErrors, []);
});

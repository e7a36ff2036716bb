// Configuration errors: one clear console.error naming the key and the fix,
// never a throw into the app, and without a salt nothing is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  gotoApp,
  settle,
  waitFor,
  useAppSuite,
} from './harness.mjs';

const s = useAppSuite({ set: { 'backstageInsights.batch.flushIntervalMs': 1000 } });

const insightsErrors = () =>
  s.tab.consoleMessages.filter(m => m.type === 'error' && m.text.includes('backstageInsights'));

test('a missing salt: one console.error naming backstageInsights.salt and the fix, nothing sent', async () => {
  await s.c.config({ unset: ['backstageInsights.salt'] });
  assert.equal((await s.c.appConfig()).backstageInsights.salt, undefined);
  const { page } = s.tab;
  await gotoApp(page, s.c.url, '/catalog', 'Components and owners');
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
  const stats = await s.c.stats();
  assert.equal(stats.requests, 0, 'nothing sent');
  assert.deepEqual(s.tab.eventRequests, []);
  assert.deepEqual(s.tab.pageErrors, [], 'never throws into the app');
});

test('an invalid value: one console.error naming the key, the app keeps working', async () => {
  await s.c.config({ set: { 'backstageInsights.batch.maxEvents': 'lots' } });
  const { page } = s.tab;
  await gotoApp(page, s.c.url, '/catalog', 'Components and owners');
  await page.getByTestId('link-api').click();
  await page.getByText('A component entity.').waitFor();
  await waitFor(() => insightsErrors().length > 0, { timeout: 5000, message: 'a backstageInsights console.error' });
  await settle(500);
  const errors = insightsErrors();
  assert.equal(errors.length, 1, `exactly one error:\n${errors.map(e => e.text).join('\n')}`);
  assert.match(errors[0].text, /^(\[backstage-insights\] )?backstageInsights\.batch\.maxEvents\b/);
  assert.deepEqual(s.tab.pageErrors, []);
});

test('debug as the string "true" (what ${ENV} substitution gives) is debug mode: logged, nothing sent, no error', async () => {
  await s.c.config({ set: { 'backstageInsights.debug': 'true' } });
  assert.equal((await s.c.appConfig()).backstageInsights.debug, 'true', 'served as a string');
  const { page } = s.tab;
  await gotoApp(page, s.c.url, '/catalog', 'Components and owners');
  await page.getByTestId('link-api').click();
  await page.getByText('A component entity.').waitFor();
  await waitFor(
    async () => (await s.tab.consoleText()).some(l => l.includes('[backstage-insights]') && /would POST/.test(l)),
    { timeout: 5000, message: 'a debug "would POST" console message' },
  );
  await page.goto('about:blank'); // the hide flush must not send either
  await settle(1500); // proving an absence
  assert.deepEqual(insightsErrors().map(e => e.text), [], 'no config error');
  assert.equal((await s.c.stats()).requests, 0, 'nothing sent');
  assert.deepEqual(s.tab.eventRequests, []);
  assert.deepEqual(s.tab.pageErrors, []);
});

// End to end on the new frontend system: the real app in www-nfs/ (createApp
// from @backstage/frontend-defaults, features: [insightsAnalyticsModule, a demo
// plugin]), built by Vite, served by the real collector, driven in headless
// Chromium. Events carry the new system's `{ pluginId, extensionId }` context.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  ensureAppBuilt,
  ROOT,
  expectedIdentity,
  findPlanted,
  launchBrowser,
  openPage,
  settle,
  startCollector,
  uniqueEvents,
} from './harness.mjs';

const APP = path.join(ROOT, 'www-nfs');
const APP_DIST = path.join(APP, 'dist');
const PLANTED = { email: 'jane.doe@example.com' };

let collector;
let browser;
let salt;

before(async () => {
  ensureAppBuilt('www-nfs', 'dist/alpha.js');
  collector = await startCollector({
    staticDir: APP_DIST,
    appConfig: path.join(APP, 'app-config.yaml'),
    set: { 'backstageInsights.batch.flushIntervalMs': 250 },
  });
  salt = (await collector.appConfig()).backstageInsights.salt;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await collector?.stop();
});

test('./alpha exports the module as default and as insightsAnalyticsModule, for the app plugin', async () => {
  const alpha = await import('backstage-plugin-analytics-module-insights-wasm/alpha');
  assert.deepEqual(Object.keys(alpha).sort(), ['default', 'insightsAnalyticsModule']);
  assert.equal(alpha.default, alpha.insightsAnalyticsModule);
  assert.equal(alpha.default.$$type, '@backstage/FrontendModule');
  assert.equal(alpha.default.pluginId, 'app');
});

/** Opens the demo plugin's page and waits until the app has rendered it. */
async function gotoDemo(page) {
  await page.goto(collector.url + '/demo');
  await page.getByText('Insights demo page').waitFor({ timeout: 15_000 });
}

const find = (events, action, subject, extensionId) =>
  events.find(e => e.action === action && e.subject === subject && (!extensionId || e.context.extensionId === extensionId));

test('navigate, click and a custom event arrive with the guest identity and { pluginId, extensionId }', async () => {
  await collector.reset();
  const tab = await openPage(browser);
  const { page } = tab;
  try {
    await gotoDemo(page);
    await page.getByText('Go to details').click();
    await page.getByText('Insights details page').waitFor();
    await page.getByText('Back to the demo').click();
    await page.getByText('Insights demo page').waitFor();
    await page.getByRole('button', { name: 'Deploy' }).click();

    const events = uniqueEvents(
      await collector.waitForEvents(evs => evs.some(e => e.action === 'deploy'), { timeout: 15_000 }),
    );
    const identity = expectedIdentity(salt, 'user:default/guest');
    assert.ok(events.length >= 6, `expected at least 6 events, got ${events.length}`);
    for (const e of events) assert.equal(e.identity, identity, `identity of ${e.action} ${e.subject}`);

    const demoContext = { pluginId: 'demo', extensionId: 'page:demo' };
    const detailsContext = { pluginId: 'demo', extensionId: 'page:demo/details' };

    const firstNavigate = find(events, 'navigate', '/demo', 'page:demo');
    assert.ok(firstNavigate, `no navigate /demo from page:demo in ${JSON.stringify(events)}`);
    // The new system's context, as the app emitted it: no legacy routeRef/extension keys.
    assert.deepEqual(firstNavigate.context, demoContext);
    assert.deepEqual(firstNavigate.attributes, {});

    const click = find(events, 'click', 'Go to details');
    assert.ok(click, 'no click event for the Go to details link');
    assert.deepEqual(click.attributes, { to: '/demo-details' });
    assert.deepEqual(click.context, demoContext);

    const details = find(events, 'navigate', '/demo-details');
    assert.ok(details, 'no navigate /demo-details');
    assert.deepEqual(details.context, detailsContext);

    // The link back carries ?email=...#section: scrubbed from the click and the navigate.
    const back = find(events, 'click', 'Back to the demo');
    assert.ok(back, 'no click event for the Back to the demo link');
    assert.deepEqual(back.attributes, { to: '/demo' });
    assert.deepEqual(back.context, detailsContext);
    const navigates = events.filter(e => e.action === 'navigate').map(e => e.subject);
    assert.ok(navigates.every(s => !s.includes('?') && !s.includes('#')), `navigate subjects ${navigates}`);

    const deploy = find(events, 'deploy', 'Deploy button');
    assert.equal(deploy.value, 42);
    assert.deepEqual(deploy.attributes, { env: 'staging', requestedBy: '<email>' });
    assert.deepEqual(deploy.context, demoContext);

    assert.deepEqual(findPlanted(await collector.rawText(), PLANTED), []);
    assert.deepEqual(tab.pageErrors, []);
    const errors = (await tab.consoleText()).filter(l => l.startsWith('[error]'));
    assert.deepEqual(errors, []);
  } finally {
    await tab.close();
  }
});

test('the module is the extension analytics:app/backstage-insights: disabled in app-config, nothing is sent', async () => {
  await collector.reset();
  await collector.config({
    set: { 'app.extensions': [{ 'sign-in-page:app': false }, { 'analytics:app/backstage-insights': false }] },
  });
  const tab = await openPage(browser);
  try {
    await gotoDemo(tab.page);
    await tab.page.getByRole('button', { name: 'Deploy' }).click();
    await tab.page.getByText('Go to details').click();
    await tab.page.getByText('Insights details page').waitFor();
    // Showing an absence: a fixed wait well past the 250 ms flush interval.
    await settle(1500);
    await tab.page.goto('about:blank');
    await settle(500);
    assert.equal(collector.received().length, 0);
    assert.deepEqual(tab.eventRequests, []);
    assert.deepEqual(tab.pageErrors, []);
  } finally {
    await tab.close();
    await collector.config({});
  }
});

test('the controls apply in the new frontend system too: identity disabled, allow-list, attributes; then a host not listed', async () => {
  await collector.reset();
  await collector.config({
    set: {
      'backstageInsights.identity': 'disabled',
      'backstageInsights.scrub.allowedContext': ['pluginId'],
      'backstageInsights.attributes': { environment: 'production' },
    },
  });
  const tab = await openPage(browser);
  try {
    await gotoDemo(tab.page);
    await tab.page.getByRole('button', { name: 'Deploy' }).click();
    const events = await collector.waitForEvents(evs => evs.some(e => e.action === 'deploy'), { timeout: 15_000 });
    for (const e of events) {
      assert.equal(e.identity, null, `${e.action} ${e.subject}`);
      assert.deepEqual(Object.keys(e.context).sort(), ['environment', 'pluginId'], `${e.action} ${e.subject}`);
      assert.equal(e.context.environment, 'production');
    }
  } finally {
    await tab.close();
  }

  await collector.reset();
  await collector.config({ set: { 'backstageInsights.hosts': ['backstage.example.com'] } });
  const other = await openPage(browser);
  try {
    await gotoDemo(other.page);
    await other.page.getByRole('button', { name: 'Deploy' }).click();
    await settle(1000); // showing an absence, past the 250 ms flush interval
    await other.page.goto('about:blank');
    await settle(500);
    assert.equal(collector.received().length, 0);
    assert.ok((await other.consoleText()).some(l => l.includes('backstageInsights.hosts does not list')));
  } finally {
    await other.close();
    await collector.config({});
  }
});

test('BackstageInsights.optOut() works in the new frontend system, across a reload, until optIn()', async () => {
  await collector.reset();
  const tab = await openPage(browser);
  const { page } = tab;
  try {
    await gotoDemo(page);
    await collector.waitForEvents(evs => evs.length >= 1, { timeout: 15_000 });
    await page.getByRole('button', { name: 'Stop analytics for me' }).click();
    const before = collector.received().length;
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.reload();
    await page.getByText('Insights demo page').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Deploy' }).click();
    await settle(1000); // showing an absence, past the 250 ms flush interval
    assert.equal(collector.received().length, before, 'nothing sent after the opt-out, the reload included');
    const kept = await page.evaluate(() => Object.keys(localStorage).filter(k => k.startsWith('backstage-insights:')));
    assert.deepEqual(kept, ['backstage-insights:v1:optOut']);
    await page.getByRole('button', { name: 'Allow analytics' }).click();
    await page.getByRole('button', { name: 'Deploy' }).click();
    await collector.waitForEvents(evs => evs.some(e => e.action === 'deploy'), { timeout: 15_000 });
  } finally {
    await tab.close();
  }
});

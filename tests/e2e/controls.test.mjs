// The controls (README, "Controls") in the real demo app, headless Chromium and
// the test collector: identity modes, allow-lists, hosts, Global Privacy
// Control, opt-out, sampling and global attributes, each checked where it
// matters: what reaches the collector, what the browser keeps, what stats() counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  callInsightsApi,
  captureInPage,
  gotoApp,
  insightsStats,
  openPage,
  readOriginStorage,
  settle,
  uniqueEvents,
  useAppSuite,
  waitFor,
} from './harness.mjs';

const s = useAppSuite({ set: { 'backstageInsights.batch.flushIntervalMs': 250 } });

const openCatalog = page => gotoApp(page, s.c.url, '/catalog', 'Components and owners');

/** Browses a little: a navigation and a click on top of the first page view. */
async function browse(page) {
  await page.getByTestId('link-api').click();
  await page.getByText('A component entity.').waitFor();
}

/** Everything this browser context keeps for the module in localStorage. */
async function keptInStorage() {
  const all = await readOriginStorage(s.tab.context, s.c.url);
  return Object.keys(all).filter(k => k.startsWith('backstage-insights:') && !k.endsWith(':leftBeforeLoad'));
}

test('identity disabled: events arrive with no identity', async () => {
  await s.c.config({ set: { 'backstageInsights.identity': 'disabled' } });
  const { page } = s.tab;
  await openCatalog(page);
  await browse(page);
  const events = await s.c.waitForEvents(evs => evs.some(e => e.subject === '/catalog/default/component/api'));
  assert.ok(events.length >= 2);
  assert.deepEqual([...new Set(events.map(e => e.identity))], [null]);
  assert.ok(!(await s.c.rawText()).includes(s.identity), 'the hash is nowhere in what was sent');
});

test('identity required and the lookup fails: nothing is sent, each event is counted as noIdentity', async () => {
  await s.c.config({ set: { 'backstageInsights.identity': 'required', 'demo.identityFails': true } });
  const { page } = s.tab;
  await openCatalog(page);
  await browse(page);
  const stats = await waitFor(async () => {
    const st = await insightsStats(page);
    return st.dropped.noIdentity >= 2 ? st : undefined;
  }, { message: 'events counted as noIdentity' });
  await page.goto('about:blank');
  await settle(1000); // proving an absence
  assert.equal((await s.c.stats()).requests, 0, 'nothing sent');
  assert.equal(stats.delivered, 0);
  assert.deepEqual(s.tab.pageErrors, []);
});

test('identity required with an identity changes nothing', async () => {
  await s.c.config({ set: { 'backstageInsights.identity': 'required' } });
  const { page } = s.tab;
  await openCatalog(page);
  const events = await s.c.waitForEvents(evs => evs.length >= 1);
  assert.equal(events[0].identity, s.identity);
});

test('allow-lists: only the listed attribute and context keys leave; the rest are counted', async () => {
  await s.c.config({
    set: { 'backstageInsights.scrub.allowedAttributes': ['tab'], 'backstageInsights.scrub.allowedContext': ['pluginId'] },
  });
  const { page } = s.tab;
  await openCatalog(page);
  await captureInPage(page, [
    { action: 'click', subject: 'allow-list', attributes: { TAB: 'ci', secretish: 'x', other: 'y' }, context: { pluginId: 'demo', extension: 'App', routeRef: 'r' } },
  ]);
  const events = await s.c.waitForEvents(evs => evs.some(e => e.subject === 'allow-list'));
  const e = events.find(ev => ev.subject === 'allow-list');
  assert.deepEqual(e.attributes, { TAB: 'ci' }, 'kept whatever its case, as redactAttributes compares');
  assert.deepEqual(e.context, { pluginId: 'demo' });
  for (const ev of events) assert.deepEqual(Object.keys(ev.context).filter(k => k !== 'pluginId'), [], ev.subject);
  assert.ok((await insightsStats(page)).fieldsDropped >= 4);
});

test('hosts: on a host not listed nothing is sent or stored, and the console says so once', async () => {
  await s.c.config({ set: { 'backstageInsights.hosts': ['backstage.example.com'] } });
  const { page } = s.tab;
  await openCatalog(page);
  await browse(page);
  await waitFor(async () => (await insightsStats(page)).dropped.hostNotListed >= 2, { message: 'hostNotListed counted' });
  await page.goto('about:blank');
  await settle(1000);
  assert.equal((await s.c.stats()).requests, 0);
  assert.deepEqual(await keptInStorage(), []);
  const said = (await s.tab.consoleText()).filter(l => l.includes('backstageInsights.hosts does not list'));
  assert.equal(said.length, 1, said.join('\n'));
});

test("hosts: this page's own host listed, events go", async () => {
  await s.c.config({ set: { 'backstageInsights.hosts': ['backstage.example.com', new URL(s.c.url).hostname] } });
  const { page } = s.tab;
  await openCatalog(page);
  await s.c.waitForEvents(evs => evs.length >= 1);
});

test('Global Privacy Control: nothing is sent or stored, even when the collector fails and the page is left', async () => {
  await s.c.faults({ failRatio: 1, failStatus: 503 });
  await s.tab.context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  const { page } = s.tab;
  await openCatalog(page);
  await browse(page);
  await waitFor(async () => (await insightsStats(page)).dropped.globalPrivacyControl >= 2, { message: 'counted' });
  await page.goto('about:blank');
  await settle(1000);
  assert.equal((await s.c.stats()).requests, 0);
  assert.deepEqual(await keptInStorage(), []);
});

test('Global Privacy Control ignored when respectGlobalPrivacyControl is false', async () => {
  await s.c.config({ set: { 'backstageInsights.respectGlobalPrivacyControl': false } });
  await s.tab.context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  const { page } = s.tab;
  await openCatalog(page);
  await s.c.waitForEvents(evs => evs.length >= 1);
});

test('opt-out: stored events are removed at once, nothing more is sent or stored, on this and later pages, until opt-in', async () => {
  await s.c.faults({ failRatio: 1, failStatus: 503 }); // events pile up in the outbox
  const { page } = s.tab;
  await openCatalog(page);
  await browse(page);
  await waitFor(async () => (await s.c.stats()).requests >= 1, { message: 'a refused request' });
  await callInsightsApi(page, 'optOut');
  assert.deepEqual(await keptInStorage(), ['backstage-insights:v1:optOut'], 'only the choice is kept');
  await s.c.faults({});
  const before = (await s.c.stats()).requests;
  await page.getByText('Back to the catalog').click();
  await page.getByText('Components and owners').waitFor();
  await page.reload();
  await page.getByText('Components and owners').waitFor();
  await browse(page);
  await waitFor(async () => (await insightsStats(page)).dropped.optedOut >= 2, { message: 'optedOut counted after the reload' });
  await settle(1000);
  assert.equal((await s.c.stats()).requests, before, 'nothing sent after the opt-out, the reload included');
  assert.deepEqual(await s.c.received(), []);
  await callInsightsApi(page, 'optIn');
  await captureInPage(page, [{ action: 'click', subject: 'after-opt-in', attributes: {}, context: {} }]);
  await s.c.waitForEvents(evs => evs.some(e => e.subject === 'after-opt-in'));
  assert.deepEqual(await keptInStorage(), []);
});

test('sampling at 0 sends nothing, at 1 everything', async () => {
  await s.c.config({ set: { 'backstageInsights.sampleRate': 0 } });
  const { page } = s.tab;
  await openCatalog(page);
  await browse(page);
  await waitFor(async () => (await insightsStats(page)).dropped.notSampled >= 2, { message: 'notSampled counted' });
  await page.goto('about:blank');
  await settle(1000);
  assert.equal((await s.c.stats()).requests, 0);

  await s.c.config({ set: { 'backstageInsights.sampleRate': 1 } });
  const tab = await openPage(s.browser);
  try {
    await gotoApp(tab.page, s.c.url, '/catalog', 'Components and owners');
    await tab.page.getByTestId('link-api').click();
    await s.c.waitForEvents(evs => evs.some(e => e.subject === '/catalog/default/component/api'));
    assert.equal((await insightsStats(tab.page)).dropped.total, 0);
  } finally {
    await tab.close();
  }
});

test('sampling at 0.5: each session is in or out as a whole, across its reloads', async () => {
  await s.c.config({ set: { 'backstageInsights.sampleRate': 0.5 } });
  const sessions = 12;
  for (let i = 0; i < sessions; i++) {
    const tab = await openPage(s.browser); // a new context: a new session
    try {
      // Two page loads in the same tab: one session.
      for (let load = 0; load < 2; load++) {
        await gotoApp(tab.page, s.c.url, '/catalog', 'Components and owners');
        await captureInPage(tab.page, [
          { action: 'click', subject: `session-${i}-load-${load}-a`, attributes: {}, context: {} },
          { action: 'click', subject: `session-${i}-load-${load}-b`, attributes: {}, context: {} },
        ]);
        const st = await insightsStats(tab.page);
        assert.ok(st.captured + st.dropped.notSampled >= 2);
        await tab.page.goto('about:blank');
      }
    } finally {
      await tab.close();
    }
  }
  await settle(1500);
  const received = uniqueEvents((await s.c.received()).map(l => l.event)).map(e => e.subject);
  let inside = 0;
  for (let i = 0; i < sessions; i++) {
    const got = received.filter(x => x.startsWith(`session-${i}-`)).length;
    assert.ok(got === 0 || got === 4, `session ${i}: ${got} of its 4 events arrived`);
    if (got === 4) inside++;
  }
  // 12 fair draws all alike: 1 in 2048.
  assert.ok(inside > 0 && inside < sessions, `${inside} of ${sessions} sessions sampled in`);
});

test('global attributes: added to every event context, scrubbed', async () => {
  await s.c.config({
    set: { 'backstageInsights.attributes': { appVersion: '1.4.2', environment: 'production', owner: 'ops-oncall@example.com' } },
  });
  const { page } = s.tab;
  await openCatalog(page);
  await browse(page);
  const events = await s.c.waitForEvents(evs => evs.length >= 2);
  for (const e of events) {
    assert.equal(e.context.appVersion, '1.4.2', e.subject);
    assert.equal(e.context.environment, 'production');
    assert.equal(e.context.owner, '<email>');
  }
});

test('debug mode says which control dropped events', async () => {
  await s.c.config({ set: { 'backstageInsights.debug': true, 'backstageInsights.sampleRate': 0 } });
  const { page } = s.tab;
  await openCatalog(page);
  await browse(page);
  await waitFor(async () => (await s.tab.consoleText()).some(l => l.includes('debug: this session is outside backstageInsights.sampleRate')), {
    message: 'the debug note',
  });
  assert.equal((await s.c.stats()).requests, 0);
});

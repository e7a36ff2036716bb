// Backstage's own events (navigate, click), search, not-found and custom events
// travel from the real app through the module to the real collector, scrubbed
// and tagged with the salted identity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  gotoApp,
  useAppSuite,
} from './harness.mjs';

const s = useAppSuite({ set: { 'backstageInsights.batch.flushIntervalMs': 1000 } });

const pick = (e, keys = ['action', 'subject', 'value', 'attributes']) =>
  Object.fromEntries(keys.filter(k => e[k] !== undefined).map(k => [k, e[k]]));

test('navigate and click events arrive as Backstage emits them, scrubbed, with the salted identity', async () => {
  const { page } = s.tab;
  await gotoApp(page, s.c.url, '/catalog?filter=kind%3Acomponent', 'Components and owners');
  await page.getByTestId('link-api').click();
  await page.getByText('A component entity.').waitFor();
  await page.getByText('Back to the catalog').click();
  await page.getByTestId('link-Owner profile').click();
  await page.getByText('A user entity.').waitFor();

  const events = await s.c.waitForEvents(
    evs => evs.filter(e => e.action === 'navigate').length >= 4 && evs.some(e => e.subject === 'Owner profile'),
    { timeout: 10_000 },
  );
  const navigates = events.filter(e => e.action === 'navigate');
  assert.deepEqual(
    navigates.map(e => e.subject),
    ['/catalog', '/catalog/default/component/api', '/catalog', '/catalog/default/user/<user>'],
  );
  // The RouteTracker's context, untouched.
  assert.deepEqual(navigates[0].context, { routeRef: 'catalog:index', pluginId: 'catalog', extension: 'App' });
  assert.equal(navigates[1].context.routeRef, 'catalog:entity');
  assert.equal(navigates[1].context.pluginId, 'catalog');
  assert.equal(navigates[1].attributes.kind, 'component');

  const clicks = events.filter(e => e.action === 'click').map(e => pick(e));
  assert.deepEqual(clicks, [
    { action: 'click', subject: 'api', attributes: { to: '/catalog/default/component/api' } },
    { action: 'click', subject: 'Back to the catalog', attributes: { to: '/catalog' } },
    { action: 'click', subject: 'Owner profile', attributes: { to: '/catalog/default/user/<user>' } },
  ]);

  for (const e of events) assert.equal(e.identity, s.identity, `identity of ${e.action} ${e.subject}`);
  assert.equal(new Set(events.map(e => e.id)).size, events.length, 'event ids are unique');
  const stats = await s.c.stats();
  assert.equal(stats.rejected, 0, `collector rejected a batch: ${stats.lastError}`);
  assert.equal(stats.duplicates, 0);
  assert.ok(stats.requests < events.length, `events are batched (${stats.requests} requests for ${events.length} events)`);
  assert.deepEqual(s.tab.pageErrors, []);
});

test('search, create and not-found events', async () => {
  const { page } = s.tab;
  await gotoApp(page, s.c.url, '/catalog', 'Components and owners');
  await page.getByTestId('search-input').fill('deploy pipeline');
  await page.getByTestId('search-submit').click();
  await page.goto(s.c.url + '/actions');
  await page.getByText('Fire an event').waitFor();
  await page.getByTestId('action-create').click();
  await page.goto(s.c.url + '/docs/default/component/api/runbook?line=42#step-3');
  await page.getByText('PAGE NOT FOUND').waitFor();

  const events = await s.c.waitForEvents(evs => evs.some(e => e.action === 'not-found'));
  const search = events.find(e => e.action === 'search');
  assert.deepEqual(pick(search), { action: 'search', subject: 'deploy pipeline', value: 3, attributes: { filter: 'kind:component' } });
  const create = events.find(e => e.action === 'create');
  assert.deepEqual(pick(create), { action: 'create', subject: 'payments-service', value: 1, attributes: { templateName: 'springboot-template' } });
  assert.equal(create.context.pluginId, 'demo-actions');
  assert.equal(create.context.extension, 'ActionsPage');
  const notFound = events.find(e => e.action === 'not-found');
  assert.equal(notFound.subject, '/docs/default/component/api/runbook');
  assert.ok(events.some(e => e.action === 'navigate' && e.subject === '/docs/default/component/api/runbook'));
  for (const e of events) assert.equal(e.identity, s.identity);
  assert.equal((await s.c.stats()).rejected, 0);
});

test('odd values from a careless plugin never throw and never produce a malformed event', async () => {
  const { page } = s.tab;
  await gotoApp(page, s.c.url, '/actions', 'Fire an event');
  await page.getByTestId('action-odd').click();
  await page.getByTestId('action-create').click(); // a sentinel captured after the odd one
  const events = await s.c.waitForEvents(evs => evs.some(e => e.action === 'create'));
  const stats = await s.c.stats();
  assert.equal(stats.rejected, 0, `collector rejected a batch: ${stats.lastError}`);
  assert.deepEqual(s.tab.pageErrors, []);
  const odd = events.find(e => e.action === 'odd-values');
  // Dropping it (with a counted reason) is allowed; sending it malformed or uncapped is not.
  if (odd) {
    assert.ok(odd.subject.length <= 2048, `subject capped (${odd.subject.length} chars)`);
    assert.equal(odd.value, undefined, 'NaN value omitted');
    assert.equal(odd.attributes.fine, 'ok');
    for (const [k, v] of Object.entries(odd.attributes)) {
      assert.ok(String(v).length <= 2048, `attribute ${k} capped (${String(v).length} chars)`);
    }
  }
});

// The module in the demo app, with its defaults (no endpoint configured), sends
// to the real Insights backend in the demo's Backstage backend; the test reads
// the events back from the backend's database.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_SALT, openDemoActions, todaysSummaryOnceRolledUp, useDemoBackendSuite } from './demoBackend.mjs';
import { expectedIdentity, findPlanted, planted, waitFor } from './harness.mjs';

const suite = useDemoBackendSuite();

test('clicks in the demo app land in the database once each: the guest hashed, its team, nothing personal', async () => {
  const tab = await openDemoActions(suite);
  const { page } = tab;
  await page.getByRole('button', { name: 'Contact owner' }).click();
  await page.getByRole('button', { name: 'Paste secrets' }).click();
  await page.getByRole('button', { name: 'Burst of 30 events' }).click();
  await page.goto(`${suite.backend.url}/catalog/default/user/${planted.userName}?email=${planted.email}`);
  await page.getByText(planted.userName).first().waitFor({ timeout: 15_000 }).catch(() => {});
  // Leaving the page flushes what waits (fetch keepalive).
  await page.goto('about:blank');

  const rows = await waitFor(
    () => {
      const r = suite.backend.events();
      return r.filter(e => e.action === 'burst').length === 30 && r.some(e => e.subject.includes('/user/')) && r;
    },
    { timeout: 30_000, message: 'the burst and the user page in the database' },
  );
  const burst = rows.filter(e => e.action === 'burst').map(e => e.subject).sort();
  assert.deepEqual(burst, Array.from({ length: 30 }, (_, i) => `item-${i}`).sort());
  assert.equal(new Set(rows.map(e => e.id)).size, rows.length, 'each event id once');
  for (const e of rows) {
    assert.equal(e.identity, expectedIdentity(DEMO_SALT), 'identity is the salted hash of the signed-in guest');
    assert.equal(e.team, 'group:default/platform', 'team from the demo catalog');
  }
  assert.ok(rows.some(e => e.action === 'navigate' && e.subject === '/catalog/default/user/<user>'));
  assert.deepEqual(findPlanted(JSON.stringify(rows)), [], 'no planted personal data stored');
  assert.deepEqual(tab.pageErrors, []);
  await tab.close();
});

test('the guest, a platform team member, reads the stored events back through /summary', async () => {
  const summary = await todaysSummaryOnceRolledUp(suite, body => body.totals.events > 0);
  assert.equal(summary.totals.activeUsers, 1);
  // One user is below minTeamSize (5): the platform team is reported as "other".
  assert.deepEqual(summary.teams.map(t => t.team), ['other']);
  const unauthenticated = await fetch(`${suite.backend.url}/api/backstage-insights/summary`);
  assert.equal(unauthenticated.status, 401);
});

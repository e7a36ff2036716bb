// identity: disabled, end to end: the demo app sends no identity, and the
// demo's real Insights backend stores none (and no team), and its summary
// reports user numbers as not available rather than zero.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDemoActions, todaysSummaryOnceRolledUp, useDemoBackendSuite } from './demoBackend.mjs';
import { waitFor } from './harness.mjs';

const suite = useDemoBackendSuite({ config: { backstageInsights: { identity: 'disabled' } } });

test('identity disabled: events are stored with no identity and no team; /summary says users are not available', async () => {
  const tab = await openDemoActions(suite);
  const { page } = tab;
  await page.getByRole('button', { name: 'Burst of 30 events' }).click();
  await page.goto('about:blank');
  const rows = await waitFor(
    () => {
      const r = suite.backend.events();
      return r.filter(e => e.action === 'burst').length === 30 && r;
    },
    { timeout: 30_000, message: 'the burst in the database' },
  );
  for (const e of rows) {
    assert.equal(e.identity, null, `${e.action} ${e.subject}`);
    assert.equal(e.team, null, `${e.action} ${e.subject}`);
  }
  const summary = await todaysSummaryOnceRolledUp(suite, body => body.totals?.events >= 30);
  assert.equal(summary.totals.activeUsers, null);
  assert.equal(summary.teams, null);
  assert.ok(summary.anonymousEvents >= 30, JSON.stringify(summary.anonymousEvents));
  assert.deepEqual(tab.pageErrors, []);
  await tab.close();
});

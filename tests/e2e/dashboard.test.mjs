// The dashboard in the demo app against the demo's real backend: known events
// go in through POST /events, and the page shows exactly the numbers they
// imply; axe-core finds no serious accessibility violation; screenshots in
// light and dark theme for the README (docs/screenshots/).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEMO_SALT, useDemoBackendSuite } from './demoBackend.mjs';
import { ROOT, expectedIdentity, openPage, waitFor } from './harness.mjs';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

// Known events from the signed-in guest: 7 in plugin "known-plugin", 2 searches for "needle term".
const suite = useDemoBackendSuite({
  async setUp({ backend }) {
    const now = new Date().toISOString();
    const event = (action, subject, pluginId) => ({
      id: randomUUID(), timestamp: now, action, subject, attributes: {}, context: { pluginId }, identity: expectedIdentity(DEMO_SALT),
    });
    const events = [
      ...Array.from({ length: 7 }, (_, i) => event('navigate', `/known/page-${i % 2}`, 'known-plugin')),
      event('search', 'needle term', 'search'),
      event('search', 'needle term', 'search'),
    ];
    const res = await fetch(`${backend.url}/api/backstage-insights/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await backend.guestToken()}` },
      body: JSON.stringify({ batchId: randomUUID(), sentAt: now, events }),
    });
    assert.equal(res.status, 200);
  },
});

/** The text of the one table row holding `name`. */
async function row(page, name) {
  const rows = page.getByRole('row', { name: new RegExp(`^${name}\\b`) });
  assert.equal(await rows.count(), 1, `one row for ${name}`);
  return (await rows.innerText()).replace(/\s+/g, ' ').trim();
}

/** Waits for the rollup task (every 10 seconds) to have counted the stored events. */
async function rolledUp() {
  const token = await suite.backend.guestToken();
  await waitFor(
    async () => {
      const res = await fetch(`${suite.backend.url}/api/backstage-insights/summary`, { headers: { authorization: `Bearer ${token}` } });
      return (await res.json()).totals.events === 9;
    },
    { timeout: 30_000, interval: 500, message: 'the rollup of the stored events' },
  );
}

for (const theme of ['light', 'dark']) {
  test(`the page shows the numbers the stored events imply (${theme} theme)`, async () => {
    const tab = await openPage(suite.browser);
    const { page } = tab;
    await page.setViewportSize({ width: 1400, height: 1800 });
    await page.addInitScript(t => localStorage.setItem('theme', t), theme);
    // The visit's own analytics events stay out of the numbers.
    await page.route('**/api/backstage-insights/events', r => r.abort());
    await rolledUp();
    await page.goto(`${suite.backend.url}/insights`);
    await page.getByText('needle term').first().waitFor({ timeout: 30_000 });
    const totals = (await page.locator('dl').first().innerText()).replace(/\s+/g, ' ');
    assert.match(totals, /Active users 1 /);
    assert.match(totals, /Events 9\b/);
    assert.equal(await row(page, 'known-plugin'), 'known-plugin 7');
    assert.equal(await row(page, 'needle term'), 'needle term 2');
    // A single user is below minTeamSize (5): the team is reported as "other", never by name.
    assert.equal(await row(page, 'other'), 'other 1 9');
    assert.equal(await page.getByText('group:default/platform').count(), 0);

    // Evaluated through the debugger protocol: the backend's CSP allows no injected <script>.
    await page.evaluate(fs.readFileSync(axeSource, 'utf8'));
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`);
    });
    assert.deepEqual(violations, [], 'no serious or critical axe-core violation');
    await page.screenshot({ path: path.join(ROOT, `docs/screenshots/dashboard-${theme}.png`) });
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });
}

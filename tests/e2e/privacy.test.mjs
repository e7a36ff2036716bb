// Privacy: personal data planted in URLs, links, the search box and custom
// event attributes never reaches the collector (any byte of any request), the
// console or localStorage; the identity is the salted hash, never the ref.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  findPlanted,
  gotoApp,
  insightsStats,
  planted,
  readOriginStorage,
  uniqueEvents,
  useAppSuite,
  waitFor,
} from './harness.mjs';

const s = useAppSuite({ set: { 'backstageInsights.batch.flushIntervalMs': 1000 } });

const piiUrl = `/catalog?email=${encodeURIComponent(planted.email)}&token=${planted.githubToken}`;

/** Where each planted value turned up: event fields, request bodies, the out file. */
async function leaksAtCollector() {
  const leaks = [];
  for (const l of await s.c.received()) {
    const e = l.event;
    for (const [field, v] of [['subject', e.subject], ...Object.entries(e.attributes).map(([k, v]) => [`attributes.${k}`, v]), ...Object.entries(e.context).map(([k, v]) => [`context.${k}`, v])]) {
      for (const hit of findPlanted(String(v))) leaks.push(`${e.action} ${field}=${JSON.stringify(String(v).slice(0, 120))}: ${hit}`);
    }
  }
  for (const hit of findPlanted(fs.readFileSync(s.c.outFile, 'utf8'))) leaks.push(`events.jsonl: ${hit}`);
  for (const r of await s.c.raw()) {
    for (const hit of findPlanted(r.body)) leaks.push(`request body: ${hit}`);
  }
  return [...new Set(leaks)];
}

/**
 * Leaves the page once the wasm core has taken its events. An event captured
 * while the core is still loading is lost if the page goes before even the
 * wasm bytes have arrived (it cannot be scrubbed; README, "What no client can
 * save"; short-visits.test.mjs covers that window): these tests are about
 * scrubbing, not that window. (The shim hands its buffer to the core in
 * order, so one event counted means the core has them all.)
 */
async function leave(page) {
  await coreHasEvents(page);
  await page.goto('about:blank');
}

/** Waits until the wasm core has taken this page's events (see `leave`). */
async function coreHasEvents(page) {
  await waitFor(async () => (await insightsStats(page)).captured >= 1, { message: 'the wasm core took the events' });
}

/** The checks every privacy test ends with. */
async function assertNothingLeaked() {
  const leaks = await leaksAtCollector();
  assert.deepEqual(leaks, [], 'planted personal data reached the collector');
  const consoleHits = findPlanted((await s.tab.consoleText()).join('\n'));
  assert.deepEqual(consoleHits, [], 'planted personal data in the console');
  const storage = JSON.stringify(await readOriginStorage(s.tab.context, s.c.url));
  assert.deepEqual(findPlanted(storage), [], 'planted personal data in localStorage');
  const events = (await s.c.received()).map(l => l.event);
  for (const e of events) assert.equal(e.identity, s.identity, `identity of ${e.action}`);
  const stats = await s.c.stats();
  assert.equal(stats.rejected, 0, `collector rejected a batch: ${stats.lastError}`);
  return events;
}

test('query strings and fragments of visited URLs are removed', async () => {
  const { page } = s.tab;
  await gotoApp(page, s.c.url, piiUrl, 'Components and owners');
  // Not left before the core has the first page's event: on a busy machine the
  // page can render before the wasm has loaded (a CI run lost it that way).
  await coreHasEvents(page);
  await gotoApp(
    page,
    s.c.url,
    `/catalog/default/component/payments-service?owner=${planted.email}#token=${planted.githubToken}`,
    'A component entity.',
  );
  await leave(page);
  const events = uniqueEvents(await s.c.waitForEvents(evs => uniqueEvents(evs).filter(e => e.action === 'navigate').length >= 2));
  assert.deepEqual(
    events.filter(e => e.action === 'navigate').map(e => e.subject),
    ['/catalog', '/catalog/default/component/payments-service'],
  );
  await assertNothingLeaked();
});

test('a user entity page: the path becomes <user> and the user name leaks nowhere', async () => {
  const { page } = s.tab;
  await gotoApp(page, s.c.url, `/catalog/default/user/${planted.userName}`, 'A user entity.');
  await leave(page);
  const events = await s.c.waitForEvents(evs => evs.some(e => e.action === 'navigate'));
  assert.equal(events.find(e => e.action === 'navigate').subject, '/catalog/default/user/<user>');
  // Backstage's RouteTracker also puts the route params ({namespace, kind, name})
  // in the navigate event's attributes: the name must not survive there either.
  await assertNothingLeaked();
});

test('links and the search box carrying an email and a token', async () => {
  const { page } = s.tab;
  await gotoApp(page, s.c.url, '/catalog', 'Components and owners');
  await page.getByTestId('link-Shared search link').click();
  await page.getByTestId('search-input').fill(`owner ${planted.email}`);
  await page.getByTestId('search-submit').click();
  await leave(page);
  const events = await s.c.waitForEvents(evs => evs.some(e => e.action === 'search'));
  const click = events.find(e => e.action === 'click');
  assert.equal(click.subject, 'Shared search link');
  assert.equal(click.attributes.to, '/catalog');
  assert.equal(events.find(e => e.action === 'search').subject, 'owner <email>');
  await assertNothingLeaked();
});

test('custom events with an email, a JWT, tokens, a card number and the user ref in attributes', async () => {
  const { page } = s.tab;
  await gotoApp(page, s.c.url, '/actions', 'Fire an event');
  for (const id of ['contact', 'secrets', 'share', 'odd']) await page.getByTestId(`action-${id}`).click();
  await page.getByTestId('action-create').click(); // sentinel
  await leave(page);
  const events = await s.c.waitForEvents(evs => evs.some(e => e.action === 'create'));

  const contact = events.find(e => e.action === 'contact-owner');
  assert.ok(contact, 'contact-owner arrived');
  assert.equal(contact.subject, 'mail <email>');
  assert.equal(contact.attributes.email, '<email>');
  assert.equal(contact.attributes.idToken, '<jwt>');
  assert.match(contact.attributes.authorization, /^(Bearer )?<(jwt|token)>$/);

  const secrets = events.find(e => e.action === 'secret-pasted');
  assert.ok(secrets, 'secret-pasted arrived');
  assert.equal(secrets.subject, 'token <token>');
  assert.equal(secrets.attributes.githubToken, '<token>');
  assert.equal(secrets.attributes.awsKey, '<token>');
  assert.equal(secrets.attributes.card, '<card>');

  const share = events.find(e => e.action === 'share');
  assert.ok(share, 'share arrived');
  assert.equal(share.attributes.recipient, 'user:default/<user>');
  await assertNothingLeaked();
});

test('no request header carries the page URL (Referer) to the collector', async () => {
  const { page } = s.tab;
  await gotoApp(page, s.c.url, piiUrl, 'Components and owners');
  await s.c.waitForStats(s => s.requests >= 1, { timeout: 5000 });
  const leaks = [];
  for (const r of await s.c.raw()) {
    for (const [name, value] of Object.entries(r.headers)) {
      for (const hit of findPlanted(String(value))) leaks.push(`${name}: ${hit}`);
    }
  }
  assert.deepEqual(leaks, [], 'the event request sent the page URL with its query (set referrerPolicy on the fetch)');
});

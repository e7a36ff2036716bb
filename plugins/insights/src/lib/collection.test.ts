import { mockApis } from '@backstage/test-utils';
import { testSummary } from '../testing/testSummary.js';
import {
  formatEvents,
  formatUsers,
  numbersView,
  readCollectionSettings,
  scaleEvents,
  usersValue,
} from './collection.js';

type ConfigData = NonNullable<NonNullable<Parameters<typeof mockApis.config>[0]>['data']>;

const settingsOf = (backstageInsights: ConfigData) =>
  readCollectionSettings(mockApis.config({ data: { backstageInsights } }));

describe('readCollectionSettings', () => {
  it('defaults to every session and identities on', () => {
    expect(settingsOf({})).toEqual({ sampleRate: 1, identityDisabled: false });
    expect(readCollectionSettings(mockApis.config())).toEqual({ sampleRate: 1, identityDisabled: false });
  });

  it('reads the rate and the identity mode', () => {
    expect(settingsOf({ sampleRate: 0.25, identity: 'disabled' })).toEqual({ sampleRate: 0.25, identityDisabled: true });
    expect(settingsOf({ sampleRate: 0, identity: 'required' })).toEqual({ sampleRate: 0, identityDisabled: false });
    expect(settingsOf({ sampleRate: 1, identity: 'optional' })).toEqual({ sampleRate: 1, identityDisabled: false });
  });

  it.each([[2], [-0.1], ['often'], [[0.5]]])('names a sampleRate of %j as a problem, never throws, and does not scale', rate => {
    const settings = settingsOf({ sampleRate: rate });
    expect(settings.sampleRate).toBe(1);
    expect(settings.sampleRateProblem).toMatch(/^backstageInsights\.sampleRate is not a number from 0 to 1 \(got .*\); fix it in app-config\.yaml/);
  });

  it('never throws over an identity of the wrong type', () => {
    expect(settingsOf({ identity: 42 }).identityDisabled).toBe(false);
  });
});

describe('scaleEvents', () => {
  const summary = testSummary();

  it('scales every event count by 1/rate and no user count', () => {
    const scaled = scaleEvents(summary, { sampleRate: 0.25, identityDisabled: false });
    expect(scaled.totals).toEqual({ events: 987 * 4, activeUsers: 41, newUsers: 17, returningUsers: 24 });
    expect(scaled.periods[1]).toEqual({ period: '2024-05-02', events: 387 * 4, activeUsers: 33, newUsers: 4, returningUsers: 29 });
    expect(scaled.topPlugins).toEqual([
      { name: 'catalog', events: 512 * 4 },
      { name: 'techdocs', events: 211 * 4 },
    ]);
    for (const list of ['topPages', 'topSearches', 'templatesRun', 'entitiesViewed', 'techdocsRead'] as const) {
      expect(scaled[list][0]!.events).toBe(summary[list][0]!.events * 4);
    }
    expect(scaled.teams).toEqual([
      { team: 'group:default/platform', activeUsers: 12, events: 501 * 4 },
      { team: 'other', activeUsers: 7, events: 133 * 4 },
    ]);
    // The summary it was given is left as it was.
    expect(summary.totals.events).toBe(987);
  });

  it('rounds to whole events', () => {
    expect(scaleEvents(summary, { sampleRate: 0.3, identityDisabled: false }).totals.events).toBe(3290);
  });

  it('leaves the numbers alone without sampling, at rate 0 and with no teams', () => {
    expect(scaleEvents(summary, { sampleRate: 1, identityDisabled: false })).toBe(summary);
    expect(scaleEvents(summary, { sampleRate: 0, identityDisabled: false })).toBe(summary);
    expect(scaleEvents(testSummary({ teams: null }), { sampleRate: 0.5, identityDisabled: false }).teams).toBeNull();
  });
});

describe('numbersView and its formats', () => {
  it('marks estimates and lower bounds under sampling only', () => {
    const sampled = numbersView(testSummary(), { sampleRate: 0.5, identityDisabled: false });
    expect(sampled).toEqual({ eventsEstimated: true, usersAtLeast: true, usersHidden: false, usersUnavailable: undefined });
    expect(formatEvents(1234, sampled)).toBe(`≈ ${(1234).toLocaleString()}`);
    expect(formatUsers(41, sampled)).toBe('≥ 41');
    const plain = numbersView(testSummary(), { sampleRate: 1, identityDisabled: false });
    expect(formatEvents(1234, plain)).toBe((1234).toLocaleString());
    expect(formatUsers(41, plain)).toBe('41');
    expect(formatUsers(0, plain)).toBe('0');
  });

  it('says not available, with the reason, when identity is disabled or users are null', () => {
    const disabled = numbersView(testSummary(), { sampleRate: 1, identityDisabled: true });
    expect(disabled.usersUnavailable).toMatch(/^Identity is disabled \(backstageInsights\.identity: disabled\)/);
    expect(formatUsers(41, disabled)).toBe('not available');
    expect(usersValue(41, disabled)).toBeNull();

    const anonymous = numbersView(testSummary({ anonymousEvents: 12 }), { sampleRate: 1, identityDisabled: false });
    expect(anonymous.usersUnavailable).toMatch(/^12 events in this range were stored without an identity/);
    expect(formatUsers(null, anonymous)).toBe('not available');
    expect(formatUsers(7, anonymous)).toBe('7');
  });
});

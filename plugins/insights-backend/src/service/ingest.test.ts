import { mockServices } from '@backstage/backend-test-utils';
import type { WireEvent } from 'backstage-plugin-insights-wasm-common';
import type { InsightsStore, StoredEvent } from '../database/InsightsStore';
import { identityHash } from '../ingest/identityHash';
import { EventScrubber } from '../ingest/scrubber';
import type { TeamResolver } from '../ingest/teamResolver';
import { EventIngest } from './ingest';

const SALT = 'salt';
const JANE = 'user:default/jane.doe';

let n = 0;
const event = (identity: string | null): WireEvent => ({
  id: `20000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  timestamp: '2026-11-25T10:00:00.000Z',
  action: 'navigate',
  subject: '/catalog',
  attributes: {},
  context: { pluginId: 'catalog' },
  identity,
});
const batch = (events: WireEvent[]) => ({ batchId: '9b1c4a52-8f35-4d0e-9d6a-3f1d2c4b5a6e', sentAt: '2026-11-25T10:00:01.000Z', events });

function makeIngest(identity: 'optional' | 'disabled') {
  const rows: StoredEvent[] = [];
  const store = { insertEvents: jest.fn(async (r: StoredEvent[]) => (rows.push(...r), { stored: r.length })) };
  const teams = { teamOf: jest.fn(async () => 'group:default/team-a') };
  const logger = mockServices.logger.mock();
  const ingest = new EventIngest({
    salt: SALT,
    identity,
    store: store as unknown as InsightsStore,
    scrubber: new EventScrubber({ allowedQueryParams: [], redactAttributes: [] }),
    teams: teams as unknown as TeamResolver,
    logger,
    logEvents: true,
  });
  return { ingest, rows, teams, logger };
}

describe('EventIngest', () => {
  it('with identity disabled drops the identities a batch carries, warns once, and asks no one for the team', async () => {
    const { ingest, rows, teams, logger } = makeIngest('disabled');
    expect(await ingest.ingest(batch([event(identityHash(JANE, SALT)), event(null)]), JANE)).toEqual({
      status: 'stored',
      received: 2,
      stored: 2,
    });
    await ingest.ingest(batch([event('b'.repeat(64))]), JANE);
    expect(rows.map(r => [r.identity, r.team])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(teams.teamOf).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/identity is disabled, yet a batch carried identities; they were dropped/));
    // The event log line names no identity.
    expect(logger.info).toHaveBeenCalledWith(expect.stringMatching(/ identity=-$/));
  });

  it('with identity disabled and batches without identities, says nothing', async () => {
    const { ingest, logger } = makeIngest('disabled');
    await ingest.ingest(batch([event(null)]), JANE);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('otherwise stores the hash from the token and the team', async () => {
    const { ingest, rows, logger } = makeIngest('optional');
    await ingest.ingest(batch([event(null)]), JANE);
    expect(rows.map(r => [r.identity, r.team])).toEqual([[identityHash(JANE, SALT), 'group:default/team-a']]);
    expect(logger.warn).not.toHaveBeenCalled();
  });
});

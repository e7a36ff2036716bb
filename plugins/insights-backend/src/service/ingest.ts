import type { LoggerService } from '@backstage/backend-plugin-api';
import type { InsightsIdentityMode, WireBatch } from 'backstage-plugin-insights-wasm-common';
import type { InsightsStore, StoredEvent } from '../database/InsightsStore';
import { dayOf } from '../database/days';
import { identityHash } from '../ingest/identityHash';
import type { EventScrubber } from '../ingest/scrubber';
import type { TeamResolver } from '../ingest/teamResolver';

/** What became of one batch; the router turns it into an answer. */
export type IngestResult =
  | { status: 'stored'; received: number; stored: number }
  | { status: 'identityMismatch'; index: number };

/**
 * One checked batch from one signed-in user -> rows in the store: identity
 * checked against the token's user, every string scrubbed again, the team
 * looked up. Nothing is stored when any event fails the identity check.
 *
 * With `identity: 'disabled'` nothing that points at the user is derived or
 * stored: no hash is computed, the identity a batch carries is dropped (not
 * refused: pages opened before the switch and their outboxes still send
 * one, and refusing would lose their events, not protect anyone), and no
 * team is looked up.
 */
export class EventIngest {
  private warnedSalt = false;
  private warnedDisabled = false;

  constructor(
    private readonly options: {
      salt: string;
      /** `backstageInsights.identity`; `optional` and `required` store the same (the hash from the token). */
      identity: InsightsIdentityMode;
      store: InsightsStore;
      scrubber: EventScrubber;
      teams: TeamResolver;
      logger: LoggerService;
      logEvents: boolean;
      now?: () => number;
    },
  ) {}

  async ingest(batch: WireBatch, userEntityRef: string): Promise<IngestResult> {
    const { salt, store, scrubber, teams, logger } = this.options;
    const anonymous = this.options.identity === 'disabled';
    if (anonymous && !this.warnedDisabled && batch.events.some(e => e.identity !== null)) {
      this.warnedDisabled = true;
      logger.warn(
        'Insights: backstageInsights.identity is disabled, yet a batch carried identities; they were dropped, ' +
          'the events stored without them. Pages opened before the switch send them until reloaded; if it goes on, ' +
          'the app\'s config does not say identity: disabled: give the app and the backend the same value.',
      );
    }
    const identity = anonymous ? null : identityHash(userEntityRef, salt);
    const wrong = anonymous ? -1 : batch.events.findIndex(e => e.identity !== null && e.identity !== identity);
    if (wrong >= 0) {
      if (!this.warnedSalt) {
        this.warnedSalt = true;
        logger.warn(
          'Insights: refused a batch whose identity is not the hash of its token\'s user (403). ' +
            'If every user gets this, backstageInsights.salt differs between the app\'s config and the backend\'s: ' +
            'give both the same value.',
        );
      }
      return { status: 'identityMismatch', index: wrong };
    }
    const receivedAt = (this.options.now ?? Date.now)();
    // An anonymous event's team could single out the member of a small team:
    // minTeamSize merges teams by counting their users, which anonymous events cannot.
    const team = anonymous ? null : await teams.teamOf(userEntityRef);
    const rows: StoredEvent[] = scrubber.scrub(batch.events, userEntityRef).map(e => {
      const at = Date.parse(e.timestamp);
      return {
        id: e.id.toLowerCase(),
        // A clock ahead of the server's does not file events under days to come.
        day: dayOf(Math.min(at, receivedAt)),
        timestamp: new Date(at).toISOString(),
        receivedAt,
        action: e.action,
        subject: e.subject,
        value: e.value ?? null,
        attributes: e.attributes,
        context: e.context,
        identity,
        team,
      };
    });
    const { stored } = await store.insertEvents(rows);
    if (this.options.logEvents) {
      for (const r of rows) {
        logger.info(`Insights event ${r.action} ${JSON.stringify(r.subject)} plugin=${r.context.pluginId ?? '-'} team=${team ?? '-'} identity=${identity ? `${identity.slice(0, 8)}…` : '-'}`);
      }
    }
    return { status: 'stored', received: rows.length, stored };
  }
}

/**
 * The signed-in user, looked up once.
 *
 * @packageDocumentation
 */

import type { IdentityApi } from '@backstage/core-plugin-api';
import { attempt, unrefTimer } from './log.js';

/** How long the core holds events for the signed-in user before they leave with `identity: null`. */
export const IDENTITY_TIMEOUT_MS = 10_000;

/**
 * Asks `identityApi.getBackstageIdentity()` for the user's entity ref and
 * reports it to `onIdentity`:
 * - the ref, when the lookup resolves (also after the timeout: later events
 *   then carry the identity);
 * - `undefined`, when the lookup rejects or has not answered within
 *   `timeoutMs`, so the core stops holding events and sends them with
 *   `identity: null`. `undefined` is reported at most once.
 *
 * The plain ref goes only to the core, which hashes it with the salt.
 * `onIdentity` must not throw.
 */
export function lookUpIdentity(
  identityApi: IdentityApi,
  onIdentity: (userEntityRef: string | undefined) => void,
  timeoutMs: number = IDENTITY_TIMEOUT_MS,
): void {
  let reportedMissing = false;
  const reportMissing = () => {
    if (reportedMissing) return;
    reportedMissing = true;
    onIdentity(undefined);
  };
  const timer = setTimeout(reportMissing, timeoutMs);
  unrefTimer(timer);

  attempt(() => identityApi.getBackstageIdentity())
    .then(
      identity => {
        clearTimeout(timer);
        const ref = (identity as { userEntityRef?: unknown } | undefined)?.userEntityRef;
        if (typeof ref === 'string' && ref !== '') onIdentity(ref);
        else reportMissing();
      },
      () => {
        clearTimeout(timer);
        reportMissing();
      },
    )
    .catch(() => undefined);
}

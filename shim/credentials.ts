/**
 * The Backstage token for the collector's `Authorization` header, kept fresh.
 *
 * @packageDocumentation
 */

import type { IdentityApi } from '@backstage/core-plugin-api';
import { attempt, unrefTimer } from './log.js';

/** How often the token is asked for again (Backstage tokens last an hour by default). */
export const TOKEN_REFRESH_MS = 5 * 60_000;

/**
 * Keeps the current token cached in the core: the page-hide flush sends
 * synchronously and cannot wait for `getCredentials()`.
 *
 * Asks `identityApi.getCredentials()` now, every `refreshMs`, and whenever the
 * page becomes visible again (background tabs throttle or freeze timers, see
 * https://developer.mozilla.org/docs/Web/API/Document/visibilitychange_event).
 * `getCredentials()` renews a token that is about to expire. Only the newest
 * answer is applied; a failed lookup keeps the last token, and the next
 * refresh tries again. `onToken` must not throw.
 *
 * Returns a function that stops the interval and removes the listener; the
 * API calls it when the core cannot start (`AnalyticsApi` has no dispose, so
 * otherwise they live as long as the page, like the API).
 */
export function keepTokenFresh(
  identityApi: IdentityApi,
  onToken: (token: string | undefined) => void,
  refreshMs: number = TOKEN_REFRESH_MS,
): () => void {
  let asked = 0;
  let applied = 0;
  const refresh = () => {
    const request = ++asked;
    attempt(() => identityApi.getCredentials())
      .then(
        credentials => {
          if (request < applied) return;
          applied = request;
          const token = (credentials as { token?: unknown } | undefined)?.token;
          onToken(typeof token === 'string' && token !== '' ? token : undefined);
        },
        () => undefined,
      )
      .catch(() => undefined);
  };

  refresh();
  const interval = setInterval(refresh, refreshMs);
  unrefTimer(interval);
  const doc = (globalThis as { document?: Document }).document;
  const onVisibilityChange = () => {
    if (doc?.visibilityState === 'visible') refresh();
  };
  doc?.addEventListener?.('visibilitychange', onVisibilityChange);
  return () => {
    clearInterval(interval);
    doc?.removeEventListener?.('visibilitychange', onVisibilityChange);
  };
}

/**
 * The API factory for `apis.ts`.
 *
 * @packageDocumentation
 */

import { type AnyApiFactory, analyticsApiRef, createApiFactory } from '@backstage/core-plugin-api';
import { BackstageInsightsApi } from './BackstageInsightsApi.js';
import { chooseOptedOut } from './consent.js';
import { insightsApiDeps } from './deps.js';
import { preloadCore } from './loadCore.js';

/**
 * Entry point for apps on the legacy frontend system:
 *
 * ```ts
 * // packages/app/src/apis.ts
 * export const apis: AnyApiFactory[] = [
 *   BackstageInsights.createDefaultApiFactory(),
 * ];
 * ```
 *
 * @public
 */
export const BackstageInsights: {
  /** An `analyticsApiRef` factory that builds {@link BackstageInsightsApi} from the app's config. */
  createDefaultApiFactory(): AnyApiFactory;
  /**
   * The signed-in user opts out of analytics in this browser, in either
   * frontend system (for example from a settings page): nothing more is
   * sent or stored, stored events are removed, and the choice is remembered
   * until {@link BackstageInsights.optIn}. Never throws.
   */
  optOut(): void;
  /** The user opts back in (the other controls still apply). Never throws. */
  optIn(): void;
} = {
  optOut: () => chooseOptedOut(true),
  optIn: () => chooseOptedOut(false),
  createDefaultApiFactory() {
    // apis.ts runs this at start-up: the core loads while the app renders.
    preloadCore();
    return createApiFactory({
      api: analyticsApiRef,
      deps: insightsApiDeps,
      factory: ({ configApi, discoveryApi, fetchApi, identityApi, storageApi }) =>
        BackstageInsightsApi.fromConfig(configApi, { discoveryApi, fetchApi, identityApi, storageApi }),
    });
  },
};

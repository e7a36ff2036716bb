/**
 * The API factory for `apis.ts`.
 *
 * @packageDocumentation
 */

import { type AnyApiFactory, analyticsApiRef, createApiFactory } from '@backstage/core-plugin-api';
import { BackstageInsightsApi } from './BackstageInsightsApi.js';
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
} = {
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

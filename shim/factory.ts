/**
 * The API factory for `apis.ts`.
 *
 * @packageDocumentation
 */

import {
  type AnyApiFactory,
  analyticsApiRef,
  configApiRef,
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
  storageApiRef,
} from '@backstage/core-plugin-api';
import { BackstageInsightsApi } from './BackstageInsightsApi.js';

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
    return createApiFactory({
      api: analyticsApiRef,
      deps: {
        configApi: configApiRef,
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        identityApi: identityApiRef,
        storageApi: storageApiRef,
      },
      factory: ({ configApi, discoveryApi, fetchApi, identityApi, storageApi }) =>
        BackstageInsightsApi.fromConfig(configApi, { discoveryApi, fetchApi, identityApi, storageApi }),
    });
  },
};

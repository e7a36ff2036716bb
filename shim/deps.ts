/**
 * The APIs the analytics implementation needs, shared by the legacy factory
 * and the new-frontend-system module so the two cannot drift apart.
 *
 * @packageDocumentation
 */

import {
  configApiRef,
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
  storageApiRef,
} from '@backstage/core-plugin-api';

/** Deps of `BackstageInsightsApi.fromConfig`, by API ref (the same as the Spotify Insights module's). */
export const insightsApiDeps = {
  configApi: configApiRef,
  discoveryApi: discoveryApiRef,
  fetchApi: fetchApiRef,
  identityApi: identityApiRef,
  storageApi: storageApiRef,
};

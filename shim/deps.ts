/**
 * The APIs the analytics implementation needs, shared by the legacy factory
 * and the new-frontend-system module so the two cannot drift apart.
 *
 * @packageDocumentation
 */

import {
  type ApiRef,
  type ConfigApi,
  configApiRef,
  type DiscoveryApi,
  discoveryApiRef,
  type FetchApi,
  fetchApiRef,
  type IdentityApi,
  identityApiRef,
  type StorageApi,
  storageApiRef,
} from '@backstage/core-plugin-api';

/** Deps of `BackstageInsightsApi.fromConfig`, by API ref (the same as the Spotify Insights module's). */
// Typed out: an inferred type names @backstage/config's declarations by their
// resolved path, which is not portable when node_modules is a symlink (TS2742).
export const insightsApiDeps: {
  configApi: ApiRef<ConfigApi>;
  discoveryApi: ApiRef<DiscoveryApi>;
  fetchApi: ApiRef<FetchApi>;
  identityApi: ApiRef<IdentityApi>;
  storageApi: ApiRef<StorageApi>;
} = {
  configApi: configApiRef,
  discoveryApi: discoveryApiRef,
  fetchApi: fetchApiRef,
  identityApi: identityApiRef,
  storageApi: storageApiRef,
};

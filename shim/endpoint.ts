/**
 * Where batches are delivered.
 *
 * @packageDocumentation
 */

import type { DiscoveryApi } from '@backstage/core-plugin-api';

/** The plugin id the collector is discovered under. */
export const COLLECTOR_PLUGIN_ID = 'backstage-insights';

/**
 * `backstageInsights.endpoint` when it is a non-empty string, else
 * `${await discoveryApi.getBaseUrl('backstage-insights')}/events`.
 *
 * A present but invalid `endpoint` is not reported here: the core receives
 * the raw config and reports every invalid key in one place.
 */
export async function resolveEndpoint(rawConfig: unknown, discoveryApi: DiscoveryApi): Promise<string> {
  const configured =
    rawConfig !== null && typeof rawConfig === 'object'
      ? (rawConfig as { endpoint?: unknown }).endpoint
      : undefined;
  if (typeof configured === 'string' && configured !== '') return configured;
  const baseUrl = await discoveryApi.getBaseUrl(COLLECTOR_PLUGIN_ID);
  return `${String(baseUrl).replace(/\/+$/, '')}/events`;
}

/**
 * Where batches are delivered, and whether the Backstage token may go there.
 *
 * @packageDocumentation
 */

import type { DiscoveryApi } from '@backstage/core-plugin-api';

/** The plugin id the collector is discovered under. */
export const COLLECTOR_PLUGIN_ID = 'backstage-insights';

/** The collector URL, and whether requests to it carry the user's Backstage token. */
export type Endpoint = { url: string; sendsToken: boolean };

/**
 * `backstageInsights.endpoint` when it is a non-empty string, else
 * `${await discoveryApi.getBaseUrl('backstage-insights')}/events`.
 *
 * The token (which lets its holder call every backend plugin as the user)
 * goes where Backstage's own `fetchApi` would send it: to the discovered
 * endpoint, or to a configured one under `backend.baseUrl`. A collector
 * elsewhere gets no `Authorization` header.
 *
 * A present but invalid `endpoint` is not reported here: the core receives
 * the raw config and reports every invalid key in one place.
 */
export async function resolveEndpoint(
  rawConfig: unknown,
  discoveryApi: DiscoveryApi,
  backendBaseUrl: string | undefined,
): Promise<Endpoint> {
  const configured =
    rawConfig !== null && typeof rawConfig === 'object'
      ? (rawConfig as { endpoint?: unknown }).endpoint
      : undefined;
  if (typeof configured === 'string' && configured !== '') {
    return { url: configured, sendsToken: isUnder(configured, backendBaseUrl) };
  }
  const baseUrl = await discoveryApi.getBaseUrl(COLLECTOR_PLUGIN_ID);
  return { url: `${String(baseUrl).replace(/\/+$/, '')}/events`, sendsToken: true };
}

/** `url` is `prefix` or below it, as Backstage's fetchApi matches its allow-list. */
function isUnder(url: string, prefix: string | undefined): boolean {
  if (!prefix) return false;
  const base = prefix.replace(/\/$/, '');
  return url === base || url.startsWith(`${base}/`);
}

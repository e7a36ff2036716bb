/**
 * Where batches are delivered, and whether the Backstage token may go there.
 *
 * @packageDocumentation
 */

import type { ConfigApi, DiscoveryApi } from '@backstage/core-plugin-api';

/** The plugin id the collector is discovered under. */
export const COLLECTOR_PLUGIN_ID = 'backstage-insights';

/** The collector URL, and whether requests to it carry the user's Backstage token. */
export type Endpoint = { url: string; sendsToken: boolean };

/**
 * `backstageInsights.endpoint` when it is a non-empty string, else
 * `${await discoveryApi.getBaseUrl('backstage-insights')}/events`.
 *
 * A present but invalid `endpoint` is not reported here: the core receives
 * the raw config and reports every invalid key in one place.
 */
export async function resolveEndpoint(
  rawConfig: unknown,
  discoveryApi: DiscoveryApi,
  config: ConfigApi,
): Promise<Endpoint> {
  const configured =
    rawConfig !== null && typeof rawConfig === 'object'
      ? (rawConfig as { endpoint?: unknown }).endpoint
      : undefined;
  const url =
    typeof configured === 'string' && configured !== ''
      ? configured
      : `${String(await discoveryApi.getBaseUrl(COLLECTOR_PLUGIN_ID)).replace(/\/+$/, '')}/events`;
  let sendsToken = false;
  try {
    sendsToken = isBackstageBackend(url, config);
  } catch {
    // A malformed discovery block: no token, but delivery goes on.
  }
  return { url, sendsToken };
}

const PLUGIN_ID_TEMPLATE = /\{\{\s*pluginId\s*\}\}/g;

/**
 * Whether Backstage's own `fetchApi` would add the user's token to a request
 * to `url` (the rule of its identity-auth middleware): under
 * `backend.baseUrl`, or under an external `discovery.endpoints` target. The
 * token lets its holder call every backend plugin as the user, so a
 * collector anywhere else gets none.
 */
export function isBackstageBackend(url: string, config: ConfigApi): boolean {
  let normalised: string;
  try {
    normalised = new URL(url).href;
  } catch {
    return false;
  }
  const prefixes: string[] = [];
  const patterns: RegExp[] = [];
  const baseUrl: unknown = config.getOptional('backend.baseUrl');
  if (typeof baseUrl === 'string') prefixes.push(baseUrl);
  const endpoints: unknown = config.getOptional('discovery.endpoints');
  for (const entry of Array.isArray(endpoints) ? endpoints : []) {
    const { target, plugins } = (entry ?? {}) as { target?: unknown; plugins?: unknown };
    const external = typeof target === 'object' && target !== null ? (target as { external?: unknown }).external : target;
    if (typeof external !== 'string' || !Array.isArray(plugins)) continue;
    for (const pluginId of plugins) {
      if (pluginId === '*') patterns.push(wildcard(external));
      else if (typeof pluginId === 'string') prefixes.push(external.replace(PLUGIN_ID_TEMPLATE, pluginId));
    }
  }
  return (
    prefixes.some(prefix => {
      const base = prefix.replace(/\/$/, '');
      return normalised === base || normalised.startsWith(`${base}/`);
    }) || patterns.some(pattern => pattern.test(normalised))
  );
}

/** A `discovery.endpoints` target for every plugin (`{{pluginId}}` in it) as a URL matcher. */
function wildcard(target: string): RegExp {
  const parts = target.replace(/\/$/, '').split(PLUGIN_ID_TEMPLATE);
  let source = escape(parts[0] ?? '');
  for (let i = 1; i < parts.length; i++) source += (i === 1 ? '([^/?#]+)' : '\\1') + escape(parts[i] ?? '');
  return new RegExp(`^${source}(?:/|$|[?#])`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import type { Config } from '@backstage/config';
import { INSIGHTS_IDENTITY_MODES, type InsightsIdentityMode } from 'backstage-plugin-insights-wasm-common';

/** The backend's config, read once, every field set. */
export interface InsightsBackendConfig {
  salt: string;
  allowedQueryParams: string[];
  redactAttributes: string[];
  /** `backstageInsights.scrub.allowedAttributes`: when set, the only attribute keys kept. */
  allowedAttributes: string[] | undefined;
  /** `backstageInsights.scrub.allowedContext`: when set, the only context keys kept. */
  allowedContext: string[] | undefined;
  /** `disabled`: no identity hash and no team stored, whatever a batch carries. */
  identity: InsightsIdentityMode;
  retentionDays: number;
  minTeamSize: number;
  eventsPerMinute: number;
  logEvents: boolean;
}

const DEFAULTS = { retentionDays: 365, minTeamSize: 5, eventsPerMinute: 1200 };

function wholeNumber(config: Config, key: string, min: number, fallback: number): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${key} must be a whole number of at least ${min}, got ${value}; fix it in app-config.yaml`);
  }
  return value;
}

function identityMode(config: Config): InsightsIdentityMode {
  const key = 'backstageInsights.identity';
  const value = config.getOptional(key);
  if (value === undefined) return 'optional';
  if (!INSIGHTS_IDENTITY_MODES.includes(value as InsightsIdentityMode)) {
    throw new Error(
      `${key} must be one of ${INSIGHTS_IDENTITY_MODES.join(', ')}, got ${JSON.stringify(value)}; fix it in app-config.yaml`,
    );
  }
  return value as InsightsIdentityMode;
}

/** A list of keys, or undefined when the key is not set (an empty list keeps nothing). */
function keyList(config: Config, key: string): string[] | undefined {
  const value = config.getOptional(key);
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some(k => typeof k !== 'string' || k === '')) {
    throw new Error(
      `${key} must be a list of attribute or context keys (non-empty strings), got ${JSON.stringify(value)}; ` +
        'fix it in app-config.yaml, or leave it out to keep every key',
    );
  }
  return value as string[];
}

/** Throws one error naming the key and the fix; the backend does not start half-configured. */
export function readInsightsBackendConfig(config: Config): InsightsBackendConfig {
  const salt = config.getOptionalString('backstageInsights.salt');
  if (!salt) {
    throw new Error(
      'backstageInsights.salt is not set: the Insights backend cannot check identities; add the salt the app uses to app-config.yaml',
    );
  }
  return {
    salt,
    allowedQueryParams: config.getOptionalStringArray('backstageInsights.scrub.allowedQueryParams') ?? [],
    redactAttributes: (config.getOptionalStringArray('backstageInsights.scrub.redactAttributes') ?? []).map(k =>
      k.toLowerCase(),
    ),
    allowedAttributes: keyList(config, 'backstageInsights.scrub.allowedAttributes'),
    allowedContext: keyList(config, 'backstageInsights.scrub.allowedContext'),
    identity: identityMode(config),
    retentionDays: wholeNumber(config, 'backstageInsights.backend.retentionDays', 1, DEFAULTS.retentionDays),
    minTeamSize: wholeNumber(config, 'backstageInsights.backend.minTeamSize', 1, DEFAULTS.minTeamSize),
    eventsPerMinute: wholeNumber(
      config,
      'backstageInsights.backend.rateLimit.eventsPerMinute',
      0,
      DEFAULTS.eventsPerMinute,
    ),
    logEvents: config.getOptionalBoolean('backstageInsights.backend.logEvents') ?? false,
  };
}

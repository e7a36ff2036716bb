import type { Config } from '@backstage/config';

/** The backend's config, read once, every field set. */
export interface InsightsBackendConfig {
  salt: string;
  allowedQueryParams: string[];
  redactAttributes: string[];
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

import { ConfigReader } from '@backstage/config';
import { readInsightsBackendConfig } from './config';

describe('readInsightsBackendConfig', () => {
  it('fills the defaults', () => {
    const c = readInsightsBackendConfig(new ConfigReader({ backstageInsights: { salt: 's' } }));
    expect(c).toEqual({
      salt: 's',
      allowedQueryParams: [],
      redactAttributes: [],
      retentionDays: 365,
      minTeamSize: 5,
      eventsPerMinute: 1200,
      logEvents: false,
    });
  });

  it('names the key and the fix', () => {
    expect(() => readInsightsBackendConfig(new ConfigReader({}))).toThrow(
      /^backstageInsights\.salt is not set: .*add the salt the app uses to app-config\.yaml$/,
    );
    expect(() =>
      readInsightsBackendConfig(new ConfigReader({ backstageInsights: { salt: 's', backend: { minTeamSize: 0 } } })),
    ).toThrow('backstageInsights.backend.minTeamSize must be a whole number of at least 1, got 0');
  });
});

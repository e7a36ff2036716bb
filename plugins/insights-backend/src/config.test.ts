import { ConfigReader } from '@backstage/config';
import { readInsightsBackendConfig } from './config';

describe('readInsightsBackendConfig', () => {
  it('fills the defaults', () => {
    const c = readInsightsBackendConfig(new ConfigReader({ backstageInsights: { salt: 's' } }));
    expect(c).toEqual({
      salt: 's',
      allowedQueryParams: [],
      redactAttributes: [],
      allowedAttributes: undefined,
      allowedContext: undefined,
      identity: 'optional',
      retentionDays: 365,
      minTeamSize: 5,
      eventsPerMinute: 1200,
      logEvents: false,
    });
  });

  it('reads identity and the allow-lists; an empty allow-list is set (keeps nothing)', () => {
    const c = readInsightsBackendConfig(
      new ConfigReader({
        backstageInsights: { salt: 's', identity: 'disabled', scrub: { allowedAttributes: ['to'], allowedContext: [] } },
      }),
    );
    expect(c).toMatchObject({ identity: 'disabled', allowedAttributes: ['to'], allowedContext: [] });
    for (const identity of ['optional', 'required']) {
      expect(readInsightsBackendConfig(new ConfigReader({ backstageInsights: { salt: 's', identity } })).identity).toBe(identity);
    }
  });

  it('names the key and the fix', () => {
    const read = (extra: object) => () => readInsightsBackendConfig(new ConfigReader({ backstageInsights: { salt: 's', ...extra } }));
    expect(read({ identity: 'anonymous' })).toThrow(
      'backstageInsights.identity must be one of optional, required, disabled, got "anonymous"; fix it in app-config.yaml',
    );
    expect(read({ identity: false })).toThrow(/^backstageInsights\.identity must be one of optional, required, disabled, got false;/);
    expect(read({ scrub: { allowedAttributes: 'to' } })).toThrow(
      'backstageInsights.scrub.allowedAttributes must be a list of attribute or context keys (non-empty strings), got "to"; ' +
        'fix it in app-config.yaml, or leave it out to keep every key',
    );
    expect(read({ scrub: { allowedContext: ['pluginId', ''] } })).toThrow(
      /^backstageInsights\.scrub\.allowedContext must be a list of attribute or context keys \(non-empty strings\), got \["pluginId",""\];/,
    );
    expect(() => readInsightsBackendConfig(new ConfigReader({}))).toThrow(
      /^backstageInsights\.salt is not set: .*add the salt the app uses to app-config\.yaml$/,
    );
    expect(() =>
      readInsightsBackendConfig(new ConfigReader({ backstageInsights: { salt: 's', backend: { minTeamSize: 0 } } })),
    ).toThrow('backstageInsights.backend.minTeamSize must be a whole number of at least 1, got 0');
  });
});

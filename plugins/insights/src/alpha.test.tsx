import { screen } from '@testing-library/react';
import { createExtensionTester, renderTestApp } from '@backstage/frontend-test-utils';
import { ApiBlueprint, coreExtensionData } from '@backstage/frontend-plugin-api';
import insightsPlugin, { insightsApi, insightsPage } from './alpha.js';
import { InsightsClient } from './api/InsightsClient.js';
import { insightsApiRef } from './api/InsightsApi.js';
import { mockInsightsApi } from './testing/mockInsightsApi.js';

const api = mockInsightsApi();

describe('new frontend system', () => {
  it('is the backstage-insights plugin', () => {
    expect(insightsPlugin.pluginId).toBe('backstage-insights');
  });

  it('mounts the page at /insights with a nav title', () => {
    const tester = createExtensionTester(insightsPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/insights');
    expect(tester.get(coreExtensionData.title)).toBe('Insights');
  });

  it('provides the Insights client for insightsApiRef', () => {
    const factory = createExtensionTester(insightsApi).get(ApiBlueprint.dataRefs.factory);
    expect(factory.api.id).toBe('plugin.backstage-insights.service');
    const deps = { discoveryApi: { getBaseUrl: jest.fn() }, fetchApi: { fetch: jest.fn() } };
    expect(factory.factory(deps)).toBeInstanceOf(InsightsClient);
  });

  it('renders the dashboard at /insights in an app', async () => {
    renderTestApp({
      features: [insightsPlugin],
      apis: [[insightsApiRef, api]],
      initialRouteEntries: ['/insights'],
    });
    expect(await screen.findByText('Totals')).toBeInTheDocument();
    expect(screen.getByText('kafka, topics')).toBeInTheDocument();
    expect(api.getSummary).toHaveBeenCalled();
  });

  it('reads sampleRate and identity from the app config in an app', async () => {
    renderTestApp({
      features: [insightsPlugin],
      apis: [[insightsApiRef, mockInsightsApi()]],
      config: { backstageInsights: { sampleRate: 0.5, identity: 'disabled' } },
      initialRouteEntries: ['/insights'],
    });
    expect(await screen.findByRole('note', { name: 'Sampled: the numbers are estimates.' })).toBeInTheDocument();
    expect(screen.getByRole('note', { name: 'People are not counted.' })).toBeInTheDocument();
    expect(screen.getByText('Events', { selector: 'dt' }).nextElementSibling).toHaveTextContent(
      `≈ ${(987 * 2).toLocaleString()}`,
    );
  });
});

import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { insightsApiRef } from './api/InsightsApi.js';
import { mockInsightsApi } from './testing/mockInsightsApi.js';
import { InsightsPage, insightsPlugin } from './plugin.js';

describe('legacy frontend system', () => {
  it('is the backstage-insights plugin, providing the Insights client', () => {
    expect(insightsPlugin.getId()).toBe('backstage-insights');
    const apis = [...insightsPlugin.getApis()];
    expect(apis.map(factory => factory.api.id)).toEqual(['plugin.backstage-insights.service']);
  });

  it('lazily renders the routable InsightsPage at its route', async () => {
    const api = mockInsightsApi();
    await renderInTestApp(
      <TestApiProvider apis={[[insightsApiRef, api]]}>
        <Routes>
          <Route path="/insights" element={<InsightsPage />} />
        </Routes>
      </TestApiProvider>,
      { routeEntries: ['/insights'] },
    );
    expect(await screen.findByText('Totals')).toBeInTheDocument();
  });
});

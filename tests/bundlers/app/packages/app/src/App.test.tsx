// The app's own test, as every Backstage app has one: `backstage-cli package
// test` (Jest, jsdom) renders the app with the module registered. Jest must
// take the package's ESM (import.meta.url in the wasm glue) and the app must
// render and navigate; in jsdom the wasm cannot be fetched, which the module
// reports once and never throws.
import { render, waitFor } from '@testing-library/react';
import insightsAnalyticsModule from 'backstage-plugin-analytics-module-insights-wasm/alpha';
import { Root } from './legacy';

describe('App', () => {
  it('renders and navigates with the analytics module registered', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          context: 'test',
          data: {
            app: { title: 'Test', baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
            backstageInsights: { salt: 'test-salt', debug: true },
          },
        },
      ] as any,
    };
    const rendered = render(Root);
    await waitFor(() => expect(rendered.getByText('Consumer home')).toBeInTheDocument());
    rendered.getByText('Next page').click();
    await waitFor(() => expect(rendered.getByText('Consumer next')).toBeInTheDocument());
  });

  it('imports the new frontend system module', () => {
    expect(insightsAnalyticsModule.$$type).toBe('@backstage/FrontendModule');
  });
});

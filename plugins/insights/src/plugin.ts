import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { insightsApiRef } from './api/InsightsApi.js';
import { InsightsClient } from './api/InsightsClient.js';
import { rootRouteRef } from './routes.js';

/** The Insights dashboard for the legacy frontend system. */
export const insightsPlugin = createPlugin({
  id: 'backstage-insights',
  apis: [
    createApiFactory({
      api: insightsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new InsightsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The dashboard page; mount it with `<Route path="/insights" element={<InsightsPage />} />`. */
export const InsightsPage = insightsPlugin.provide(
  createRoutableExtension({
    name: 'InsightsPage',
    component: () => import('./components/InsightsPage.js').then(m => m.InsightsPage),
    mountPoint: rootRouteRef,
  }),
);

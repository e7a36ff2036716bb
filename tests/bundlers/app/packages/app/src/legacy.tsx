// A legacy-frontend-system app: the module registered in `apis` and the
// dashboard on a route, as the README says (the dashboard's read API faked).
import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import { Link } from '@backstage/core-components';
import { createApiFactory } from '@backstage/core-plugin-api';
import { BackstageInsights } from 'backstage-plugin-analytics-module-insights-wasm';
import { InsightsPage, insightsApiRef } from 'backstage-plugin-insights-wasm';
import { Route } from 'react-router-dom';
import { insightsFake } from './insightsFake';

const app = createApp({
  apis: [BackstageInsights.createDefaultApiFactory(), createApiFactory(insightsApiRef, insightsFake)],
});

const Home = () => (
  <div>
    <h1>Consumer home</h1>
    <Link to="/next">Next page</Link>
  </div>
);
const Next = () => <h1>Consumer next</h1>;

const AppRoot = app.createRoot(
  <AppRouter>
    <FlatRoutes>
      <Route path="/" element={<Home />} />
      <Route path="/next" element={<Next />} />
      <Route path="/insights" element={<InsightsPage />} />
    </FlatRoutes>
  </AppRouter>,
);

export const Root = <AppRoot />;

// A legacy-frontend-system app: the module registered in `apis`, as the README says.
import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import { Link } from '@backstage/core-components';
import { BackstageInsights } from 'backstage-plugin-analytics-module-insights-wasm';
import { Route } from 'react-router-dom';

const app = createApp({
  apis: [BackstageInsights.createDefaultApiFactory()],
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
    </FlatRoutes>
  </AppRouter>,
);

export const Root = <AppRoot />;

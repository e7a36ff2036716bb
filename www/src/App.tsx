import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import type { AppConfig } from '@backstage/config';
import { AlertDisplay, OAuthRequestDialog } from '@backstage/core-components';
import { Navigate, Route } from 'react-router-dom';
import { apis } from './apis';
import { Root } from './components/Root';
import { HomePage } from './components/HomePage';
import { NotFoundPage } from './components/NotFoundPage';
import { DemoSignInPage } from './components/DemoSignInPage';
import { InsightsPage, insightsPlugin } from 'backstage-plugin-insights-wasm';
import {
  ActionsPage,
  CatalogEntityPage,
  CatalogIndexPage,
  actionsPlugin,
  catalogPlugin,
} from './plugin';

// The config comes from the server that serves the app (GET /app-config.json):
// the demo backend (npm start) or the test collector, both reading
// www/app-config.yaml at each load, so flipping backstageInsights.debug needs no rebuild.
async function loadConfig(): Promise<AppConfig[]> {
  const res = await fetch('/app-config.json', { cache: 'no-store' });
  if (!res.ok) {
    throw new Error(`Failed to load /app-config.json: HTTP ${res.status}`);
  }
  return [{ context: 'app-config.json', data: await res.json() }];
}

const app = createApp({
  apis,
  plugins: [catalogPlugin, actionsPlugin, insightsPlugin],
  components: { NotFoundErrorPage: NotFoundPage, SignInPage: DemoSignInPage },
  configLoader: loadConfig,
});

const routes = (
  <FlatRoutes>
    <Route path="/" element={<Navigate to="home" />} />
    <Route path="/home" element={<HomePage />} />
    <Route path="/catalog" element={<CatalogIndexPage />} />
    <Route path="/catalog/:namespace/:kind/:name" element={<CatalogEntityPage />} />
    <Route path="/actions" element={<ActionsPage />} />
    <Route path="/insights" element={<InsightsPage />} />
  </FlatRoutes>
);

export default app.createRoot(
  <>
    <AlertDisplay />
    <OAuthRequestDialog />
    <AppRouter>
      <Root>{routes}</Root>
    </AppRouter>
  </>,
);

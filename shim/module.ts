/**
 * The new frontend system's module: an `AnalyticsImplementationBlueprint`
 * extension attached to the `app` plugin's analytics API.
 *
 * @packageDocumentation
 */

import type { AnalyticsEvent as LegacyAnalyticsEvent } from '@backstage/core-plugin-api';
import { createFrontendModule, type FrontendModule } from '@backstage/frontend-plugin-api';
import { AnalyticsImplementationBlueprint } from '@backstage/plugin-app-react';
import { BackstageInsightsApi } from './BackstageInsightsApi.js';
import { insightsApiDeps } from './deps.js';
import { preloadCore } from './loadCore.js';

/**
 * The analytics implementation extension, `analytics:app/backstage-insights`.
 * The app's analytics API (`api:app/analytics`) builds it with the deps below
 * and forwards every event to it beside any other implementation.
 *
 * The API refs come from `@backstage/core-plugin-api`: the app resolves deps
 * by ref id (`core.config`, ...), so they match whichever
 * `@backstage/frontend-plugin-api` the app runs, without its deprecated refs.
 */
const insightsAnalyticsImplementation = AnalyticsImplementationBlueprint.make({
  name: 'backstage-insights',
  // The app instantiates its extensions at start-up; the core loads while it renders.
  params: define => {
    preloadCore();
    return define({
      deps: insightsApiDeps,
      factory: ({ configApi, discoveryApi, fetchApi, identityApi, storageApi }) => {
        const api = BackstageInsightsApi.fromConfig(configApi, { discoveryApi, fetchApi, identityApi, storageApi });
        return {
          // The new system's context is `{ pluginId, extensionId }`, the legacy
          // type's `{ pluginId, routeRef, extension }`. Only the type differs:
          // the core keeps context keys as they are (it scrubs values) and takes
          // any event shape without throwing, so both arrive as the app emitted them.
          captureEvent: event => api.captureEvent(event as unknown as LegacyAnalyticsEvent),
        };
      },
    });
  },
});

/**
 * Backstage Insights for apps on the new frontend system:
 *
 * ```ts
 * // packages/app/src/App.tsx
 * import { createApp } from '@backstage/frontend-defaults';
 * import insightsAnalyticsModule from 'backstage-plugin-analytics-module-insights-wasm/alpha';
 *
 * const app = createApp({ features: [insightsAnalyticsModule] });
 * ```
 *
 * Apps with feature discovery (`app.packages: all`) pick it up without the
 * import. Disable it in config with
 * `app.extensions: [{ 'analytics:app/backstage-insights': false }]`.
 *
 * @alpha
 */
export const insightsAnalyticsModule: FrontendModule = createFrontendModule({
  pluginId: 'app',
  extensions: [insightsAnalyticsImplementation],
});

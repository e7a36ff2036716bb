import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { INSIGHTS_PLUGIN_ID, insightsPermissions } from 'backstage-plugin-insights-wasm-common';
import { readInsightsBackendConfig } from './config';
import { DatabaseInsightsStore } from './database/DatabaseInsightsStore';
import { RateLimiter } from './ingest/rateLimiter';
import { EventScrubber } from './ingest/scrubber';
import { TeamResolver } from './ingest/teamResolver';
import { EventIngest } from './service/ingest';
import { createRouter } from './service/router';
import { scheduleTasks } from './service/tasks';

/**
 * The Insights backend: `POST /events` from the analytics module, the
 * dashboard's `GET /summary` and `GET /export`.
 * `backend.add(import('backstage-plugin-insights-wasm-backend'))`.
 */
export const insightsPlugin = createBackendPlugin({
  pluginId: INSIGHTS_PLUGIN_ID,
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        scheduler: coreServices.scheduler,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, database, httpAuth, httpRouter, scheduler, permissions, permissionsRegistry, auth, catalog }) {
        const settings = readInsightsBackendConfig(config);
        permissionsRegistry.addPermissions(insightsPermissions);
        const store = await DatabaseInsightsStore.create({ database });
        const ingest = new EventIngest({
          salt: settings.salt,
          identity: settings.identity,
          store,
          scrubber: new EventScrubber(settings),
          teams: new TeamResolver(catalog, auth, logger),
          logger,
          logEvents: settings.logEvents,
        });
        httpRouter.use(
          createRouter({
            httpAuth,
            permissions,
            logger,
            store,
            ingest,
            limiter: new RateLimiter(settings.eventsPerMinute),
            minTeamSize: settings.minTeamSize,
          }),
        );
        await scheduleTasks({ scheduler, store, logger, retentionDays: settings.retentionDays });
      },
    });
  },
});

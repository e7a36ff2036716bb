// Two small frontend plugins, built the way real Backstage plugins are
// (createPlugin + createRoutableExtension), so analytics events carry the
// plugin id and route ref in their context exactly as in a production app.
import {
  createPlugin,
  createRoutableExtension,
  createRouteRef,
} from '@backstage/core-plugin-api';

export const catalogIndexRouteRef = createRouteRef({ id: 'catalog:index' });
export const catalogEntityRouteRef = createRouteRef({
  id: 'catalog:entity',
  params: ['namespace', 'kind', 'name'],
});
export const actionsRouteRef = createRouteRef({ id: 'demo-actions' });

export const catalogPlugin = createPlugin({
  id: 'catalog',
  routes: { catalogIndex: catalogIndexRouteRef, catalogEntity: catalogEntityRouteRef },
});

export const actionsPlugin = createPlugin({
  id: 'demo-actions',
  routes: { root: actionsRouteRef },
});

export const CatalogIndexPage = catalogPlugin.provide(
  createRoutableExtension({
    name: 'CatalogIndexPage',
    component: () => import('./components/CatalogIndexPage').then(m => m.CatalogIndexPage),
    mountPoint: catalogIndexRouteRef,
  }),
);

export const CatalogEntityPage = catalogPlugin.provide(
  createRoutableExtension({
    name: 'CatalogEntityPage',
    component: () => import('./components/CatalogEntityPage').then(m => m.CatalogEntityPage),
    mountPoint: catalogEntityRouteRef,
  }),
);

export const ActionsPage = actionsPlugin.provide(
  createRoutableExtension({
    name: 'ActionsPage',
    component: () => import('./components/ActionsPage').then(m => m.ActionsPage),
    mountPoint: actionsRouteRef,
  }),
);

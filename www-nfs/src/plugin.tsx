// A small frontend plugin on the new frontend system: two pages linking to
// each other, so analytics events carry `{ pluginId, extensionId }` exactly as
// in a production app.
import { PageBlueprint, createFrontendPlugin, createRouteRef } from '@backstage/frontend-plugin-api';

export const rootRouteRef = createRouteRef();
export const detailsRouteRef = createRouteRef();

const demoPage = PageBlueprint.make({
  params: {
    path: '/demo',
    title: 'Insights demo',
    routeRef: rootRouteRef,
    loader: () => import('./DemoPages').then(m => <m.DemoPage />),
  },
});

const detailsPage = PageBlueprint.make({
  name: 'details',
  params: {
    path: '/demo-details',
    title: 'Insights details',
    routeRef: detailsRouteRef,
    loader: () => import('./DemoPages').then(m => <m.DetailsPage />),
  },
});

export const demoPlugin = createFrontendPlugin({
  pluginId: 'demo',
  routes: { root: rootRouteRef, details: detailsRouteRef },
  extensions: [demoPage, detailsPage],
});

import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import InsightsIconImport from '@material-ui/icons/InsertChart';
import { insightsApiRef } from './api/InsightsApi.js';
import { InsightsClient } from './api/InsightsClient.js';
import { commonJsDefault } from './lib/commonJsDefault.js';

const InsightsIcon = commonJsDefault(InsightsIconImport);

/** The dashboard's route in the new frontend system. */
export const insightsRouteRef = createRouteRef();

/** Binds `insightsApiRef` to the real client; tests and apps can override it. */
export const insightsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: insightsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new InsightsClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The page at `/insights`. Its title and icon make the sidebar item
 * (frontend-plugin-api 1.x removed NavItemBlueprint in favour of this).
 * The page draws its own Backstage `Header`, so the framework's is hidden.
 */
export const insightsPage = PageBlueprint.make({
  params: {
    path: '/insights',
    title: 'Insights',
    icon: <InsightsIcon fontSize="inherit" />,
    routeRef: insightsRouteRef,
    noHeader: true,
    loader: () => import('./components/InsightsPage.js').then(m => <m.InsightsPage />),
  },
});

/** The Insights dashboard for the new frontend system: `features: [insightsPlugin]`. */
const insightsPlugin = createFrontendPlugin({
  pluginId: 'backstage-insights',
  title: 'Insights',
  icon: <InsightsIcon fontSize="inherit" />,
  extensions: [insightsApi, insightsPage],
  routes: { root: insightsRouteRef },
});

export default insightsPlugin;

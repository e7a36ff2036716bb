// A new-frontend-system app: the module and the dashboard in `features`, as
// the README says (the dashboard's sidebar item is drawn on every page).
import { createApp } from '@backstage/frontend-defaults';
import insightsAnalyticsModule from 'backstage-plugin-analytics-module-insights-wasm/alpha';
import insightsDashboard from 'backstage-plugin-insights-wasm/alpha';
import { consumerPlugin } from './plugin';

const app = createApp({ features: [insightsAnalyticsModule, insightsDashboard, consumerPlugin] });

export const Root = app.createRoot();

// A new-frontend-system app: the module in `features`, as the README says.
import { createApp } from '@backstage/frontend-defaults';
import insightsAnalyticsModule from 'backstage-plugin-analytics-module-insights-wasm/alpha';
import { consumerPlugin } from './plugin';

const app = createApp({ features: [insightsAnalyticsModule, consumerPlugin] });

export const Root = app.createRoot();

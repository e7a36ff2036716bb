/**
 * The `./alpha` entry point: the new frontend system's module.
 *
 * ```ts
 * import insightsAnalyticsModule from 'backstage-plugin-analytics-module-insights-wasm/alpha';
 * createApp({ features: [insightsAnalyticsModule] });
 * ```
 *
 * Needs `@backstage/frontend-plugin-api` and `@backstage/plugin-app-react`
 * (optional peer dependencies: apps on the legacy system need neither).
 *
 * @packageDocumentation
 */

import { insightsAnalyticsModule } from './module.js';

export { insightsAnalyticsModule };
export default insightsAnalyticsModule;

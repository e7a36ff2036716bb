/**
 * Backstage Insights dashboard: who uses the portal and for what, read from
 * the Insights backend. Legacy frontend system here; the new one in `/alpha`.
 *
 * @packageDocumentation
 */
export { insightsPlugin, InsightsPage } from './plugin.js';
export { insightsApiRef } from './api/InsightsApi.js';
export type {
  InsightsApi,
  InsightsExportRequest,
  InsightsRange,
  InsightsSummaryRequest,
} from './api/InsightsApi.js';
export { InsightsClient } from './api/InsightsClient.js';
export { InsightsApiError, type InsightsErrorReason } from './api/InsightsApiError.js';
export type {
  InsightsExportFormat,
  InsightsGrouping,
  InsightsPeriod,
  InsightsRankedItem,
  InsightsSummary,
  InsightsTeamAdoption,
} from 'backstage-plugin-insights-wasm-common';

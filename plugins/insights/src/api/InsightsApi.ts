import { createApiRef } from '@backstage/core-plugin-api';
import type {
  InsightsExportFormat,
  InsightsGrouping,
  InsightsSummary,
} from 'backstage-plugin-insights-wasm-common';

/** A range of inclusive UTC days, `YYYY-MM-DD`. */
export interface InsightsRange {
  from: string;
  to: string;
}

/** What `getSummary` asks for. */
export interface InsightsSummaryRequest extends InsightsRange {
  grouping: InsightsGrouping;
}

/** What `exportUrl` and `export` ask for. */
export interface InsightsExportRequest extends InsightsRange {
  format: InsightsExportFormat;
}

/** The Insights backend's read API, as the dashboard uses it. */
export interface InsightsApi {
  /** Rejects with an `InsightsApiError` whose `reason` says which state to show. */
  getSummary(request: InsightsSummaryRequest): Promise<InsightsSummary>;
  /** The export's URL; fetching it needs the user's Backstage token (use `export`). */
  exportUrl(request: InsightsExportRequest): Promise<string>;
  /** The range's events as a file (CSV or NDJSON), fetched with the user's token. */
  export(request: InsightsExportRequest): Promise<Blob>;
}

/** The ref both frontend systems bind `InsightsClient` (or a mock) to. */
export const insightsApiRef = createApiRef<InsightsApi>({
  id: 'plugin.backstage-insights.service',
});

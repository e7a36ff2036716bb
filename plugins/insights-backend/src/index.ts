/**
 * Backstage Insights backend plugin.
 *
 * @packageDocumentation
 */
export { insightsPlugin as default } from './plugin';
export type { InsightsStore, StoredEvent, SummaryQuery } from './database/InsightsStore';
export { ROLLUP_TASK_ID, RETENTION_TASK_ID } from './service/tasks';
export { DatabaseInsightsStore } from './database/DatabaseInsightsStore';
export { identityHash } from './ingest/identityHash';

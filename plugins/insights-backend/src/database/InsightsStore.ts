import type { InsightsGrouping, InsightsSummary } from 'backstage-plugin-insights-wasm-common';

/** One event as stored: scrubbed, with the identity the backend computed. */
export interface StoredEvent {
  id: string;
  day: string;
  timestamp: string;
  receivedAt: number;
  action: string;
  subject: string;
  value: number | null;
  attributes: Record<string, string | number | boolean>;
  context: Record<string, string | number | boolean>;
  identity: string | null;
  team: string | null;
  sample?: boolean;
}

/** An exported row: the stored event with its team as `/summary` reports it. */
export type ExportedEvent = Omit<StoredEvent, 'receivedAt' | 'sample' | 'day'>;

export interface SummaryQuery {
  from: string;
  to: string;
  grouping: InsightsGrouping;
  minTeamSize: number;
  /** How many rows each top list holds. */
  limit: number;
}

/** Where events are stored and read back. */
export interface InsightsStore {
  /** Stores each event id once, in one transaction; answers how many were new. */
  insertEvents(events: StoredEvent[]): Promise<{ stored: number }>;
  /** Brings the daily rollups up to date with every stored event; answers the days redone. */
  rollUp(signal?: AbortSignal): Promise<number>;
  /** Deletes events and rollups of days before `day`; answers the events deleted. */
  deleteBefore(day: string): Promise<number>;
  summary(query: SummaryQuery): Promise<InsightsSummary>;
  /** The range's events in (day, id) order, a page at a time. */
  exportEvents(query: { from: string; to: string; minTeamSize: number }): AsyncIterable<ExportedEvent[]>;
}

import wireSchema from './wire-schema.json';

/** The JSON Schema of a batch, the one definition of the wire contract. */
export const insightsWireSchema = wireSchema;

/** The backend's pluginId, and the path segment `discoveryApi` resolves. */
export const INSIGHTS_PLUGIN_ID = 'backstage-insights';

/** Most events one batch may carry (the schema's `maxItems`). */
export const MAX_EVENTS_PER_BATCH = wireSchema.properties.events.maxItems;

/** Largest body the backend reads; larger ones get 413 and the module splits them. */
export const MAX_BODY_BYTES = 64 * 1024;

/** One event as the module sends it. */
export interface WireEvent {
  id: string;
  timestamp: string;
  action: string;
  subject: string;
  value?: number;
  attributes: Record<string, string | number | boolean>;
  context: Record<string, string | number | boolean>;
  identity: string | null;
}

/** One `POST /events` body. */
export interface WireBatch {
  batchId: string;
  sentAt: string;
  events: WireEvent[];
}

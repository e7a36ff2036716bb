/**
 * `backstageInsights.identity`, shared by the module, the backend and the
 * dashboard: `optional` (the default) sends the salted hash when the user is
 * known, `required` sends only events with one, `disabled` computes, sends and
 * stores none.
 */
export type InsightsIdentityMode = 'optional' | 'required' | 'disabled';

/** The values `backstageInsights.identity` takes, the default first. */
export const INSIGHTS_IDENTITY_MODES: readonly InsightsIdentityMode[] = ['optional', 'required', 'disabled'];

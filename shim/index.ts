/**
 * Backstage analytics module: scrubs personal data from analytics events,
 * tags them with a salted hash of the signed-in user, batches them and
 * delivers them to a collector. The core is Rust compiled to WebAssembly.
 *
 * @packageDocumentation
 */

export { BackstageInsights } from './factory.js';
export { BackstageInsightsApi, type BackstageInsightsApiOptions } from './BackstageInsightsApi.js';
export type { BackstageInsightsStats } from './stats.js';
export { scrub } from './scrub.js';

/**
 * The common package reads no config of its own: the module's keys are in the
 * root package's `config.d.ts`, the backend's in `plugins/insights-backend/config.d.ts`.
 */
export interface Config {}

// A stand-in for the Insights backend's read API with data in every table, so
// the dashboard draws all of it (its tables, charts and download buttons):
// the consumer app binds it to `insightsApiRef` in place of the real client.
import type { InsightsSummary } from 'backstage-plugin-insights-wasm-common';

const summary: InsightsSummary = {
  from: '2026-11-01',
  to: '2026-11-03',
  grouping: 'day',
  minTeamSize: 5,
  totals: { events: 987, activeUsers: 41, newUsers: 17, returningUsers: 24 },
  periods: [
    { period: '2026-11-01', events: 300, activeUsers: 31, newUsers: 11, returningUsers: 20 },
    { period: '2026-11-02', events: 387, activeUsers: 33, newUsers: 4, returningUsers: 29 },
    { period: '2026-11-03', events: 300, activeUsers: 29, newUsers: 2, returningUsers: 27 },
  ],
  topPlugins: [{ name: 'catalog', events: 512 }],
  topPages: [{ name: '/catalog/default/component/payments', events: 88 }],
  topSearches: [{ name: 'kafka topics', events: 19 }],
  templatesRun: [{ name: 'template:default/springboot-service', events: 6 }],
  entitiesViewed: [{ name: 'component:default/payments', events: 77 }],
  techdocsRead: [{ name: 'default/component/payments/runbook', events: 45 }],
  teams: [{ team: 'group:default/platform', activeUsers: 12, events: 501 }],
  includesSampleData: false,
  anonymousEvents: 0,
  rolledUpAt: '2026-11-03T10:15:00Z',
};

export const insightsFake = {
  getSummary: async () => summary,
  exportUrl: async () => 'about:blank',
  export: async () => new Blob([]),
};

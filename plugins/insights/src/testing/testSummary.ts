import type { InsightsSummary } from 'backstage-plugin-insights-wasm-common';

/** A small, known summary for rendering tests; every number is distinct. */
export function testSummary(overrides: Partial<InsightsSummary> = {}): InsightsSummary {
  return {
    from: '2024-05-01',
    to: '2024-05-03',
    grouping: 'day',
    minTeamSize: 5,
    totals: { events: 987, activeUsers: 41, newUsers: 17, returningUsers: 24 },
    periods: [
      { period: '2024-05-01', events: 300, activeUsers: 31, newUsers: 11, returningUsers: 20 },
      { period: '2024-05-02', events: 387, activeUsers: 33, newUsers: 4, returningUsers: 29 },
      { period: '2024-05-03', events: 300, activeUsers: 29, newUsers: 2, returningUsers: 27 },
    ],
    topPlugins: [
      { name: 'catalog', events: 512 },
      { name: 'techdocs', events: 211 },
    ],
    topPages: [{ name: '/catalog/default/component/payments', events: 88 }],
    topSearches: [{ name: 'kafka, topics', events: 19 }],
    templatesRun: [{ name: 'template:default/springboot-service', events: 6 }],
    entitiesViewed: [{ name: 'component:default/payments', events: 77 }],
    techdocsRead: [{ name: 'default/component/payments/runbook', events: 45 }],
    teams: [
      { team: 'group:default/platform', activeUsers: 12, events: 501 },
      { team: 'other', activeUsers: 7, events: 133 },
    ],
    includesSampleData: false,
    anonymousEvents: 0,
    rolledUpAt: '2024-05-03T10:15:00Z',
    ...overrides,
  };
}

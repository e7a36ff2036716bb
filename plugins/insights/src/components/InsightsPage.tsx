import { useMemo, useState } from 'react';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { Box } from '@material-ui/core';
import { Content, Header, Page, Progress } from '@backstage/core-components';
import { numbersView, readCollectionSettings, scaleEvents } from '../lib/collection.js';
import { lastDays, rangeProblem } from '../lib/dateRange.js';
import { ExportEventsButtons } from './ExportEventsButtons.js';
import { InsightsControls, type InsightsQuery } from './InsightsControls.js';
import { InsightsDashboard } from './InsightsDashboard.js';
import { LoadErrorPanel } from './LoadErrorPanel.js';
import { NoEventsPanel } from './NoEventsPanel.js';
import { useInsightsSummary } from './useInsightsSummary.js';

/** The Insights dashboard page, for both frontend systems. */
export function InsightsPage() {
  const [query, setQuery] = useState<InsightsQuery>(() => ({
    preset: 'last30',
    ...lastDays(30),
    grouping: 'day',
  }));
  const valid = !rangeProblem(query);
  const { state, retry } = useInsightsSummary(
    valid ? { from: query.from, to: query.to, grouping: query.grouping } : undefined,
  );
  const configApi = useApi(configApiRef);
  const settings = useMemo(() => readCollectionSettings(configApi), [configApi]);

  return (
    <Page themeId="tool">
      <Header title="Insights" subtitle="Who uses this Backstage, and for what" />
      <Content>
        <Box display="flex" justifyContent="space-between" flexWrap="wrap" style={{ gap: 8 }}>
          <InsightsControls value={query} onChange={setQuery} />
          {state.status === 'ready' && state.summary.totals.events > 0 && (
            <ExportEventsButtons range={state.summary} />
          )}
        </Box>
        {state.status === 'loading' && <Progress />}
        {state.status === 'error' && <LoadErrorPanel error={state.error} onRetry={retry} />}
        {state.status === 'ready' &&
          (state.summary.totals.events === 0 ? (
            <NoEventsPanel />
          ) : (
            <InsightsDashboard
              summary={scaleEvents(state.summary, settings)}
              settings={settings}
              view={numbersView(state.summary, settings)}
            />
          ))}
      </Content>
    </Page>
  );
}

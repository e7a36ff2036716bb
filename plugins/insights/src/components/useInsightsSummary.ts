import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { InsightsSummary } from 'backstage-plugin-insights-wasm-common';
import { insightsApiRef, type InsightsSummaryRequest } from '../api/InsightsApi.js';

/** Where loading one summary stands. */
export type SummaryState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; summary: InsightsSummary };

/** Loads the summary for `request` (nothing while it is undefined); `retry` asks again. */
export function useInsightsSummary(request: InsightsSummaryRequest | undefined): {
  state: SummaryState;
  retry: () => void;
} {
  const api = useApi(insightsApiRef);
  const [state, setState] = useState<SummaryState>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const from = request?.from;
  const to = request?.to;
  const grouping = request?.grouping;

  useEffect(() => {
    if (!from || !to || !grouping) {
      setState({ status: 'idle' });
      return undefined;
    }
    // A slower earlier answer must not overwrite the one for the current controls.
    let current = true;
    setState({ status: 'loading' });
    api.getSummary({ from, to, grouping }).then(
      summary => current && setState({ status: 'ready', summary }),
      error => current && setState({ status: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [api, from, to, grouping, attempt]);

  return { state, retry: () => setAttempt(n => n + 1) };
}

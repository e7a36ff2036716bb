import { Button, Typography } from '@material-ui/core';
import { EmptyState } from '@backstage/core-components';
import { insightsErrorReason } from '../api/InsightsApiError.js';

/** A failed load, with the next step for its cause. */
export function LoadErrorPanel(props: { error: unknown; onRetry: () => void }) {
  const { error, onRetry } = props;
  const message = error instanceof Error ? error.message : String(error);

  switch (insightsErrorReason(error)) {
    case 'forbidden':
      return (
        <EmptyState
          missing="info"
          title="You cannot see Insights yet"
          description={
            <>
              Ask an admin for the <code>backstage-insights.read</code> permission.
            </>
          }
        />
      );
    case 'not-installed':
      return (
        <EmptyState
          missing="info"
          title="The Insights backend is not installed"
          description={
            <>
              Install the Insights backend: add{' '}
              <code>backend.add(import(&apos;backstage-plugin-insights-wasm-backend&apos;));</code>{' '}
              to <code>packages/backend/src/index.ts</code> and restart the backend.
              <Typography variant="caption" component="span" display="block">
                {message}
              </Typography>
            </>
          }
          action={
            <Button variant="outlined" onClick={onRetry}>
              Retry
            </Button>
          }
        />
      );
    default:
      return (
        <EmptyState
          missing="info"
          title="Could not load Insights"
          description={message}
          action={
            <Button variant="contained" color="primary" onClick={onRetry}>
              Retry
            </Button>
          }
        />
      );
  }
}

import { EmptyState } from '@backstage/core-components';

/** An installed, readable backend that has no events in the range. */
export function NoEventsPanel() {
  return (
    <EmptyState
      missing="data"
      title="No events yet"
      description={
        'No events were stored in this range. Events appear within the analytics ' +
        "module's flush interval after people use Backstage (5 s by default), counted by the backend " +
        'within 10 s more; try a longer range, or come back shortly.'
      }
    />
  );
}

import { Content, Link } from '@backstage/core-components';
import { useAnalytics, useRouteRef } from '@backstage/frontend-plugin-api';
import { BackstageInsights } from 'backstage-plugin-analytics-module-insights-wasm';
import { detailsRouteRef, rootRouteRef } from './plugin';

export function DemoPage() {
  const analytics = useAnalytics();
  const details = useRouteRef(detailsRouteRef);
  return (
    <Content>
      <h2>Insights demo page</h2>
      <p>
        <Link to={details?.() ?? '/demo-details'}>Go to details</Link>
      </p>
      <button
        type="button"
        onClick={() =>
          analytics.captureEvent('deploy', 'Deploy button', {
            value: 42,
            attributes: { env: 'staging', requestedBy: 'jane.doe@example.com' },
          })
        }
      >
        Deploy
      </button>
      {/* What a settings page would offer: the choice applies in every tab and is remembered. */}
      <button type="button" onClick={() => BackstageInsights.optOut()}>
        Stop analytics for me
      </button>
      <button type="button" onClick={() => BackstageInsights.optIn()}>
        Allow analytics
      </button>
    </Content>
  );
}

export function DetailsPage() {
  const root = useRouteRef(rootRouteRef);
  return (
    <Content>
      <h2>Insights details page</h2>
      <p>
        {/* The query string and fragment are scrubbed from the click's `to` and the navigate subject. */}
        <Link to={`${root?.() ?? '/demo'}?email=jane.doe%40example.com#section`}>Back to the demo</Link>
      </p>
    </Content>
  );
}

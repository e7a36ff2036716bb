import { Box, Typography } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import type { InsightsSummary } from 'backstage-plugin-insights-wasm-common';
import { formatEvents, formatUsers, type NumbersView } from '../lib/collection.js';

/** The range's totals as a description list: each number next to its name. */
export function TotalsCard(props: { totals: InsightsSummary['totals']; view: NumbersView }) {
  const { totals, view } = props;
  const items: [string, string][] = [
    ['Active users', formatUsers(totals.activeUsers, view)],
    ['New users', formatUsers(totals.newUsers, view)],
    ['Returning users', formatUsers(totals.returningUsers, view)],
    ['Events', formatEvents(totals.events, view)],
  ];
  return (
    <InfoCard title="Totals" variant="fullHeight">
      <Box component="dl" display="grid" gridTemplateColumns="1fr 1fr" m={0} style={{ gap: 16 }}>
        {items.map(([label, value]) => (
          <Box key={label}>
            <Typography component="dt" variant="body2" color="textSecondary">
              {label}
            </Typography>
            <Typography component="dd" variant="h4" style={{ margin: 0 }}>
              {value}
            </Typography>
          </Box>
        ))}
      </Box>
    </InfoCard>
  );
}

import { Box, Typography } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import type { InsightsSummary } from 'backstage-plugin-insights-wasm-common';
import { formatCount } from '../lib/format.js';

/** The range's totals as a description list: each number next to its name. */
export function TotalsCard(props: { totals: InsightsSummary['totals'] }) {
  const { totals } = props;
  const items: [string, number][] = [
    ['Active users', totals.activeUsers],
    ['New users', totals.newUsers],
    ['Returning users', totals.returningUsers],
    ['Events', totals.events],
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
              {formatCount(value)}
            </Typography>
          </Box>
        ))}
      </Box>
    </InfoCard>
  );
}

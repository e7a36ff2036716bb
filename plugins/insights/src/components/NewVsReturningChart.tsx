import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { InsightsGrouping, InsightsSummary } from 'backstage-plugin-insights-wasm-common';
import { Typography } from '@material-ui/core';
import { formatUsers, NOT_AVAILABLE, usersValue, type NumbersView } from '../lib/collection.js';
import { formatPeriod, perGrouping } from '../lib/format.js';
import { ChartFrame } from './ChartFrame.js';
import { useChartColors } from './useChartColors.js';

/**
 * New and returning users per period, stacked: together they are the active
 * users. Said to be not available, with the reason, when no period has them.
 */
export function NewVsReturningChart(props: {
  periods: InsightsSummary['periods'];
  totals: InsightsSummary['totals'];
  grouping: InsightsGrouping;
  view: NumbersView;
}) {
  const { periods, totals, grouping, view } = props;
  const colors = useChartColors();
  const data = newVsReturningData(periods, grouping, view);
  const axisTick = { fill: colors.axis, fontSize: 12 };
  if (!data.some(p => p.newUsers !== null)) {
    return (
      <Typography variant="body2" color="textSecondary">
        New and returning users: {NOT_AVAILABLE}. {view.usersUnavailable ?? ''}
      </Typography>
    );
  }

  return (
    <ChartFrame
      label={`Stacked bar chart of new and returning users ${perGrouping(grouping)}`}
      summary={
        `New users in this range: ${formatUsers(totals.newUsers, view)}; returning users: ` +
        `${formatUsers(totals.returningUsers, view)}.`
      }
      height={280}
    >
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={axisTick} stroke={colors.axis} minTickGap={16} />
          <YAxis allowDecimals={false} tick={axisTick} stroke={colors.axis} />
          <Tooltip contentStyle={colors.tooltip} cursor={{ fill: colors.grid }} />
          <Legend />
          <Bar dataKey="newUsers" name="New users" stackId="users" fill={colors.fresh} />
          <Bar
            dataKey="returningUsers"
            name="Returning users"
            stackId="users"
            fill={colors.repeat}
          />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

/** The chart's rows: users the page cannot give are null (a gap), never 0. */
export function newVsReturningData(
  periods: InsightsSummary['periods'],
  grouping: InsightsGrouping,
  view: NumbersView,
) {
  return periods.map(p => ({
    ...p,
    newUsers: usersValue(p.newUsers, view),
    returningUsers: usersValue(p.returningUsers, view),
    label: formatPeriod(p.period, grouping),
  }));
}

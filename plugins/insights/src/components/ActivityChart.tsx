import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { InsightsGrouping, InsightsPeriod } from 'backstage-plugin-insights-wasm-common';
import { formatEvents, formatUsers, usersValue, type NumbersView } from '../lib/collection.js';
import { formatPeriod, perGrouping } from '../lib/format.js';
import { ChartFrame } from './ChartFrame.js';
import { useChartColors } from './useChartColors.js';

/**
 * Active users and events per period, on separate axes (events outnumber
 * users). A period whose users are not available is a gap in the users'
 * line, never a 0; with none available there is no users' line.
 */
export function ActivityChart(props: {
  periods: InsightsPeriod[];
  grouping: InsightsGrouping;
  view: NumbersView;
}) {
  const { periods, grouping, view } = props;
  const colors = useChartColors();
  const data = activityData(periods, grouping, view);
  const anyUsers = data.some(p => p.activeUsers !== null);
  const axisTick = { fill: colors.axis, fontSize: 12 };

  return (
    <ChartFrame
      label={`Line chart of active users and events ${perGrouping(grouping)}`}
      summary={describeActivity(periods, grouping, view)}
      height={280}
    >
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={axisTick} stroke={colors.axis} minTickGap={16} />
          <YAxis
            yAxisId="users"
            hide={!anyUsers}
            allowDecimals={false}
            tick={axisTick}
            stroke={colors.axis}
          />
          <YAxis
            yAxisId="events"
            orientation="right"
            allowDecimals={false}
            tick={axisTick}
            stroke={colors.axis}
          />
          <Tooltip contentStyle={colors.tooltip} />
          <Legend />
          {anyUsers && (
            <Line
              yAxisId="users"
              type="monotone"
              dataKey="activeUsers"
              name={view.usersAtLeast ? 'Active users (at least)' : 'Active users'}
              stroke={colors.first}
              strokeWidth={2}
              dot={false}
            />
          )}
          <Line
            yAxisId="events"
            type="monotone"
            dataKey="events"
            name={view.eventsEstimated ? 'Events (estimated)' : 'Events'}
            stroke={colors.second}
            strokeWidth={2}
            dot={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

/** The chart's rows: users the page cannot give are null (a gap), never 0. */
export function activityData(periods: InsightsPeriod[], grouping: InsightsGrouping, view: NumbersView) {
  return periods.map(p => ({
    ...p,
    activeUsers: usersValue(p.activeUsers, view),
    label: formatPeriod(p.period, grouping),
  }));
}

function describeActivity(
  periods: InsightsPeriod[],
  grouping: InsightsGrouping,
  view: NumbersView,
): string {
  if (periods.length === 0) return 'No periods in this range.';
  const latest = periods[periods.length - 1]!;
  const events = `Events in the latest ${grouping}: ${formatEvents(latest.events, view)}.`;
  const counted = view.usersHidden ? [] : periods.filter(p => p.activeUsers !== null);
  if (counted.length === 0) return `Active users ${perGrouping(grouping)}: not available. ${events}`;
  const peak = counted.reduce((best, p) => (p.activeUsers! > best.activeUsers! ? p : best));
  return (
    `Active users ${perGrouping(grouping)}: ${view.usersAtLeast ? 'highest' : 'at most'} ` +
    `${formatUsers(peak.activeUsers, view)} ` +
    `(${formatPeriod(peak.period, grouping)}), ${formatUsers(latest.activeUsers, view)} in the latest. ` +
    events
  );
}

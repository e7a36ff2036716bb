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
import { formatCount, formatPeriod, perGrouping } from '../lib/format.js';
import { ChartFrame } from './ChartFrame.js';
import { useChartColors } from './useChartColors.js';

/** Active users and events per period, on separate axes (events outnumber users). */
export function ActivityChart(props: { periods: InsightsPeriod[]; grouping: InsightsGrouping }) {
  const { periods, grouping } = props;
  const colors = useChartColors();
  const data = periods.map(p => ({ ...p, label: formatPeriod(p.period, grouping) }));
  const axisTick = { fill: colors.axis, fontSize: 12 };

  return (
    <ChartFrame
      label={`Line chart of active users and events ${perGrouping(grouping)}`}
      summary={describeActivity(periods, grouping)}
      height={280}
    >
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={axisTick} stroke={colors.axis} minTickGap={16} />
          <YAxis yAxisId="users" allowDecimals={false} tick={axisTick} stroke={colors.axis} />
          <YAxis
            yAxisId="events"
            orientation="right"
            allowDecimals={false}
            tick={axisTick}
            stroke={colors.axis}
          />
          <Tooltip contentStyle={colors.tooltip} />
          <Legend />
          <Line
            yAxisId="users"
            type="monotone"
            dataKey="activeUsers"
            name="Active users"
            stroke={colors.first}
            strokeWidth={2}
            dot={false}
          />
          <Line
            yAxisId="events"
            type="monotone"
            dataKey="events"
            name="Events"
            stroke={colors.second}
            strokeWidth={2}
            dot={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

function describeActivity(periods: InsightsPeriod[], grouping: InsightsGrouping): string {
  if (periods.length === 0) return 'No periods in this range.';
  const peak = periods.reduce((best, p) => (p.activeUsers > best.activeUsers ? p : best));
  const latest = periods[periods.length - 1]!;
  return (
    `Active users ${perGrouping(grouping)}: at most ${formatCount(peak.activeUsers)} ` +
    `(${formatPeriod(peak.period, grouping)}), ${formatCount(latest.activeUsers)} in the latest. ` +
    `Events in the latest ${grouping}: ${formatCount(latest.events)}.`
  );
}

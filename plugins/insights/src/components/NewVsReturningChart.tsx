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
import { formatCount, formatPeriod, perGrouping } from '../lib/format.js';
import { ChartFrame } from './ChartFrame.js';
import { useChartColors } from './useChartColors.js';

/** New and returning users per period, stacked: together they are the active users. */
export function NewVsReturningChart(props: {
  periods: InsightsSummary['periods'];
  totals: InsightsSummary['totals'];
  grouping: InsightsGrouping;
}) {
  const { periods, totals, grouping } = props;
  const colors = useChartColors();
  const data = periods.map(p => ({ ...p, label: formatPeriod(p.period, grouping) }));
  const axisTick = { fill: colors.axis, fontSize: 12 };

  return (
    <ChartFrame
      label={`Stacked bar chart of new and returning users ${perGrouping(grouping)}`}
      summary={
        `${formatCount(totals.newUsers)} new and ${formatCount(totals.returningUsers)} ` +
        `returning users in this range.`
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

import { Grid, Typography } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import type {
  InsightsPeriod,
  InsightsRankedItem,
  InsightsSummary,
  InsightsTeamAdoption,
} from 'backstage-plugin-insights-wasm-common';
import { formatPeriod, formatUtcTime, perGrouping } from '../lib/format.js';
import { ActivityChart } from './ActivityChart.js';
import { DownloadableTable, type DownloadableColumn } from './DownloadableTable.js';
import { NewVsReturningChart } from './NewVsReturningChart.js';
import { SampleDataBanner } from './SampleDataBanner.js';
import { TotalsCard } from './TotalsCard.js';

// The six top lists: summary field, table title, name column, CSV file name.
const RANKED_LISTS = [
  ['topPlugins', 'Top plugins', 'Plugin', 'top-plugins'],
  ['topPages', 'Top pages', 'Page', 'top-pages'],
  ['topSearches', 'Top searches', 'Search term', 'top-searches'],
  ['templatesRun', 'Templates run', 'Template', 'templates-run'],
  ['entitiesViewed', 'Catalog entities viewed', 'Entity', 'entities-viewed'],
  ['techdocsRead', 'TechDocs pages read', 'TechDocs page', 'techdocs-read'],
] as const;

const TEAM_COLUMNS: DownloadableColumn<InsightsTeamAdoption>[] = [
  { title: 'Team', value: t => t.team },
  { title: 'Active users', value: t => t.activeUsers, numeric: true },
  { title: 'Events', value: t => t.events, numeric: true },
];

/** Every chart and table of one loaded summary. */
export function InsightsDashboard(props: { summary: InsightsSummary }) {
  const { summary } = props;
  const { grouping } = summary;
  const periodColumns: DownloadableColumn<InsightsPeriod>[] = [
    { title: 'Period', value: p => formatPeriod(p.period, grouping) },
    { title: 'Active users', value: p => p.activeUsers, numeric: true },
    { title: 'New users', value: p => p.newUsers, numeric: true },
    { title: 'Returning users', value: p => p.returningUsers, numeric: true },
    { title: 'Events', value: p => p.events, numeric: true },
  ];

  return (
    <>
      {summary.includesSampleData && <SampleDataBanner />}
      <Typography variant="body2" color="textPrimary" paragraph>
        {summary.from} to {summary.to} (UTC).{' '}
        {summary.rolledUpAt
          ? `Numbers as of ${formatUtcTime(summary.rolledUpAt)}.`
          : 'Numbers are not rolled up yet.'}
      </Typography>
      <Grid container spacing={3} alignItems="stretch">
        <Grid item xs={12} md={4}>
          <TotalsCard totals={summary.totals} />
        </Grid>
        <Grid item xs={12} md={8}>
          <InfoCard title={`Active users and events ${perGrouping(grouping)}`}>
            <ActivityChart periods={summary.periods} grouping={grouping} />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title={`New and returning users ${perGrouping(grouping)}`}>
            <NewVsReturningChart
              periods={summary.periods}
              totals={summary.totals}
              grouping={grouping}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <DownloadableTable
            title={`Users and events ${perGrouping(grouping)}`}
            columns={periodColumns}
            rows={summary.periods}
            fileName={`insights-periods-${summary.from}-${summary.to}`}
          />
        </Grid>
        {RANKED_LISTS.map(([field, title, nameTitle, fileName]) => (
          <Grid item xs={12} md={6} key={field}>
            <DownloadableTable<InsightsRankedItem>
              title={title}
              columns={[
                { title: nameTitle, value: item => item.name },
                { title: 'Events', value: item => item.events, numeric: true },
              ]}
              rows={summary[field]}
              fileName={`insights-${fileName}-${summary.from}-${summary.to}`}
            />
          </Grid>
        ))}
        <Grid item xs={12}>
          <DownloadableTable
            title="Adoption by team"
            columns={TEAM_COLUMNS}
            rows={summary.teams}
            fileName={`insights-teams-${summary.from}-${summary.to}`}
            footnote={
              `Teams with fewer than ${summary.minTeamSize} active users in this range are ` +
              `merged into "other", so no small group can be singled out; "unknown" counts ` +
              `users with no team in the catalog.`
            }
          />
        </Grid>
      </Grid>
    </>
  );
}

import { Grid, Typography } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import type {
  InsightsPeriod,
  InsightsRankedItem,
  InsightsSummary,
  InsightsTeamAdoption,
} from 'backstage-plugin-insights-wasm-common';
import { usersValue, type CollectionSettings, type NumbersView } from '../lib/collection.js';
import { formatPeriod, formatUtcTime, perGrouping } from '../lib/format.js';
import { ActivityChart } from './ActivityChart.js';
import { CollectionNotes } from './CollectionNotes.js';
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

/** Column titles say when counts are estimates (events) or lower bounds (users, under sampling). */
const titles = (view: NumbersView) => ({
  users: (title: string) => (view.usersAtLeast ? `${title} (at least)` : title),
  events: view.eventsEstimated ? 'Events (estimated)' : 'Events',
});

/**
 * Every chart and table of one loaded summary: `summary` with its event
 * counts already scaled for sampling (`scaleEvents`), `view` saying how its
 * numbers read.
 */
export function InsightsDashboard(props: {
  summary: InsightsSummary;
  settings: CollectionSettings;
  view: NumbersView;
}) {
  const { summary, settings, view } = props;
  const { grouping } = summary;
  const t = titles(view);
  const periodColumns: DownloadableColumn<InsightsPeriod>[] = [
    { title: 'Period', value: p => formatPeriod(p.period, grouping) },
    { title: t.users('Active users'), value: p => usersValue(p.activeUsers, view), numeric: true },
    { title: t.users('New users'), value: p => usersValue(p.newUsers, view), numeric: true },
    { title: t.users('Returning users'), value: p => usersValue(p.returningUsers, view), numeric: true },
    { title: t.events, value: p => p.events, numeric: true },
  ];
  const teamColumns: DownloadableColumn<InsightsTeamAdoption>[] = [
    { title: 'Team', value: team => team.team },
    { title: t.users('Active users'), value: team => team.activeUsers, numeric: true },
    { title: t.events, value: team => team.events, numeric: true },
  ];
  const teams = view.usersHidden ? null : summary.teams;

  return (
    <>
      {summary.includesSampleData && <SampleDataBanner />}
      <CollectionNotes settings={settings} view={view} />
      <Typography variant="body2" color="textPrimary" paragraph>
        {summary.from} to {summary.to} (UTC).{' '}
        {summary.rolledUpAt
          ? `Numbers as of ${formatUtcTime(summary.rolledUpAt)}.`
          : 'Numbers are not rolled up yet.'}
      </Typography>
      <Grid container spacing={3} alignItems="stretch">
        <Grid item xs={12} md={4}>
          <TotalsCard totals={summary.totals} view={view} />
        </Grid>
        <Grid item xs={12} md={8}>
          <InfoCard title={`Active users and events ${perGrouping(grouping)}`}>
            <ActivityChart periods={summary.periods} grouping={grouping} view={view} />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title={`New and returning users ${perGrouping(grouping)}`}>
            <NewVsReturningChart
              periods={summary.periods}
              totals={summary.totals}
              grouping={grouping}
              view={view}
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
                { title: t.events, value: item => item.events, numeric: true },
              ]}
              rows={summary[field]}
              fileName={`insights-${fileName}-${summary.from}-${summary.to}`}
            />
          </Grid>
        ))}
        <Grid item xs={12}>
          {teams ? (
            <DownloadableTable
              title="Adoption by team"
              columns={teamColumns}
              rows={teams}
              fileName={`insights-teams-${summary.from}-${summary.to}`}
              footnote={
                `Teams with fewer than ${summary.minTeamSize} active users in this range are ` +
                `merged into "other", so no small group can be singled out; "unknown" counts ` +
                `users with no team in the catalog.`
              }
            />
          ) : (
            <InfoCard title="Adoption by team">
              <Typography variant="body2">
                Not available: {view.usersUnavailable ?? 'no team is stored with anonymous events.'}
              </Typography>
            </InfoCard>
          )}
        </Grid>
      </Grid>
    </>
  );
}

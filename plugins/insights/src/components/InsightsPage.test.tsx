import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { configApiRef } from '@backstage/core-plugin-api';
import { mockApis, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { InsightsSummary } from 'backstage-plugin-insights-wasm-common';
import { insightsApiRef, type InsightsApi } from '../api/InsightsApi.js';
import { InsightsApiError } from '../api/InsightsApiError.js';
import { InsightsPage } from './InsightsPage.js';
import { mockInsightsApi } from '../testing/mockInsightsApi.js';
import { testSummary } from '../testing/testSummary.js';

type ConfigData = NonNullable<NonNullable<Parameters<typeof mockApis.config>[0]>['data']>;

async function renderPage(api: InsightsApi, backstageInsights?: ConfigData) {
  const config = mockApis.config({ data: backstageInsights ? { backstageInsights } : {} });
  return renderInTestApp(
    <TestApiProvider apis={[[insightsApiRef, api], [configApiRef, config]]}>
      <InsightsPage />
    </TestApiProvider>,
  );
}

// jsdom's Blob has no text(); FileReader is the way in (readAsText drops the BOM).
function read(blob: Blob, how: 'readAsText'): Promise<string>;
function read(blob: Blob, how: 'readAsArrayBuffer'): Promise<ArrayBuffer>;
function read(blob: Blob, how: 'readAsText' | 'readAsArrayBuffer'): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader[how](blob);
  });
}

const answering = (summary: InsightsSummary) => async () => summary;

beforeEach(() => {
  jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2024-05-30T12:00:00Z'));
});
afterEach(() => jest.restoreAllMocks());

describe('InsightsPage', () => {
  it('shows the totals, top plugin, a search, the teams and the small-team note', async () => {
    await renderPage(mockInsightsApi(answering(testSummary())));
    expect(await screen.findByText('Insights')).toBeInTheDocument();

    await screen.findByText('Totals');
    const stat = (label: string) => screen.getByText(label, { selector: 'dt' }).nextElementSibling;
    expect(stat('Active users')).toHaveTextContent('41');
    expect(stat('New users')).toHaveTextContent('17');
    expect(stat('Returning users')).toHaveTextContent('24');
    expect(stat('Events')).toHaveTextContent('987');

    expect(screen.getByText('catalog')).toBeInTheDocument();
    expect(screen.getByText('512')).toBeInTheDocument();
    expect(screen.getByText('kafka, topics')).toBeInTheDocument();
    expect(screen.getByText('group:default/platform')).toBeInTheDocument();
    expect(screen.getByText('other')).toBeInTheDocument();
    expect(screen.getByText(/fewer than 5 active users/)).toBeInTheDocument();
    expect(screen.getByText(/Numbers as of 2024-05-03 10:15 UTC/)).toBeInTheDocument();
    expect(screen.queryByText(/Includes sample data/)).not.toBeInTheDocument();
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
    // Charts are labelled and summarised in words.
    expect(
      screen.getByRole('img', { name: 'Line chart of active users and events per day' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/at most 33 \(2024-05-02\)/)).toBeInTheDocument();
  });

  it('labels sample data from the demo seed', async () => {
    await renderPage(mockInsightsApi(answering(testSummary({ includesSampleData: true }))));
    expect(await screen.findByText(/Includes sample data from the demo seed/)).toBeInTheDocument();
  });

  it('says no events yet when the range is empty', async () => {
    const empty = testSummary({
      totals: { events: 0, activeUsers: 0, newUsers: 0, returningUsers: 0 },
    });
    await renderPage(mockInsightsApi(answering(empty)));
    expect(await screen.findByText('No events yet')).toBeInTheDocument();
    expect(screen.getByText(/within the analytics module's flush interval/)).toBeInTheDocument();
    expect(screen.queryByText('Totals')).not.toBeInTheDocument();
  });

  it('asks for the read permission on 403', async () => {
    await renderPage(
      mockInsightsApi(async () => {
        throw new InsightsApiError('forbidden', 'denied', 403);
      }),
    );
    expect(await screen.findByText('You cannot see Insights yet')).toBeInTheDocument();
    expect(screen.getByText('backstage-insights.read')).toBeInTheDocument();
  });

  it('gives the one-line backend install when the backend is missing', async () => {
    await renderPage(
      mockInsightsApi(async () => {
        throw new InsightsApiError('not-installed', 'Failed to fetch');
      }),
    );
    expect(await screen.findByText('The Insights backend is not installed')).toBeInTheDocument();
    expect(
      screen.getByText("backend.add(import('backstage-plugin-insights-wasm-backend'));"),
    ).toBeInTheDocument();
  });

  it('shows any other error with a retry that asks again', async () => {
    const api = mockInsightsApi(async () => {
      throw new Error('database is locked');
    });
    await renderPage(api);
    expect(await screen.findByText('database is locked')).toBeInTheDocument();
    api.getSummary.mockImplementation(answering(testSummary()));
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Totals')).toBeInTheDocument();
    expect(api.getSummary).toHaveBeenCalledTimes(2);
  });

  it('asks for the chosen range and grouping', async () => {
    const api = mockInsightsApi(answering(testSummary()));
    await renderPage(api);
    await screen.findByText('Totals');
    // Default: the last 30 days (UTC) by day.
    expect(api.getSummary).toHaveBeenLastCalledWith({
      from: '2024-05-01',
      to: '2024-05-30',
      grouping: 'day',
    });

    fireEvent.change(screen.getByLabelText('Group by'), { target: { value: 'week' } });
    await waitFor(() =>
      expect(api.getSummary).toHaveBeenLastCalledWith({
        from: '2024-05-01',
        to: '2024-05-30',
        grouping: 'week',
      }),
    );

    fireEvent.change(screen.getByLabelText('Date range'), { target: { value: 'last90' } });
    await waitFor(() =>
      expect(api.getSummary).toHaveBeenLastCalledWith({
        from: '2024-03-02',
        to: '2024-05-30',
        grouping: 'week',
      }),
    );

    fireEvent.change(screen.getByLabelText('Date range'), { target: { value: 'custom' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2024-01-15' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2024-02-14' } });
    fireEvent.change(screen.getByLabelText('Group by'), { target: { value: 'month' } });
    await waitFor(() =>
      expect(api.getSummary).toHaveBeenLastCalledWith({
        from: '2024-01-15',
        to: '2024-02-14',
        grouping: 'month',
      }),
    );
  });

  it('shows the answer for the current controls, not a slower earlier one', async () => {
    const pending: Record<string, (summary: InsightsSummary) => void> = {};
    const api = mockInsightsApi(
      request => new Promise(resolve => (pending[request.grouping] = resolve)),
    );
    await renderPage(api);
    await waitFor(() => expect(pending.day).toBeDefined());
    fireEvent.change(screen.getByLabelText('Group by'), { target: { value: 'month' } });
    await waitFor(() => expect(pending.month).toBeDefined());

    act(() => pending.month!(testSummary({ grouping: 'month' })));
    expect(await screen.findByText('Active users and events per month')).toBeInTheDocument();
    act(() => pending.day!(testSummary({ grouping: 'day' })));
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(screen.getByText('Active users and events per month')).toBeInTheDocument();
    expect(screen.queryByText('Active users and events per day')).not.toBeInTheDocument();
  });

  it('does not ask for a custom range that ends before it starts', async () => {
    const api = mockInsightsApi(answering(testSummary()));
    await renderPage(api);
    await screen.findByText('Totals');
    fireEvent.change(screen.getByLabelText('Date range'), { target: { value: 'custom' } });
    const calls = api.getSummary.mock.calls.length;
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2024-06-15' } });
    expect(await screen.findByText(/start must be on or before the end/)).toBeInTheDocument();
    expect(api.getSummary).toHaveBeenCalledTimes(calls);
  });

  it('downloads a table as escaped CSV', async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:test';
    });
    URL.revokeObjectURL = jest.fn();
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const summary = testSummary({
      topSearches: [
        { name: 'kafka, topics', events: 19 },
        { name: '=cmd|calc', events: 3 },
      ],
    });
    await renderPage(mockInsightsApi(answering(summary)));

    const table = await screen.findByRole('region', { name: 'Top searches' });
    fireEvent.click(within(table).getByRole('button', { name: 'Download CSV' }));

    expect(click).toHaveBeenCalledTimes(1);
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe(
      'insights-top-searches-2024-05-01-2024-05-03.csv',
    );
    const bytes = new Uint8Array(await read(blobs[0]!, 'readAsArrayBuffer'));
    expect(Array.from(bytes.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark
    expect(await read(blobs[0]!, 'readAsText')).toBe(
      'Search term,Events\r\n"kafka, topics",19\r\n\'=cmd|calc,3\r\n',
    );
  });

  it('exports the range raw events through the API (which sends the token)', async () => {
    URL.createObjectURL = jest.fn(() => 'blob:test');
    URL.revokeObjectURL = jest.fn();
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const api = mockInsightsApi();
    api.export.mockResolvedValue(new Blob(['{}\n']));
    await renderPage(api);

    fireEvent.click(await screen.findByRole('button', { name: 'Export events (NDJSON)' }));
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    expect(api.export).toHaveBeenCalledWith({
      from: '2024-05-01',
      to: '2024-05-03',
      format: 'ndjson',
    });
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe(
      'insights-events-2024-05-01-2024-05-03.ndjson',
    );
  });

  describe('under sampling (backstageInsights.sampleRate)', () => {
    const stat = (label: string) => screen.getByText(label, { selector: 'dt' }).nextElementSibling;

    it('says the numbers are estimates, scales event counts by 1/rate and marks users as lower bounds', async () => {
      await renderPage(mockInsightsApi(answering(testSummary())), { sampleRate: 0.25 });
      const note = await screen.findByRole('note', { name: 'Sampled: the numbers are estimates.' });
      expect(note).toHaveTextContent('Only 25% of page sessions are collected (backstageInsights.sampleRate: 0.25)');
      expect(note).toHaveTextContent('Event counts are scaled by 1/0.25 (×4)');
      expect(note).toHaveTextContent('at least that (≥) and at most 4 times it');
      expect(stat('Events')).toHaveTextContent(`≈ ${(3948).toLocaleString()}`);
      expect(stat('Active users')).toHaveTextContent('≥ 41');
      expect(stat('New users')).toHaveTextContent('≥ 17');
      expect(stat('Returning users')).toHaveTextContent('≥ 24');
      // Top lists and team events scaled; team users not.
      const plugins = screen.getByRole('region', { name: 'Top plugins' });
      expect(within(plugins).getByText('Events (estimated)')).toBeInTheDocument();
      expect(within(plugins).getByText(String(512 * 4))).toBeInTheDocument();
      const teams = screen.getByRole('region', { name: 'Adoption by team' });
      expect(within(teams).getByText('Active users (at least)')).toBeInTheDocument();
      expect(within(teams).getByText(String(501 * 4))).toBeInTheDocument();
      expect(within(teams).getByText('12')).toBeInTheDocument();
      expect(screen.getByText(/Active users per day: highest ≥ 33 \(2024-05-02\)/)).toBeInTheDocument();
    });

    it('downloads the scaled table as CSV, its titles saying so', async () => {
      const blobs: Blob[] = [];
      URL.createObjectURL = jest.fn((blob: Blob) => {
        blobs.push(blob);
        return 'blob:test';
      });
      URL.revokeObjectURL = jest.fn();
      jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
      await renderPage(mockInsightsApi(answering(testSummary())), { sampleRate: 0.5 });
      const table = await screen.findByRole('region', { name: 'Users and events per day' });
      fireEvent.click(within(table).getByRole('button', { name: 'Download CSV' }));
      expect((await read(blobs[0]!, 'readAsText')).split('\r\n').slice(0, 2)).toEqual([
        'Period,Active users (at least),New users (at least),Returning users (at least),Events (estimated)',
        '2024-05-01,31,11,20,600',
      ]);
    });

    it('says nothing is collected at rate 0, and shows the numbers unscaled', async () => {
      await renderPage(mockInsightsApi(answering(testSummary())), { sampleRate: 0 });
      expect(await screen.findByRole('note', { name: 'Nothing is collected.' })).toHaveTextContent(
        'backstageInsights.sampleRate is 0: the analytics module sends no events',
      );
      expect(stat('Events')).toHaveTextContent(/^987$/);
      expect(stat('Active users')).toHaveTextContent(/^41$/);
    });

    it('names an invalid rate and its fix instead of scaling', async () => {
      await renderPage(mockInsightsApi(answering(testSummary())), { sampleRate: 4 });
      expect(await screen.findByRole('note', { name: 'Sampling is misconfigured.' })).toHaveTextContent(
        'backstageInsights.sampleRate is not a number from 0 to 1 (got 4); fix it in app-config.yaml',
      );
      expect(stat('Events')).toHaveTextContent(/^987$/);
    });
  });

  describe('without identities', () => {
    const stat = (label: string) => screen.getByText(label, { selector: 'dt' }).nextElementSibling;

    it('with identity: disabled shows every per-user number as not available, with the reason', async () => {
      await renderPage(mockInsightsApi(answering(testSummary())), { identity: 'disabled' });
      const note = await screen.findByRole('note', { name: 'People are not counted.' });
      expect(note).toHaveTextContent('Identity is disabled (backstageInsights.identity: disabled)');
      for (const label of ['Active users', 'New users', 'Returning users']) {
        expect(stat(label)).toHaveTextContent('not available');
      }
      expect(stat('Events')).toHaveTextContent('987');
      expect(screen.getByText(/^New and returning users: not available\. Identity is disabled/)).toBeInTheDocument();
      expect(screen.getByText(/Active users per day: not available\. Events in the latest day: 300\./)).toBeInTheDocument();
      expect(screen.queryByRole('region', { name: 'Adoption by team' })).not.toBeInTheDocument();
      expect(screen.getByText(/^Not available: Identity is disabled/)).toBeInTheDocument();
      const periods = screen.getByRole('region', { name: 'Users and events per day' });
      expect(within(periods).getAllByText('not available')).toHaveLength(9);
      expect(within(periods).queryByText('31')).not.toBeInTheDocument();
    });

    it('shows null user numbers from the backend (anonymous events) as not available, never 0', async () => {
      const summary = testSummary({
        totals: { events: 987, activeUsers: null, newUsers: null, returningUsers: null },
        periods: [
          { period: '2024-05-01', events: 300, activeUsers: 31, newUsers: 11, returningUsers: 20 },
          { period: '2024-05-02', events: 387, activeUsers: null, newUsers: null, returningUsers: null },
        ],
        teams: null,
        anonymousEvents: 120,
      });
      await renderPage(mockInsightsApi(answering(summary)));
      expect(await screen.findByRole('note', { name: 'People are not counted.' })).toHaveTextContent(
        '120 events in this range were stored without an identity',
      );
      expect(stat('Active users')).toHaveTextContent('not available');
      const periods = screen.getByRole('region', { name: 'Users and events per day' });
      // The first day has its numbers; the second says not available for its three.
      expect(within(periods).getByText('31')).toBeInTheDocument();
      expect(within(periods).getAllByText('not available')).toHaveLength(3);
      expect(screen.getByText(/^Not available: 120 events in this range/)).toBeInTheDocument();
      expect(screen.queryByText(/^New and returning users: not available/)).not.toBeInTheDocument();
    });
  });
});

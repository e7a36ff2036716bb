import { numbersView } from '../lib/collection.js';
import { testSummary } from '../testing/testSummary.js';
import { activityData } from './ActivityChart.js';
import { newVsReturningData } from './NewVsReturningChart.js';

// The charts draw nothing measurable in jsdom: their rows are checked instead.
describe('chart rows', () => {
  const periods = testSummary({
    periods: [
      { period: '2024-05-01', events: 300, activeUsers: 31, newUsers: 11, returningUsers: 20 },
      { period: '2024-05-02', events: 387, activeUsers: null, newUsers: null, returningUsers: null },
    ],
  }).periods;
  const on = numbersView(testSummary(), { sampleRate: 1, identityDisabled: false });
  const off = numbersView(testSummary(), { sampleRate: 1, identityDisabled: true });

  it('keep users the backend gave, and a null (a gap, never 0) where it gave none', () => {
    expect(activityData(periods, 'day', on).map(r => [r.label, r.activeUsers, r.events])).toEqual([
      ['2024-05-01', 31, 300],
      ['2024-05-02', null, 387],
    ]);
    expect(newVsReturningData(periods, 'day', on).map(r => [r.newUsers, r.returningUsers])).toEqual([
      [11, 20],
      [null, null],
    ]);
  });

  it('have no users at all with identity disabled', () => {
    expect(activityData(periods, 'day', off).map(r => [r.activeUsers, r.events])).toEqual([
      [null, 300],
      [null, 387],
    ]);
    expect(newVsReturningData(periods, 'week', off).map(r => [r.label, r.newUsers, r.returningUsers])).toEqual([
      ['week of 2024-05-01', null, null],
      ['week of 2024-05-02', null, null],
    ]);
  });
});

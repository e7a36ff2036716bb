import { addDays, isDay, lastDays, rangeProblem } from './dateRange.js';

describe('date ranges', () => {
  afterEach(() => jest.restoreAllMocks());

  it('counts the last N days in UTC, today included', () => {
    // 23:30 UTC: still the 10th in UTC even where the local day is already the 11th.
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2024-03-10T23:30:00Z'));
    expect(lastDays(7)).toEqual({ from: '2024-03-04', to: '2024-03-10' });
    expect(lastDays(1)).toEqual({ from: '2024-03-10', to: '2024-03-10' });
  });

  it('crosses months and leap days', () => {
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
  });

  it('accepts only real days and ordered ranges', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2023-02-29')).toBe(false);
    expect(isDay('')).toBe(false);
    expect(rangeProblem({ from: '2024-01-02', to: '2024-01-01' })).toMatch(/on or before/);
    expect(rangeProblem({ from: '2024-01-01', to: '2024-01-01' })).toBeUndefined();
  });
});

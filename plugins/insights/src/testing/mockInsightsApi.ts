import type { InsightsApi } from '../api/InsightsApi.js';
import { testSummary } from './testSummary.js';

/** A jest-mocked read API; by default it answers `testSummary()`. */
export function mockInsightsApi(
  getSummary: InsightsApi['getSummary'] = async () => testSummary(),
): jest.Mocked<InsightsApi> {
  return { getSummary: jest.fn(getSummary), exportUrl: jest.fn(), export: jest.fn() };
}

import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type { InsightsSummary } from 'backstage-plugin-insights-wasm-common';
import type {
  InsightsApi,
  InsightsExportRequest,
  InsightsSummaryRequest,
} from './InsightsApi.js';
import { InsightsApiError } from './InsightsApiError.js';

// Kept local rather than imported: the common package is CommonJS, and only
// its types are imported so bundlers never have to interoperate with it.
const PLUGIN_ID = 'backstage-insights';

/** Reads the Insights backend through Backstage's discovery and fetch APIs. */
export class InsightsClient implements InsightsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getSummary(request: InsightsSummaryRequest): Promise<InsightsSummary> {
    const { from, to, grouping } = request;
    const response = await this.request('summary', { from, to, grouping });
    try {
      return (await response.json()) as InsightsSummary;
    } catch {
      // A dev server's HTML fallback answers 200 for any path: not the backend.
      throw new InsightsApiError(
        'not-installed',
        'The Insights backend did not answer with JSON; it is probably not installed.',
        response.status,
      );
    }
  }

  async exportUrl(request: InsightsExportRequest): Promise<string> {
    const { from, to, format } = request;
    return this.url('export', { from, to, format });
  }

  async export(request: InsightsExportRequest): Promise<Blob> {
    const { from, to, format } = request;
    const response = await this.request('export', { from, to, format });
    return response.blob();
  }

  private async url(path: string, query: Record<string, string>): Promise<string> {
    const base = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    return `${base}/${path}?${new URLSearchParams(query).toString()}`;
  }

  private async request(path: string, query: Record<string, string>): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetchApi.fetch(await this.url(path, query));
    } catch (error) {
      throw new InsightsApiError(
        'not-installed',
        `Could not reach the Insights backend: ${errorMessage(error)}`,
      );
    }
    if (response.ok) return response;
    const detail = await bodyMessage(response);
    if (response.status === 403) {
      throw new InsightsApiError('forbidden', detail ?? 'Permission denied', 403);
    }
    if (response.status === 404) {
      throw new InsightsApiError(
        'not-installed',
        detail ?? 'The Insights backend is not installed',
        404,
      );
    }
    const fallback =
      response.status === 401
        ? 'Not signed in: sign in to Backstage again'
        : `Request failed with ${response.status} ${response.statusText}`.trim();
    throw new InsightsApiError('other', detail ?? fallback, response.status);
  }
}

/** The backend's `{error:{message}}`, when the body has one. */
async function bodyMessage(response: Response): Promise<string | undefined> {
  try {
    const body = await response.json();
    const message = body?.error?.message;
    return typeof message === 'string' && message ? message : undefined;
  } catch {
    return undefined;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

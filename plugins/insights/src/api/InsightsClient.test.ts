import { InsightsApiError } from './InsightsApiError.js';
import { InsightsClient } from './InsightsClient.js';

const BASE = 'http://backstage.test/api/backstage-insights';

function clientAnswering(answer: () => Promise<Response>) {
  const fetch = jest.fn((_url: string) => answer());
  const getBaseUrl = jest.fn(async (_pluginId: string) => BASE);
  const client = new InsightsClient({
    discoveryApi: { getBaseUrl },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, fetch, getBaseUrl };
}

const json = (status: number, body: unknown) =>
  Promise.resolve({
    ok: status >= 200 && status < 300,
    status,
    statusText: '',
    json: async () => body,
  } as Response);

async function rejection(promise: Promise<unknown>): Promise<InsightsApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    e => e,
  );
  expect(error).toBeInstanceOf(InsightsApiError);
  return error;
}

const request = { from: '2024-05-01', to: '2024-05-30', grouping: 'week' } as const;

describe('InsightsClient', () => {
  it('asks the backstage-insights base URL for /summary with from, to and grouping', async () => {
    const { client, fetch, getBaseUrl } = clientAnswering(() => json(200, { from: 'x' }));
    await expect(client.getSummary(request)).resolves.toEqual({ from: 'x' });
    expect(getBaseUrl).toHaveBeenCalledWith('backstage-insights');
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/summary?from=2024-05-01&to=2024-05-30&grouping=week`,
    );
  });

  it('builds the export URL', async () => {
    const { client } = clientAnswering(() => json(200, {}));
    await expect(
      client.exportUrl({ from: '2024-05-01', to: '2024-05-02', format: 'ndjson' }),
    ).resolves.toBe(`${BASE}/export?from=2024-05-01&to=2024-05-02&format=ndjson`);
  });

  it('fetches the export with fetchApi (so the token goes along) as a blob', async () => {
    const file = new Blob(['a,b\n']);
    const { client, fetch } = clientAnswering(() =>
      Promise.resolve({ ok: true, status: 200, blob: async () => file } as Response),
    );
    await expect(
      client.export({ from: '2024-05-01', to: '2024-05-02', format: 'csv' }),
    ).resolves.toBe(file);
    expect(fetch).toHaveBeenCalledWith(`${BASE}/export?from=2024-05-01&to=2024-05-02&format=csv`);
  });

  it('maps 403 to forbidden, keeping the backend message', async () => {
    const { client } = clientAnswering(() => json(403, { error: { message: 'Nope' } }));
    const error = await rejection(client.getSummary(request));
    expect(error.reason).toBe('forbidden');
    expect(error.status).toBe(403);
    expect(error.message).toBe('Nope');
  });

  it('maps 404 to not-installed', async () => {
    const { client } = clientAnswering(() => json(404, {}));
    expect((await rejection(client.getSummary(request))).reason).toBe('not-installed');
  });

  it('maps a network failure to not-installed', async () => {
    const { client } = clientAnswering(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = await rejection(client.getSummary(request));
    expect(error.reason).toBe('not-installed');
    expect(error.message).toContain('Failed to fetch');
  });

  it('maps a 200 that is not JSON (a dev server page) to not-installed', async () => {
    const { client } = clientAnswering(() =>
      Promise.resolve({
        ok: true,
        status: 200,
        json: async () => {
          throw new SyntaxError('Unexpected token <');
        },
      } as unknown as Response),
    );
    expect((await rejection(client.getSummary(request))).reason).toBe('not-installed');
  });

  it('maps 400 to other, with the backend message', async () => {
    const { client } = clientAnswering(() =>
      json(400, { error: { message: 'from must be a day' } }),
    );
    const error = await rejection(client.getSummary(request));
    expect(error.reason).toBe('other');
    expect(error.message).toBe('from must be a day');
  });
});

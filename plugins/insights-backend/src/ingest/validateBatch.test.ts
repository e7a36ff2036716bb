import { validateBatch } from './validateBatch';

const event = (over: Record<string, unknown> = {}) => ({
  id: '0f8e2c1b-7a9d-4e36-8c1f-2b3a4d5e6f70',
  timestamp: '2026-11-25T02:00:41.987Z',
  action: 'navigate',
  subject: '/catalog',
  attributes: {},
  context: { pluginId: 'catalog' },
  identity: null,
  ...over,
});
const batch = (events: unknown[], over: Record<string, unknown> = {}) => ({
  batchId: '9b1c4a52-8f35-4d0e-9d6a-3f1d2c4b5a6e',
  sentAt: '2026-11-25T02:00:42.123Z',
  events,
  ...over,
});
const problem = (body: unknown) => {
  const r = validateBatch(body);
  return 'problem' in r ? `${r.problem.field}: ${r.problem.message}` : 'ok';
};

describe('validateBatch', () => {
  it('takes the README example', () => {
    expect(problem(batch([event({ value: 3, identity: 'a'.repeat(64) })]))).toBe('ok');
  });

  it('names the first bad field', () => {
    const events = [event(), event(), event(), event({ timestamp: 'yesterday' })];
    expect(problem(batch(events))).toBe('events[3].timestamp: not RFC 3339');
    expect(problem(batch([event({ id: 'x' })]))).toBe('events[0].id: not a UUID');
    expect(problem(batch([event({ identity: 'A'.repeat(64) })]))).toBe(
      'events[0].identity: must be 64 lowercase hex characters or null',
    );
    expect(problem(batch([event({ extra: 1 })]))).toBe('events[0].extra: is not part of the wire contract');
    const { subject, ...noSubject } = event();
    expect(subject).toBe('/catalog');
    expect(problem(batch([noSubject]))).toBe('events[0].subject: is required');
    expect(problem(batch([event({ attributes: { deep: { x: 1 } } })]))).toBe(
      'events[0].attributes.deep: must be string,number,boolean',
    );
    expect(problem(batch([], { sentAt: 'now' }))).toBe('sentAt: not RFC 3339');
    expect(problem([])).toBe('body: must be object');
  });

  it('refuses empty batches and more than 500 events', () => {
    expect(problem(batch([]))).toBe('events: must not be empty');
    expect(problem(batch(Array.from({ length: 501 }, () => event())))).toBe('events: at most 500 events per batch');
    expect(problem(batch(Array.from({ length: 500 }, () => event())))).toBe('ok');
  });
});

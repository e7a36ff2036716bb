import type { WireEvent } from 'backstage-plugin-insights-wasm-common';
import { EventScrubber } from './scrubber';

const event = (over: Partial<WireEvent>): WireEvent => ({
  id: '0f8e2c1b-7a9d-4e36-8c1f-2b3a4d5e6f70',
  timestamp: '2026-11-25T02:00:41.987Z',
  action: 'navigate',
  subject: '/catalog',
  attributes: {},
  context: {},
  identity: null,
  ...over,
});

describe('EventScrubber (the Rust scrubber, loaded in Node)', () => {
  const scrubber = new EventScrubber({ allowedQueryParams: ['tab'], redactAttributes: ['email'] });

  it('removes what a foreign client left in every string', () => {
    const raw = event({
      action: 'search jane@example.com',
      subject: '/catalog/default/user/jane.doe?tab=api&q=secret#x',
      value: 3,
      attributes: { to: 'mailto:bob@example.com', token: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', n: 7, ok: true, Email: 'x' },
      context: { note: 'Jane.Doe card 4111 1111 1111 1111', pluginId: 'catalog' },
    });
    const before = JSON.stringify(raw);
    const [out] = scrubber.scrub([raw], 'user:default/jane.doe');
    expect(out).toEqual({
      ...raw,
      action: 'search <email>',
      subject: '/catalog/default/user/<user>?tab=api',
      attributes: { to: 'mailto:<email>', token: '<token>', n: 7, ok: true },
      context: { note: '<user> card <card>', pluginId: 'catalog' },
    });
    expect(JSON.stringify(raw)).toBe(before);
  });

  it('changes nothing the module already scrubbed, cut text included', () => {
    const clean = event({ subject: `${'a'.repeat(1024)}…<truncated>`, attributes: { q: '<email> and <token>' } });
    expect(scrubber.scrub([clean], 'user:default/jane.doe')).toEqual([clean]);
  });

  it('caps huge strings and drops long keys', () => {
    const [out] = scrubber.scrub(
      [event({ subject: 'x '.repeat(100_000), attributes: { ['k'.repeat(129)]: 1, ['k'.repeat(128)]: 2 } })],
      undefined,
    );
    expect(Buffer.byteLength(out.subject)).toBeLessThan(1100);
    expect(out.subject.endsWith('…<truncated>')).toBe(true);
    expect(Object.keys(out.attributes)).toEqual(['k'.repeat(128)]);
  });

  describe('allow-lists', () => {
    const raw = event({
      attributes: { to: '/docs', Email: 'x', note: 'free', n: 1 },
      context: { pluginId: 'catalog', extension: 'App', routeRef: 'root' },
    });
    const scrub = (over: object) =>
      new EventScrubber({ allowedQueryParams: [], redactAttributes: ['email'], ...over }).scrub([raw], undefined)[0];

    it('keep every key when not set', () => {
      expect(scrub({})).toMatchObject({ attributes: { to: '/docs', note: 'free', n: 1 }, context: raw.context });
    });

    it('keep only the listed keys, ignoring ASCII case; the redact list still wins', () => {
      const out = scrub({ allowedAttributes: ['TO', 'n', 'email'], allowedContext: ['pluginid'] });
      expect(out.attributes).toEqual({ to: '/docs', n: 1 });
      expect(out.context).toEqual({ pluginId: 'catalog' });
    });

    it('keep nothing when empty, and each list guards its own map', () => {
      const out = scrub({ allowedAttributes: [], allowedContext: ['to'] });
      expect(out.attributes).toEqual({});
      expect(out.context).toEqual({});
    });
  });
});

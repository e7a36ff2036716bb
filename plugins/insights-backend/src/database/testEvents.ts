import type { StoredEvent } from './InsightsStore';

let n = 0;
/** A stored event with a fresh id; tests set what they count. */
export function storedEvent(over: Partial<StoredEvent> = {}): StoredEvent {
  n += 1;
  const day = over.day ?? '2026-11-02';
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    day,
    timestamp: `${day}T10:00:00.000Z`,
    receivedAt: Date.parse(`${day}T10:00:01.000Z`),
    action: 'navigate',
    subject: '/catalog',
    value: null,
    attributes: {},
    context: { pluginId: 'catalog' },
    identity: 'a'.repeat(64),
    team: 'group:default/team-a',
    ...over,
  };
}

/** A 64-hex identity numbered `i`. */
export const user = (i: number) => i.toString(16).padStart(64, '0');

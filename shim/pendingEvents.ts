/**
 * Events captured before the core is ready.
 *
 * @packageDocumentation
 */

/** How many events wait for the core at most; beyond that the oldest are dropped. */
export const MAX_PENDING_EVENTS = 1000;

/** One event as the plugin passed it, and when it was captured. */
export type PendingEvent = { event: unknown; timestampMs: number };

/** A bounded FIFO: memory stays bounded however long the core takes to load. */
export class PendingEvents {
  private items: PendingEvent[] = [];

  constructor(private readonly capacity: number = MAX_PENDING_EVENTS) {}

  /** Number of events waiting. */
  get length(): number {
    return this.items.length;
  }

  /** Appends; returns `true` when the oldest event was dropped to make room. */
  push(item: PendingEvent): boolean {
    this.items.push(item);
    if (this.items.length <= this.capacity) return false;
    this.items.shift();
    return true;
  }

  /** Removes and returns every waiting event, oldest first. */
  drain(): PendingEvent[] {
    const drained = this.items;
    this.items = [];
    return drained;
  }
}

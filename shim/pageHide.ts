/**
 * The page-hide events the shim needs while the core is not running yet,
 * and the count of events a page could not save.
 *
 * @packageDocumentation
 */

/** A page-hide event: `final` when the page is being unloaded for good. */
export type PageHide = {
  /** `pagehide`, or `visibilitychange` to hidden. */
  type: 'pagehide' | 'visibilitychange';
  /**
   * A `pagehide` not kept in the back/forward cache (`persisted: false`):
   * no script of this page runs again, so what is only in its memory is lost.
   * A hidden page, or one kept in the cache, may still come back.
   */
  final: boolean;
};

/**
 * Calls `onHide` on `visibilitychange` to hidden (on `document`) and on
 * `pagehide` (on `window`), the two events the core itself listens to.
 * Returns a function that removes both listeners. Without a `window` or
 * `document` (Node, a worker) it listens to what exists. `onHide` must not throw.
 */
export function watchPageHide(onHide: (hide: PageHide) => void): () => void {
  const { window: win, document: doc } = globalThis as { window?: EventTarget; document?: Document };
  const onVisibility = () => {
    if (doc?.visibilityState === 'hidden') onHide({ type: 'visibilitychange', final: false });
  };
  const onPageHide = (event: Event) => {
    onHide({ type: 'pagehide', final: (event as PageTransitionEvent).persisted !== true });
  };
  doc?.addEventListener?.('visibilitychange', onVisibility);
  win?.addEventListener?.('pagehide', onPageHide);
  return () => {
    doc?.removeEventListener?.('visibilitychange', onVisibility);
    win?.removeEventListener?.('pagehide', onPageHide);
  };
}

/** Whether the document is hidden now (`false` without a document). */
export function documentHidden(): boolean {
  return (globalThis as { document?: Document }).document?.visibilityState === 'hidden';
}

/**
 * The `localStorage` key of the number of events pages left before the core
 * could start (a count, nothing of the events).
 */
export const LEFT_BEFORE_LOAD_KEY = 'backstage-insights:v1:leftBeforeLoad';

/**
 * Adds `count` to the stored number of events lost because their page was
 * unloaded before the wasm core could start: they could not be scrubbed, so
 * they could be neither sent nor stored. A running total for this origin in
 * this browser, which every later page reports ({@link readLeftBeforeLoad});
 * a count that one page took and cleared would be lost again with it when
 * that page is also left early. Never throws (storage may be disabled or full).
 */
export function recordLeftBeforeLoad(count: number): void {
  if (!(count > 0)) return;
  try {
    globalThis.localStorage.setItem(LEFT_BEFORE_LOAD_KEY, String(readLeftBeforeLoad() + count));
  } catch {
    // Nowhere to keep the count: the events are lost uncounted.
  }
}

/** The number {@link recordLeftBeforeLoad} keeps; 0 if none or unreadable. Never throws. */
export function readLeftBeforeLoad(): number {
  try {
    const count = Number(globalThis.localStorage.getItem(LEFT_BEFORE_LOAD_KEY) ?? 0);
    return Number.isSafeInteger(count) && count > 0 ? count : 0;
  } catch {
    return 0;
  }
}

/**
 * Whether `backstageInsights.debug` turns debug mode on, read as the core
 * reads it (`true`, `1`, or `y`/`yes`/`true`/`1`/`on` in any case): debug
 * mode writes nothing to storage, the count included.
 */
export function debugRequested(rawConfig: unknown): boolean {
  const debug = rawConfig !== null && typeof rawConfig === 'object' ? (rawConfig as { debug?: unknown }).debug : undefined;
  if (debug === true || debug === 1) return true;
  return typeof debug === 'string' && ['y', 'yes', 'true', '1', 'on'].includes(debug.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '').toLowerCase());
}

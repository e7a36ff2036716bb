/**
 * The shim's console logging (one prefix, errors described in one line,
 * never a throw), and the two helpers that keep it from throwing into the
 * app or leaving rejections unhandled (`attempt`) and from holding a Node
 * test process open (`unrefTimer`).
 *
 * @packageDocumentation
 */

/** Prefix of every message the shim writes to the console. */
export const LOG_PREFIX = '[backstage-insights]';

/**
 * Calls `fn` and returns its result as a promise: a synchronous throw (for
 * example a missing API object) becomes a rejection the caller handles.
 */
export function attempt<T>(fn: () => T | PromiseLike<T>): Promise<T> {
  return new Promise<T>(resolve => resolve(fn()));
}

/**
 * Lets Node exit while a timer is pending (a no-op in browsers, where timers
 * are numbers). The shim's timers live as long as the page does.
 */
export function unrefTimer(timer: unknown): void {
  const handle = timer as { unref?: () => void } | null | undefined;
  if (handle && typeof handle.unref === 'function') handle.unref();
}

/** A one-line description of anything thrown, for a console message. */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message}`;
    return String(error);
  } catch {
    return 'unknown error';
  }
}

/** `console.error` with the module's prefix; never throws, even with a replaced console. */
export function logError(message: string): void {
  try {
    console.error(`${LOG_PREFIX} ${message}`);
  } catch {
    // Nothing else can report it; the drop counters in stats() still do.
  }
}

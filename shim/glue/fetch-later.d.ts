// fetchLater (deferred fetching, https://wicg.github.io/pending-beacon/ and the
// Fetch standard's "deferred fetching"), which TypeScript's DOM library does not
// declare yet. Types only, for checking the glue: never shipped.

interface DeferredRequestInit extends RequestInit {
  /** Send at the latest this many ms after registering, even if the page stays. */
  activateAfter?: number;
}

interface FetchLaterResult {
  /** Whether the browser has sent the request. */
  readonly activated: boolean;
}

declare function fetchLater(input: RequestInfo | URL, init?: DeferredRequestInit): FetchLaterResult;

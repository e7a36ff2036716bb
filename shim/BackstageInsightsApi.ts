/**
 * The `AnalyticsApi` implementation: Backstage wiring and async glue around
 * the WebAssembly core, which does all the work (scrubbing, identity hashing,
 * batching, delivery, debug output).
 *
 * @packageDocumentation
 */

import type {
  AnalyticsApi,
  AnalyticsEvent,
  ConfigApi,
  DiscoveryApi,
  FetchApi,
  IdentityApi,
  StorageApi,
} from '@backstage/core-plugin-api';
import { chooseOptedOut, takeConsent } from './consent.js';
import { keepTokenFresh } from './credentials.js';
import { type Endpoint, resolveEndpoint } from './endpoint.js';
import { describeError, logError, unrefTimer } from './log.js';
import { lookUpIdentity } from './identity.js';
import { type Core, type CoreModule, loadCore, loadCoreSync } from './loadCore.js';
import {
  debugRequested,
  documentHidden,
  type PageHide,
  recordLeftBeforeLoad,
  readLeftBeforeLoad,
  watchPageHide,
} from './pageHide.js';
import { MAX_PENDING_EVENTS, PendingEvents } from './pendingEvents.js';
import { type BackstageInsightsStats, DropCounter, DropReason, mergeStats } from './stats.js';

/**
 * The APIs {@link BackstageInsightsApi.fromConfig} takes: the same as the
 * Spotify Insights module's, so switching modules is an import change.
 *
 * @public
 */
export type BackstageInsightsApiOptions = {
  /** Resolves the default collector endpoint, `${getBaseUrl('backstage-insights')}/events`. */
  discoveryApi: DiscoveryApi;
  /**
   * Accepted for compatibility; not used. The core delivers with the
   * browser's own `fetch(..., { keepalive: true })`: the flush on `pagehide` /
   * `visibilitychange` must start its request synchronously, inside the event
   * handler, which an async `fetchApi` (and its middleware) cannot guarantee.
   * The Backstage token is added by the core from `identityApi` instead.
   */
  fetchApi: FetchApi;
  /** The signed-in user (hashed with the salt by the core) and the Backstage token. */
  identityApi: IdentityApi;
  /**
   * Accepted for compatibility; not used. Batches that cannot be sent while
   * the page is hidden are persisted by the core with synchronous
   * `localStorage` writes, which the asynchronous `StorageApi` cannot provide
   * inside a `pagehide` handler.
   */
  storageApi?: StorageApi;
};

/**
 * Backstage `AnalyticsApi` that scrubs personal data from every event, tags it
 * with a salted hash of the signed-in user, batches it, and delivers it to the
 * collector; the work is done by a WebAssembly core.
 *
 * `captureEvent` never throws and never mutates the event (other analytics
 * APIs in `MultipleAnalyticsApi` see the same object).
 *
 * @public
 */
export class BackstageInsightsApi implements AnalyticsApi {
  /**
   * Creates the API from the `backstageInsights` config. Returns at once: the
   * core loads in the background, and events captured meanwhile wait (at
   * most 1000; beyond that the oldest are dropped and counted).
   *
   * Configuration problems (a missing salt, a wrong type) are reported by the
   * core with one `console.error` naming the key; a core that cannot be
   * loaded is reported with one `console.error`. Neither throws.
   */
  static fromConfig(config: ConfigApi, options: BackstageInsightsApiOptions): BackstageInsightsApi {
    return new BackstageInsightsApi(config, options);
  }

  private core: Core | undefined;
  private failed = false;
  /** The raw `backstageInsights` block, as read once at construction. */
  private rawConfig: unknown;
  private endpoint: Endpoint | undefined;
  /** Listens to page hide until the core runs (then the core listens itself). */
  private stopHideWatch: (() => void) | undefined;
  /** A hide came while the core could not start, and its events are still here. */
  private missedHide = false;
  private coreErrorReported = false;
  /** `optOut()` (true) or `optIn()` (false) called before the core was ready. */
  private optedOutBeforeCore: boolean | undefined;
  private identity: { userEntityRef: string | undefined } | undefined;
  private token: { value: string | undefined } | undefined;
  private stopTokenRefresh: (() => void) | undefined;
  private readonly pending = new PendingEvents();
  private readonly drops = new DropCounter();

  private constructor(config: ConfigApi, options: BackstageInsightsApiOptions) {
    try {
      // Raw on purpose: the core validates it and names any bad key.
      this.rawConfig = config.getOptional('backstageInsights');
      this.drops.add(DropReason.leftBeforeLoad, readLeftBeforeLoad());
      this.stopHideWatch = watchPageHide(hide => this.onHideBeforeCore(hide));
      lookUpIdentity(options.identityApi, ref => this.applyIdentity(ref));
      takeConsent(this);
      this.stopTokenRefresh = keepTokenFresh(options.identityApi, token => this.applyToken(token));
      void this.start(config, options.discoveryApi);
    } catch (error) {
      this.fail(`could not start: ${describeError(error)}.`);
    }
  }

  /** Hands the event to the core, or keeps it until the core is ready. Never throws. */
  captureEvent(event: AnalyticsEvent): void {
    try {
      const timestampMs = Date.now();
      if (this.core) this.forward(this.core, event, timestampMs);
      else if (this.failed) this.drops.add(DropReason.coreUnavailable);
      else if (this.pending.push({ event, timestampMs })) this.drops.add(DropReason.bufferFull);
    } catch {
      this.drops.add(DropReason.shimError);
    }
  }

  /**
   * The user opts out of analytics in this browser: from now on nothing is
   * sent or stored (events waiting are dropped and counted as `optedOut`,
   * stored ones are removed), also in other open tabs and on later visits,
   * until {@link BackstageInsightsApi.optIn}. The same as
   * `BackstageInsights.optOut()`: every instance of the page takes it. Never throws.
   */
  optOut(): void {
    chooseOptedOut(true);
  }

  /** The user opts back in (the other controls still apply). Never throws. */
  optIn(): void {
    chooseOptedOut(false);
  }

  /**
   * The page's choice, handed to every instance by `consent.ts`.
   *
   * @internal
   */
  applyOptedOut(out: boolean): void {
    if (!this.core) {
      // Applied when the core starts, before it sends or stores anything.
      this.optedOutBeforeCore = out;
      return;
    }
    try {
      if (out) this.core.optOut();
      else this.core.optIn();
    } catch (error) {
      this.reportCoreError(error);
    }
  }

  /**
   * Counters for debugging and tests: the core's `queued`, `delivered` and
   * `dropped` by reason (with `total`), plus events waiting in or dropped by this shim
   * (`bufferFull`, `coreUnavailable`, `coreError`, and `leftBeforeLoad`:
   * a running total for the origin in this browser, earlier pages included).
   */
  stats(): BackstageInsightsStats {
    let coreStats: unknown;
    if (this.core) {
      try {
        coreStats = this.core.stats();
      } catch (error) {
        this.reportCoreError(error);
      }
    }
    return mergeStats(coreStats, this.drops.snapshot(), this.pending.length);
  }

  private async start(config: ConfigApi, discoveryApi: DiscoveryApi): Promise<void> {
    try {
      const rawConfig = this.rawConfig;
      const waits = {
        core: loadCore(),
        endpoint: resolveEndpoint(rawConfig, discoveryApi, config).then(endpoint => (this.endpoint = endpoint)),
      };
      // Said at once, not after a discovery lookup that may never answer.
      const loadFailed = (reason: unknown) =>
        this.fail(
          `could not load the WebAssembly core (${describeError(reason)}). ` +
            'Check that the bundle includes insights_bg.wasm, that the server sends it as ' +
            "application/wasm, and that a Content-Security-Policy allows 'wasm-unsafe-eval'.",
        );
      waits.core.catch(loadFailed);
      const stalled = reportStall(waits, () => this.failed);
      const [glue, endpoint] = await Promise.allSettled([waits.core, waits.endpoint]);
      clearTimeout(stalled);
      if (this.core) return; // started by a page-hide handler meanwhile
      if (glue.status === 'rejected') return; // reported by the catch above
      if (endpoint.status === 'rejected') {
        this.fail(
          `could not resolve the collector endpoint (${describeError(endpoint.reason)}). ` +
            "Set backstageInsights.endpoint in app-config.yaml, or make discovery resolve 'backstage-insights'.",
        );
        return;
      }
      const core = createCore(glue.value, rawConfig, endpoint.value, this.optedOutBeforeCore);
      this.attach(core);
      // A hide this page saw before the core could start: the core's own
      // listeners missed it, and the page may never be shown again.
      if (this.missedHide && documentHidden()) core.pageHidden();
    } catch (error) {
      this.fail(`the WebAssembly core failed to start (${describeError(error)}).`);
    }
  }

  /**
   * The page is hidden or left while the core is not running yet (once it
   * runs, its own listeners handle hides). If the glue and the wasm bytes
   * have arrived, the core starts now, synchronously, takes the waiting
   * events, and handles this hide as its listener would have: sends with
   * `keepalive`, stores the rest (scrubbed) in its outbox. If they have not,
   * nothing can scrub the events: a page that may come back keeps them
   * waiting; a page unloaded for good loses them, and they are counted
   * (`leftBeforeLoad`, kept in `localStorage` and reported by every later
   * page's `stats()`). Never throws.
   */
  private onHideBeforeCore(hide: PageHide): void {
    try {
      if (this.core || this.failed) return;
      const glue = loadCoreSync();
      if (glue && this.endpoint) {
        const core = createCore(glue, this.rawConfig, this.endpoint, this.optedOutBeforeCore);
        this.attach(core);
        core.pageHidden();
        return;
      }
      // Also when the synchronous start failed (a wasm that does not
      // compile): the load's rejection is reported a microtask later.
      this.missedHide = true;
      if (hide.final && this.pending.length > 0) {
        const lost = this.pending.drain().length;
        this.drops.add(DropReason.leftBeforeLoad, lost);
        if (!debugRequested(this.rawConfig)) recordLeftBeforeLoad(lost);
      }
    } catch (error) {
      this.fail(`the WebAssembly core failed to start (${describeError(error)}).`);
    }
  }

  /** The core is ready: give it what is known so far, then the waiting events in order. */
  private attach(core: Core): void {
    this.core = core;
    this.stopHideWatch?.();
    if (this.identity) this.applyIdentity(this.identity.userEntityRef);
    if (this.token) this.applyToken(this.token.value);
    for (const { event, timestampMs } of this.pending.drain()) {
      this.forward(core, event, timestampMs);
    }
  }

  private fail(message: string): void {
    if (this.failed) return;
    this.failed = true;
    this.stopHideWatch?.();
    this.drops.add(DropReason.coreUnavailable, this.pending.drain().length);
    try {
      this.stopTokenRefresh?.();
    } catch {
      // Only a timer and a listener; nothing to report.
    }
    logError(`${message} Analytics events are not sent.`);
  }

  private forward(core: Core, event: unknown, timestampMs: number): void {
    try {
      core.capture(event, timestampMs);
    } catch (error) {
      this.drops.add(DropReason.coreError);
      this.reportCoreError(error);
    }
  }

  private applyIdentity(userEntityRef: string | undefined): void {
    this.identity = { userEntityRef };
    if (!this.core) return;
    try {
      this.core.setIdentity(userEntityRef);
    } catch (error) {
      this.reportCoreError(error);
    }
  }

  private applyToken(token: string | undefined): void {
    this.token = { value: token };
    if (!this.core || !this.endpoint?.sendsToken) return;
    try {
      this.core.setToken(token);
    } catch (error) {
      this.reportCoreError(error);
    }
  }

  /** The core is documented never to throw; if it does (a wasm trap), say so once. */
  private reportCoreError(error: unknown): void {
    if (this.coreErrorReported) return;
    this.coreErrorReported = true;
    logError(`the WebAssembly core failed (${describeError(error)}); events it could not take are counted in stats().`);
  }
}

/** How long the start may take before the console says what it waits for. */
export const STALL_REPORT_MS = 10_000;

/**
 * A load or a discovery lookup that never settles would hold events without a
 * word: after {@link STALL_REPORT_MS}, one `console.error` names what has not
 * answered. Events keep waiting (bounded) in case it still does.
 */
function reportStall(
  waits: { core: Promise<unknown>; endpoint: Promise<unknown> },
  failed: () => boolean,
): ReturnType<typeof setTimeout> {
  const settled = { core: false, endpoint: false };
  const mark = (key: keyof typeof settled) => () => {
    settled[key] = true;
  };
  waits.core.then(mark('core'), mark('core'));
  waits.endpoint.then(mark('endpoint'), mark('endpoint'));
  const timer = setTimeout(() => {
    const pending = [
      settled.core ? '' : 'the WebAssembly core has not loaded',
      settled.endpoint ? '' : "discoveryApi.getBaseUrl('backstage-insights') has not answered",
    ].filter(Boolean);
    // Never empty: the timer is cleared as soon as both have settled.
    if (failed()) return;
    logError(
      `${pending.join(' and ')} after ${STALL_REPORT_MS / 1000} s; events wait ` +
        `(at most ${MAX_PENDING_EVENTS}, then the oldest are dropped and counted).`,
    );
  }, STALL_REPORT_MS);
  unrefTimer(timer);
  return timer;
}

function createCore(glue: CoreModule, rawConfig: unknown, endpoint: Endpoint, optedOut: boolean | undefined): Core {
  return new glue.InsightsCore(rawConfig, endpoint.url, optedOut);
}

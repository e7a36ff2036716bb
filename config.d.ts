/**
 * Configuration schema of backstage-plugin-analytics-module-insights-wasm
 * (`"configSchema": "config.d.ts"` in package.json).
 *
 * Every key is read in the browser, so every key is `@visibility frontend`.
 * This schema checks presence and types when Backstage loads config; the
 * WebAssembly core checks everything again at run time (ranges included) and
 * reports a bad value with one `console.error` naming the key and the fix,
 * so config that reaches the app unvalidated is still caught, never thrown.
 */
export interface Config {
  /**
   * Backstage Insights analytics module. Leave the whole block out and the
   * module sends nothing (the core reports the missing salt once in the
   * browser console).
   */
  backstageInsights?: {
    /**
     * Salt for the user identity: events carry
     * `lowercase hex(SHA-256(userEntityRef + salt))`, never the entity ref.
     * Required: without it nothing is sent.
     *
     * The hash is computed in the browser, so the salt is delivered to every
     * browser that loads the app (hence `@visibility frontend`). It
     * pseudonymises users towards the collector and whoever reads its data;
     * it is not a secret: anyone who can load the app can read it, and with
     * it and a list of user entity refs can recompute every hash. Use a long
     * random value per installation, and keep it stable: a new salt makes
     * every user look new.
     *
     * @visibility frontend
     */
    salt: string;

    /**
     * Log each event and each would-be batch to the browser console, and send
     * and store nothing (no network requests, no `localStorage` writes).
     * For local and pre-production config.
     *
     * @default false
     * @visibility frontend
     */
    debug?: boolean;

    /**
     * Absolute http(s) URL of the collector that receives the batches
     * (`POST`, JSON). Defaults to
     * `${discoveryApi.getBaseUrl('backstage-insights')}/events`. Requests
     * carry the user's Backstage token only when the URL is under
     * `backend.baseUrl` or a `discovery.endpoints` target, as with
     * Backstage's own `fetchApi`.
     *
     * @visibility frontend
     */
    endpoint?: string;

    /**
     * Whether events carry the user's pseudonymous identity:
     * - `optional`: events wait (bounded) for the identity lookup, and leave
     *   with `identity: null` if it fails;
     * - `required`: events without an identity are dropped (counted as
     *   `noIdentity` in `stats()`);
     * - `disabled`: fully anonymous; no identity is computed or sent, and the
     *   Insights backend stores none (give the backend the same value).
     *
     * A value not understood is read as `disabled`, and reported.
     *
     * @default optional
     * @visibility frontend
     */
    identity?: 'optional' | 'required' | 'disabled';

    /**
     * The app hosts events are sent from, for example only the production
     * hostname, so that local and staging traffic does not count. Hostnames
     * without scheme, port or path; `*.example.com` matches its subdomains.
     * On any other host nothing is sent or stored, and the console says so
     * once. Default: every host.
     *
     * @visibility frontend
     */
    hosts?: string[];

    /**
     * Send and store nothing from a browser that sends the Global Privacy
     * Control signal (`navigator.globalPrivacyControl`).
     *
     * @default true
     * @visibility frontend
     */
    respectGlobalPrivacyControl?: boolean;

    /**
     * The share of browser sessions whose events are sent, from 0 to 1.
     * Each tab session is in or out as a whole (decided once, kept across
     * reloads in `sessionStorage`), never event by event, so funnels stay
     * whole. The dashboard scales its counts by the rate.
     *
     * @default 1
     * @visibility frontend
     */
    sampleRate?: number;

    /**
     * Fixed names and values added to every event's context, for example the
     * app version, environment or region. Scrubbed like any value; at most 16.
     *
     * @visibility frontend
     * @deepVisibility frontend
     */
    attributes?: { [name: string]: string | number | boolean };

    /** When queued events are sent. */
    batch?: {
      /**
       * Send when this many events wait. A whole number from 1 to 500.
       *
       * @default 25
       * @visibility frontend
       */
      maxEvents?: number;

      /**
       * Send before a request body passes this many UTF-8 bytes. A whole
       * number from 2048 to 61440 (60 KiB): browsers cap the bodies of
       * `keepalive` requests in flight at 64 KiB in total, and the page-hide
       * flush depends on them.
       *
       * @default 49152
       * @visibility frontend
       */
      maxBytes?: number;

      /**
       * Send at least this often (milliseconds) while events wait. A whole
       * number from 250 to 3600000 (one hour).
       *
       * @default 5000
       * @visibility frontend
       */
      flushIntervalMs?: number;
    };

    /** What the scrubber keeps and drops, on top of its fixed rules. */
    scrub?: {
      /**
       * Query parameters kept in URLs and paths; every other parameter, and
       * the fragment, is removed.
       *
       * @default []
       * @visibility frontend
       */
      allowedQueryParams?: string[];

      /**
       * Attribute and context keys dropped from every event outright.
       *
       * @default []
       * @visibility frontend
       */
      redactAttributes?: string[];

      /**
       * When set, the only attribute keys kept (case ignored); every other
       * attribute is dropped and counted (`fieldsDropped` in `stats()`).
       *
       * @visibility frontend
       */
      allowedAttributes?: string[];

      /**
       * When set, the only context keys kept (case ignored), for example
       * `[pluginId, extension, routeRef]`; every other context entry is
       * dropped and counted. The configured `attributes` are always added.
       *
       * @visibility frontend
       */
      allowedContext?: string[];
    };
  };
}

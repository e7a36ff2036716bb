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
    };
  };
}

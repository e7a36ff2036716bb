export interface Config {
  backstageInsights?: {
    /**
     * The salt the analytics module hashes identities with (`app-config.yaml`,
     * shared with the frontend). The backend recomputes each user's hash
     * from the token and refuses batches carrying another.
     * @visibility frontend
     */
    salt?: string;
    /**
     * Whether events carry the user's salted hash: `optional` (the default)
     * and `required` store the hash the backend computes from the token;
     * `disabled` stores none (and no team) for every event, whatever a batch
     * carries, and /summary reports per-user numbers as not available.
     * @visibility frontend
     */
    identity?: 'optional' | 'required' | 'disabled';
    scrub?: {
      /**
       * Query parameters kept in URLs; the backend's second scrubbing pass
       * keeps the same ones as the module.
       * @visibility frontend
       */
      allowedQueryParams?: string[];
      /**
       * Attribute and context keys dropped outright, by the module and again by the backend.
       * @visibility frontend
       */
      redactAttributes?: string[];
      /**
       * When set, the only attribute keys kept (compared ignoring ASCII case),
       * by the module and again by the backend; `[]` keeps none.
       * @visibility frontend
       */
      allowedAttributes?: string[];
      /**
       * When set, the only context keys kept (compared ignoring ASCII case),
       * by the module and again by the backend; `[]` keeps none. The
       * dashboard's top plugins need `pluginId`, its entities `entityRef`.
       * @visibility frontend
       */
      allowedContext?: string[];
    };
    /** The Insights backend's own settings (never sent to the browser). */
    backend?: {
      /** Days events and rollups are kept. Default 365. */
      retentionDays?: number;
      /**
       * Teams with fewer distinct users than this in a period are reported as
       * "other", so no small team's numbers point at a person. Default 5.
       */
      minTeamSize?: number;
      rateLimit?: {
        /**
         * Events one user may send per minute (per backend replica); more get
         * 429 with Retry-After. Default 1200. 0 turns the limit off.
         */
        eventsPerMinute?: number;
      };
      /** Log one line per stored event (the demo turns it on). Default false. */
      logEvents?: boolean;
    };
  };
}

export interface Config {
  /** The demo's own switches (www/backend). */
  demo?: {
    /** Store 90 days of labelled sample usage from the demo organisation on the first start. */
    seedSampleData?: boolean;
    /**
     * Sign in as the guest through the auth backend (served to the app by
     * www/backend/appServing.mjs; the test collector leaves it out).
     * @visibility frontend
     */
    guestSignIn?: boolean;
  };
}

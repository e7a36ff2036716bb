/**
 * The dashboard finds the backend through discovery; it reads two of the
 * analytics module's keys (declared with the same types in the module's and
 * the backend's `config.d.ts`) to say how its numbers read.
 */
export interface Config {
  backstageInsights?: {
    /**
     * The share of page sessions the module sends, from 0 to 1 (default 1).
     * Below 1 the dashboard says the numbers are estimates, scales event
     * counts by 1/rate, and shows user counts as lower bounds.
     * @visibility frontend
     */
    sampleRate?: number;
    /**
     * `disabled`: events carry no identity, and the dashboard shows per-user
     * numbers (active, new and returning users, adoption by team) as not
     * available, with the reason.
     * @visibility frontend
     */
    identity?: 'optional' | 'required' | 'disabled';
  };
}

/**
 * The user's analytics choice in this page: `optOut()` and `optIn()` reach
 * every {@link BackstageInsightsApi} of the page, also those created later
 * (the new frontend system builds the API on first use, and wraps it, so an
 * app cannot reach the instance). The core remembers the choice in the browser.
 *
 * @packageDocumentation
 */

/** What takes the choice: a BackstageInsightsApi. */
export type ConsentTaker = { applyOptedOut(out: boolean): void };

const takers = new Set<ConsentTaker>();
let choice: boolean | undefined;

/** Called by each API instance once: it gets the page's choice, if one was made, at once. */
export function takeConsent(taker: ConsentTaker): void {
  takers.add(taker);
  if (choice !== undefined) taker.applyOptedOut(choice);
}

/** Records the choice for the page and hands it to every instance. */
export function chooseOptedOut(out: boolean): void {
  choice = out;
  for (const taker of takers) taker.applyOptedOut(out);
}

/** Forgets the instances and the choice: each test file's page starts afresh. Internal. */
export function resetConsentForTesting(): void {
  takers.clear();
  choice = undefined;
}

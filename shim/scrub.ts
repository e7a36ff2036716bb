/**
 * The core's scrubber, for one string.
 *
 * @packageDocumentation
 */

import { loadCore } from './loadCore.js';

/**
 * Scrubs `text` with the default rules (URLs, emails, tokens, card numbers,
 * user entities), to check in the browser console what a value would look
 * like on the wire. Loads the core if needed; rejects if it cannot be loaded.
 *
 * @public
 */
export async function scrub(text: string): Promise<string> {
  const glue = await loadCore();
  return glue.scrub(String(text));
}

// @ts-check
// Console output for the core (config errors, warnings, the debug view of
// events and would-be batches). Imported by src/browser/console.rs
// (`#[wasm_bindgen(module = "/shim/glue/console.js")]`); wasm-bindgen copies
// this file as it is into pkg/snippets/, so it imports nothing.
//
// Both functions swallow what the console throws: a console replaced by one
// that throws (a test harness failing on console output, a broken wrapper)
// would otherwise throw through the wasm frames that hold the client's state,
// leaving it borrowed for good and every later event filed but never sent.
//
// Kept to plain ES2015 so every bundler and Jest take it as it is; typed with
// JSDoc and checked by `tsc -p shim/glue/tsconfig.json`.

/**
 * `console.error(text)`, or `console.warn(text)`.
 * @param {boolean} error
 * @param {string} text
 */
export function say(error, text) {
  try {
    error ? console.error(text) : console.warn(text);
  } catch (_) {}
}

/**
 * The parsed JSON, or the text itself when it is not JSON.
 * @param {string} json
 * @returns {any}
 */
function parsed(json) {
  try {
    return JSON.parse(json);
  } catch (_) {
    return json;
  }
}

/**
 * One collapsed group: an event (`stats` undefined; the title gets its action
 * and subject) or a would-be batch and the stats at that point.
 * @param {string} title
 * @param {string} json
 * @param {unknown} stats
 */
export function group(title, json, stats) {
  const value = parsed(json);
  if (stats === undefined) title += ' ' + value.action + ' ' + value.subject;
  try {
    console.groupCollapsed(title);
    console.log(value);
    if (stats !== undefined) console.log('stats', stats);
  } catch (_) {}
  try {
    console.groupEnd();
  } catch (_) {}
}

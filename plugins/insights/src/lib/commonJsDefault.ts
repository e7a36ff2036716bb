/**
 * The default export of a CommonJS module, however the app's bundler imported it.
 *
 * This package is an ES module (`"type": "module"`), and the Material UI 4
 * icons it imports one file at a time (`@material-ui/icons/GetApp`) are
 * CommonJS with `exports.default`. For an ES module importing CommonJS,
 * webpack and rspack (the Backstage CLI's bundlers) follow Node and hand over
 * the whole `module.exports` as the default import, `{ default: Icon }`, which
 * React refuses to render; Vite and Jest hand over `exports.default`. The
 * icons' package-level entry has real ES modules but loads every icon (over
 * 3 s in Jest), so the per-icon files stay, read through this.
 */
export function commonJsDefault<T>(imported: T): T {
  const inner = (imported as { default?: T } | null | undefined)?.default;
  return inner ?? imported;
}

import type { ExportedEvent } from '../database/InsightsStore';

const COLUMNS = ['id', 'timestamp', 'action', 'subject', 'value', 'attributes', 'context', 'identity', 'team'] as const;

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula starts with `'`. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The header line, then one line per event. */
export const csvFormat = {
  contentType: 'text/csv; charset=utf-8',
  header: `${COLUMNS.join(',')}\r\n`,
  row: (e: ExportedEvent) => `${COLUMNS.map(c => csvCell(e[c])).join(',')}\r\n`,
};

/** One JSON object per line, values as stored (NDJSON, for warehouse loaders). */
export const ndjsonFormat = {
  contentType: 'application/x-ndjson; charset=utf-8',
  header: '',
  row: (e: ExportedEvent) => `${JSON.stringify(e)}\n`,
};

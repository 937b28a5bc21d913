/**
 * Events as CSV (RFC 4180), as reference §5 defines the format: what `--format csv`
 * writes and what the server's export streams, one definition for both.
 */
import type { ShownEvent } from './event.js';

export const CSV_HEADER = 'seq,id,time,action,type,name,resourceId,account,user,details\r\n';

const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180 quoting, and a leading `'` on cells a spreadsheet would run as a formula (unless `raw`). */
export function csvCell(value: string, raw: boolean): string {
  const cell = !raw && FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** An event's cells, in the header's order; details as their JSON text. */
export const csvCells = (e: ShownEvent): string[] => [
  e.seq === null ? '' : String(e.seq),
  e.id,
  e.time,
  e.action,
  e.type,
  e.name,
  e.resourceId ?? '',
  e.account ?? '',
  e.user,
  e.details ?? '',
];

export const csvLine = (cells: readonly string[], raw: boolean): string =>
  `${cells.map((cell) => csvCell(cell, raw)).join(',')}\r\n`;

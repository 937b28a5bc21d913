import type { ActivityEvent } from '../core/event.js';
import { sanitize } from './sanitize.js';

export const FORMATS = ['table', 'tsv', 'csv', 'json', 'ndjson'] as const;
export type Format = (typeof FORMATS)[number];

/** Field order of every JSON form: the order of SPEC §1. */
export const toJson = (e: ActivityEvent): string =>
  JSON.stringify({
    seq: e.seq,
    id: e.id,
    time: e.time,
    action: e.action,
    type: e.type,
    name: e.name,
    resourceId: e.resourceId,
    account: e.account,
    user: e.user,
    details: e.details,
    hash: e.hash,
  });

/** `seq id time action type name resourceId account user`; escaping keeps every cell on one line. */
export const toTsvLine = (e: ActivityEvent): string =>
  `${e.seq}\t${sanitize(e.id)}\t${e.time}\t${e.action}\t${e.type}\t${sanitize(e.name)}\t${sanitize(e.resourceId ?? '')}\t${sanitize(e.account ?? '')}\t${sanitize(e.user)}\n`;

export const CSV_HEADER = 'seq,id,time,action,type,name,resourceId,account,user,details\r\n';

const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180 quoting, and a leading `'` on cells a spreadsheet would run as a formula. */
export function csvCell(value: string, raw: boolean): string {
  const cell = !raw && FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export const toCsvLine = (e: ActivityEvent, raw: boolean): string =>
  `${[
    String(e.seq),
    e.id,
    e.time,
    e.action,
    e.type,
    e.name,
    e.resourceId ?? '',
    e.account ?? '',
    e.user,
    e.details === null ? '' : JSON.stringify(e.details),
  ]
    .map((cell) => csvCell(cell, raw))
    .join(',')}\r\n`;

/** Writes a stream of events in one of the line formats, as they come. Returns how many. */
export async function writeEventStream(
  events: AsyncIterable<ActivityEvent>,
  format: Exclude<Format, 'table'>,
  write: (text: string) => Promise<void>,
  options: { csvRaw?: boolean } = {},
): Promise<number> {
  let count = 0;
  if (format === 'csv') await write(CSV_HEADER);
  if (format === 'json') await write('[');
  for await (const event of events) {
    if (format === 'ndjson') await write(`${toJson(event)}\n`);
    else if (format === 'json') await write(`${count === 0 ? '\n' : ',\n'}  ${toJson(event)}`);
    else if (format === 'tsv') await write(toTsvLine(event));
    else await write(toCsvLine(event, options.csvRaw === true));
    count++;
  }
  if (format === 'json') await write(count === 0 ? ']\n' : '\n]\n');
  return count;
}

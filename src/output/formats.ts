import type { ShownEvent } from '../core/event.js';
import { sanitize } from './sanitize.js';

export const FORMATS = ['table', 'tsv', 'csv', 'json', 'ndjson'] as const;
export type Format = (typeof FORMATS)[number];

const str = JSON.stringify;

/** One event as JSON, fields in the order of SPEC §1; details are already JSON text. */
export const toJson = (e: ShownEvent): string =>
  `{"seq":${e.seq},"id":${str(e.id)},"time":${str(e.time)},"action":${str(e.action)},"type":${str(e.type)},` +
  `"name":${str(e.name)},"resourceId":${str(e.resourceId)},"account":${str(e.account)},"user":${str(e.user)},` +
  `"details":${e.details ?? 'null'},"hash":${str(e.hash)}}`;

/** `seq id time action type name resourceId account user`; escaping keeps every cell on one line. */
export const toTsvLine = (e: ShownEvent): string =>
  `${e.seq ?? ''}\t${sanitize(e.id)}\t${e.time}\t${e.action}\t${e.type}\t${sanitize(e.name)}\t${sanitize(e.resourceId ?? '')}\t${sanitize(e.account ?? '')}\t${sanitize(e.user)}\n`;

export const CSV_HEADER = 'seq,id,time,action,type,name,resourceId,account,user,details\r\n';

const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180 quoting, and a leading `'` on cells a spreadsheet would run as a formula. */
export function csvCell(value: string, raw: boolean): string {
  const cell = !raw && FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export const toCsvLine = (e: ShownEvent, raw: boolean): string =>
  `${[
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
  ]
    .map((cell) => csvCell(cell, raw))
    .join(',')}\r\n`;

export type LineFormat = Exclude<Format, 'table'>;

/** One page of events as text in a line format; `first` says whether any came before. */
export function formatPage(events: readonly ShownEvent[], format: LineFormat, first: boolean, csvRaw = false): string {
  let text = '';
  for (const [i, event] of events.entries()) {
    if (format === 'ndjson') text += `${toJson(event)}\n`;
    else if (format === 'json') text += `${first && i === 0 ? '\n' : ',\n'}  ${toJson(event)}`;
    else if (format === 'tsv') text += toTsvLine(event);
    else text += toCsvLine(event, csvRaw);
  }
  return text;
}

const NEWLINE = Buffer.from('\n');
const JSON_FIRST = Buffer.from('\n  ');
const JSON_NEXT = Buffer.from(',\n  ');

/** Writes pages of events already serialized as JSON (UTF-8 bytes), as json or ndjson. */
export async function writeJsonStream(
  pages: AsyncIterable<readonly Uint8Array[]>,
  format: 'json' | 'ndjson',
  write: (data: string | Uint8Array) => Promise<void>,
): Promise<number> {
  let count = 0;
  if (format === 'json') await write('[');
  for await (const page of pages) {
    const parts: Uint8Array[] = [];
    for (const event of page) {
      if (format === 'ndjson') parts.push(event, NEWLINE);
      else parts.push(count === 0 && parts.length === 0 ? JSON_FIRST : JSON_NEXT, event);
    }
    if (parts.length === 0) continue;
    await write(Buffer.concat(parts));
    count += page.length;
  }
  if (format === 'json') await write(count === 0 ? ']\n' : '\n]\n');
  return count;
}

/** Writes a stream of event pages in a line format, as they come. Returns how many events. */
export async function writeEventStream(
  pages: AsyncIterable<readonly ShownEvent[]>,
  format: LineFormat,
  write: (text: string) => Promise<void>,
  options: { csvRaw?: boolean } = {},
): Promise<number> {
  let count = 0;
  if (format === 'csv') await write(CSV_HEADER);
  if (format === 'json') await write('[');
  for await (const page of pages) {
    if (page.length === 0) continue;
    await write(formatPage(page, format, count === 0, options.csvRaw === true));
    count += page.length;
  }
  if (format === 'json') await write(count === 0 ? ']\n' : '\n]\n');
  return count;
}

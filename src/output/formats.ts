import type { ShownEvent } from '../core/event.js';
import { CSV_HEADER, csvCell, csvCells, csvLine } from '../core/event-csv.js';
import { type JsonField, toJson, toJsonFields } from '../core/event-json.js';
import { sanitize, sanitizeJson } from './sanitize.js';

export { CSV_HEADER, csvCell };

export const FORMATS = ['table', 'tsv', 'csv', 'json', 'ndjson'] as const;
export type Format = (typeof FORMATS)[number];

/** `seq id time action type name resourceId account user`; escaping keeps every cell on one line. */
export const toTsvLine = (e: ShownEvent): string =>
  `${e.seq ?? ''}\t${sanitize(e.id)}\t${e.time}\t${e.action}\t${e.type}\t${sanitize(e.name)}\t${sanitize(e.resourceId ?? '')}\t${sanitize(e.account ?? '')}\t${sanitize(e.user)}\n`;

/**
 * On a terminal, json and csv must not carry raw what a terminal acts on (reference §5 asks
 * it of table and tsv; a person reads the others there too). JSON gets JSON's own
 * escapes, so it reads back the same; csv cells are escaped as tsv's are. In a pipe or
 * a file both stay exactly as stored.
 */
const forTerminal = (json: string, terminal: boolean): string => (terminal ? sanitizeJson(json) : json);

/** Bytes a terminal could act on in UTF-8 JSON: DEL, the lead byte of C1, and of the invisible controls. */
const SUSPECT_BYTES = [0x7f, 0xc2, 0xd8, 0xe2];

/** An event's JSON bytes for a terminal: decoded and escaped only when they may need it. */
export const jsonBytesForTerminal = (bytes: Uint8Array): Uint8Array => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return SUSPECT_BYTES.some((b) => buffer.includes(b)) ? Buffer.from(sanitizeJson(buffer.toString('utf8'))) : bytes;
};

export const toCsvLine = (e: ShownEvent, raw: boolean, terminal = false): string =>
  csvLine(terminal ? csvCells(e).map((cell) => sanitize(cell)) : csvCells(e), raw);

export type LineFormat = Exclude<Format, 'table'>;

/** How a line format is written: `csvRaw` (no formula prefix), `terminal` (see forTerminal), `fields` (json and ndjson: only these). */
export interface LineOptions {
  csvRaw?: boolean;
  terminal?: boolean;
  fields?: readonly JsonField[] | undefined;
}

/** One page of events as text in a line format; `first` says whether any came before. */
export function formatPage(
  events: readonly ShownEvent[],
  format: LineFormat,
  first: boolean,
  { csvRaw = false, terminal = false, fields }: LineOptions = {},
): string {
  let text = '';
  const json = (event: ShownEvent) =>
    forTerminal(fields === undefined ? toJson(event) : toJsonFields(event, fields), terminal);
  for (const [i, event] of events.entries()) {
    if (format === 'ndjson') text += `${json(event)}\n`;
    else if (format === 'json') text += `${first && i === 0 ? '\n' : ',\n'}  ${json(event)}`;
    else if (format === 'tsv') text += toTsvLine(event);
    else text += toCsvLine(event, csvRaw, terminal);
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
  terminal = false,
): Promise<number> {
  let count = 0;
  if (format === 'json') await write('[');
  for await (const page of pages) {
    const parts: Uint8Array[] = [];
    for (const bytes of page) {
      const event = terminal ? jsonBytesForTerminal(bytes) : bytes;
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
  options: LineOptions = {},
): Promise<number> {
  let count = 0;
  if (format === 'csv') await write(CSV_HEADER);
  if (format === 'json') await write('[');
  for await (const page of pages) {
    if (page.length === 0) continue;
    await write(formatPage(page, format, count === 0, options));
    count += page.length;
  }
  if (format === 'json') await write(count === 0 ? ']\n' : '\n]\n');
  return count;
}

import type { ActivityEvent } from '../core/event.js';
import { type Format, writeEventStream, writeJsonStream } from './formats.js';
import type { Output } from './io.js';
import { renderEventTable } from './table.js';

export interface RenderOptions {
  format: Format;
  now: number;
  csvRaw?: boolean;
  absolute?: boolean;
}

/** One query's events, as objects or already as JSON text: each format takes what suits it. */
export interface EventSource {
  events(): AsyncIterable<readonly ActivityEvent[]>;
  json(): AsyncIterable<readonly Uint8Array[]>;
}

/** Writes events in any format of SPEC §5; all but the table stream. Returns how many. */
export async function writeEvents(out: Output, source: EventSource, options: RenderOptions): Promise<number> {
  const write = (data: string | Uint8Array) => out.write(data);
  let count: number;
  if (options.format === 'table') {
    // A table must see every row to size its columns.
    const rows: ActivityEvent[] = [];
    for await (const page of source.events()) rows.push(...page);
    count = rows.length;
    if (count > 0) {
      await write(
        renderEventTable(rows, {
          chalk: out.chalk,
          now: options.now,
          absolute: options.absolute === true,
          ...(out.columns === undefined ? {} : { columns: out.columns }),
        }),
      );
    }
  } else if (options.format === 'json' || options.format === 'ndjson') {
    count = await writeJsonStream(source.json(), options.format, write);
  } else {
    count = await writeEventStream(source.events(), options.format, write, { csvRaw: options.csvRaw === true });
  }
  await out.flush();
  return count;
}

/** The table on a terminal, tab-separated lines for pipes (SPEC §5). */
export const defaultFormat = (out: Output): Format => (out.stdoutIsTerminal ? 'table' : 'tsv');

/** `1,234,567`. Not toLocaleString: loading ICU's locale data cost 20 ms here. */
export const formatCount = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

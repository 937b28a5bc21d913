import type { ResourceUrl } from '../core/console-url.js';
import type { ShownEvent } from '../core/event.js';
import { asJsonPages, type JsonField } from '../core/event-json.js';
import type { EventSource } from '../core/query.js';
import { FollowTable } from './follow.js';
import { CSV_HEADER, type Format, formatPage, writeEventStream, writeJsonStream } from './formats.js';
import type { Output } from './io.js';
import { renderEventTable } from './table.js';

export interface RenderOptions {
  format: Format;
  now: number;
  csvRaw?: boolean;
  absolute?: boolean;
  /** The console URLs of a table's rows (a URL template is configured). */
  urls?: (rows: readonly ShownEvent[]) => Promise<readonly ResourceUrl[]>;
  /** json and ndjson: only these fields (`--json id,name`). */
  fields?: readonly JsonField[] | undefined;
}

/** Writes events in any format of reference §5; all but the table stream. Returns how many. */
export async function writeEvents(out: Output, source: EventSource, options: RenderOptions): Promise<number> {
  const write = (data: string | Uint8Array) => out.write(data);
  let count: number;
  if (options.format === 'table') {
    // A table must see every row to size its columns.
    const rows: ShownEvent[] = [];
    for await (const page of source.events()) rows.push(...page);
    count = rows.length;
    if (count > 0) {
      await write(
        renderEventTable(rows, {
          chalk: out.chalk,
          now: options.now,
          absolute: options.absolute === true,
          ...(out.columns === undefined ? {} : { columns: out.columns }),
          ...(options.urls ? { urls: await options.urls(rows) } : {}),
          hyperlinks: out.hyperlinks,
        }),
      );
    }
  } else if (options.format === 'json' || options.format === 'ndjson') {
    const json =
      options.fields === undefined
        ? (source.json?.() ?? asJsonPages(source.events()))
        : asJsonPages(source.events(), options.fields);
    count = await writeJsonStream(json, options.format, write, out.stdoutIsTerminal);
  } else {
    count = await writeEventStream(source.events(), options.format, write, {
      csvRaw: options.csvRaw === true,
      terminal: out.stdoutIsTerminal,
    });
  }
  await out.flush();
  return count;
}

/**
 * Events written as they arrive (`tail -f`), in any format, each batch flushed at
 * once: a table cannot be redrawn, so it gets fixed columns and a row an event as they
 * come; a json array is closed by end().
 */
export class EventStreamWriter {
  private count = 0;
  private readonly table: FollowTable | undefined;

  constructor(
    private readonly out: Output,
    private readonly format: Format,
    private readonly options: Omit<RenderOptions, 'format' | 'now'> & { clock: () => number },
  ) {
    this.table =
      format === 'table'
        ? new FollowTable({
            chalk: out.chalk,
            ...(out.columns === undefined ? {} : { columns: out.columns }),
            absolute: options.absolute === true,
            hyperlinks: out.hyperlinks,
            clock: options.clock,
          })
        : undefined;
  }

  async begin(): Promise<void> {
    if (this.format === 'table') await this.out.write(this.table?.header() ?? '');
    if (this.format === 'csv') await this.out.write(CSV_HEADER);
    if (this.format === 'json') await this.out.write('[');
    await this.out.flush();
  }

  async write(events: readonly ShownEvent[]): Promise<void> {
    if (events.length === 0) return;
    const text =
      this.table !== undefined
        ? this.table.render(events, await this.options.urls?.(events))
        : formatPage(events, this.format as Exclude<Format, 'table'>, this.count === 0, {
            csvRaw: this.options.csvRaw === true,
            terminal: this.out.stdoutIsTerminal,
            fields: this.options.fields,
          });
    this.count += events.length;
    await this.out.write(text);
    await this.out.flush();
  }

  async end(): Promise<void> {
    if (this.format === 'json') await this.out.write(this.count === 0 ? ']\n' : '\n]\n');
    await this.out.flush();
  }
}

/** The table on a terminal, tab-separated lines for pipes (reference §5). */
export const defaultFormat = (out: Output): Format => (out.stdoutIsTerminal ? 'table' : 'tsv');

/** `1,234,567`. Not toLocaleString, whose locale data is slow to load (docs/architecture.md, "Measured choices"). */
export const formatCount = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

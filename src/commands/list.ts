import { Command } from 'commander';
import type { Context } from '../context.js';
import { NoMatchError, UsageError } from '../core/errors.js';
import type { EventFilter } from '../core/filter.js';
import { type FilterText, parseFilter } from '../core/filter-codec.js';
import type { EventQuery, EventSource } from '../core/query.js';
import { defaultFormat, formatCount, writeEvents } from '../output/events.js';
import { eventSource } from '../store/store.js';
import { CursorFile } from './cursor-file.js';
import {
  addFilterOptions,
  addFormatOptions,
  type FormatFlags,
  type OutputOptions,
  parseLimit,
  parseOutputOptions,
} from './options.js';
import { tableUrls } from './resource-urls.js';
import { noteUnknownNames } from './unknown-names.js';

export interface ListOptions extends OutputOptions {
  filter: EventFilter;
  /** undefined: --all. */
  limit: number | undefined;
  oldestFirst: boolean;
  exitStatus: boolean;
  /** Incremental export: only events after the seq stored here, in seq order. */
  cursorFile: string | undefined;
}

export const DEFAULT_LIMIT = 50;

export function listCommand(): Command {
  const command = new Command('list')
    .description('list the events that match the filters, newest first')
    .option('-n, --limit <n>', `show at most n events (default ${DEFAULT_LIMIT})`)
    .option('--all', 'show every matching event')
    .option('--reverse', 'oldest first: with --limit, the oldest n (tail -n shows the newest n, oldest first)')
    .option('--exit-status', 'exit 1 when nothing matched')
    .option(
      '--cursor-file <path>',
      'incremental export: only events after the seq saved in this file, which then moves',
    );
  addFilterOptions(command);
  addFormatOptions(command);
  return command.addHelpText(
    'after',
    `
Examples:
  activity list --user "Jane Doe" --action delete --type cluster --since 7d
  activity list --search gateway --since yesterday --absolute
  activity list --since 24h --all --format ndjson > events.ndjson
  activity list --type "node pools" --format csv --limit 500 > pools.csv
  activity list --format ndjson --cursor-file export.cursor >> events.ndjson`,
  );
}

type ListFlags = FilterText &
  FormatFlags & { limit?: string; all?: boolean; reverse?: boolean; exitStatus?: boolean; cursorFile?: string };

export function parseListOptions(flags: ListFlags, now: number): ListOptions {
  if (flags.cursorFile !== undefined && flags.reverse) {
    throw new UsageError('--reverse cannot be combined with --cursor-file', 'a cursor export is in seq order');
  }
  // A cursor export has no default limit: each run takes everything new.
  const defaultLimit = flags.cursorFile === undefined ? DEFAULT_LIMIT : undefined;
  return {
    filter: parseFilter(flags, now),
    limit: flags.all ? undefined : flags.limit === undefined ? defaultLimit : parseLimit(flags.limit),
    oldestFirst: flags.reverse === true,
    ...parseOutputOptions(flags),
    exitStatus: flags.exitStatus === true,
    cursorFile: flags.cursorFile,
  };
}

/** Passes on the first `limit` events, page by page, and notes whether there were more. */
export async function* upTo<T>(pages: AsyncIterable<readonly T[]>, limit: number | undefined, cut: { more: boolean }) {
  let count = 0;
  for await (const page of pages) {
    if (limit !== undefined && count + page.length > limit) {
      cut.more = true;
      yield page.slice(0, limit - count);
      return;
    }
    count += page.length;
    yield page;
  }
}

export async function runList(ctx: Context, options: ListOptions): Promise<void> {
  if (options.cursorFile !== undefined) return runCursorExport(ctx, options, new CursorFile(options.cursorFile));
  const store = await ctx.store('read');
  const format = options.format ?? defaultFormat(ctx.out);
  const cut = { more: false };
  // One more than the limit, to know whether the limit cut the result.
  const query: EventQuery = {
    filter: options.filter,
    order: options.oldestFirst ? 'oldest' : 'newest',
    ...(options.limit === undefined ? {} : { limit: options.limit + 1 }),
  };
  ctx.page();
  const shown = await writeEvents(ctx.out, limited(eventSource(store, query), options.limit, cut), {
    format,
    now: ctx.now,
    csvRaw: options.csvRaw,
    absolute: options.absolute,
    fields: options.fields,
    urls: tableUrls(ctx, store),
  });
  if (cut.more) {
    const total = await store.count(options.filter);
    ctx.out.message(`Showing ${formatCount(shown)} of ${formatCount(total)} events. Use --limit or --all for more.`);
  } else if (shown === 0 && format === 'table') {
    ctx.out.message('No events match.');
  }
  if (shown === 0) await noteUnknownNames(ctx, store, options.filter);
  if (shown === 0 && options.exitStatus) throw new NoMatchError('no events matched');
}

/** At most `limit` of the source's events; `cut.more` tells whether there were more. */
function limited(source: EventSource, limit: number | undefined, cut: { more: boolean }): EventSource {
  const { json } = source;
  return {
    events: () => upTo(source.events(), limit, cut),
    ...(json ? { json: () => upTo(json(), limit, cut) } : {}),
  };
}

/**
 * `--cursor-file`: the matching events after the stored seq, in seq order, up to the
 * store's head when the export began. The cursor then moves to that head (past the
 * events the filter skipped too) — or, when --limit cut the export, to the last event
 * written, where the next run continues. Only once stdout has taken everything.
 */
export async function runCursorExport(
  ctx: Context,
  options: Pick<ListOptions, 'filter' | 'limit' | 'exitStatus' | keyof OutputOptions>,
  cursor: CursorFile,
): Promise<void> {
  const after = cursor.read() ?? 0;
  const store = await ctx.store('read');
  const head = (await store.head())?.seq ?? 0;
  cursor.checkWithin(after, head);
  const format = options.format ?? defaultFormat(ctx.out);
  const cut = { more: false };
  const query: EventQuery = { filter: options.filter, order: 'seq', afterSeq: after, throughSeq: head };
  const page = { ...query, ...(options.limit === undefined ? {} : { limit: options.limit + 1 }) };
  const shown = await writeEvents(ctx.out, limited(eventSource(store, page), options.limit, cut), {
    format,
    now: ctx.now,
    csvRaw: options.csvRaw,
    absolute: options.absolute,
    fields: options.fields,
  });
  // Cut by --limit: the cursor stops at the last event written (json exports are
  // written as bytes, so it is looked up rather than read from them).
  let last = cut.more ? after : head;
  if (cut.more) {
    for await (const page of store.query({ ...query, limit: shown })) last = page.at(-1)?.seq ?? last;
  }
  await ctx.out.settle();
  cursor.write(last);
  if (cut.more) {
    const total = await store.count(options.filter, { afterSeq: after, throughSeq: head });
    ctx.out.message(
      `Showing ${formatCount(shown)} of ${formatCount(total)} new events; the next run continues after seq ${last}.`,
    );
  }
  if (shown === 0 && options.exitStatus) throw new NoMatchError('no new events matched');
}

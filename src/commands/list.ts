import { Command } from 'commander';
import type { Context } from '../context.js';
import { NoMatchError } from '../core/errors.js';
import type { EventFilter } from '../core/filter.js';
import { defaultFormat, formatCount, writeEvents } from '../output/events.js';
import type { Format } from '../output/formats.js';
import type { EventQuery } from '../store/store.js';
import {
  addFilterOptions,
  addFormatOptions,
  type FilterFlags,
  type FormatFlags,
  parseFilter,
  parseFormat,
  parseLimit,
} from './options.js';

export interface ListOptions {
  filter: EventFilter;
  /** undefined: --all. */
  limit: number | undefined;
  oldestFirst: boolean;
  format: Format | undefined;
  csvRaw: boolean;
  absolute: boolean;
  exitStatus: boolean;
}

export const DEFAULT_LIMIT = 50;

export function listCommand(): Command {
  const command = new Command('list')
    .description('list the events that match the filters, newest first')
    .option('--limit <n>', `show at most n events (default ${DEFAULT_LIMIT})`)
    .option('--all', 'show every matching event')
    .option('--reverse', 'oldest first')
    .option('--exit-status', 'exit 1 when nothing matched');
  addFilterOptions(command);
  addFormatOptions(command);
  return command.addHelpText(
    'after',
    `
Examples:
  activity list --user "Jane Doe" --action delete --type cluster --since 7d
  activity list --search gateway --since yesterday --absolute
  activity list --since 24h --all --format ndjson > events.ndjson
  activity list --type "node pools" --format csv --limit 500 > pools.csv`,
  );
}

type ListFlags = FilterFlags & FormatFlags & { limit?: string; all?: boolean; reverse?: boolean; exitStatus?: boolean };

export function parseListOptions(flags: ListFlags, now: number): ListOptions {
  return {
    filter: parseFilter(flags, now),
    limit: flags.all ? undefined : flags.limit === undefined ? DEFAULT_LIMIT : parseLimit(flags.limit),
    oldestFirst: flags.reverse === true,
    format: parseFormat(flags),
    csvRaw: flags.csvRaw === true,
    absolute: flags.absolute === true,
    exitStatus: flags.exitStatus === true,
  };
}

/** Passes on the first `limit` events, page by page, and notes whether there were more. */
async function* upTo<T>(pages: AsyncIterable<readonly T[]>, limit: number | undefined, cut: { more: boolean }) {
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
  const store = await ctx.store('read');
  const format = options.format ?? defaultFormat(ctx.out);
  const cut = { more: false };
  // One more than the limit, to know whether the limit cut the result.
  const query: EventQuery = {
    filter: options.filter,
    order: options.oldestFirst ? 'oldest' : 'newest',
    ...(options.limit === undefined ? {} : { limit: options.limit + 1 }),
  };
  const source = {
    events: () => upTo(store.query(query), options.limit, cut),
    json: () => upTo(store.queryJson(query), options.limit, cut),
  };
  const shown = await writeEvents(ctx.out, source, {
    format,
    now: ctx.now,
    csvRaw: options.csvRaw,
    absolute: options.absolute,
  });
  if (cut.more) {
    const total = await store.count(options.filter);
    ctx.out.message(`Showing ${formatCount(shown)} of ${formatCount(total)} events. Use --limit or --all for more.`);
  } else if (shown === 0 && format === 'table') {
    ctx.out.message('No events match.');
  }
  if (shown === 0 && options.exitStatus) throw new NoMatchError('no events matched');
}

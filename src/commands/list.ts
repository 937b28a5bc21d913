import { Command } from 'commander';
import type { Context } from '../context.js';
import type { ActivityEvent } from '../core/event.js';
import { NoMatchError } from '../core/errors.js';
import type { EventFilter } from '../core/filter.js';
import { defaultFormat, formatCount, writeEvents } from '../output/events.js';
import type { Format } from '../output/formats.js';
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

/** Passes on the first `limit` events and notes whether there were more. */
async function* upTo(events: AsyncIterable<ActivityEvent>, limit: number | undefined, cut: { more: boolean }) {
  let count = 0;
  for await (const event of events) {
    if (limit !== undefined && count === limit) {
      cut.more = true;
      return;
    }
    count++;
    yield event;
  }
}

export async function runList(ctx: Context, options: ListOptions): Promise<void> {
  const store = await ctx.store('read');
  const format = options.format ?? defaultFormat(ctx.out);
  const cut = { more: false };
  const events = store.query({
    filter: options.filter,
    order: options.oldestFirst ? 'oldest' : 'newest',
    ...(options.limit === undefined ? {} : { limit: options.limit + 1 }),
  });
  const shown = await writeEvents(ctx.out, upTo(events, options.limit, cut), {
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

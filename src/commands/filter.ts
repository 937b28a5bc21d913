import { Command } from 'commander';
import { deleteFilter } from '../config.js';
import type { Context } from '../context.js';
import { echo, NoMatchError, UsageError } from '../core/errors.js';
import type { EventFilter } from '../core/filter.js';
import { type FilterText, isEmptyFilterText, parseFilter } from '../core/filter-codec.js';
import { ProblemList } from '../core/problems.js';
import { filterEventStream } from '../filter/filter-events.js';
import { defaultFormat, formatCount, writeEvents } from '../output/events.js';
import { sanitize } from '../output/sanitize.js';
import { runInteractiveFilter } from './filter-interactive.js';
import { ndjsonInput } from './input-file.js';
import { upTo } from './list.js';
import {
  addFilterOptions,
  addFormatOptions,
  type FormatFlags,
  type OutputOptions,
  parseLimit,
  parseOutputOptions,
  shellQuote,
} from './options.js';

export interface FilterOptions extends OutputOptions {
  filter: EventFilter;
  /** A path, `-` for stdin, or undefined: stdin when it is not a terminal. */
  file: string | undefined;
  skipInvalid: boolean;
  /** Whether any filter flag was given: without one, on a terminal, the filter is asked for. */
  anyFilterFlag: boolean;
  /** At most this many matching events (undefined: all). */
  limit: number | undefined;
  exitStatus: boolean;
  /** `--list`: the saved filters instead; `--delete <name>`: forget one. */
  saved: { action: 'list' } | { action: 'delete'; name: string } | undefined;
}

export function filterCommand(): Command {
  const command = new Command('filter')
    .description(
      'filter an NDJSON stream of events (an export) with the filters of list, without any store; on a terminal with no flags, build a filter step by step',
    )
    .option('--file <path|->', 'read events from this NDJSON file (- or no --file: stdin)')
    .option('--skip-invalid', 'leave out lines that are not valid events, and say how many on stderr')
    .option('-n, --limit <n>', 'stop after n matching events')
    .option('--exit-status', 'exit 1 when nothing matched')
    .option('--list', 'list the saved filters (name, then its flags) instead')
    .option('--delete <name>', 'delete a saved filter instead');
  addFilterOptions(command);
  addFormatOptions(command);
  return command.addHelpText(
    'after',
    `
Examples:
  activity filter                     # on a terminal: pick users, types, actions, a time range; save it
  activity list --all --format ndjson > events.ndjson
  activity filter --action delete --type cluster --file events.ndjson
  activity list --all --format ndjson | activity filter --user "Jane Doe" --since 7d --format csv > jane.csv
  cat events.ndjson | activity filter --search gateway --skip-invalid --format ndjson
  activity filter --list                # the saved filters; use one with activity list --saved <name>`,
  );
}

type Flags = FilterText &
  FormatFlags & {
    file?: string;
    skipInvalid?: boolean;
    limit?: string;
    exitStatus?: boolean;
    list?: boolean;
    delete?: string;
  };

export function parseFilterOptions(flags: Flags, now: number): FilterOptions {
  if (flags.list && flags.delete !== undefined) {
    throw new UsageError('--list and --delete cannot be combined', 'give one of them');
  }
  return {
    filter: parseFilter(flags, now),
    file: flags.file,
    skipInvalid: flags.skipInvalid === true,
    ...parseOutputOptions(flags),
    anyFilterFlag: !isEmptyFilterText(flags),
    limit: flags.limit === undefined ? undefined : parseLimit(flags.limit),
    exitStatus: flags.exitStatus === true,
    saved: flags.list
      ? { action: 'list' }
      : flags.delete === undefined
        ? undefined
        : { action: 'delete', name: flags.delete },
  };
}

/**
 * The stream's events that match, in the stream's order, in any format. The filter is
 * reference §3's, parsed by the same code as list's and applied by matchesFilter, the
 * in-memory reference the stores are tested against. Lines that are not valid events
 * are named (exit 2) once the stream has been read, or counted with --skip-invalid.
 */
export async function runFilter(ctx: Context, options: FilterOptions): Promise<void> {
  if (options.saved !== undefined) return runSaved(ctx, options.saved);
  if (options.file === undefined && ctx.io.stdin.isTTY && !options.anyFilterFlag) return runInteractiveFilter(ctx);
  const { stream, close } = openInput(ctx, options);
  const problems = new ProblemList();
  const matching = () =>
    upTo(
      filterEventStream(stream, options.filter, ctx.now, (p) => problems.add(p.line, p.message)),
      options.limit,
      { more: false },
    );
  let shown: number;
  ctx.page();
  try {
    shown = await writeEvents(
      ctx.out,
      { events: matching },
      {
        format: options.format ?? defaultFormat(ctx.out),
        now: ctx.now,
        csvRaw: options.csvRaw,
        absolute: options.absolute,
        fields: options.fields,
      },
    );
  } finally {
    close();
  }
  if (options.skipInvalid) {
    const n = problems.count;
    if (n > 0) ctx.out.message(`Skipped ${formatCount(n)} invalid line${n === 1 ? '' : 's'}.`);
  } else {
    problems.throwIfAny(
      'the other lines were filtered',
      'fix the lines named, or add --skip-invalid to leave them out',
    );
  }
  if (shown === 0 && options.exitStatus) throw new NoMatchError('no events matched');
}

/** `--list`: each saved filter, its name then its flags; `--delete <name>`: forgets one. */
async function runSaved(ctx: Context, saved: NonNullable<FilterOptions['saved']>): Promise<void> {
  const filters = ctx.config.filters ?? {};
  if (saved.action === 'delete') {
    if (!deleteFilter(ctx.io.env, saved.name)) {
      const names = Object.keys(filters);
      throw new UsageError(
        `no saved filter ${echo(saved.name)}`,
        names.length > 0 ? `saved filters: ${names.join(', ')}` : 'there are none',
      );
    }
    ctx.out.message(`Deleted the saved filter ${echo(saved.name)}.`);
    return;
  }
  const names = Object.keys(filters).sort();
  if (names.length === 0) {
    ctx.out.message('No saved filters: build one with activity filter on a terminal, and save it.');
    return;
  }
  // A column of names on a terminal; name TAB flags in a pipe (completion reads the names).
  const width = ctx.out.stdoutIsTerminal ? Math.max(...names.map((name) => name.length)) + 2 : 0;
  const lines = names.map((name) => {
    const args = (filters[name] ?? []).map(shellQuote).join(' ');
    return width > 0 ? `${sanitize(name).padEnd(width)}${sanitize(args)}` : `${sanitize(name)}\t${sanitize(args)}`;
  });
  await ctx.out.write(`${lines.join('\n')}\n`);
  await ctx.out.flush();
}

function openInput(ctx: Context, options: FilterOptions): { stream: AsyncIterable<Buffer>; close: () => void } {
  if (options.file === undefined && ctx.io.stdin.isTTY) {
    throw new UsageError(
      'no events to filter: pipe NDJSON into activity filter, or give --file',
      'e.g. activity list --all --format ndjson | activity filter --type cluster; to query the store, use activity list',
    );
  }
  return ndjsonInput(options.file ?? '-', ctx.io.stdin);
}

import { Command } from 'commander';
import type { Context } from '../context.js';
import { UsageError } from '../core/errors.js';
import type { EventFilter } from '../core/filter.js';
import { type FilterText, isEmptyFilterText, parseFilter } from '../core/filter-codec.js';
import { ProblemList } from '../core/problems.js';
import { filterEventStream } from '../filter/filter-events.js';
import { defaultFormat, formatCount, writeEvents } from '../output/events.js';
import { runInteractiveFilter } from './filter-interactive.js';
import { ndjsonInput } from './input-file.js';
import {
  addFilterOptions,
  addFormatOptions,
  type FormatFlags,
  type OutputOptions,
  parseOutputOptions,
} from './options.js';

export interface FilterOptions extends OutputOptions {
  filter: EventFilter;
  /** A path, `-` for stdin, or undefined: stdin when it is not a terminal. */
  file: string | undefined;
  skipInvalid: boolean;
  /** Whether any filter flag was given: without one, on a terminal, the filter is asked for. */
  anyFilterFlag: boolean;
}

export function filterCommand(): Command {
  const command = new Command('filter')
    .description(
      'filter an NDJSON stream of events (an export) with the filters of list, without any store; on a terminal with no flags, build a filter step by step',
    )
    .option('--file <path|->', 'read events from this NDJSON file (- or no --file: stdin)')
    .option('--skip-invalid', 'leave out lines that are not valid events, and say how many on stderr');
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
  cat events.ndjson | activity filter --search gateway --skip-invalid --format ndjson`,
  );
}

type Flags = FilterText & FormatFlags & { file?: string; skipInvalid?: boolean };

export function parseFilterOptions(flags: Flags, now: number): FilterOptions {
  return {
    filter: parseFilter(flags, now),
    file: flags.file,
    skipInvalid: flags.skipInvalid === true,
    ...parseOutputOptions(flags),
    anyFilterFlag: !isEmptyFilterText(flags),
  };
}

/**
 * The stream's events that match, in the stream's order, in any format. The filter is
 * reference §3's, parsed by the same code as list's and applied by matchesFilter, the
 * in-memory reference the stores are tested against. Lines that are not valid events
 * are named (exit 2) once the stream has been read, or counted with --skip-invalid.
 */
export async function runFilter(ctx: Context, options: FilterOptions): Promise<void> {
  if (options.file === undefined && ctx.io.stdin.isTTY && !options.anyFilterFlag) return runInteractiveFilter(ctx);
  const { stream, close } = openInput(ctx, options);
  const problems = new ProblemList();
  const matching = () => filterEventStream(stream, options.filter, ctx.now, (p) => problems.add(p.line, p.message));
  try {
    await writeEvents(
      ctx.out,
      { events: matching },
      {
        format: options.format ?? defaultFormat(ctx.out),
        now: ctx.now,
        csvRaw: options.csvRaw,
        absolute: options.absolute,
      },
    );
  } finally {
    close();
  }
  if (options.skipInvalid) {
    const n = problems.count;
    if (n > 0) ctx.out.message(`Skipped ${formatCount(n)} invalid line${n === 1 ? '' : 's'}.`);
    return;
  }
  problems.throwIfAny('the other lines were filtered', 'fix the lines named, or add --skip-invalid to leave them out');
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

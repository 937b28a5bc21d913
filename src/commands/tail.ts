import { Command } from 'commander';
import type { Context } from '../context.js';
import { ExitCode, echo, NoMatchError, QuietExit, UsageError } from '../core/errors.js';
import type { ActivityEvent } from '../core/event.js';
import type { EventFilter } from '../core/filter.js';
import { type FilterText, parseFilter } from '../core/filter-codec.js';
import type { EventSource } from '../core/query.js';
import { defaultFormat, EventStreamWriter, writeEvents } from '../output/events.js';
import type { Format } from '../output/formats.js';
import { OutputClosedError } from '../output/io.js';
import { type ActivityStore, eventSource } from '../store/store.js';
import { CursorFile } from './cursor-file.js';
import { runCursorExport } from './list.js';
import {
  addFilterOptions,
  addFormatOptions,
  type FormatFlags,
  MAX_LIMIT,
  type OutputOptions,
  parseLimit,
  parseOutputOptions,
} from './options.js';
import { tableUrls } from './resource-urls.js';
import { noteUnknownNames } from './unknown-names.js';

export interface TailOptions extends OutputOptions {
  filter: EventFilter;
  /** -n: how many of the latest events to show first (DEFAULT_COUNT when not given); with a cursor file, how many new ones at most. */
  count: number | undefined;
  follow: boolean;
  cursorFile: string | undefined;
  exitStatus: boolean;
}

export const DEFAULT_COUNT = 10;

export function tailCommand(): Command {
  const command = new Command('tail')
    .description('the latest events, oldest first; with -f, then every new event as it is recorded')
    .option('-n, --lines <n>', `show the last n events (default ${DEFAULT_COUNT})`)
    .option('-f, --follow', 'keep printing new events as any process records them, until Ctrl-C')
    .option(
      '--cursor-file <path>',
      'print every event after the seq saved in this file (all of them when it is absent), and save how far it got',
    )
    .option('--exit-status', 'exit 1 when nothing matched (without --follow)');
  addFilterOptions(command);
  addFormatOptions(command);
  return command.addHelpText(
    'after',
    `
Examples:
  activity tail
  activity tail -f --type cluster,node-pool --account acme
  activity tail -f --format ndjson --cursor-file tail.cursor | grep --line-buffered '"action":"delete"'
  activity tail -n 50 --action delete --absolute`,
  );
}

type TailFlags = FilterText &
  FormatFlags & { lines?: string; follow?: boolean; cursorFile?: string; exitStatus?: boolean };

export function parseTailOptions(flags: TailFlags, now: number): TailOptions {
  const count = flags.lines === undefined ? undefined : parseCount(flags.lines);
  if (count === 0 && flags.cursorFile !== undefined && !flags.follow) {
    throw new UsageError('-n 0 with --cursor-file prints nothing', 'give -n 1 or more to cap a run, or no -n');
  }
  if (count !== undefined && flags.cursorFile !== undefined && flags.follow) {
    // Silently ignored it would look like a cap: a follower prints all that is new.
    throw new UsageError(
      '-n cannot be combined with --cursor-file and --follow: the follower prints every event after the cursor',
      'drop -n, or --follow to cap one run',
    );
  }
  if (flags.follow && flags.exitStatus) {
    throw new UsageError('--exit-status cannot be combined with --follow', 'a follower has no end to report on');
  }
  return {
    filter: parseFilter(flags, now),
    count,
    follow: flags.follow === true,
    cursorFile: flags.cursorFile,
    ...parseOutputOptions(flags),
    exitStatus: flags.exitStatus === true,
  };
}

/** `-n 0` is allowed with --follow: only what comes next. */
function parseCount(value: string): number {
  if (/^\s*0+\s*$/.test(value)) return 0;
  try {
    return parseLimit(value);
  } catch {
    throw new UsageError(
      `invalid -n/--lines ${echo(value)}`,
      `give a whole number from 0 to ${MAX_LIMIT.toLocaleString('en-US')}`,
    );
  }
}

export async function runTail(ctx: Context, options: TailOptions): Promise<void> {
  const cursor = options.cursorFile === undefined ? undefined : new CursorFile(options.cursorFile);
  // reference §2: --cursor-file "as for list": everything new, -n capping a run as --limit does.
  if (cursor !== undefined && !options.follow) {
    return runCursorExport(ctx, { ...options, limit: options.count }, cursor);
  }
  // As for list: an absent cursor file means from the beginning, so that an exporter's
  // first run skips nothing either.
  const after = cursor === undefined ? undefined : (cursor.read() ?? 0);
  const store = await ctx.store('read');
  const head = (await store.head())?.seq ?? 0;
  if (after !== undefined) cursor?.checkWithin(after, head);
  // Without a cursor file: the last n events. With one: everything after its seq, in
  // seq order, so that nothing recorded between two runs is skipped. Either way up to
  // the head read above, where following takes over: no gap, no duplicate.
  const backlog: EventSource =
    after === undefined
      ? latest(store, options, head)
      : eventSource(store, { filter: options.filter, order: 'seq', afterSeq: after, throughSeq: head });
  const format = options.format ?? defaultFormat(ctx.out);
  if (options.follow) return follow(ctx, store, backlog, { ...options, format }, cursor, head);
  if (cursor === undefined) ctx.page();

  const shown = await writeEvents(ctx.out, backlog, {
    format,
    now: ctx.now,
    csvRaw: options.csvRaw,
    absolute: options.absolute,
    fields: options.fields,
    urls: tableUrls(ctx, store),
  });
  await save(ctx, cursor, head);
  if (shown === 0) await noteUnknownNames(ctx, store, options.filter);
  if (shown === 0 && options.exitStatus) throw new NoMatchError('no events matched');
}

/**
 * The backlog, then every new matching event as it is committed, until SIGINT or
 * SIGTERM: then the output is complete (a json array closed), the cursor saved after
 * each batch, and the exit code 130 (or 143) without a message.
 */
async function follow(
  ctx: Context,
  store: ActivityStore,
  backlog: EventSource,
  options: TailOptions & { format: Format },
  cursor: CursorFile | undefined,
  head: number,
): Promise<void> {
  // A follower of a mistyped name would wait for ever in silence.
  await noteUnknownNames(ctx, store, options.filter);
  const writer = new EventStreamWriter(ctx.out, options.format, {
    csvRaw: options.csvRaw,
    absolute: options.absolute,
    fields: options.fields,
    urls: tableUrls(ctx, store),
    clock: Date.now,
  });
  const stop = new AbortController();
  // Ctrl-C ends with 130 (reference §9); a SIGTERM (a service manager, `timeout`) with 143, as 128 + its number.
  let exitCode: number = ExitCode.interrupted;
  const interrupt = (signal: NodeJS.Signals) => {
    if (signal === 'SIGTERM') exitCode = ExitCode.terminated;
    stop.abort();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  // Nobody reads any more (`tail -f | head -3`): end now, not at the next event's write.
  let readerGone = false;
  const unwatch = ctx.out.watchReader(() => {
    readerGone = true;
    stop.abort();
  });
  try {
    await writer.begin();
    // Ctrl-C is heeded after each page, not only once a large batch has been printed.
    for await (const page of backlog.events()) {
      await writer.write(page);
      if (stop.signal.aborted) break;
    }
    if (!stop.signal.aborted) {
      // Stopped within the backlog, the cursor stays where it was: the next run shows it again.
      await save(ctx, cursor, head);
      for await (const step of store.follow(options.filter, head, stop.signal)) {
        if (step.connection === 'lost') ctx.out.notice(`lost ${store.location}; following again once it answers`);
        if (step.connection === 'resumed')
          ctx.out.notice(`${store.location} answers again; following from seq ${step.through}`);
        await writer.write(step.events);
        await save(ctx, cursor, step.through);
        if (stop.signal.aborted) break;
      }
    }
    if (readerGone) throw new OutputClosedError();
    await writer.end();
  } finally {
    unwatch();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  throw new QuietExit(exitCode);
}

/** Moves the cursor, once stdout has taken everything before it. */
async function save(ctx: Context, cursor: CursorFile | undefined, seq: number): Promise<void> {
  if (cursor === undefined) return;
  await ctx.out.settle();
  cursor.write(seq);
}

/** The last `count` matching events up to `head`, oldest first. */
function latest(store: ActivityStore, options: TailOptions, head: number): EventSource {
  return {
    events: async function* () {
      const events: ActivityEvent[] = [];
      const count = options.count ?? DEFAULT_COUNT;
      if (count === 0) return;
      const query = { filter: options.filter, order: 'newest', limit: count, throughSeq: head } as const;
      for await (const page of store.query(query)) events.push(...page);
      yield events.reverse();
    },
  };
}

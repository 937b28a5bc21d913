import { closeSync, createReadStream } from 'node:fs';
import { Command } from 'commander';
import type { Context } from '../context.js';
import type { RecordSummary } from '../core/batch.js';
import { GENESIS_HASH } from '../core/chain.js';
import { AuthError, InvalidInputError, UsageError } from '../core/errors.js';
import { type EventInput, type NewEvent, validateEvent } from '../core/event.js';
import type { JsonField } from '../core/event-json.js';
import { emptyFilter } from '../core/filter.js';
import {
  ACTION_LABELS,
  ACTIONS,
  parseAction,
  parseResourceType,
  RESOURCE_TYPES,
  TYPE_LABELS,
} from '../core/resource-types.js';
import { formatIsoTime, parseTime } from '../core/time.js';
import { type NdjsonSource, parseEventStream } from '../ingest/parse-events.js';
import { formatCount, writeEvents } from '../output/events.js';
import type { Format } from '../output/formats.js';
import type { Prompter } from '../output/prompt.js';
import { type ActivityStore, eventSource } from '../store/store.js';
import { guardCommit } from './commit-guard.js';
import { openInputFile } from './input-file.js';
import { addFormatOptions, type FormatFlags, parseFormat, parseJsonFields, TIMES_HELP } from './options.js';

/** The flag values of one event, unparsed until validation. */
export interface EventFlags {
  action?: string;
  type?: string;
  name?: string;
  user?: string;
  account?: string;
  resourceId?: string;
  id?: string;
  at?: string;
  details?: string;
}

/** `jsonFields`: json and ndjson output, only these fields (`--json id,seq`). */
export type RecordOptions = (
  | { source: 'flags'; fields: EventFlags; format: Format | undefined }
  | { source: 'file'; path: string; format: Format | undefined }
) & { jsonFields: readonly JsonField[] | undefined };

const REQUIRED = ['action', 'type', 'name', 'user'] as const;
const FIELD_FLAGS = ['action', 'type', 'name', 'user', 'account', 'resourceId', 'id', 'at', 'details'] as const;

export function recordCommand(): Command {
  const command = new Command('record')
    .description('record one event from flags, or every event of an NDJSON file')
    .option('--action <action>', `what was done: ${ACTIONS.join(', ')}`)
    .option('--type <type>', `resource type: ${RESOURCE_TYPES.join(', ')}`)
    .option('--name <name>', 'resource name')
    .option('--user <full name>', 'who did it (default: $ACTIVITY_USER, then the config\'s "user")')
    .option('--account <name>', 'the account the resource belongs to')
    .option('--resource-id <id>', 'stable id of the resource')
    .option('--id <id>', 'event id; recording the same id and content again changes nothing')
    .option('--at <time>', 'when it happened (default: now): 2026-11-25T17:37:02Z, "5 minutes ago" (see Times)')
    .option('--details <json>', 'a JSON object, e.g. \'{"replicas":{"from":2,"to":3}}\'')
    .option('--file <path|->', 'record every event of an NDJSON file (- for stdin), all or nothing');
  addFormatOptions(command, 'none: a one-line summary on stderr');
  return command.addHelpText('after', TIMES_HELP).addHelpText(
    'after',
    `
Examples:
  activity record --action create --type cluster --name prod-eu-1 --account acme --user "Jane Doe"
  activity record --action update --type service --name api --user "Jane Doe" --details '{"replicas":{"from":2,"to":3}}'
  activity record --id "ci-$CI_PIPELINE_ID-deploy" --action create --type deployment --name api-v42 --user "CI Bot"
  activity list --all --format ndjson | activity record --file - --store backup.db`,
  );
}

type RecordFlags = EventFlags & FormatFlags & { file?: string };

export function parseRecordOptions(flags: RecordFlags): RecordOptions {
  const format = parseFormat(flags);
  const jsonFields = parseJsonFields(flags);
  if (flags.file !== undefined) {
    const mixed = FIELD_FLAGS.filter((field) => flags[field] !== undefined);
    if (mixed.length > 0) {
      throw new UsageError(
        `--file cannot be combined with ${mixed.map(flagName).join(', ')}`,
        'put those fields in the NDJSON lines, or record from flags without --file',
      );
    }
    return { source: 'file', path: flags.file, format, jsonFields };
  }
  const fields: EventFlags = {};
  for (const field of FIELD_FLAGS) if (flags[field] !== undefined) fields[field] = flags[field];
  return { source: 'flags', fields, format, jsonFields };
}

const flagName = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export async function runRecord(ctx: Context, options: RecordOptions): Promise<void> {
  if (options.source === 'file') return recordFile(ctx, options.path, options);
  const event = await eventFromFlags(ctx, options.fields);
  const store = await ctx.store('write');
  await checkReadBack(store, options.format);
  let summary: RecordSummary;
  const guard = guardCommit(ctx);
  try {
    summary = await store.record([[{ line: 1, event }]]);
    guard.committed();
    // A re-run step prints the event as first recorded, with its seq: the same output as the first run.
    const existing =
      summary.recorded === 0 && options.format !== undefined ? await store.get({ id: event.id }) : undefined;
    await report(ctx, summary, options, existing && { firstSeq: existing.seq, lastSeq: existing.seq });
    await noteFuture(ctx, store, summary);
  } catch (error) {
    // One event from flags has no "line 1": say what the store refused, plainly.
    if (error instanceof InvalidInputError && error.problems[0]) {
      throw new UsageError(error.problems[0].message, 'give a new --id, or the same content as before');
    }
    throw error;
  } finally {
    await guard.end();
  }
}

async function eventFromFlags(ctx: Context, given: EventFlags): Promise<NewEvent> {
  for (const field of FIELD_FLAGS) {
    // Node reads arguments as UTF-8 and puts U+FFFD where bytes were not: refused, as
    // record --file refuses a line that is not UTF-8, rather than recorded altered.
    if (given[field]?.includes('\uFFFD')) {
      throw new UsageError(
        `${flagName(field)} is not valid UTF-8 (or holds U+FFFD, which stands for bytes that were not)`,
        'give the value in UTF-8',
      );
    }
  }
  const fields = { ...given };
  fields.user ??= ctx.io.env.ACTIVITY_USER || ctx.config.user;
  const missing = REQUIRED.filter((field) => fields[field] === undefined || fields[field] === '');
  // The flags that were given are checked before anyone is asked for the rest.
  toEventInput(fields, ctx.now);
  if (fields.action !== undefined) parseAction(fields.action);
  if (fields.type !== undefined) parseResourceType(fields.type);
  if (missing.length > 0) {
    const noFieldGiven = FIELD_FLAGS.every((field) => given[field] === undefined);
    if (noFieldGiven && ctx.io.stdin.isTTY !== true) {
      // `generate | activity record`: events piped in, where --file - reads them.
      throw new UsageError(
        'no event given: record takes one event from flags, or NDJSON with --file',
        'to record the NDJSON on stdin: activity record --file -',
      );
    }
    if (!ctx.canPrompt) {
      const user = missing.includes('user')
        ? ' (--user may also come from $ACTIVITY_USER or the config\'s "user")'
        : '';
      throw new UsageError(
        `missing ${missing.map(flagName).join(', ')}`,
        `give ${missing.length === 1 ? 'it as a flag' : 'them as flags'}${user}, or run on a terminal without --no-input to be asked`,
      );
    }
    await askFor(ctx.prompter, missing, fields);
  }
  return validateEvent(toEventInput(fields, ctx.now), ctx.now);
}

function toEventInput(fields: EventFlags, now: number): EventInput {
  let details: unknown;
  if (fields.details !== undefined) {
    try {
      details = JSON.parse(fields.details);
    } catch (error) {
      throw new UsageError(`--details is not valid JSON: ${(error as Error).message}`, 'give a JSON object');
    }
  }
  return {
    action: fields.action,
    type: fields.type,
    name: fields.name,
    user: fields.user,
    account: fields.account,
    resourceId: fields.resourceId,
    id: fields.id,
    time: fields.at === undefined ? undefined : formatIsoTime(parseTime(fields.at, now)),
    details,
  };
}

/** Asks on the terminal for each required field the flags left out. */
async function askFor(
  prompter: Prompter,
  missing: readonly (typeof REQUIRED)[number][],
  fields: EventFlags,
): Promise<void> {
  const notBlank = (label: string) => (value: string) => (value.trim() === '' ? `${label} cannot be blank` : true);
  for (const field of missing) {
    if (field === 'action') {
      fields.action = await prompter.select(
        'Action',
        ACTIONS.map((a) => ({ value: a, name: ACTION_LABELS[a] })),
      );
    } else if (field === 'type') {
      fields.type = await prompter.select(
        'Resource type',
        RESOURCE_TYPES.map((t) => ({ value: t, name: TYPE_LABELS[t] })),
      );
    } else if (field === 'name') {
      fields.name = await prompter.input('Resource name', notBlank('the name'));
    } else {
      fields.user = await prompter.input('Your full name', notBlank('the name'));
    }
  }
}

/** How the recorded events are printed: the format asked for, and the fields of json and ndjson. */
type Printed = Pick<RecordOptions, 'format' | 'jsonFields'>;

async function recordFile(ctx: Context, path: string, printed: Printed): Promise<void> {
  let source: NdjsonSource;
  let fd: number | undefined;
  if (path === '-') {
    source = { stream: ctx.io.stdin as AsyncIterable<Buffer> };
  } else {
    const opened = openInputFile(path);
    fd = opened.fd;
    source = opened.stat.isFile()
      ? { fd: opened.fd, size: opened.stat.size }
      : { stream: createReadStream('', { fd: opened.fd, autoClose: false }) };
  }
  const guard = guardCommit(ctx);
  try {
    const store = await ctx.store('write');
    await checkReadBack(store, printed.format);
    // Where the events will join the chain, so that their hashes can be computed ahead. Only
    // a prediction, which a store checks: a server's write-only token may not read the head.
    const head = (await store.head().catch((error: unknown) => {
      if (error instanceof AuthError) return undefined;
      throw error;
    })) ?? { seq: 0, hash: GENESIS_HASH };
    const summary = await store.record(parseEventStream(source, { now: ctx.now, head }));
    guard.committed();
    await report(ctx, summary, printed);
    await noteFuture(ctx, store, summary);
  } finally {
    await guard.end();
    if (fd !== undefined) closeSync(fd);
  }
}

/** Later than now by more than this, an event's time is more likely a mistake than a clock's drift. */
export const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * A warning for events recorded with a time in the future: they are kept as given (a
 * clock may be ahead, and the time is the recorder's to state), but they would sit at
 * the top of every list and the card, "in 3 years", so someone should know at once.
 */
async function noteFuture(ctx: Context, store: ActivityStore, summary: RecordSummary): Promise<void> {
  if (summary.recorded === 0 || summary.firstSeq === undefined || summary.lastSeq === undefined) return;
  const since = ctx.now + FUTURE_SKEW_MS;
  const range = { afterSeq: summary.firstSeq - 1, throughSeq: summary.lastSeq };
  // A write-only token cannot count: the warning is then not given, the events stand.
  const ahead = await store.count({ ...emptyFilter(), since }, range).catch(() => 0);
  if (ahead === 0) return;
  ctx.out.notice(
    ahead === 1 && summary.recorded === 1
      ? 'the event is dated in the future (more than 5 minutes from now); recorded as given'
      : `${formatCount(ahead)} of the ${formatCount(summary.recorded)} events ${ahead === 1 ? 'is' : 'are'} dated in the future (more than 5 minutes from now); recorded as given`,
  );
}

/**
 * `--format` prints the recorded events as stored, read back: a server's write-only
 * token may not read. Refused before anything is written, not after the commit.
 */
async function checkReadBack(store: ActivityStore, format: Format | undefined): Promise<void> {
  if (format === undefined) return;
  try {
    await store.head();
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    throw new AuthError(
      `--format prints the recorded events back, which this token may not read: ${error.message}`,
      'drop --format (a summary on stderr says what was recorded), or use a token with read scope',
    );
  }
}

/**
 * A one-line summary for people; the events of `shown` (those recorded, unless told
 * otherwise) when a format was asked for, with the summary on stderr only on a terminal
 * or when some events were left unchanged.
 */
async function report(
  ctx: Context,
  summary: RecordSummary,
  { format, jsonFields }: Printed,
  shown: Pick<RecordSummary, 'firstSeq' | 'lastSeq'> = summary,
): Promise<void> {
  const line = summaryLine(summary);
  try {
    if (format !== undefined && shown.firstSeq !== undefined && shown.lastSeq !== undefined) {
      const store = await ctx.store('write');
      const recorded = eventSource(store, {
        filter: emptyFilter(),
        order: 'seq',
        afterSeq: shown.firstSeq - 1,
        throughSeq: shown.lastSeq,
      });
      await writeEvents(ctx.out, recorded, { format, now: ctx.now, fields: jsonFields });
    } else if (format === 'json') {
      await ctx.out.write('[]\n');
    }
    await ctx.out.settle();
  } catch (error) {
    // The events are committed whatever became of their printing: say so, so that a
    // retry is not taken for the first try.
    ctx.out.message(line);
    throw error;
  }
  if (format === undefined || ctx.out.stderrIsTerminal || summary.unchanged > 0) ctx.out.message(line);
}

function summaryLine(summary: RecordSummary): string {
  const parts: string[] = [];
  if (summary.recorded > 0 || summary.unchanged === 0) {
    const range =
      summary.firstSeq === undefined
        ? ''
        : summary.firstSeq === summary.lastSeq
          ? ` (seq ${summary.firstSeq})`
          : ` (seq ${formatCount(summary.firstSeq)}–${formatCount(summary.lastSeq ?? 0)})`;
    parts.push(`Recorded ${formatCount(summary.recorded)} event${summary.recorded === 1 ? '' : 's'}${range}`);
  }
  if (summary.unchanged > 0) {
    parts.push(`${formatCount(summary.unchanged)} already recorded, left unchanged`);
  }
  return `${parts.join('; ')}.`;
}

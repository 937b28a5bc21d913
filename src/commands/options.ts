import { type Command, Option } from 'commander';
import { echo, UsageError } from '../core/errors.js';
import { JSON_FIELDS, type JsonField } from '../core/event-json.js';
import { FILTER_FIELDS, type FilterText, filterFromArgs, mergeFilters } from '../core/filter-codec.js';
import { ACTIONS, RESOURCE_TYPES } from '../core/resource-types.js';
import { closest } from '../core/suggest.js';
import { FORMATS, type Format } from '../output/formats.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Each filter flag's value name and help; the flags themselves are the codec's. */
const FILTER_HELP: Record<keyof FilterText, [value: string, help: string]> = {
  user: ['full name', 'only events by this user (case-insensitive; repeatable)'],
  action: ['action[,action]', `only these actions: ${ACTIONS.join(', ')} (repeatable)`],
  type: ['type[,type]', `only these resource types (repeatable): ${RESOURCE_TYPES.join(', ')}`],
  account: ['name', 'only resources of this account (repeatable)'],
  resourceId: ['id', 'only this resource (repeatable)'],
  recordedBy: ['token name', 'only events a server recorded for this token (repeatable)'],
  search: ['text', 'resource name or action contains this text (case-insensitive)'],
  since: ['time', 'from this time on (inclusive): 2026-11-25, 7d, "3 hours ago", yesterday 10:00 (see Times)'],
  until: ['time', 'before this time (exclusive), same forms as --since'],
};

/** The time grammar, whole: time errors point here rather than repeating it. */
export const TIMES_HELP = `
Times (--since, --until, --at):
  2026-11-25, 2026-11-25T17:37, "2026-11-25 17:37:02", 2026-11-25T17:37:02.123Z
      ISO 8601, with Z or ±HH:MM; without, local time ($TZ) or, ending UTC, UTC
  90s, 30m, 2h, 7d, 2w, 1mo, 1y, 1h30m, "3 hours ago", "1 month ago"
      back from now; m is minutes, mo months (1M is refused as ambiguous)
  now, today, yesterday, tomorrow, 17:00, "yesterday 10:00"
      local midnight of that day, or the time of day given on it
  @1764092222
      unix seconds`;

export function addFilterOptions(command: Command): Command {
  for (const field of FILTER_FIELDS) {
    const [value, help] = FILTER_HELP[field.key];
    const option = new Option(`${field.flag} <${value}>`, help);
    command.addOption(field.many ? option.argParser(collect) : option);
  }
  return command
    .option('--saved <name>', 'a filter saved by activity filter (other filter flags add to it)')
    .addHelpText('after', TIMES_HELP);
}

export interface FormatFlags {
  format?: string;
  /** `-o`, as kubectl and aws spell --format. */
  output?: string;
  /** `--json`, or `--json id,name` (gh's way of choosing fields). */
  json?: boolean | string;
  csvRaw?: boolean;
  absolute?: boolean;
}

export function addFormatOptions(command: Command, defaultFormat = 'table on a terminal, tsv otherwise'): Command {
  return command
    .option('--format <format>', `output format: ${FORMATS.join(', ')} (default: ${defaultFormat})`)
    .option('-o, --output <format>', 'same as --format')
    .option(
      '--json [fields]',
      `same as --format json; with fields, only those (e.g. id,time,name): ${JSON_FIELDS.join(', ')}`,
    )
    .option('--csv-raw', 'csv: do not prefix cells that a spreadsheet would run as formulas')
    .option('--absolute', 'table: show local date and time instead of relative time');
}

/** How events are to be written, as list, tail and filter take it. */
export interface OutputOptions {
  format: Format | undefined;
  csvRaw: boolean;
  absolute: boolean;
  /** json and ndjson: only these fields. */
  fields: readonly JsonField[] | undefined;
}

export const parseOutputOptions = (flags: FormatFlags): OutputOptions => ({
  format: parseFormat(flags),
  csvRaw: flags.csvRaw === true,
  absolute: flags.absolute === true,
  fields: parseJsonFields(flags),
});

/** `--json id,name`: the fields asked for, in their order; undefined for every field. */
export function parseJsonFields(flags: FormatFlags): JsonField[] | undefined {
  if (typeof flags.json !== 'string') return undefined;
  const fields = flags.json.split(',').map((field) => field.trim());
  for (const field of fields) {
    if ((JSON_FIELDS as readonly string[]).includes(field)) continue;
    const guess = closest(field, JSON_FIELDS);
    throw new UsageError(
      field === '' ? `--json ${echo(flags.json)} names an empty field` : `--json: unknown field ${echo(field)}`,
      `${guess ? `did you mean "${guess}"? ` : ''}fields: ${JSON_FIELDS.join(', ')}`,
    );
  }
  return [...new Set(fields)] as JsonField[];
}

/** The format asked for, one of those a command can write (`command` names it when it cannot write them all). */
export function parseFormat(
  flags: FormatFlags,
  { formats = FORMATS, command }: { formats?: readonly Format[]; command?: string } = {},
): Format | undefined {
  if (flags.format !== undefined && flags.output !== undefined && flags.format !== flags.output) {
    throw new UsageError(`--format ${flags.format} and -o ${flags.output} disagree`, 'give one of them');
  }
  const given = flags.format ?? flags.output;
  // Fields are json's or ndjson's: `--json id,name -o ndjson` is ndjson with those fields.
  const fieldsFor = typeof flags.json === 'string' && given?.toLowerCase() === 'ndjson' ? 'ndjson' : undefined;
  if (flags.json !== undefined && flags.json !== false) {
    if (given !== undefined && given.toLowerCase() !== 'json' && fieldsFor === undefined) {
      throw new UsageError(`--json and --format ${given} disagree`, 'give one of them');
    }
    return fieldsFor ?? 'json';
  }
  if (given === undefined) return undefined;
  const format = given.toLowerCase() as Format;
  if (formats.includes(format)) return format;
  const what = FORMATS.includes(format) ? `${command} has no --format ${format}` : `unknown format ${echo(given)}`;
  throw new UsageError(what, `use one of: ${formats.join(', ')}`);
}

export const MAX_LIMIT = 10_000_000;

export function parseLimit(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > MAX_LIMIT) {
    throw new UsageError(
      `invalid --limit ${echo(value)}`,
      `give a whole number from 1 to ${MAX_LIMIT.toLocaleString('en-US')}, or --all`,
    );
  }
  return Number(value);
}

/** `--saved <name>`: the saved filter's flags, with the flags given beside it added (lists) or winning (single values). */
export function withSavedFilter<F extends FilterText & { saved?: string }>(
  flags: F,
  saved: Record<string, string[]> | undefined,
): F {
  if (flags.saved === undefined) return flags;
  const args = saved?.[flags.saved];
  if (args === undefined) {
    const names = Object.keys(saved ?? {});
    throw new UsageError(
      `no saved filter "${flags.saved}"`,
      names.length > 0 ? `saved filters: ${names.join(', ')}` : 'save one with activity filter on a terminal',
    );
  }
  return { ...flags, ...mergeFilters(filterFromArgs(args, `saved filter "${flags.saved}"`), flags) };
}

/** One argument as a POSIX shell reads it back: bare when safe, else single-quoted. */
export const shellQuote = (arg: string): string =>
  /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;

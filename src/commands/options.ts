import { type Command, Option } from 'commander';
import { echo, UsageError } from '../core/errors.js';
import { type EventFilter, foldCase } from '../core/filter.js';
import { ACTIONS, parseAction, parseList, parseResourceType, RESOURCE_TYPES } from '../core/resource-types.js';
import { parseTimeRange } from '../core/time.js';
import { FORMATS, type Format } from '../output/formats.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The flags of SPEC §3, as commander hands them over. */
export interface FilterFlags {
  user?: string[];
  action?: string[];
  type?: string[];
  account?: string[];
  resourceId?: string[];
  search?: string;
  since?: string;
  until?: string;
}

export function addFilterOptions(command: Command): Command {
  return command
    .option('--user <full name>', 'only events by this user (case-insensitive; repeatable)', collect)
    .addOption(
      new Option('--action <action[,action]>', `only these actions: ${ACTIONS.join(', ')} (repeatable)`).argParser(
        collect,
      ),
    )
    .addOption(
      new Option(
        '--type <type[,type]>',
        `only these resource types (repeatable): ${RESOURCE_TYPES.join(', ')}`,
      ).argParser(collect),
    )
    .option('--account <name>', 'only resources of this account (repeatable)', collect)
    .option('--resource-id <id>', 'only this resource (repeatable)', collect)
    .option('--search <text>', 'resource name or action contains this text (case-insensitive)')
    .option('--since <time>', 'from this time on (inclusive): 2026-11-25, 7d, "3 hours ago", yesterday, @1764000000')
    .option('--until <time>', 'before this time (exclusive), same forms as --since');
}

/** Flags → the typed filter; every value is checked here, before any work. */
export function parseFilter(flags: FilterFlags, now: number): EventFilter {
  const search = flags.search === undefined || flags.search === '' ? undefined : foldCase(flags.search);
  if (flags.user?.some((user) => user.trim() === '')) {
    throw new UsageError('--user is empty', "give a user's full name, as the events show it");
  }
  // Empty, they would match nothing, silently: a variable left unset, most likely.
  if (flags.account?.some((account) => account === '')) {
    throw new UsageError('--account is empty', 'give the name of an account');
  }
  if (flags.resourceId?.some((id) => id === '')) {
    throw new UsageError('--resource-id is empty', 'give the id of a resource');
  }
  return {
    users: [...new Set((flags.user ?? []).map(foldCase))],
    actions: parseList(flags.action ?? [], parseAction),
    types: parseList(flags.type ?? [], parseResourceType),
    accounts: [...new Set(flags.account ?? [])],
    resourceIds: [...new Set(flags.resourceId ?? [])],
    ...(search === undefined ? {} : { search }),
    ...parseTimeRange(flags.since, flags.until, now),
  };
}

export interface FormatFlags {
  format?: string;
  json?: boolean;
  csvRaw?: boolean;
  absolute?: boolean;
}

export function addFormatOptions(command: Command, defaultFormat = 'table on a terminal, tsv otherwise'): Command {
  return command
    .option('--format <format>', `output format: ${FORMATS.join(', ')} (default: ${defaultFormat})`)
    .option('--json', 'same as --format json')
    .option('--csv-raw', 'csv: do not prefix cells that a spreadsheet would run as formulas')
    .option('--absolute', 'table: show local date and time instead of relative time');
}

/** How events are to be written, as list, tail and filter take it. */
export interface OutputOptions {
  format: Format | undefined;
  csvRaw: boolean;
  absolute: boolean;
}

export const parseOutputOptions = (flags: FormatFlags): OutputOptions => ({
  format: parseFormat(flags),
  csvRaw: flags.csvRaw === true,
  absolute: flags.absolute === true,
});

/** The format asked for, one of those a command can write (`command` names it when it cannot write them all). */
export function parseFormat(
  flags: FormatFlags,
  { formats = FORMATS, command }: { formats?: readonly Format[]; command?: string } = {},
): Format | undefined {
  if (flags.json && flags.format !== undefined && flags.format !== 'json') {
    throw new UsageError(`--json and --format ${flags.format} disagree`, 'give one of them');
  }
  if (flags.json) return 'json';
  if (flags.format === undefined) return undefined;
  const format = flags.format.toLowerCase() as Format;
  if (formats.includes(format)) return format;
  const what = FORMATS.includes(format)
    ? `${command} has no --format ${format}`
    : `unknown format ${echo(flags.format)}`;
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

/** The filter flags as they are typed, each taking a value. */
const FILTER_FLAGS: Record<string, keyof FilterFlags> = {
  '--user': 'user',
  '--action': 'action',
  '--type': 'type',
  '--account': 'account',
  '--resource-id': 'resourceId',
  '--search': 'search',
  '--since': 'since',
  '--until': 'until',
};
const SINGLE: readonly (keyof FilterFlags)[] = ['search', 'since', 'until'];

/** Typed flags (`--type cluster --since 7d`) → FilterFlags, for saved filters. */
export function filterFlagsOf(args: readonly string[], source: string): FilterFlags {
  const flags: FilterFlags = {};
  for (let i = 0; i < args.length; i++) {
    const [flag = '', inline] = (args[i] ?? '').split(/=(.*)/s, 2);
    const key = FILTER_FLAGS[flag];
    const value = inline ?? args[++i];
    if (key === undefined || value === undefined) {
      throw new UsageError(`${source} holds ${echo(args[i] ?? flag)}, which is not a filter flag with its value`);
    }
    if (SINGLE.includes(key)) (flags as Record<string, string>)[key] = value;
    else (flags as Record<string, string[]>)[key] = [...((flags[key] as string[] | undefined) ?? []), value];
  }
  return flags;
}

/** FilterFlags → the flags one would type, in a stable order. */
export function filterArgs(flags: FilterFlags): string[] {
  const args: string[] = [];
  for (const [flag, key] of Object.entries(FILTER_FLAGS)) {
    const value = flags[key];
    for (const v of value === undefined ? [] : Array.isArray(value) ? value : [value]) args.push(flag, v);
  }
  return args;
}

/** `--saved <name>`: the saved filter's flags, with the flags given beside it added (lists) or winning (single values). */
export function withSavedFilter<F extends FilterFlags & { saved?: string }>(
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
  const base = filterFlagsOf(args, `saved filter "${flags.saved}"`);
  const merged: Record<string, unknown> = { ...(flags as Record<string, unknown>) };
  for (const key of Object.values(FILTER_FLAGS)) {
    const from = base[key];
    const given = flags[key];
    if (from === undefined) continue;
    if (Array.isArray(from)) merged[key] = [...from, ...((given as string[] | undefined) ?? [])];
    else merged[key] = given ?? from;
  }
  return merged as F;
}

/** One argument as a POSIX shell reads it back: bare when safe, else single-quoted. */
export const shellQuote = (arg: string): string =>
  /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;

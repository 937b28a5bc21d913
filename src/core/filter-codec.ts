/**
 * The filters of reference §3 as text, and the one way they are written and read: as the
 * flags a person types (commander's parse, saved filters, the command `activity filter`
 * prints), as URL query parameters (the HTTP API, the web page), and parsed into the
 * typed EventFilter a store answers.
 */
import { echo, UsageError } from './errors.js';
import { type EventFilter, foldCase } from './filter.js';
import { parseAction, parseList, parseResourceType } from './resource-types.js';
import { formatIsoTime, type Instant, parseTimeRange } from './time.js';
import { isTokenName, TOKEN_NAME_RULE } from './token.js';

/** A filter as written: each term as text, not yet checked. Lists are ORs (reference §3). */
export interface FilterText {
  user?: string[];
  action?: string[];
  type?: string[];
  account?: string[];
  resourceId?: string[];
  recordedBy?: string[];
  search?: string;
  since?: string;
  until?: string;
}

type ListKey = 'user' | 'action' | 'type' | 'account' | 'resourceId' | 'recordedBy';
type SingleKey = 'search' | 'since' | 'until';

export interface FilterField {
  key: keyof FilterText;
  /** The flag, as typed: `--resource-id`. */
  flag: string;
  /** The URL query parameter: `resourceId`. */
  param: string;
  /** Repeatable (an OR), or one value (a repeated one: the last counts, as for flags). */
  many: boolean;
}

const list = (key: ListKey, flag: string): FilterField => ({ key, flag, param: key, many: true });
const single = (key: SingleKey): FilterField => ({ key, flag: `--${key}`, param: key, many: false });

/** Every filter term, in the order the flags are written. */
export const FILTER_FIELDS: readonly FilterField[] = [
  list('user', '--user'),
  list('action', '--action'),
  list('type', '--type'),
  list('account', '--account'),
  list('resourceId', '--resource-id'),
  list('recordedBy', '--recorded-by'),
  single('search'),
  single('since'),
  single('until'),
];

const BY_FLAG = new Map(FILTER_FIELDS.map((field) => [field.flag, field]));

/** The values of one term, as a list. */
function valuesOf(text: FilterText, field: FilterField): string[] {
  const value = text[field.key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Adds one value of a term: appended to a list, or replacing a single value. */
function addValue(text: FilterText, field: FilterField, value: string): void {
  if (field.many) {
    const key = field.key as ListKey;
    text[key] = [...(text[key] ?? []), value];
  } else {
    text[field.key as SingleKey] = value;
  }
}

/** The flags one would type for the filter, in a stable order: `--type cluster --since 7d`. */
export function filterToArgs(text: FilterText): string[] {
  return FILTER_FIELDS.flatMap((field) => valuesOf(text, field).flatMap((value) => [field.flag, value]));
}

/** Typed flags back into the filter (a saved filter); `source` names them in an error. */
export function filterFromArgs(args: readonly string[], source: string): FilterText {
  const text: FilterText = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag = '', inline] = arg.split(/=(.*)/s, 2);
    const field = BY_FLAG.get(flag);
    const value = inline ?? args[++i];
    if (field === undefined || value === undefined) {
      throw new UsageError(`${source} holds ${echo(arg)}, which is not a filter flag with its value`);
    }
    addValue(text, field, value);
  }
  return text;
}

/** The filter as URL query parameters: a list term repeated (`type=cluster&type=volume`). */
export function filterToParams(text: FilterText): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of FILTER_FIELDS) for (const value of valuesOf(text, field)) params.append(field.param, value);
  return params;
}

/** The filter terms among URL query parameters; any others are the caller's. */
export function filterFromParams(params: URLSearchParams): FilterText {
  const text: FilterText = {};
  for (const field of FILTER_FIELDS) for (const value of params.getAll(field.param)) addValue(text, field, value);
  return text;
}

/** `given` added to `base`: list terms together (an OR), a single term given replacing the base's. */
export function mergeFilters(base: FilterText, given: FilterText): FilterText {
  const merged: FilterText = { ...base };
  for (const field of FILTER_FIELDS) for (const value of valuesOf(given, field)) addValue(merged, field, value);
  return merged;
}

export const isEmptyFilterText = (text: FilterText): boolean => filterToArgs(text).length === 0;

/** The text parsed into the typed filter; every term is checked here, before any work. */
export function parseFilter(text: FilterText, now: Instant): EventFilter {
  const search = text.search === undefined || text.search === '' ? undefined : foldCase(text.search);
  if (text.user?.some((user) => user.trim() === '')) {
    throw new UsageError('--user is empty', "give a user's full name, as the events show it");
  }
  // Empty, they would match nothing, silently: a variable left unset, most likely.
  if (text.account?.some((account) => account === '')) {
    throw new UsageError('--account is empty', 'give the name of an account');
  }
  if (text.resourceId?.some((id) => id === '')) {
    throw new UsageError('--resource-id is empty', 'give the id of a resource');
  }
  // No store holds U+0000 (reference §1), and PostgreSQL refuses it even in a query's parameters.
  for (const [flag, values] of [
    ['--user', text.user],
    ['--account', text.account],
    ['--resource-id', text.resourceId],
    ['--search', text.search === undefined ? undefined : [text.search]],
  ] as const) {
    if (values?.some((value) => value.includes('\0'))) {
      throw new UsageError(`${flag} holds a NUL character (U+0000)`, 'remove it: no activity store can hold one');
    }
  }
  for (const name of text.recordedBy ?? []) {
    if (!isTokenName(name)) throw new UsageError(`--recorded-by ${echo(name)} is no token name`, TOKEN_NAME_RULE);
  }
  return {
    users: [...new Set((text.user ?? []).map(foldCase))],
    actions: parseList(text.action ?? [], parseAction),
    types: parseList(text.type ?? [], parseResourceType),
    accounts: [...new Set((text.account ?? []).map(foldCase))],
    resourceIds: [...new Set(text.resourceId ?? [])],
    recordedBy: [...new Set(text.recordedBy ?? [])],
    ...(search === undefined ? {} : { search }),
    ...parseTimeRange(text.since, text.until, now),
  };
}

/**
 * A typed filter as text that parses back to the same filter, whenever it is parsed:
 * times as absolute ISO instants, users, accounts and search as their folded keys (matching is
 * case-insensitive). How a client hands a filter to a server.
 */
export function filterText(filter: EventFilter): FilterText {
  const text: FilterText = {};
  const terms: [ListKey, readonly string[]][] = [
    ['user', filter.users],
    ['action', filter.actions],
    ['type', filter.types],
    ['account', filter.accounts],
    ['resourceId', filter.resourceIds],
    ['recordedBy', filter.recordedBy],
  ];
  for (const [key, values] of terms) if (values.length > 0) text[key] = [...values];
  if (filter.search !== undefined) text.search = filter.search;
  if (filter.since !== undefined) text.since = formatIsoTime(filter.since);
  if (filter.until !== undefined) text.until = formatIsoTime(filter.until);
  return text;
}

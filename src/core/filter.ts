import type { ActivityEvent } from './event.js';
import type { Action, ResourceType } from './resource-types.js';
import type { Instant } from './time.js';

/**
 * The filters of reference §3, parsed. Each list is an OR; the fields are ANDed. An empty
 * list means "any". `users`, `accounts` and `search` hold folded (case-insensitive) keys.
 */
export interface EventFilter {
  users: string[];
  actions: Action[];
  types: ResourceType[];
  accounts: string[];
  resourceIds: string[];
  /** Names of the tokens that recorded the events through a server (provenance). */
  recordedBy: string[];
  search?: string;
  since?: Instant;
  until?: Instant;
}

export const emptyFilter = (): EventFilter => ({
  users: [],
  actions: [],
  types: [],
  accounts: [],
  resourceIds: [],
  recordedBy: [],
});

export const isEmptyFilter = (f: EventFilter): boolean =>
  f.users.length === 0 &&
  f.actions.length === 0 &&
  f.types.length === 0 &&
  f.accounts.length === 0 &&
  f.resourceIds.length === 0 &&
  f.recordedBy.length === 0 &&
  f.search === undefined &&
  f.since === undefined &&
  f.until === undefined;

// biome-ignore lint/suspicious/noControlCharactersInRegex: any ASCII
const ASCII = /^[\u0000-\u007f]*$/;

/**
 * Case folding for user names, accounts and search text: NFC, so "José" matches however
 * it was typed. ASCII text is its own NFC and skips ICU's pass: most names are ASCII,
 * and the pass had been a third of a PostgreSQL import's writer time.
 */
export const foldCase = (text: string): string => (ASCII.test(text) ? text : text.normalize('NFC')).toLowerCase();

/** Which actions a search text selects by itself (`del` → delete). */
export const actionsMatchingSearch = (search: string, actions: readonly Action[]): Action[] =>
  actions.filter((action) => action.includes(search));

/** The filter applied to one event in memory: for streams, and the reference for stores. */
export function matchesFilter(event: Omit<ActivityEvent, 'seq' | 'hash'>, filter: EventFilter): boolean {
  if (filter.actions.length > 0 && !filter.actions.includes(event.action)) return false;
  if (filter.types.length > 0 && !filter.types.includes(event.type)) return false;
  if (filter.users.length > 0 && !filter.users.includes(foldCase(event.user))) return false;
  if (filter.accounts.length > 0 && (event.account === null || !filter.accounts.includes(foldCase(event.account)))) {
    return false;
  }
  if (filter.resourceIds.length > 0 && (event.resourceId === null || !filter.resourceIds.includes(event.resourceId))) {
    return false;
  }
  if (
    filter.recordedBy.length > 0 &&
    (event.recordedBy === undefined || !filter.recordedBy.includes(event.recordedBy))
  ) {
    return false;
  }
  if (filter.since !== undefined || filter.until !== undefined) {
    const instant = Date.parse(event.time);
    if (filter.since !== undefined && instant < filter.since) return false;
    if (filter.until !== undefined && instant >= filter.until) return false;
  }
  if (
    filter.search !== undefined &&
    !(foldCase(event.name).includes(filter.search) || event.action.includes(filter.search))
  ) {
    return false;
  }
  return true;
}

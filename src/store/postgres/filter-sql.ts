/** reference §3's filters, and the queries of a page, as the PostgreSQL store's SQL. */
import { actionsMatchingSearch, type EventFilter } from '../../core/filter.js';
import type { EventOrder, EventQuery, SeqRange } from '../../core/query.js';
import { ACTIONS } from '../../core/resource-types.js';
import { DAY_MS, dayOf } from './schema.js';

/** SQL text and its parameters. */
export interface Statement {
  text: string;
  values: unknown[];
}

/** The columns toEvent reads, in its order. */
export const EVENT_COLUMNS =
  "seq, id, time, action, type, name, resource_id, account, user_name, details, encode(hash, 'hex') AS hash, recorded_by";

const ORDER_BY: Record<EventOrder, string> = {
  newest: 'ORDER BY time DESC, seq DESC',
  oldest: 'ORDER BY time ASC, seq ASC',
  seq: 'ORDER BY seq ASC',
};

/** `%`, `_` and `\` as themselves in a LIKE pattern. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A WHERE clause built term by term with numbered parameters, ANDed together. */
class Conditions {
  private readonly clauses: string[] = [];

  /** `values`: shared by the conditions of one statement's subqueries. */
  constructor(readonly values: unknown[] = []) {}

  /** `$n` for a new parameter. */
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  add(clause: string): void {
    this.clauses.push(clause);
  }

  /** `column = ANY($n)`, or nothing for an empty list ("any"). */
  anyOf(column: string, values: readonly unknown[]): void {
    if (values.length > 0) this.add(`${column} = ANY(${this.param(values)}::text[])`);
  }

  bound(column: string, operator: string, value: number | undefined): void {
    if (value !== undefined) this.add(`${column} ${operator} ${this.param(value)}`);
  }

  get where(): string {
    return this.clauses.length > 0 ? ` WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/** The conditions of a filter over `events`, within a range of seqs, after a page's last event. */
function conditions(filter: EventFilter, range: SeqRange, page?: EventQuery, values?: unknown[]): Conditions {
  const where = new Conditions(values);
  if (page?.after !== undefined && page.order !== 'seq') {
    const time = where.param(page.after.time);
    const seq = where.param(page.after.seq);
    where.add(`(time, seq) ${page.order === 'newest' ? '<' : '>'} (${time}, ${seq})`);
  }
  where.anyOf('user_key', filter.users);
  where.anyOf('action', filter.actions);
  where.anyOf('type', filter.types);
  where.anyOf('account_key', filter.accounts);
  where.anyOf('resource_id', filter.resourceIds);
  where.anyOf('recorded_by', filter.recordedBy);
  where.bound('time', '>=', filter.since);
  where.bound('time', '<', filter.until);
  where.bound('seq', '>', range.afterSeq);
  where.bound('seq', '<=', range.throughSeq);
  if (filter.search !== undefined) {
    // A name whose folded form holds the (folded) text, found among the distinct names
    // by their trigram index, then events by name (events_by_name: a count stays in the
    // index); or the action holds it (`del`: deletes), decided here since there are three.
    const pattern = where.param(`%${likeLiteral(filter.search)}%`);
    const actions = actionsMatchingSearch(filter.search, ACTIONS);
    const byAction = actions.length > 0 ? ` OR action = ANY(${where.param(actions)}::text[])` : '';
    where.add(`(name = ANY(ARRAY(SELECT name FROM event_names WHERE name_key LIKE ${pattern}))${byAction})`);
  }
  return where;
}

/** A page of `query`'s events, at most `limit` of them. */
export function selectPage(query: EventQuery, limit: number): Statement {
  const where = conditions(query.filter, query, query);
  // The page's seqs first, then its rows: the seqs can come from an index alone (the
  // filter's columns are in it), and only the rows shown are read from the table, not
  // every row the index walk passes over (docs/scaling.md).
  const order = ORDER_BY[query.order];
  return {
    text:
      `SELECT ${EVENT_COLUMNS} FROM events WHERE seq = ANY(ARRAY(` +
      `SELECT seq FROM events${where.where} ${order} LIMIT ${Math.floor(limit)})) ${order}`,
    values: where.values,
  };
}

export function countEvents(filter: EventFilter, range: SeqRange): Statement {
  const where = conditions(filter, range);
  return { text: `SELECT count(*)::bigint AS n FROM events${where.where}`, values: where.values };
}

/**
 * A filter's count from the per-day summary (docs/scaling.md, "Counts"): its whole days
 * there, a row a day and action, type and account, and the partial days at the edges
 * counted in events. One statement: one snapshot, the summary and the events alike.
 * Undefined for what the summary cannot answer: filters on other columns, counts after
 * a seq, and ranges without a whole day (the exact count reads no more then).
 */
export function countFromSummary(filter: EventFilter, range: SeqRange): Statement | undefined {
  if (
    filter.users.length > 0 ||
    filter.resourceIds.length > 0 ||
    filter.recordedBy.length > 0 ||
    filter.search !== undefined ||
    range.afterSeq !== undefined
  ) {
    return undefined;
  }
  const { since, until } = filter;
  const first = since === undefined ? undefined : dayOf(since) === since ? since : dayOf(since) + DAY_MS;
  const end = until === undefined ? undefined : dayOf(until);
  if (first !== undefined && end !== undefined && first >= end) return undefined;
  const values: unknown[] = [];
  const days = new Conditions(values);
  days.anyOf('action', filter.actions);
  days.anyOf('type', filter.types);
  days.anyOf('account_key', filter.accounts);
  days.bound('day', '>=', first);
  days.bound('day', '<', end);
  const events = (from: number | undefined, to: number | undefined, seqs: SeqRange) =>
    `(SELECT count(*) FROM events${conditions({ ...filter, since: from, until: to }, seqs, undefined, values).where})`;
  let text = `(SELECT coalesce(sum(n), 0) FROM event_counts${days.where})`;
  if (since !== undefined && since !== first) text += ` + ${events(since, first, range)}`;
  if (until !== undefined && until !== end) text += ` + ${events(end, until, range)}`;
  // Events after the range's end are in the summary's days: taken out again (a few, the newest).
  if (range.throughSeq !== undefined) text += ` - ${events(first, end, { afterSeq: range.throughSeq })}`;
  return { text: `SELECT (${text})::bigint AS n`, values };
}

/** Counts of a filter's events grouped by `column` (an expression over events), as [value, count] rows. */
export function groupCounts(filter: EventFilter, column: string): Statement {
  const where = conditions(filter, {});
  return {
    text: `SELECT ${column} AS key, count(*)::bigint AS n FROM events${where.where} GROUP BY 1`,
    values: where.values,
  };
}

/** The `users` most active users of a filter's events, most events first, ties by name. */
export function topUsers(filter: EventFilter, users: number): Statement {
  const where = conditions(filter, {});
  return {
    text:
      `SELECT user_name AS key, count(*)::bigint AS n FROM events${where.where} GROUP BY 1 ` +
      `ORDER BY n DESC, user_name COLLATE "C" LIMIT ${Math.floor(users)}`,
    values: where.values,
  };
}

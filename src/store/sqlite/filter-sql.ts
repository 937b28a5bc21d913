/** reference §3's filters, and the queries of a page, as the SQLite store's SQL. */
import { actionsMatchingSearch, type EventFilter, foldCase } from '../../core/filter.js';
import type { EventQuery, SeqRange } from '../../core/query.js';
import { ACTIONS } from '../../core/resource-types.js';
import type { Connection } from './connection.js';
import { JOIN_NAMES, ORDER_BY } from './rows.js';
import { ACTION_CODE, TYPE_CODE } from './schema.js';

/** SQL text and its parameters. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** A trigram index answers searches of at least three characters. */
const TRIGRAM = 3;

/**
 * `gateway` → `"gat" AND "ate" AND "tew" AND "way"`: with detail=none (a smaller,
 * faster index) FTS5 has no phrase queries, so every trigram must be present; the
 * substring itself is then checked on the few rows that have them all.
 */
export function trigramQuery(search: string): string {
  const chars = [...search];
  const grams = new Set<string>();
  for (let i = 0; i + TRIGRAM <= chars.length; i++) grams.add(chars.slice(i, i + TRIGRAM).join(''));
  return [...grams].map((gram) => `"${gram.replaceAll('"', '""')}"`).join(' AND ');
}

const marks = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/** A WHERE clause built term by term, each with its parameters, ANDed together. */
class Conditions {
  private readonly clauses: string[] = [];
  private readonly params: unknown[] = [];

  add(clause: string, ...params: unknown[]): void {
    this.clauses.push(clause);
    this.params.push(...params);
  }

  /** `column IN (…)`, or nothing for an empty list ("any"). */
  anyOf(column: string, values: readonly unknown[]): void {
    if (values.length > 0) this.add(`${column} IN (${marks(values)})`, ...values);
  }

  /** A comparison, or nothing when the bound is absent. */
  bound(clause: string, value: number | undefined): void {
    if (value !== undefined) this.add(clause, value);
  }

  where(): { where: string; params: unknown[] } {
    return { where: this.clauses.length > 0 ? ` WHERE ${this.clauses.join(' AND ')}` : '', params: this.params };
  }
}

/** Counts the per-subject counters can answer: no user, action or time in the filter. */
export const bySubjectOnly = (f: EventFilter): boolean =>
  f.users.length === 0 &&
  f.recordedBy.length === 0 &&
  f.actions.length === 0 &&
  f.since === undefined &&
  f.until === undefined &&
  (f.accounts.length > 0 || f.resourceIds.length > 0 || f.search !== undefined) &&
  (f.search === undefined || actionsMatchingSearch(f.search, ACTIONS).length === 0);

/** Whether a filter selects events through their subjects (account, resource id, search). */
export const bySubject = (f: EventFilter): boolean =>
  f.accounts.length > 0 || f.resourceIds.length > 0 || f.search !== undefined;

/**
 * Builds the SQL of filters over `events e`. Users, accounts, resource ids and names are
 * looked up in their small tables first (so it needs the connection); each clause then
 * has an index.
 */
export class FilterSql {
  private lastSubjects: { key: string; ids: string; events: number } | undefined;

  constructor(private readonly connection: Connection) {}

  /**
   * A page of `query`'s rows as `columns`. With a limit, the page's seqs are chosen from
   * the indexes alone and only their rows are read from the table; `walkTime` walks the
   * time index newest first and stops at the limit, which beats sorting every match
   * when many match.
   */
  select(query: EventQuery, columns: string, walkTime: boolean): Statement {
    const { where, params } = this.where(query.filter, query, query);
    const order = ORDER_BY[query.order];
    // In seq order (cursors, follow) the rows after a seq are read by rowid, whatever the statistics.
    const seqOrder = query.order === 'seq' ? ' NOT INDEXED' : '';
    if (query.limit === undefined) {
      return { sql: `SELECT ${columns} FROM events e${seqOrder} ${JOIN_NAMES}${where} ${order}`, params };
    }
    const index = walkTime ? ' INDEXED BY events_by_time' : seqOrder;
    return {
      sql:
        `SELECT ${columns} FROM (SELECT e.seq FROM events e${index}${where} ${order} LIMIT ${Math.floor(query.limit)}) ` +
        `AS page CROSS JOIN events e ON e.seq = page.seq ${JOIN_NAMES} ${order}`,
      params,
    };
  }

  count(filter: EventFilter, range: SeqRange): Statement {
    const { where, params } = this.where(filter, range);
    return { sql: `SELECT count(*) FROM events e${where}`, params };
  }

  /**
   * The statements of `stats`, over one WHERE clause: counts grouped by a column, each a
   * GROUP BY over one covering index (no event row is read), and the top `users`.
   */
  stats(filter: EventFilter, users: number): { grouped(column: string): Statement; topUsers: Statement } {
    const { where, params } = this.where(filter, {});
    return {
      grouped: (column) => ({ sql: `SELECT ${column}, count(*) FROM events e${where} GROUP BY 1`, params }),
      topUsers: {
        sql:
          `SELECT u.name, c.n FROM (SELECT e.user, count(*) AS n FROM events e${where} GROUP BY e.user) AS c ` +
          `CROSS JOIN users u NOT INDEXED ON u.id = c.user ORDER BY c.n DESC, u.name LIMIT ${Math.floor(users)}`,
        params,
      },
    };
  }

  /** Every user's name, sorted. */
  userNames(): string[] {
    return this.connection.statement('SELECT name FROM users ORDER BY name').pluck().all() as string[];
  }

  /**
   * Every account, sorted: read from the accounts index one distinct value at a time
   * (a jump per account, not a walk over every subject).
   */
  accountNames(): string[] {
    return this.connection
      .statement(
        'WITH RECURSIVE a(account) AS (SELECT min(account) FROM subjects UNION ALL ' +
          'SELECT (SELECT min(account) FROM subjects WHERE account > a.account) FROM a WHERE a.account IS NOT NULL) ' +
          "SELECT account FROM a WHERE account IS NOT NULL AND account <> ''",
      )
      .pluck()
      .all() as string[];
  }

  /** The subjects the account, resource-id and search filters select (see bySubject). */
  subjects(filter: EventFilter): Statement {
    const where = new Conditions();
    where.anyOf('type', filter.types);
    if (filter.accounts.length > 0) {
      // Accounts match in any case, as users do: the stored spellings whose folded form was asked for.
      const wanted = new Set(filter.accounts);
      const accounts = this.accountNames().filter((account) => wanted.has(foldCase(account)));
      if (accounts.length === 0) where.add('0');
      where.anyOf('account', accounts);
    }
    where.anyOf('resource_id', filter.resourceIds);
    if (filter.search !== undefined) {
      // The trigram index narrows the names; the substring itself is then checked.
      // SQLite's lower() folds ASCII only, which is exact for printable ASCII text, and much
      // cheaper than calling back into JavaScript for every candidate.
      const ascii = /^[ -~]*$/.test(filter.search);
      const check = `instr(${ascii ? 'lower' : 'fold'}(name), ?) > 0`;
      if ([...filter.search].length >= TRIGRAM) {
        where.add(
          `name IN (SELECT id FROM names WHERE id IN (SELECT rowid FROM names_search WHERE names_search MATCH ?) AND ${check})`,
          trigramQuery(filter.search),
          filter.search,
        );
      } else {
        where.add(`name IN (SELECT id FROM names WHERE ${check})`, filter.search);
      }
    }
    const { where: clause, params } = where.where();
    // Aggregated in SQL: handing thousands of rows to JavaScript cost far more.
    return { sql: `SELECT json_group_array(id), coalesce(sum(events), 0) FROM subjects${clause}`, params };
  }

  /**
   * The subjects that the account, resource-id and search filters select (and the type
   * filter, which events also carry), as a JSON array of ids, with their event count.
   * Remembered until the store changes: a page and its count ask the same.
   */
  matchingSubjects(filter: EventFilter): { ids: string; events: number } {
    const key = `${this.connection.version()} ${JSON.stringify([filter.types, filter.accounts, filter.resourceIds, filter.search])}`;
    if (this.lastSubjects?.key !== key) {
      const { sql, params } = this.subjects(filter);
      const [ids, events] = this.connection
        .statement(sql)
        .raw()
        .get(...params) as [string, number];
      this.lastSubjects = { key, ids, events };
    }
    return this.lastSubjects;
  }

  private where(filter: EventFilter, range: SeqRange, page?: EventQuery): { where: string; params: unknown[] } {
    const where = new Conditions();
    if (page?.after !== undefined && page.order !== 'seq') {
      // A row value: SQLite walks the time index from there.
      where.add(`(e.time, e.seq) ${page.order === 'newest' ? '<' : '>'} (?, ?)`, page.after.time, page.after.seq);
    }
    if (filter.users.length > 0) {
      // Literal ids, not a subquery: the planner then knows how selective they are.
      const ids = this.connection
        .statement(`SELECT id FROM users WHERE key IN (${marks(filter.users)})`)
        .pluck()
        .all(...filter.users);
      if (ids.length === 0) where.add('0');
      where.anyOf('e.user', ids);
    }
    where.anyOf(
      'e.action',
      filter.actions.map((action) => ACTION_CODE[action]),
    );
    where.anyOf(
      'e.type',
      filter.types.map((type) => TYPE_CODE[type]),
    );
    where.anyOf('e.recorded_by', filter.recordedBy);
    where.bound('e.time >= ?', filter.since);
    where.bound('e.time < ?', filter.until);
    where.bound('e.seq > ?', range.afterSeq);
    where.bound('e.seq <= ?', range.throughSeq);
    if (bySubject(filter)) {
      // Subjects found once, as a JSON list of ids.
      const { ids } = this.matchingSubjects(filter);
      // A search also matches events whose action contains the text (`del`: deletes).
      const byAction =
        filter.search === undefined
          ? []
          : actionsMatchingSearch(filter.search, ACTIONS).map((action) => ACTION_CODE[action]);
      const orAction = byAction.length > 0 ? ` OR e.action IN (${marks(byAction)})` : '';
      where.add(`(e.subject IN (SELECT value FROM json_each(?))${orAction})`, ids, ...byAction);
    }
    return where.where();
  }
}

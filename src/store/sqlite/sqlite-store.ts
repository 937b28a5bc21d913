import { existsSync, rmSync } from 'node:fs';
import type { BatchItem, RecordSummary } from '../../core/batch.js';
import type { ChainHead, StoredLink } from '../../core/chain.js';
import type { ActivityEvent } from '../../core/event.js';
import { type EventFilter, isEmptyFilter } from '../../core/filter.js';
import {
  type EventCounts,
  type EventPage,
  type EventQuery,
  type EventRef,
  type FollowStep,
  type JsonPage,
  QUARTER_HOUR_MS,
  type ResourceRef,
  type SeqRange,
} from '../../core/query.js';
import { ACTIONS, RESOURCE_TYPES } from '../../core/resource-types.js';
import type { ActivityStore, DistinctField, StoreOptions, TokenStore } from '../store.js';
import { ChainLinks } from './chain-links.js';
import { Checkpointer } from './checkpointer.js';
import { type Connection, openConnection } from './connection.js';
import { storeFailure } from './failures.js';
import { bySubject, bySubjectOnly, FilterSql, type Statement } from './filter-sql.js';
import { EVENT_COLUMNS, EVENT_JSON, type EventRow, SELECT_EVENTS, toEvent } from './rows.js';
import { nameOf } from './schema.js';
import { SqliteTokens } from './tokens.js';
import { WalWatch } from './wal-watch.js';
import { SqliteWriter } from './writer.js';

/** When a filtered page's filter matches more than this many times its limit, the time index is walked instead. */
const WALK_TIME_INDEX_ABOVE = 20;

const PAGE_SIZE = 500;

const MINUTE_MS = 60_000;
const REMEMBERED_PLANS = 256;
/** Counts kept (count): enough for a reader going back and forth between a few filters. */
const RECENT_COUNTS = 32;

/** Knobs for tests: how long a writer waits for another's lock, how many names verify loads at once. */
export interface SqliteTuning {
  busyTimeoutMs?: number;
  loadedNames?: number;
}

/** The embedded store: one SQLite file (docs/store.md). */
/** The latest seq of each resource `[index, type, account, resource id or name]` of a JSON list. */
const latestSeq = (subjects: string) =>
  'SELECT r.value ->> 0, (SELECT e.seq FROM events e WHERE e.subject IN ' +
  `(SELECT s.id FROM subjects s WHERE s.type = r.value ->> 1 AND s.account = r.value ->> 2 AND ${subjects}) ` +
  'ORDER BY e.time DESC, e.seq DESC LIMIT 1) FROM json_each(?) r';
const LATEST_BY_ID = latestSeq('s.resource_id = r.value ->> 3');
const LATEST_BY_NAME = latestSeq(
  "s.resource_id = '' AND s.name = (SELECT n.id FROM names n WHERE n.name = r.value ->> 3)",
);

export class SqliteStore implements ActivityStore {
  private readonly filters: FilterSql;
  private writer: SqliteWriter | undefined;
  private chainLinks: ChainLinks | undefined;
  private checkpointer: Checkpointer | undefined;
  /**
   * Recent counts, newest last: a page's query and its "Showing 50 of N" ask the same, and
   * a reader going back and forth between filters asks again. A count up to a seq the store
   * has reached never changes, so those are kept across writes.
   */
  private readonly counts = new Map<string, number>();
  /** walksTime's choices, by filter (see there). */
  private readonly plans = new Map<string, boolean>();
  readonly tokens: TokenStore;

  private constructor(
    private readonly connection: Connection,
    private readonly options: StoreOptions,
    private readonly tuning: SqliteTuning,
  ) {
    this.filters = new FilterSql(connection);
    const tokens = new SqliteTokens(connection);
    this.tokens = {
      create: (name, scope) => tokens.create(name, scope, Date.now()),
      list: () => tokens.list(),
      revoke: (name) => tokens.revoke(name, Date.now()),
      authenticate: (token) => tokens.authenticate(token, Date.now()),
      openSession: (tokenName, expires) => tokens.openSession(tokenName, expires, Date.now()),
      session: (secret) => tokens.session(secret, Date.now()),
      closeSession: (secret) => tokens.closeSession(secret),
      stored: () => tokens.stored(),
      restore: (given) => tokens.restore(given),
    };
  }

  /** Opens the store file that `options.location` names (a path), creating it in write mode. */
  static open(options: StoreOptions, tuning: SqliteTuning = {}): SqliteStore {
    const connection = openConnection(options, tuning.busyTimeoutMs);
    const store = new SqliteStore(connection, options, tuning);
    if (options.lifetime === 'server' && connection.existsYet) {
      // A server's checkpoints are its writes store's checkpoint thread's (checkpointer.ts).
      if (options.mode === 'write') store.checkpointer = new Checkpointer(connection);
      else connection.db.pragma('wal_autocheckpoint = 0');
    }
    return store;
  }

  get location(): string {
    return this.connection.location;
  }

  get note(): string | undefined {
    if (this.connection.existsYet || this.options.defaultLocation) return undefined;
    return `store ${this.location} does not exist yet: nothing is recorded there`;
  }

  record(chunks: AsyncIterable<readonly BatchItem[]> | Iterable<readonly BatchItem[]>): Promise<RecordSummary> {
    return this.write((writer) => writer.record(chunks));
  }

  restore(
    chunks: AsyncIterable<readonly ActivityEvent[]> | Iterable<readonly ActivityEvent[]>,
  ): Promise<{ restored: number }> {
    return this.write((writer) => writer.restore(chunks));
  }

  private async write<T>(work: (writer: SqliteWriter) => Promise<T>): Promise<T> {
    this.writer ??= new SqliteWriter(this.connection, {
      head: () => this.readHead(),
      byId: (id) => this.readById(id),
    });
    try {
      const result = await work(this.writer);
      this.connection.ownWrites++;
      this.checkpointer?.request();
      return result;
    } catch (error) {
      throw storeFailure(this.location, error);
    }
  }

  query(query: EventQuery): AsyncIterable<EventPage> {
    return this.pages(query, EVENT_COLUMNS, (row) => toEvent(row as EventRow));
  }

  queryJson(query: EventQuery): AsyncIterable<JsonPage> {
    return this.pages(query, EVENT_JSON, (row) => (row as [Uint8Array])[0]);
  }

  links(range: SeqRange): AsyncIterable<readonly StoredLink[]> {
    this.chainLinks ??= new ChainLinks(this.connection, this.tuning.loadedNames);
    return this.chainLinks.read(range);
  }

  async *follow(filter: EventFilter, afterSeq: number, signal: AbortSignal): AsyncIterable<FollowStep> {
    if (!this.connection.existsYet) {
      // The store does not exist yet: wait for its first writer, then follow the file.
      const unwatched = new WalWatch();
      while (!existsSync(this.location)) {
        if (!(await unwatched.wait(signal))) return;
      }
      const store = SqliteStore.open({ ...this.options, location: this.location, mode: 'read' }, this.tuning);
      try {
        yield* store.follow(filter, afterSeq, signal);
      } finally {
        await store.close();
      }
      return;
    }
    let after = afterSeq;
    let version: number | undefined;
    let wal: WalWatch | undefined;
    try {
      while (!signal.aborted) {
        const now = this.connection.run(() => this.connection.dataVersion());
        if (now !== version) {
          version = now;
          const head = (await this.head())?.seq ?? 0;
          // Page by page, each read whole before it is handed on: a follower waits on its
          // reader between pages, and a statement left open meanwhile would keep the
          // connection busy for every other query a server runs on it.
          while (head > after) {
            const { sql, params } = this.filters.select(
              { filter, order: 'seq', afterSeq: after, throughSeq: head, limit: PAGE_SIZE },
              EVENT_COLUMNS,
              false,
            );
            const page = this.connection.run(() =>
              (
                this.connection
                  .statement(sql)
                  .raw()
                  .all(...params) as EventRow[]
              ).map(toEvent),
            );
            const through = page.length < PAGE_SIZE ? head : (page.at(-1) as ActivityEvent).seq;
            yield { events: page, through };
            after = through;
          }
        }
        // Watched once this connection has read: the WAL file exists by then.
        wal ??= new WalWatch(`${this.location}-wal`);
        if (!(await wal.wait(signal))) return;
      }
    } finally {
      wal?.close();
    }
  }

  async count(filter: EventFilter, range: SeqRange = {}): Promise<number> {
    const asked = `${JSON.stringify(filter)} ${range.afterSeq} ${range.throughSeq}`;
    const fixedKey = `fixed ${asked}`;
    const key = `${this.connection.version()} ${asked}`;
    const known = this.counts.get(fixedKey) ?? this.counts.get(key);
    if (known !== undefined) return known;
    const whole = range.afterSeq === undefined && range.throughSeq === undefined;
    const [count, head] = this.connection.run(() => {
      const head = this.readHead()?.seq ?? 0;
      // seq runs 1, 2, 3… without holes: the newest seq is the number of events, and a range holds as many as it spans.
      if (isEmptyFilter(filter))
        return [Math.max(0, Math.min(head, range.throughSeq ?? head) - (range.afterSeq ?? 0)), head];
      if (whole && bySubjectOnly(filter)) return [this.filters.matchingSubjects(filter).events, head];
      return [this.single<number>(this.filters.count(filter, range)), head];
    });
    const fixed = range.throughSeq !== undefined && range.throughSeq <= head;
    this.counts.set(fixed ? fixedKey : key, count);
    if (this.counts.size > RECENT_COUNTS) this.counts.delete(this.counts.keys().next().value as string);
    return count;
  }

  async distinct(field: DistinctField): Promise<string[]> {
    return this.connection.run(() => (field === 'user' ? this.filters.userNames() : this.filters.accountNames()));
  }

  async stats(filter: EventFilter, users: number): Promise<EventCounts> {
    return this.connection.run(() => {
      const statements = this.filters.stats(filter, users);
      const grouped = (column: string) => this.rows<[unknown, number]>(statements.grouped(column));
      const named = (column: string, names: readonly string[]) =>
        Object.fromEntries(grouped(column).map(([code, n]) => [nameOf(names, code), n]));
      const byAction = named('e.action', ACTIONS);
      return {
        total: Object.values(byAction).reduce((sum, n) => sum + n, 0),
        byAction,
        byType: named('e.type', RESOURCE_TYPES),
        topUsers: this.rows<[string, number]>(statements.topUsers).map(([user, events]) => ({
          user,
          events,
        })),
        byQuarterHour: grouped(`e.time / ${QUARTER_HOUR_MS} - (e.time % ${QUARTER_HOUR_MS} < 0)`) as [number, number][],
      };
    });
  }

  async get(ref: EventRef): Promise<ActivityEvent | undefined> {
    return this.connection.run(() => {
      if ('id' in ref) return this.readById(ref.id);
      const row = this.connection.statement(`${SELECT_EVENTS} WHERE e.seq = ?`).raw().get(ref.seq) as
        | EventRow
        | undefined;
      return row && toEvent(row);
    });
  }

  async latestOf(resources: readonly ResourceRef[]): Promise<(ActivityEvent | undefined)[]> {
    if (resources.length === 0) return [];
    return this.connection.run(() => {
      // Each resource's latest seq, in two statements (resources known by id, and by name),
      // then their rows in one: a table's fifty rows were fifty statements.
      const latest = new Map<number, number>();
      const byId = resources.flatMap((r, i) =>
        r.resourceId === null ? [] : [[i, r.type, r.account ?? '', r.resourceId]],
      );
      const byName = resources.flatMap((r, i) => (r.resourceId === null ? [[i, r.type, r.account ?? '', r.name]] : []));
      for (const [refs, sql] of [
        [byId, LATEST_BY_ID],
        [byName, LATEST_BY_NAME],
      ] as const) {
        if (refs.length === 0) continue;
        for (const [i, seq] of this.connection.statement(sql).raw().all(JSON.stringify(refs)) as [
          number,
          number | null,
        ][]) {
          if (seq !== null) latest.set(i, seq);
        }
      }
      const rows = this.connection
        .statement(`${SELECT_EVENTS} WHERE e.seq IN (SELECT value FROM json_each(?))`)
        .raw()
        .all(JSON.stringify([...new Set(latest.values())])) as EventRow[];
      const bySeq = new Map(rows.map((row) => [row[0], toEvent(row)]));
      return resources.map((_, i) => {
        const seq = latest.get(i);
        return seq === undefined ? undefined : bySeq.get(seq);
      });
    });
  }

  async head(): Promise<ChainHead | undefined> {
    return this.connection.run(() => this.readHead());
  }

  /**
   * The query plans SQLite chooses for what query() runs (the subjects a filter selects,
   * then the page), one line a step: for tests and docs/store.md.
   */
  async explainQuery(query: EventQuery): Promise<string[]> {
    const page = this.filters.select(query, EVENT_COLUMNS, await this.walksTime(query));
    return this.connection.run(() => [
      ...(bySubject(query.filter) ? this.plan(this.filters.subjects(query.filter)) : []),
      ...this.plan(page),
    ]);
  }

  /** The query plan of a count that is not answered from the subjects' counters. */
  async explainCount(filter: EventFilter, range: SeqRange = {}): Promise<string[]> {
    return this.connection.run(() => this.plan(this.filters.count(filter, range)));
  }

  async close(): Promise<void> {
    const db = this.connection.db;
    if (!db.open) return;
    await this.checkpointer?.close();
    // Keep the planner's statistics current as the store grows; only writers change
    // them. The write lock is taken first, so a concurrent writer makes this wait
    // rather than fail; and it is best effort: the events are already committed, and a
    // refresh that cannot run now runs at a later writer's close.
    if (this.connection.ownWrites > 0) {
      try {
        db.exec('BEGIN IMMEDIATE');
        db.pragma('optimize');
        db.exec('COMMIT');
      } catch {
        if (db.inTransaction) db.exec('ROLLBACK');
      }
    } else if (this.connection.created) this.removeIfEmpty();
    db.close();
  }

  /**
   * A store this run created but wrote nothing to (a batch refused whole) is removed, so
   * that a refused write leaves the disk as it was. Under the write lock, and only while
   * it holds no event and no token: another process may have opened it meanwhile.
   */
  private removeIfEmpty(): void {
    const db = this.connection.db;
    try {
      db.exec('BEGIN IMMEDIATE');
      const empty =
        db.prepare('SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM tokens)').pluck().get() === 0;
      if (empty) for (const suffix of ['', '-wal', '-shm']) rmSync(`${this.location}${suffix}`, { force: true });
      db.exec('ROLLBACK');
    } catch {
      if (db.inTransaction) db.exec('ROLLBACK');
    }
  }

  private readHead(): ChainHead | undefined {
    return this.connection
      .statement('SELECT seq, lower(hex(hash)) AS hash FROM events ORDER BY seq DESC LIMIT 1')
      .get() as ChainHead | undefined;
  }

  private readById(id: string): ActivityEvent | undefined {
    const row = this.connection.statement(`${SELECT_EVENTS} WHERE e.id = ?`).raw().get(id) as EventRow | undefined;
    return row && toEvent(row);
  }

  private rows<T>({ sql, params }: Statement): T[] {
    return this.connection
      .statement(sql)
      .raw()
      .all(...params) as T[];
  }

  private single<T>({ sql, params }: Statement): T {
    return this.connection
      .statement(sql)
      .pluck()
      .get(...params) as T;
  }

  private plan({ sql, params }: Statement): string[] {
    return (this.connection.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
      (row) => row.detail,
    );
  }

  /** Whether a page walks the time index newest first rather than sort the matches (see FilterSql.select). */
  private async walksTime(query: EventQuery): Promise<boolean> {
    if (query.limit === undefined || query.order === 'seq') return false;
    // Unfiltered, the time index holds the page in its first rows; a seq bound (a server's
    // page over a fixed head) would otherwise lead SQLite to read every row by seq and sort them.
    if (isEmptyFilter(query.filter)) return query.throughSeq !== undefined || query.afterSeq !== undefined;
    // The choice is remembered for the filter with its times to the minute, until the store
    // changes: a server is asked the same page of a relative time ("30d") many times a
    // minute, each a millisecond later. The count itself is of the exact filter, which a
    // list then shows ("50 of N") without counting again.
    const { since, until } = query.filter;
    const key = `${this.connection.version()} ${query.limit} ${JSON.stringify({
      ...query.filter,
      since: since === undefined ? undefined : Math.floor(since / MINUTE_MS),
      until: until === undefined ? undefined : Math.floor(until / MINUTE_MS),
    })}`;
    let walks = this.plans.get(key);
    if (walks === undefined) {
      walks = (await this.count(query.filter)) > query.limit * WALK_TIME_INDEX_ABOVE;
      if (this.plans.size >= REMEMBERED_PLANS) this.plans.clear();
      this.plans.set(key, walks);
    }
    return walks;
  }

  private async *pages<T>(query: EventQuery, columns: string, map: (row: unknown[]) => T): AsyncIterable<T[]> {
    // A page touches few rows: mapped reads spare a fresh process a copy of each page it
    // reads. Not for exports, where every mapped page read would stay resident.
    if (query.limit !== undefined) this.connection.mapReads();
    let rows: IterableIterator<unknown[]>;
    try {
      const { sql, params } = this.filters.select(query, columns, await this.walksTime(query));
      rows = this.connection
        .statement(sql)
        .raw()
        .iterate(...params) as IterableIterator<unknown[]>;
    } catch (error) {
      throw storeFailure(this.location, error);
    }
    let page: T[] = [];
    try {
      for (;;) {
        // A damaged page is found while reading: that is a store failure too, not a crash.
        let next: IteratorResult<unknown[]>;
        try {
          next = rows.next();
        } catch (error) {
          throw storeFailure(this.location, error);
        }
        if (next.done) break;
        page.push(map(next.value));
        if (page.length === PAGE_SIZE) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
    } finally {
      // A reader that stops early (a closed pipe, a limit) ends the statement, which would
      // otherwise keep the connection busy for every query after it.
      rows.return?.();
    }
  }
}

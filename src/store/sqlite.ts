import { accessSync, constants, existsSync, type FSWatcher, mkdirSync, statSync, watch } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { StoredLink } from '../core/chain.js';
import { ActivityError, StoreError, systemReason } from '../core/errors.js';
import type { ActivityEvent } from '../core/event.js';
import { actionsMatchingSearch, type EventFilter, foldCase, isEmptyFilter } from '../core/filter.js';
import { ACTIONS, RESOURCE_TYPES } from '../core/resource-types.js';
import {
  ACTION_CODE,
  EVENT_COLUMNS,
  EVENT_JSON,
  type EventRow,
  type GuardedQuery,
  JOIN_NAMES,
  LINK_LINES,
  LOAD_SUBJECT_NAMES,
  LOAD_USER_NAMES,
  MIGRATIONS,
  type NamesById,
  nameOf,
  namesById,
  ORDER_BY,
  SELECT_EVENTS,
  SUBJECT_NAMES_OF,
  TRIGRAM,
  TYPE_CODE,
  toEvent,
  toLink,
  trigramQuery,
  USER_NAME_OF,
} from './sqlite-sql.js';
import { CACHE_KIB, SqliteWriter } from './sqlite-writer.js';
import type {
  ActivityStore,
  BatchItem,
  ChainHead,
  Durability,
  EventCounts,
  EventPage,
  EventQuery,
  EventRef,
  FollowStep,
  JsonPage,
  LinkNames,
  OpenMode,
  RecordSummary,
  ResourceRef,
  SeqRange,
} from './store.js';
import { QUARTER_HOUR_MS } from './store.js';

/**
 * A page is chosen from the indexes alone, and only its rows are read from the table.
 * When many events match, walking the time index newest first and stopping at the
 * limit beats collecting and sorting every match from a more specific index.
 */
const WALK_TIME_INDEX_ABOVE = 20;

/** How long a writer waits for another one's lock (a large import holds it for seconds) before it gives up. */
const BUSY_TIMEOUT_MS = 60_000;

const PAGE_SIZE = 500;

/** Names of subjects and users past those loaded that verify remembers (see namesOf). */
const LOOKED_UP_NAMES = 50_000;

/** Memory-mapped reads: a fresh process reads its pages from the OS cache without copies. */
const MMAP_BYTES = 1024 * 1024 * 1024;

/**
 * How often a follower looks for new commits when it cannot watch the WAL file, and
 * for a second after the WAL last changed. Follow latency is at most this plus the query.
 */
const POLL_MS = 100;

/**
 * How often a follower looks right after the WAL changed: a commit becomes visible
 * only once its writer has updated the WAL's index, a moment after its last write.
 */
const SOON_MS = 5;

/**
 * How often a follower that watches the WAL file looks anyway, should a change go
 * unreported. Node itself costs an idle process about 1% of a core on a virtual
 * machine here; polling every 50 ms had added as much again.
 */
const IDLE_POLL_MS = 1000;

/**
 * Wakes a follower when the store's WAL file changes, which every commit of another
 * connection does (inotify on Linux), rather than at every poll. Without a watch (no
 * WAL file yet, a file system that cannot watch) it waits POLL_MS each time.
 */
class WalWatch {
  private watcher: FSWatcher | undefined;
  private changedAt = Number.NEGATIVE_INFINITY;
  private changed = false;
  private wake: (() => void) | undefined;

  constructor(path?: string) {
    if (path === undefined) return;
    try {
      this.watcher = watch(path, { persistent: false }, () => {
        this.changedAt = Date.now();
        this.changed = true;
        this.wake?.();
      });
      this.watcher.on('error', () => this.close());
    } catch {
      this.watcher = undefined;
    }
  }

  /** Waits until the WAL changes or a poll is due, or `signal` aborts; whether to go on. */
  wait(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (this.changed) {
      this.changed = false;
      return Promise.resolve(true);
    }
    const since = Date.now() - this.changedAt;
    const ms =
      this.watcher === undefined
        ? POLL_MS
        : since < 10 * SOON_MS
          ? SOON_MS
          : since < IDLE_POLL_MS
            ? POLL_MS
            : IDLE_POLL_MS;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        this.changed = false;
        resolve(!signal.aborted);
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      this.wake = done;
    });
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}

/** Loading the addon by path skips the `bindings` package's search of the file system. */
function nativeBinding(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
  } catch {
    return undefined;
  }
}

/** Any driver failure becomes a store error (exit 5) that names the store. */
function storeFailure(location: string, error: unknown): ActivityError {
  if (error instanceof ActivityError) return error;
  const code = String((error as { code?: unknown }).code);
  if (code.startsWith('SQLITE_BUSY')) {
    return new StoreError(
      `store ${location} is locked: another process held it for as long as this one waited`,
      'try again once the other process is done (fuser or lsof on the file shows which it is)',
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_READONLY')) return readOnlyFailure(location, code, error);
  const message = systemReason(error);
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError(`store ${location} is damaged: ${message}`, 'restore it from a backup you trust', {
      cause: error,
    });
  }
  return new StoreError(`store ${location} failed: ${message}`, 'check the path, its permissions and free disk space', {
    cause: error,
  });
}

/**
 * A store this user cannot write, and why. SQLite keeps a store's write-ahead log and
 * its index beside it (`-wal`, `-shm`), created by whoever opens it first: to read
 * too, and they stay when that was someone who could not write the store.
 */
function readOnlyFailure(location: string, code: string, error: unknown): StoreError {
  const options = { cause: error };
  if (code === 'SQLITE_READONLY_DIRECTORY') {
    return new StoreError(
      `store ${location} cannot be opened: its directory is read-only, and SQLite keeps ${location}-wal and -shm beside it`,
      'give this user write access to the directory, or copy the store elsewhere to read it',
      options,
    );
  }
  const locked = [location, `${location}-wal`, `${location}-shm`].find((file) => {
    try {
      accessSync(file, constants.W_OK);
      return false;
    } catch (denied) {
      return (denied as NodeJS.ErrnoException).code !== 'ENOENT';
    }
  });
  if (locked !== undefined && locked !== location) {
    return new StoreError(
      `store ${location} cannot be written: ${locked} belongs to another user (uid ${statSync(locked).uid})`,
      `a user without write access read the store and left it: remove ${location}-wal and -shm while no one uses the store`,
      options,
    );
  }
  return new StoreError(
    `store ${location} is read-only for this user`,
    'give this user write access to the store and its directory',
    options,
  );
}

interface Sql {
  where: string;
  params: unknown[];
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

  sql(): Sql {
    return { where: this.clauses.length > 0 ? ` WHERE ${this.clauses.join(' AND ')}` : '', params: this.params };
  }
}

export class SqliteStore implements ActivityStore {
  private readonly statements = new Map<string, Database.Statement>();
  /** Commits by this connection, so that its own writes invalidate the caches below. */
  private ownWrites = 0;

  private constructor(
    private readonly db: Database.Database,
    readonly location: string,
  ) {}

  /** Opens (and in write mode creates) the store file, and brings its schema up to date. */
  static open(
    path: string,
    mode: OpenMode,
    durability: Durability = 'normal',
    busyTimeoutMs = BUSY_TIMEOUT_MS,
  ): SqliteStore {
    let exists = false;
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) {
        throw new StoreError(`store ${path} is a directory, not a store file`, 'give the path of a file with --store');
      }
      exists = true;
    } catch (error) {
      if (error instanceof ActivityError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw storeFailure(path, error);
    }
    if (!exists && mode === 'existing') {
      throw new StoreError(
        `store ${path} does not exist`,
        'check the path given by --store, ACTIVITY_STORE or the config',
      );
    }
    try {
      // A reader of a store that does not exist yet sees an empty one and creates nothing.
      const file = exists || mode === 'write' ? path : ':memory:';
      if (file !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      const binding = nativeBinding();
      const db = new Database(file, {
        timeout: busyTimeoutMs,
        ...(binding ? { nativeBinding: binding } : {}),
      });
      const store = new SqliteStore(db, path);
      try {
        store.prepareConnection(durability);
      } catch (error) {
        db.close();
        throw error;
      }
      return store;
    } catch (error) {
      throw storeFailure(path, error);
    }
  }

  private prepareConnection(durability: Durability): void {
    const db = this.db;
    // Reading the schema version first fails fast, and writes nothing, on a file that is not SQLite.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new StoreError(
        `store ${this.location} has schema version ${version}, newer than this activity knows (${MIGRATIONS.length})`,
        'upgrade activity',
      );
    }
    // Larger pages make index upkeep markedly cheaper for batches (measured: 16 KiB
    // pages record about a fifth faster than 4 KiB); only a new file can take them.
    if (version === 0) db.pragma('page_size = 16384');
    if (db.name !== ':memory:') db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a committed event survives a crash of the process; a power
    // loss may lose the last transactions but never corrupts the file. FULL adds a
    // disk flush per commit (docs/integrity.md).
    db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
    // 16 MiB of page cache (the default is 2): index upkeep of large batches stays in memory.
    db.pragma(`cache_size = -${CACHE_KIB}`);
    db.function('fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldCase(text) : null));
    if (version < MIGRATIONS.length) this.migrate(version);
  }

  private migrate(from: number): void {
    const db = this.db;
    try {
      db.exec('BEGIN IMMEDIATE');
      // Another process may have migrated while we waited for the lock.
      const current = db.pragma('user_version', { simple: true }) as number;
      for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v] ?? '');
      db.pragma(`user_version = ${MIGRATIONS.length}`);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      // An older store that this user may only read: someone who can write it upgrades it once.
      if (from > 0 && String((error as { code?: unknown }).code).startsWith('SQLITE_READONLY')) {
        throw new StoreError(
          `store ${this.location} is in an older format (schema version ${from}) and needs a one-time upgrade, which needs write access`,
          `run any activity command on it once as a user who can write the file, e.g. activity list --store ${this.location} --limit 1`,
          { cause: error },
        );
      }
      throw error;
    }
    if (from > 0) db.exec('ANALYZE');
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private writer: SqliteWriter | undefined;

  async record(chunks: AsyncIterable<readonly BatchItem[]> | Iterable<readonly BatchItem[]>): Promise<RecordSummary> {
    this.writer ??= new SqliteWriter(this.db, (sql) => this.statement(sql), {
      head: () => this.readHead(),
      byId: (id) => this.readById(id),
    });
    try {
      const summary = await this.writer.record(chunks);
      this.ownWrites++;
      return summary;
    } catch (error) {
      throw storeFailure(this.location, error);
    }
  }

  private readHead(): ChainHead | undefined {
    return this.statement('SELECT seq, lower(hex(hash)) AS hash FROM events ORDER BY seq DESC LIMIT 1').get() as
      | ChainHead
      | undefined;
  }

  private readById(id: string): ActivityEvent | undefined {
    const row = this.statement(`${SELECT_EVENTS} WHERE e.id = ?`).raw().get(id) as EventRow | undefined;
    return row && toEvent(row);
  }

  query(query: EventQuery): AsyncIterable<EventPage> {
    return this.pages(query, EVENT_COLUMNS, (row) => toEvent(row as EventRow));
  }

  /**
   * A page of rows at a time, each page found by the rowid after the last one read:
   * better-sqlite3's `all` costs less a row than its iterator. By rows, not by seq
   * spans: a seq edited to 10^12 must not make verify walk the empty spans up to it.
   */
  async *links(afterSeq: number, names: LinkNames): AsyncIterable<StoredLink[]> {
    // Mapped, unlike exports: verify is bound by CPU, not memory, and the mapping spares
    // a copy of each page (about 5%). What it keeps resident is clean, shared OS cache.
    this.db.pragma(`mmap_size = ${MMAP_BYTES}`);
    const byId: NamesById = {
      subject: this.namesOf(names.subjects, names.subjectsThrough, SUBJECT_NAMES_OF),
      user: this.namesOf(names.users, names.usersThrough, USER_NAME_OF),
    };
    for (let after = afterSeq; ; ) {
      const lines = this.pluckGuarded(LINK_LINES, after);
      if (lines.length === 0) return;
      const links = lines.map((line) => toLink(line, byId));
      yield links;
      after = (links.at(-1) as StoredLink).seq;
    }
  }

  /**
   * The names loaded for an id, or for one past them (recorded since they were read,
   * or past LOADED_NAMES), those `lookUp` finds, remembered for the next event of it.
   */
  private namesOf(loaded: readonly string[], through: number, lookUp: string): (id: number) => string {
    const statement = this.statement(lookUp).pluck();
    const found = new Map<number, string>();
    return (id) => {
      if (id <= through) return loaded[id] ?? '!';
      if (!(id > through)) return '!';
      let names = found.get(id);
      if (names === undefined) {
        const array = this.run(() => statement.get(id) as string | undefined);
        names = array === undefined ? '!' : array.slice(1, -1);
        if (found.size === LOOKED_UP_NAMES) found.clear();
        found.set(id, names);
      }
      return names;
    };
  }

  /**
   * The text rows of a query built as is, or, should that fail on a BLOB (json_array
   * refuses them; see LINK_LINES), `guarded`; any other failure fails again there.
   */
  private pluckGuarded([plain, guarded]: GuardedQuery, ...params: unknown[]): string[] {
    try {
      return this.statement(plain)
        .pluck()
        .all(...params) as string[];
    } catch {
      return this.run(
        () =>
          this.statement(guarded)
            .pluck()
            .all(...params) as string[],
      );
    }
  }

  async linkNames(): Promise<LinkNames> {
    const subjects = namesById(this.pluckGuarded(LOAD_SUBJECT_NAMES));
    const users = namesById(this.pluckGuarded(LOAD_USER_NAMES));
    return {
      subjects: subjects.byId,
      subjectsThrough: subjects.through,
      users: users.byId,
      usersThrough: users.through,
    };
  }

  queryJson(query: EventQuery): AsyncIterable<JsonPage> {
    return this.pages(query, EVENT_JSON, (row) => (row as [Uint8Array])[0]);
  }

  private async *pages<T>(query: EventQuery, columns: string, map: (row: unknown[]) => T): AsyncIterable<T[]> {
    // A page touches few rows: mapped reads spare a fresh process a copy of each page it
    // reads (a search's look-up of its subjects took 8 ms unmapped, 3 mapped). Not for
    // exports, where every mapped page read would stay resident.
    if (query.limit !== undefined) this.db.pragma(`mmap_size = ${MMAP_BYTES}`);
    const { where, params } = this.where(query.filter, query);
    const order = ORDER_BY[query.order];
    // In seq order (cursors, follow) the rows after a seq are read by rowid, whatever the statistics.
    const seqOrder = query.order === 'seq' ? ' NOT INDEXED' : '';
    let sql: string;
    if (query.limit === undefined) {
      sql = `SELECT ${columns} FROM events e${seqOrder} ${JOIN_NAMES}${where} ${order}`;
    } else {
      const walkTime =
        query.order !== 'seq' &&
        !isEmptyFilter(query.filter) &&
        (await this.count(query.filter)) > query.limit * WALK_TIME_INDEX_ABOVE;
      sql =
        `SELECT ${columns} FROM (SELECT e.seq FROM events e${walkTime ? ' INDEXED BY events_by_time' : seqOrder}${where} ` +
        `${order} LIMIT ${Math.floor(query.limit)}) AS page CROSS JOIN events e ON e.seq = page.seq ${JOIN_NAMES} ${order}`;
    }
    let rows: IterableIterator<unknown[]>;
    try {
      rows = this.statement(sql)
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

  async *follow(filter: EventFilter, afterSeq: number, signal: AbortSignal): AsyncIterable<FollowStep> {
    if (this.db.name === ':memory:') {
      // The store does not exist yet: wait for its first writer, then follow the file.
      const unwatched = new WalWatch();
      while (!existsSync(this.location)) {
        if (!(await unwatched.wait(signal))) return;
      }
      const store = SqliteStore.open(this.location, 'read');
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
        // data_version changes when another connection commits: reading it is a look at
        // shared memory, so a look costs next to nothing.
        const now = this.run(() => this.dataVersion());
        if (now !== version) {
          version = now;
          const head = (await this.head())?.seq ?? 0;
          if (head > after) {
            for await (const page of this.query({ filter, order: 'seq', afterSeq: after, throughSeq: head })) {
              yield { events: page, through: page.at(-1)?.seq ?? after };
            }
            yield { events: [], through: head };
            after = head;
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

  /** The last count, since a page's query and its "Showing 50 of N" ask the same. */
  private lastCount: { key: string; count: number } | undefined;

  async count(filter: EventFilter, range: SeqRange = {}): Promise<number> {
    const key = `${this.version()} ${JSON.stringify(filter)} ${range.afterSeq} ${range.throughSeq}`;
    if (this.lastCount?.key === key) return this.lastCount.count;
    const whole = range.afterSeq === undefined && range.throughSeq === undefined;
    const count = this.run(() => {
      // seq runs 1, 2, 3… without holes, so the newest seq is the number of events.
      if (whole && isEmptyFilter(filter)) return this.readHead()?.seq ?? 0;
      if (whole && bySubjectOnly(filter)) return this.matchingSubjects(filter).events;
      const { where, params } = this.where(filter, range);
      return this.statement(`SELECT count(*) FROM events e${where}`)
        .pluck()
        .get(...params) as number;
    });
    this.lastCount = { key, count };
    return count;
  }

  async stats(filter: EventFilter, users: number): Promise<EventCounts> {
    return this.run(() => {
      const { where, params } = this.where(filter, {});
      // Each count is a GROUP BY over one covering index: no event row is read.
      const grouped = (column: string) =>
        this.statement(`SELECT ${column}, count(*) FROM events e${where} GROUP BY 1`)
          .raw()
          .all(...params) as [unknown, number][];
      const named = (column: string, names: readonly string[]) =>
        Object.fromEntries(grouped(column).map(([code, n]) => [nameOf(names, code), n]));
      const byAction = named('e.action', ACTIONS);
      const topUsers = (
        this.statement(
          `SELECT u.name, c.n FROM (SELECT e.user, count(*) AS n FROM events e${where} GROUP BY e.user) AS c ` +
            `CROSS JOIN users u NOT INDEXED ON u.id = c.user ORDER BY c.n DESC, u.name LIMIT ${Math.floor(users)}`,
        )
          .raw()
          .all(...params) as [string, number][]
      ).map(([user, events]) => ({ user, events }));
      return {
        total: Object.values(byAction).reduce((sum, n) => sum + n, 0),
        byAction,
        byType: named('e.type', RESOURCE_TYPES),
        topUsers,
        byQuarterHour: grouped(`e.time / ${QUARTER_HOUR_MS} - (e.time % ${QUARTER_HOUR_MS} < 0)`) as [number, number][],
      };
    });
  }

  async get(ref: EventRef): Promise<ActivityEvent | undefined> {
    return this.run(() => {
      if ('id' in ref) return this.readById(ref.id);
      const row = this.statement(`${SELECT_EVENTS} WHERE e.seq = ?`).raw().get(ref.seq) as EventRow | undefined;
      return row && toEvent(row);
    });
  }

  async latestOf(resource: ResourceRef): Promise<ActivityEvent | undefined> {
    return this.run(() => {
      const byId = resource.resourceId !== null;
      const row = this.statement(
        `${SELECT_EVENTS} WHERE e.subject IN (SELECT id FROM subjects WHERE type = ? AND account = ? AND ` +
          `${byId ? 'resource_id = ?' : "resource_id = '' AND name IN (SELECT id FROM names WHERE name = ?)"}) ` +
          'ORDER BY e.time DESC, e.seq DESC LIMIT 1',
      )
        .raw()
        .get(resource.type, resource.account ?? '', byId ? resource.resourceId : resource.name) as EventRow | undefined;
      return row && toEvent(row);
    });
  }

  async head(): Promise<ChainHead | undefined> {
    return this.run(() => this.readHead());
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Keep the planner's statistics current as the store grows; only writers change
    // them. The write lock is taken first, so a concurrent writer makes this wait
    // rather than fail; and it is best effort: the events are already committed, and a
    // refresh that cannot run now runs at a later writer's close.
    if (this.ownWrites > 0) {
      try {
        this.db.exec('BEGIN IMMEDIATE');
        this.db.pragma('optimize');
        this.db.exec('COMMIT');
      } catch {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
      }
    }
    this.db.close();
  }

  private run<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw storeFailure(this.location, error);
    }
  }

  /**
   * The SQL of SPEC §3's filters over `events e`. Users, accounts, resource ids and
   * names are looked up in their small tables first; each clause then has an index.
   */
  private where(filter: EventFilter, range: SeqRange): Sql {
    const where = new Conditions();
    if (filter.users.length > 0) {
      // Literal ids, not a subquery: the planner then knows how selective they are.
      const ids = this.statement(`SELECT id FROM users WHERE key IN (${marks(filter.users)})`)
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
    where.bound('e.time >= ?', filter.since);
    where.bound('e.time < ?', filter.until);
    where.bound('e.seq > ?', range.afterSeq);
    where.bound('e.seq <= ?', range.throughSeq);
    if (filter.accounts.length > 0 || filter.resourceIds.length > 0 || filter.search !== undefined) {
      // Subjects found once, as a JSON list of ids: a page and its count ask the same.
      const { ids } = this.matchingSubjects(filter);
      // A search also matches events whose action contains the text (`del`: deletes).
      const byAction =
        filter.search === undefined
          ? []
          : actionsMatchingSearch(filter.search, ACTIONS).map((action) => ACTION_CODE[action]);
      const orAction = byAction.length > 0 ? ` OR e.action IN (${marks(byAction)})` : '';
      where.add(`(e.subject IN (SELECT value FROM json_each(?))${orAction})`, ids, ...byAction);
    }
    return where.sql();
  }

  private lastSubjects: { key: string; ids: string; events: number } | undefined;

  /** Changes whenever this or another connection commits: what the small caches above key on. */
  private version(): string {
    return `${this.dataVersion()}.${this.ownWrites}`;
  }

  /** A prepared statement: db.pragma() would parse the SQL again at each of a follower's polls. */
  private dataVersion(): number {
    return this.statement('PRAGMA data_version').pluck().get() as number;
  }

  /**
   * The subjects that the account, resource-id and search filters select (and the type
   * filter, which events also carry), as a JSON array of ids, with their event count.
   */
  private matchingSubjects(filter: EventFilter): { ids: string; events: number } {
    const key = `${this.version()} ${JSON.stringify([filter.types, filter.accounts, filter.resourceIds, filter.search])}`;
    if (this.lastSubjects?.key !== key) {
      const { where, params } = this.subjectWhere(filter);
      // Aggregated in SQL: handing thousands of rows to JavaScript cost ten times more.
      const [ids, events] = this.statement(
        `SELECT json_group_array(id), coalesce(sum(events), 0) FROM subjects${where}`,
      )
        .raw()
        .get(...params) as [string, number];
      this.lastSubjects = { key, ids, events };
    }
    return this.lastSubjects;
  }

  /** The filters that are properties of a subject, over the subjects table. */
  private subjectWhere(filter: EventFilter): Sql {
    const where = new Conditions();
    where.anyOf('type', filter.types);
    where.anyOf('account', filter.accounts);
    where.anyOf('resource_id', filter.resourceIds);
    if (filter.search !== undefined) {
      // The trigram index narrows the names; the substring itself is then checked.
      // SQLite's lower() folds ASCII only, which is exact for printable ASCII text, and much
      // cheaper than calling back into JavaScript for every candidate.
      const ascii = /^[ -~]*$/.test(filter.search);
      const narrowed = [...filter.search].length >= TRIGRAM;
      const check = `instr(${ascii ? 'lower' : 'fold'}(name), ?) > 0`;
      if (narrowed) {
        where.add(
          `name IN (SELECT id FROM names WHERE id IN (SELECT rowid FROM names_search WHERE names_search MATCH ?) AND ${check})`,
          trigramQuery(filter.search),
          filter.search,
        );
      } else {
        where.add(`name IN (SELECT id FROM names WHERE ${check})`, filter.search);
      }
    }
    return where.sql();
  }
}

/** Counts the per-subject counters can answer: no user, action or time in the filter. */
const bySubjectOnly = (f: EventFilter): boolean =>
  f.users.length === 0 &&
  f.actions.length === 0 &&
  f.since === undefined &&
  f.until === undefined &&
  (f.accounts.length > 0 || f.resourceIds.length > 0 || f.search !== undefined) &&
  (f.search === undefined || actionsMatchingSearch(f.search, ACTIONS).length === 0);

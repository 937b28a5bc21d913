import pg from 'pg';
import type { BatchItem, RecordSummary } from '../../core/batch.js';
import { type ChainHead, canonicalEncoding, type StoredLink } from '../../core/chain.js';
import type { ActivityEvent } from '../../core/event.js';
import { type EventFilter, isEmptyFilter } from '../../core/filter.js';
import {
  type EventCounts,
  type EventPage,
  type EventPosition,
  type EventQuery,
  type EventRef,
  type FollowStep,
  QUARTER_HOUR_MS,
  type ResourceRef,
  type SeqRange,
} from '../../core/query.js';
import type { Action, ResourceType } from '../../core/resource-types.js';
import { formatIsoTime } from '../../core/time.js';
import type { ActivityStore, DistinctField, StoreOptions, TokenStore, UploadStore } from '../store.js';
import { clientConfig, migrate, openPool, plainAfterPreferredSsl, storeFailure } from './connection.js';
import { countEvents, countFromSummary, EVENT_COLUMNS, groupCounts, selectPage, topUsers } from './filter-sql.js';
import { restoreEvents } from './restore.js';
import { postgresTokens } from './tokens.js';
import { postgresUploads } from './uploads.js';
import { CHANNEL, writeBatch } from './writer.js';

/** Rows read at a time: a query's pages, follow's steps and verify's links. */
const PAGE_SIZE = 500;

/** A follower looks at the head this often even when no notification came (one may be lost with its connection). */
const POLL_MS = 1_500;

/** A follower that lost the server tries again after this long, doubling up to FOLLOW_RETRY_MAX_MS. */
const FOLLOW_RETRY_MS = 250;
const FOLLOW_RETRY_MAX_MS = 5_000;

/** A row of EVENT_COLUMNS. */
interface EventRow {
  seq: number;
  id: string;
  time: number;
  action: Action;
  type: ResourceType;
  name: string;
  resource_id: string | null;
  account: string | null;
  user_name: string;
  details: string | null;
  hash: string;
  recorded_by: string | null;
}

function toEvent(row: EventRow): ActivityEvent {
  const event: ActivityEvent = {
    seq: row.seq,
    id: row.id,
    time: formatIsoTime(row.time),
    action: row.action,
    type: row.type,
    name: row.name,
    resourceId: row.resource_id,
    account: row.account,
    user: row.user_name,
    details: row.details,
    hash: row.hash,
  };
  if (row.recorded_by !== null) event.recordedBy = row.recorded_by;
  return event;
}

/** Failures that mean the connection or the server went away, after which a follower tries again. */
function isConnectionLoss(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code);
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03'].includes(code) ||
    code.startsWith('08') ||
    /Connection terminated|timeout expired|not queryable/i.test(String((error as Error).message))
  );
}

/** Resolves after `ms`, or at once when `signal` aborts. */
const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * What wakes the store's followers: one connection that LISTENs for commits, shared by
 * all of them (a server's every event stream follows the store: a connection each would
 * be as many connections as open pages), and a poll for a notification lost with it.
 */
class Listener {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private readonly waiting = new Set<() => void>();
  /** Moves on at each notification and each loss: a follower that read before it reads again at once. */
  generation = 0;
  /** Followers using it: the connection closes with the last. */
  followers = 0;

  constructor(private readonly config: pg.ClientConfig) {}

  /** Listening, connecting first when it is not. */
  async listen(): Promise<void> {
    if (this.client !== undefined) return;
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    await this.connecting;
  }

  /** Until a commit is notified after `generation`, POLL_MS pass, the connection is lost or the signal aborts. */
  async wait(generation: number, signal: AbortSignal): Promise<void> {
    if (generation !== this.generation || signal.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, POLL_MS);
      signal.addEventListener('abort', done, { once: true });
      this.waiting.add(done);
    });
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.config);
    const lost = () => {
      if (this.client === client) this.client = undefined;
      this.wake();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    this.client = client;
  }

  private wake(): void {
    this.generation++;
    for (const done of [...this.waiting]) done();
  }
}

/** The PostgreSQL store (docs/store.md, "PostgreSQL"): many processes on many hosts, one chain. */
export class PostgresStore implements ActivityStore {
  readonly tokens: TokenStore;
  readonly uploads: UploadStore;
  private listener: Listener | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly options: StoreOptions,
    /** The location without credentials. */
    readonly location: string,
  ) {
    this.tokens = postgresTokens({
      rows: (text, values) => this.rows(text, values),
      transaction: (work) =>
        this.transaction((client) => work(async (text, values) => (await client.query(text, values)).rows)),
    });
    this.uploads = postgresUploads({
      rows: (text, values) => this.rows(text, values),
      transaction: (work) => this.transaction(work),
      connect: async () => {
        const client = new pg.Client(clientConfig(this.options));
        client.on('error', () => {});
        try {
          await client.connect();
        } catch (error) {
          throw storeFailure(this.options.location, this.location, error);
        }
        return client;
      },
    });
  }

  /** Connects to the database `options.location` names and brings its schema up to date. */
  static async open(options: StoreOptions, shown: string): Promise<PostgresStore> {
    try {
      return await PostgresStore.connect(options, shown);
    } catch (error) {
      const plain = plainAfterPreferredSsl(options.location, error);
      if (plain === undefined) throw error;
      return PostgresStore.connect({ ...options, location: plain }, shown);
    }
  }

  private static async connect(options: StoreOptions, shown: string): Promise<PostgresStore> {
    const pool = openPool(options);
    try {
      await migrate(pool, shown, options.mode);
    } catch (error) {
      await pool.end().catch(() => {});
      throw storeFailure(options.location, shown, error);
    }
    return new PostgresStore(pool, options, shown);
  }

  async record(chunks: AsyncIterable<readonly BatchItem[]> | Iterable<readonly BatchItem[]>): Promise<RecordSummary> {
    return this.transaction((client) => writeBatch(client, chunks));
  }

  async restore(
    chunks: AsyncIterable<readonly ActivityEvent[]> | Iterable<readonly ActivityEvent[]>,
  ): Promise<{ restored: number }> {
    return this.transaction((client) => restoreEvents(client, chunks));
  }

  /**
   * Pages of PAGE_SIZE, each a query of its own that starts after the last row of the one
   * before, over the seqs up to the head when the first was read: no statement stays
   * open between pages, and events recorded meanwhile neither appear nor shift a page.
   */
  async *query(query: EventQuery): AsyncIterable<EventPage> {
    let left = query.limit ?? Number.POSITIVE_INFINITY;
    const throughSeq = query.throughSeq ?? (left <= PAGE_SIZE ? undefined : await this.headSeq());
    let after: EventPosition | undefined = query.after;
    let afterSeq = query.afterSeq;
    while (left > 0) {
      const size = Math.min(PAGE_SIZE, left);
      const rows = await this.rows<EventRow>(selectPage({ ...query, after, afterSeq, throughSeq }, size));
      if (rows.length > 0) yield rows.map(toEvent);
      if (rows.length < size) return;
      left -= rows.length;
      const last = rows.at(-1) as EventRow;
      if (query.order === 'seq') afterSeq = last.seq;
      else after = { time: last.time, seq: last.seq };
    }
  }

  async *follow(filter: EventFilter, afterSeq: number, signal: AbortSignal): AsyncIterable<FollowStep> {
    this.listener ??= new Listener(clientConfig(this.options));
    const listener = this.listener;
    listener.followers++;
    let after = afterSeq;
    let retry = FOLLOW_RETRY_MS;
    let lost = false;
    try {
      while (!signal.aborted) {
        // Listening before the head is read: a commit after the read is then notified.
        const generation = listener.generation;
        try {
          await listener.listen();
          const head = await this.headSeq();
          if (lost) {
            lost = false;
            retry = FOLLOW_RETRY_MS;
            yield { events: [], through: after, connection: 'resumed' };
          }
          while (head > after) {
            const rows = await this.rows<EventRow>(
              selectPage({ filter, order: 'seq', afterSeq: after, throughSeq: head }, PAGE_SIZE),
            );
            const through = rows.length < PAGE_SIZE ? head : (rows.at(-1) as EventRow).seq;
            yield { events: rows.map(toEvent), through };
            after = through;
          }
        } catch (error) {
          const cause = (error as { cause?: unknown }).cause ?? error;
          if (signal.aborted) return;
          if (!isConnectionLoss(cause)) throw storeFailure(this.options.location, this.location, error);
          if (!lost) {
            lost = true;
            yield { events: [], through: after, connection: 'lost' };
          }
          await pause(retry, signal);
          retry = Math.min(retry * 2, FOLLOW_RETRY_MAX_MS);
          continue;
        }
        await listener.wait(generation, signal);
      }
    } finally {
      if (--listener.followers === 0) await listener.close();
    }
  }

  async count(filter: EventFilter, range: SeqRange = {}): Promise<number> {
    if (isEmptyFilter(filter)) {
      // seq runs 1, 2, 3… without holes: the newest seq is the number of events, and a range holds as many as it spans.
      const head = await this.headSeq();
      return Math.max(0, Math.min(head, range.throughSeq ?? head) - (range.afterSeq ?? 0));
    }
    const [row] = await this.rows<{ n: number }>(countFromSummary(filter, range) ?? countEvents(filter, range));
    return row?.n ?? 0;
  }

  async distinct(field: DistinctField): Promise<string[]> {
    // Sorted by code point, as the SQLite store sorts, whatever the database's collation.
    const column = field === 'user' ? 'user_name' : 'account';
    const rows = await this.rows<{ value: string }>(
      `SELECT DISTINCT ${column} COLLATE "C" AS value FROM events WHERE ${column} IS NOT NULL AND ${column} <> '' ORDER BY 1`,
    );
    return rows.map((row) => row.value);
  }

  async stats(filter: EventFilter, users: number): Promise<EventCounts> {
    const counted = async (column: string) =>
      (await this.rows<{ key: string; n: number }>(groupCounts(filter, column))).map(
        (row) => [row.key, row.n] as const,
      );
    const q = QUARTER_HOUR_MS;
    const byAction = Object.fromEntries(await counted('action'));
    return {
      total: Object.values(byAction).reduce((sum: number, n) => sum + n, 0),
      byAction,
      byType: Object.fromEntries(await counted('type')),
      topUsers: (await this.rows<{ key: string; n: number }>(topUsers(filter, users))).map((row) => ({
        user: row.key,
        events: row.n,
      })),
      // Floored, so that times before 1970 fall in their own quarter.
      byQuarterHour: (await counted(`(time - ((time % ${q}) + ${q}) % ${q}) / ${q}`)).map(([quarter, n]) => [
        Number(quarter),
        n,
      ]),
    };
  }

  async get(ref: EventRef): Promise<ActivityEvent | undefined> {
    const [row] =
      'id' in ref
        ? await this.rows<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1`, [ref.id])
        : await this.rows<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq = $1`, [ref.seq]);
    return row && toEvent(row);
  }

  async latestOf(resources: readonly ResourceRef[]): Promise<(ActivityEvent | undefined)[]> {
    if (resources.length === 0) return [];
    // Every resource's latest event in one statement: a table's fifty rows are one round trip.
    const rows = await this.rows<EventRow & { i: number }>(
      `SELECT r.i, e.* FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS r(type, account, resource_id, name, i)
       CROSS JOIN LATERAL (SELECT ${EVENT_COLUMNS} FROM events e
         WHERE e.type = r.type AND e.account IS NOT DISTINCT FROM r.account AND
           (CASE WHEN r.resource_id IS NULL THEN e.resource_id IS NULL AND e.name = r.name ELSE e.resource_id = r.resource_id END)
         ORDER BY e.time DESC, e.seq DESC LIMIT 1) AS e`,
      [
        resources.map((r) => r.type),
        resources.map((r) => r.account),
        resources.map((r) => r.resourceId),
        resources.map((r) => r.name),
      ],
    );
    const byIndex = new Map(rows.map((row) => [row.i, toEvent(row)]));
    return resources.map((_, i) => byIndex.get(i + 1));
  }

  /** Each event's link, with the canonical encoding built from its stored fields (verify recomputes the hash). */
  async *links(range: SeqRange): AsyncIterable<readonly StoredLink[]> {
    let after = range.afterSeq ?? 0;
    for (;;) {
      const bound = range.throughSeq === undefined ? '' : ' AND seq <= $2';
      const rows = await this.rows<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE seq > $1${bound} ORDER BY seq LIMIT ${PAGE_SIZE}`,
        range.throughSeq === undefined ? [after] : [after, range.throughSeq],
      );
      if (rows.length > 0) {
        yield rows.map((row) => {
          const event = toEvent(row);
          return { seq: event.seq, hash: event.hash, encoding: canonicalEncoding(event.seq, event) };
        });
      }
      if (rows.length < PAGE_SIZE) return;
      after = (rows.at(-1) as EventRow).seq;
    }
  }

  async head(): Promise<ChainHead | undefined> {
    const [row] = await this.rows<ChainHead>(
      "SELECT seq, encode(hash, 'hex') AS hash FROM events ORDER BY seq DESC LIMIT 1",
    );
    return row;
  }

  async close(): Promise<void> {
    await this.listener?.close();
    await this.pool.end().catch(() => {});
  }

  private async headSeq(): Promise<number> {
    return (await this.head())?.seq ?? 0;
  }

  private async rows<T>(statement: string | { text: string; values: unknown[] }, values?: unknown[]): Promise<T[]> {
    try {
      const result =
        typeof statement === 'string'
          ? await this.pool.query(statement, values)
          : await this.pool.query(statement.text, statement.values);
      return result.rows as T[];
    } catch (error) {
      throw storeFailure(this.options.location, this.location, error);
    }
  }

  /** `work` in one transaction on a connection of its own; rolled back on any failure. */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw storeFailure(this.options.location, this.location, error);
    }
    // A connection lost between two statements (a server's batch waits for its body) emits
    // 'error' on it, which with no listener would end the process; the next query fails instead.
    const lost = () => {};
    client.on('error', lost);
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw storeFailure(this.options.location, this.location, error);
    } finally {
      client.off('error', lost);
      // A connection that could not even roll back is dropped, not handed to the next query.
      client.release(broken);
    }
  }
}

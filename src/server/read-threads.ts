import type { BatchItem, RecordSummary } from '../core/batch.js';
import type { ChainHead, StoredLink } from '../core/chain.js';
import { StoreError } from '../core/errors.js';
import type { ActivityEvent } from '../core/event.js';
import type { EventFilter } from '../core/filter.js';
import type {
  EventCounts,
  EventPage,
  EventQuery,
  EventRef,
  FollowStep,
  JsonPage,
  ResourceRef,
  SeqRange,
} from '../core/query.js';
import { decodeItems } from '../ingest/items-codec.js';
import { openStore, storeKind } from '../store/open.js';
import {
  type ActivityStore,
  type DistinctField,
  jsonPages,
  type StoreOptions,
  type TokenStore,
} from '../store/store.js';
import { type FlatValues, WorkerPool } from '../workers/pool.js';
import { errorOf, type JsonAnswer, type ReadCall, type ReadReply } from './read-protocol.js';

/** Above this limit a query is not one message's worth: it runs on the calling thread, page by page. */
const THREADED_LIMIT = 10_000;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  thread: number;
}

/**
 * A store whose bounded reads (pages, counts, stats, latest events) run on worker
 * threads, each with its own connection: what lets a server on an embedded store use
 * more than one core, since a SQLite query holds the thread that runs it. Everything
 * else (writes, follow, tokens, the head, exports) goes to one store on the calling
 * thread. The threads read what that store commits, as any other reader would.
 */
export class ReadThreads implements ActivityStore {
  private readonly pool: WorkerPool<ReadReply>;
  private readonly pending = new Map<number, Pending>();
  private readonly busy: number[];
  private nextId = 1;
  private failure: StoreError | undefined;

  private constructor(
    private readonly local: ActivityStore,
    options: StoreOptions,
    threads: number,
    /**
     * Whether reads go to the threads, or only batches to parse. A PostgreSQL query does
     * not hold the thread that sends it, and the store's pool runs several at once: on
     * threads of one call at a time, a server over 32 clients answered 20% fewer requests.
     */
    private readonly threadedReads: boolean,
  ) {
    this.busy = Array.from({ length: threads }, () => 0);
    this.pool = new WorkerPool<ReadReply>(
      'read-worker',
      threads,
      { ...options, mode: 'read' },
      {
        onReply: (_thread, reply) => this.settle(reply),
        onFailure: (error) => this.fail(error),
      },
    );
  }

  /** Opens the store on this thread (as `options` say) and on `threads` read threads. */
  static async open(options: StoreOptions, threads: number): Promise<ReadThreads> {
    return new ReadThreads(await openStore(options), options, threads, storeKind(options.location) === 'sqlite');
  }

  get location(): string {
    return this.local.location;
  }

  get tokens(): TokenStore {
    return this.local.tokens;
  }

  record(chunks: AsyncIterable<readonly BatchItem[]> | Iterable<readonly BatchItem[]>): Promise<RecordSummary> {
    return this.local.record(chunks);
  }

  async *query(query: EventQuery): AsyncIterable<EventPage> {
    if (!this.threadedReads || !bounded(query)) return yield* this.local.query(query);
    yield (await this.call({ op: 'query', query })) as ActivityEvent[];
  }

  async *queryJson(query: EventQuery): AsyncIterable<JsonPage> {
    if (!this.threadedReads || !bounded(query)) return yield* jsonPages(this.local, query);
    const { bytes, ends } = (await this.call({ op: 'json', query })) as JsonAnswer;
    yield ends.map((end, i) => bytes.subarray(i === 0 ? 0 : ends[i - 1], end));
  }

  follow(filter: EventFilter, afterSeq: number, signal: AbortSignal): AsyncIterable<FollowStep> {
    return this.local.follow(filter, afterSeq, signal);
  }

  async count(filter: EventFilter, range: SeqRange = {}): Promise<number> {
    if (!this.threadedReads) return this.local.count(filter, range);
    return (await this.call({ op: 'count', filter, range })) as number;
  }

  async latestOf(resources: readonly ResourceRef[]): Promise<(ActivityEvent | undefined)[]> {
    if (!this.threadedReads) return this.local.latestOf(resources);
    return (await this.call({ op: 'latestOf', resources })) as (ActivityEvent | undefined)[];
  }

  /**
   * An NDJSON batch parsed and validated on a thread, as the server's record route would
   * on its own: there, it would wait for the batch being written before it.
   */
  async parse(body: Buffer, now: number): Promise<BatchItem[]> {
    // A copy the thread can own: a request's body may be a view into a larger buffer.
    const owned = new Uint8Array(body);
    return decodeItems((await this.call({ op: 'parse', body: owned, now }, [owned.buffer])) as FlatValues[]);
  }

  /** On this thread: an index lookup a value, no scan. */
  distinct(field: DistinctField): Promise<string[]> {
    return this.local.distinct(field);
  }

  async stats(filter: EventFilter, users: number): Promise<EventCounts> {
    if (!this.threadedReads) return this.local.stats(filter, users);
    return (await this.call({ op: 'stats', filter, users })) as EventCounts;
  }

  get(ref: EventRef): Promise<ActivityEvent | undefined> {
    return this.local.get(ref);
  }

  links(range: SeqRange): AsyncIterable<readonly StoredLink[]> {
    return this.local.links(range);
  }

  head(): Promise<ChainHead | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    return this.local.head();
  }

  async close(): Promise<void> {
    this.fail(new Error('the store is closed'));
    await this.pool.terminate();
    await this.local.close();
  }

  /** Runs `call` on the thread with the fewest calls waiting. */
  private call(call: ReadCall, transfer?: ArrayBuffer[]): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const thread = this.busy.indexOf(Math.min(...this.busy));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, thread });
      this.busy[thread] = (this.busy[thread] ?? 0) + 1;
      this.pool.post(thread, { ...call, id }, transfer);
    });
  }

  private settle(reply: ReadReply): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    this.pending.delete(reply.id);
    this.busy[pending.thread] = (this.busy[pending.thread] ?? 1) - 1;
    if ('error' in reply) pending.reject(errorOf(reply.error));
    else pending.resolve(reply.value);
  }

  /** A thread that failed fails every call: the store is then unavailable (a server's readiness says so). */
  private fail(error: unknown): void {
    this.failure ??= new StoreError(
      `store ${this.location}: a read thread failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    for (const pending of this.pending.values()) pending.reject(this.failure);
    this.pending.clear();
  }
}

const bounded = (query: EventQuery): boolean => query.limit !== undefined && query.limit <= THREADED_LIMIT;

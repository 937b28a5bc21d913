import type { ChainHead, StoredLink } from '../core/chain.js';
import type { ActivityEvent, NewEvent } from '../core/event.js';
import type { EventFilter } from '../core/filter.js';
import type { Action, ResourceType } from '../core/resource-types.js';

/**
 * The one interface every store implements: the embedded SQLite file now; the
 * PostgreSQL store and the remote (HTTP) store later. Commands speak only to this.
 * Everything is asynchronous, and queries are async iterables, so a remote store can
 * page and an export can stream.
 */
export interface ActivityStore {
  /** Where the store is, for messages. */
  readonly location: string;

  /**
   * Records a batch all-or-nothing. Items arrive in chunks, each validated already or
   * carrying the problem found with its line; the store adds its own problems (an id
   * recorded before with other content). Any problem: nothing is written, and the
   * store throws InvalidInputError naming the first 20. Every new event gets its
   * `seq` and chain `hash` inside the same write transaction.
   */
  record(chunks: AsyncIterable<readonly BatchItem[]> | Iterable<readonly BatchItem[]>): Promise<RecordSummary>;

  /**
   * Events matching the query, in its order, streamed in pages: one await a page
   * rather than one an event keeps a million-event export cheap, and a remote store
   * pages anyway.
   */
  query(query: EventQuery): AsyncIterable<EventPage>;

  /**
   * The same events as `query`, each already serialized as its JSON object (SPEC §1
   * fields, in order): the path of json and ndjson exports. A store can build the
   * text where the data is (SQLite's and PostgreSQL's JSON functions, a server's
   * NDJSON body), which spares an export most of its per-event work; as bytes, since
   * decoding a million strings into JavaScript and encoding them again for stdout
   * cost more than everything else an export does.
   */
  queryJson(query: EventQuery): AsyncIterable<JsonPage>;

  /**
   * Follows the store as any process records into it: the events matching `filter`
   * with a seq above `afterSeq`, in seq order, each as soon as it is committed. Each
   * step also says how far the store has been read (`through`), so a cursor can move
   * past events the filter skipped. Ends when `signal` aborts. The embedded store
   * polls; a server pushes.
   */
  follow(filter: EventFilter, afterSeq: number, signal: AbortSignal): AsyncIterable<FollowStep>;

  /** How many events match (within `range` when given), for "Showing 50 of 1,234". */
  count(filter: EventFilter, range?: SeqRange): Promise<number>;

  /**
   * The latest event of a resource — `type` + `account` + (`resourceId`, or `name` when
   * there is no id; SPEC §1) — by time: a resource is deleted when this is a delete.
   */
  latestOf(resource: ResourceRef): Promise<ActivityEvent | undefined>;

  /** Counts of the matching events by action, type, user (the top `users`) and time bucket (`activity stats`). */
  stats(filter: EventFilter, users: number): Promise<EventCounts>;

  /** One event by its id or its seq. */
  get(ref: EventRef): Promise<ActivityEvent | undefined>;

  /**
   * The stored events after `afterSeq` in seq order as verify checks them: seq, stored
   * hash and canonical encoding (core/chain.ts). A store builds the encoding where the
   * data is: for SQLite that halves the work of a verify. `names` is what linkNames()
   * of this store gave.
   */
  links(afterSeq: number, names: LinkNames): AsyncIterable<StoredLink[]>;

  /**
   * The names of subjects and users as encodings hold them, read once by each thread of
   * a verify and handed to each of its links(): joining them for each event cost SQLite
   * more than the rest of reading it.
   */
  linkNames(): Promise<LinkNames>;

  /** The newest link of the chain, or undefined for an empty store. */
  head(): Promise<ChainHead | undefined>;

  close(): Promise<void>;
}

export type EventPage = readonly ActivityEvent[];

/**
 * Names as a canonical encoding holds them (`"name","resource id","account"` of a
 * subject, `"name"` of a user) by the store's id of each, up to the highest id read:
 * a later one (recorded since, or past what a store loads) is looked up by links().
 */
export interface LinkNames {
  subjects: string[];
  subjectsThrough: number;
  users: string[];
  usersThrough: number;
}

export interface FollowStep {
  events: EventPage;
  /** Every event up to this seq has been seen (and passed on when it matched). */
  through: number;
}
/** Each event's JSON object as UTF-8 bytes: written out as they are, never decoded. */
export type JsonPage = readonly Uint8Array[];

export type BatchItem =
  | {
      line: number;
      event: NewEvent;
      /** The event's chain hash, computed ahead. */
      link?: ChainLink;
      /** subjectFingerprint(event), computed ahead. */
      subject?: number;
    }
  | { line: number; problem: string };

/**
 * An event's chain hash computed ahead of the write, off the writer's thread, for the
 * place in the chain it was expected to take. A store uses it only when the event does
 * take that place (same seq, same previous hash); otherwise it hashes the event itself.
 */
export interface ChainLink {
  seq: number;
  previous: string;
  hash: string;
}

export interface RecordSummary {
  /** Events written by this call. */
  recorded: number;
  /** Events whose id was already recorded with the same content: left as they were. */
  unchanged: number;
  /** The seq range written, when anything was: one transaction, so it has no holes. */
  firstSeq?: number;
  lastSeq?: number;
}

/**
 * `newest`: time descending, ties by seq (list). `oldest`: the reverse. `seq`: commit
 * order, for incremental export and follow.
 */
export type EventOrder = 'newest' | 'oldest' | 'seq';

/** Seqs after `afterSeq` (cursor files, follow), through `throughSeq` (the head an export began at). */
export interface SeqRange {
  afterSeq?: number;
  throughSeq?: number;
}

export interface EventQuery extends SeqRange {
  filter: EventFilter;
  order: EventOrder;
  limit?: number;
}

export type EventRef = { id: string } | { seq: number };

/** Bucket of EventCounts.byQuarterHour: 15 minutes, so that local days can be told apart in every time zone. */
export const QUARTER_HOUR_MS = 15 * 60 * 1000;

export interface EventCounts {
  total: number;
  byAction: Partial<Record<Action, number>>;
  byType: Partial<Record<ResourceType, number>>;
  /** The most active users, most events first (ties by name). */
  topUsers: { user: string; events: number }[];
  /** Events per quarter hour since the epoch (floor(time / QUARTER_HOUR_MS)) that holds any. */
  byQuarterHour: [quarter: number, events: number][];
}

export type { ChainHead };

export type ResourceRef = Pick<ActivityEvent, 'type' | 'account' | 'resourceId' | 'name'>;

/**
 * How a command means to use the store: a reader never creates a file, and sees a
 * missing store as an empty one (a fresh machine has none yet); `existing` is a reader
 * for which a missing store is an error (verify: a mistyped path must not pass a check).
 */
export type OpenMode = 'read' | 'write' | 'existing';

/**
 * What a commit promises. `normal`: a committed event survives a crash of the process;
 * a power loss or OS crash may lose the last commits, never the file's consistency.
 * `full`: it survives those too, at the cost of a disk flush per commit (docs/integrity.md).
 */
export type Durability = 'normal' | 'full';

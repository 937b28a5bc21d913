import type { BatchItem, RecordSummary } from '../core/batch.js';
import type { ChainHead, StoredLink } from '../core/chain.js';
import { UsageError } from '../core/errors.js';
import type { ActivityEvent } from '../core/event.js';
import { asJsonPages } from '../core/event-json.js';
import type { EventFilter } from '../core/filter.js';
import type {
  EventCounts,
  EventPage,
  EventQuery,
  EventRef,
  EventSource,
  FollowStep,
  JsonPage,
  ResourceRef,
  SeqRange,
} from '../core/query.js';
import type { NewToken, Scope, StoredToken, TokenInfo } from '../core/token.js';

/**
 * The one interface every store implements: the embedded SQLite file, a PostgreSQL
 * database and the remote (HTTP) store. Commands, and the server, speak
 * only to this, in the domain's types (core/): nothing here is any store's insides.
 * Everything is asynchronous, and queries are async iterables of pages, so that a
 * remote store can page and an export can stream.
 */
export interface ActivityStore {
  /** Where the store is, for messages (without credentials). */
  readonly location: string;

  /** What the person running a command should know of the store as opened (that it does not exist yet, say). */
  readonly note?: string;

  /**
   * Records a batch all-or-nothing. Items arrive in chunks, each validated already or
   * carrying the problem found with its line; the store adds its own problems (an id
   * recorded before with other content). Any problem: nothing is written, and the store
   * throws InvalidInputError naming the first 20. Every new event gets the next `seq`
   * and its chain `hash` inside the same write, and concurrent writers, in this process
   * or any other, never fork the chain.
   */
  record(chunks: AsyncIterable<readonly BatchItem[]> | Iterable<readonly BatchItem[]>): Promise<RecordSummary>;

  /**
   * Appends stored events as they are, seq, hash and recordedBy included (a copy of a
   * store: `activity store copy`). Each must continue the chain: its seq the head's + 1
   * and its hash chainHash(previous hash, seq, event), its fields in the form a store
   * holds them (core/restore.ts); anything else is an IntegrityError. Checked and written
   * all-or-nothing per call, under the same writer lock as record, so a writer that
   * records meanwhile comes before or after the whole call. Optional: the remote store
   * has none, since a server gives seqs itself and a copy goes to its store, not
   * through it.
   */
  restore?(
    chunks: AsyncIterable<readonly ActivityEvent[]> | Iterable<readonly ActivityEvent[]>,
  ): Promise<{ restored: number }>;

  /** Events matching the query, in its order, in pages (one await a page, not one an event). */
  query(query: EventQuery): AsyncIterable<EventPage>;

  /**
   * Optional: the events of `query` as JSON bytes, built where the data is (SQLite's JSON
   * functions, a server's NDJSON body), byte for byte what core/event-json.ts writes.
   * Without it, callers serialize query()'s events (jsonPages below).
   */
  queryJson?(query: EventQuery): AsyncIterable<JsonPage>;

  /**
   * Follows the store as any process records into it: the events matching `filter`
   * with a seq above `afterSeq`, in seq order, each as soon as it is committed. Each
   * step also says how far the store has been read (`through`), so a cursor can move
   * past events the filter skipped. Ends when `signal` aborts.
   */
  follow(filter: EventFilter, afterSeq: number, signal: AbortSignal): AsyncIterable<FollowStep>;

  /** How many events match (within `range` when given), for "Showing 50 of 1,234". */
  count(filter: EventFilter, range?: SeqRange): Promise<number>;

  /**
   * The latest event, by time, of each resource (reference §1: a resource is deleted when it
   * is a delete), in the order asked: a table's rows in one call, not one a row.
   */
  latestOf(resources: readonly ResourceRef[]): Promise<(ActivityEvent | undefined)[]>;

  /**
   * Every user, or every account, the store's events name, sorted: for look-ups (a
   * filter's pick lists) and "did you mean" when a filter names one that is not there.
   */
  distinct(field: DistinctField): Promise<string[]>;

  /** Counts of the matching events by action, type, user (the top `users`) and quarter hour. */
  stats(filter: EventFilter, users: number): Promise<EventCounts>;

  /** One event by its id or its seq. */
  get(ref: EventRef): Promise<ActivityEvent | undefined>;

  /**
   * The stored chain in `range`, in seq order, as verify checks it: each event's seq,
   * stored hash and canonical encoding (core/chain.ts). A store may build the encoding
   * where the data is; a client of a server builds it from the events it downloads,
   * never taking the server's word that the chain holds.
   */
  links(range: SeqRange): AsyncIterable<readonly StoredLink[]>;

  /** The newest link of the chain, or undefined for an empty store. */
  head(): Promise<ChainHead | undefined>;

  /** The tokens a server's clients present (reference §8). */
  readonly tokens: TokenStore;

  /**
   * Where a server stages the parts of its clients' uploads, in a store that several
   * servers share, so that whichever of them a load balancer sends a part or the commit
   * to has the upload. A server of a store without it stages on its own disk.
   */
  readonly uploads?: UploadStore;

  close(): Promise<void>;
}

export type DistinctField = 'user' | 'account';

/**
 * Tokens, kept as digests: the token itself exists only in what `create` returns. A
 * revoked token's name is never given again, since the events it recorded carry it.
 */
export interface TokenStore {
  create(name: string, scope: Scope): Promise<NewToken>;
  /** The live tokens, by name. */
  list(): Promise<TokenInfo[]>;
  /** Refused from the next request on; a UsageError when no live token has the name. */
  revoke(name: string): Promise<void>;
  /** The live token that `token` is, noting its use; undefined for an unknown or revoked one. */
  authenticate(token: string): Promise<TokenInfo | undefined>;
  /**
   * A web page's session for the live token named `tokenName`, until `expires` (epoch
   * ms): its secret, which only the browser's cookie holds (the store keeps a digest).
   */
  openSession(tokenName: string, expires: number): Promise<string>;
  /** The token a session was opened with, while the session and the token both live. */
  session(secret: string): Promise<TokenInfo | undefined>;
  /** Ends a session (signing out); nothing for one that is not there. */
  closeSession(secret: string): Promise<void>;
  /**
   * Optional, for a copy of the store: every token as kept, revoked ones too. The remote
   * store has none: a server never hands out digests.
   */
  stored?(): Promise<StoredToken[]>;
  /**
   * Optional: takes tokens as another store keeps them, all or nothing. A name not held is
   * added; a name held with the same digest keeps the later use and a revocation from
   * either side (a revoked token never comes back); a name held with another digest is a
   * UsageError, and nothing is written.
   */
  restore?(tokens: readonly StoredToken[]): Promise<{ added: number }>;
}

/** Why an upload was refused: none of the caller's by that id, in use by another request, too many open, too large. */
export type UploadRefusal = 'unknown' | 'busy' | 'too-many' | 'too-large';

export class UploadRefused extends UsageError {
  constructor(
    readonly refusal: UploadRefusal,
    message: string,
    hint: string,
  ) {
    super(message, hint);
  }
}

/** Bounds on each owner's uploads (docs/server.md, "Limits"). */
export const UPLOAD_LIMITS = {
  /** Uploads one token may have open at once. */
  open: 4,
  /** What one token's open uploads may hold, all parts together. */
  bytes: 4 * 1024 * 1024 * 1024,
  /** An upload nobody sent a part to for this long is dropped. */
  idleMs: 10 * 60_000,
} as const;

/** The refusals of an upload, worded the same by every store. */
export const uploadRefused = {
  unknown: (id: string) =>
    new UploadRefused('unknown', `no upload ${JSON.stringify(id)}`, 'start one with POST /v1/uploads'),
  busy: () => new UploadRefused('busy', 'this upload is busy with another request', 'send its parts one at a time'),
  tooMany: (open: number) =>
    new UploadRefused('too-many', `this token has ${open} uploads open`, 'commit or delete one first'),
  tooLarge: () =>
    new UploadRefused(
      'too-large',
      `a token's open uploads hold at most ${UPLOAD_LIMITS.bytes / 1024 ** 3} GiB together`,
      'commit this upload, and record the rest in another',
    ),
};

/**
 * An upload: NDJSON parts staged one after another under an owner (a token's name), then
 * recorded together in one transaction, or dropped. A request on an upload another
 * request is at work on is refused (`busy`), as is any on an upload of another owner
 * (`unknown`): parts come one at a time, in order.
 */
export interface UploadStore {
  /** A new upload's id; refused past UPLOAD_LIMITS.open of the owner's. */
  begin(owner: string): Promise<string>;
  /** Adds a part (whole lines, the last ending in a newline); the upload's lines so far. */
  add(id: string, owner: string, part: Buffer, lines: number): Promise<number>;
  /**
   * Records the items `parse` makes of the parts, in order, and drops the upload: both in
   * one transaction where the store can, so that a commit is done once or not at all.
   * The upload is dropped when the recording fails too.
   */
  commit(
    id: string,
    owner: string,
    parse: (parts: AsyncIterable<Buffer>) => AsyncIterable<BatchItem[]>,
  ): Promise<RecordSummary>;
  /** Drops an upload unrecorded. */
  drop(id: string, owner: string): Promise<void>;
}

/** The JSON bytes of a query's events: the store's own where it has them, else query()'s serialized. */
export const jsonPages = (store: ActivityStore, query: EventQuery): AsyncIterable<JsonPage> =>
  store.queryJson?.(query) ?? asJsonPages(store.query(query));

/** A query's events as an output source: as objects, and as JSON bytes. */
export const eventSource = (store: ActivityStore, query: EventQuery): EventSource => ({
  events: () => store.query(query),
  json: () => jsonPages(store, query),
});

/**
 * How a command means to use the store: a reader never creates a file, and sees a
 * missing store as an empty one (a fresh machine has none yet); `existing` is a reader
 * for which a missing store is an error (verify: a mistyped path must not pass a check).
 */
export type OpenMode = 'read' | 'write' | 'existing';

/**
 * What a commit promises. `normal`: a committed event survives a crash of the process;
 * a power loss or OS crash may lose the last commits, never the store's consistency.
 * `full`: it survives those too, at the cost of a disk flush per commit (docs/integrity.md).
 */
export type Durability = 'normal' | 'full';

/** Everything it takes to open a store: the same for a command, a worker thread and a server. */
export interface StoreOptions {
  /** A path, `file:<path>`, `postgres://…` or `http(s)://…` (reference §6). */
  location: string;
  mode: OpenMode;
  durability: Durability;
  /** What a remote store presents to its server (reference §8); local stores have no use for it. */
  token?: string;
  /**
   * `server`: the store stays open for a long time (activity serve), and may keep helpers
   * that a command's short run would pay for at start-up (SQLite: a checkpoint thread).
   */
  lifetime?: 'command' | 'server';
  /** The location is the default one (reference §6), which activity may create, folder and all. */
  defaultLocation?: boolean;
}

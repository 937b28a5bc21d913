/**
 * What is asked of a store and what it answers, in the domain's terms: every store
 * (SQLite, PostgreSQL, a server) and every front end (the CLI, the HTTP API, the web
 * page) speaks these.
 */
import type { ActivityEvent, ShownEvent } from './event.js';
import type { EventFilter } from './filter.js';
import type { Action, ResourceType } from './resource-types.js';
import type { Instant } from './time.js';

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

/** An event's place in time order: where a page of a newest- or oldest-first query ended. */
export interface EventPosition {
  time: Instant;
  seq: number;
}

export interface EventQuery extends SeqRange {
  filter: EventFilter;
  order: EventOrder;
  limit?: number;
  /**
   * Only the events after this one in `order` (newest or oldest; seq order pages by
   * afterSeq): a page after the one that ended there. With `throughSeq`, pages never skip
   * nor repeat an event while others record.
   */
  after?: EventPosition;
}

export type EventRef = { id: string } | { seq: number };

/** A resource as reference §1 identifies it: type + account + (resourceId, or name when it has none). */
export type ResourceRef = Pick<ActivityEvent, 'type' | 'account' | 'resourceId' | 'name'>;

export type EventPage = readonly ActivityEvent[];

/** Each event's JSON object (core/event-json.ts) as UTF-8 bytes: written out as they are, never decoded. */
export type JsonPage = readonly Uint8Array[];

/**
 * Events to write out (a query's, or a stream's), as pages of objects and, where their
 * source builds it, of JSON bytes: each output format takes what suits it.
 */
export interface EventSource {
  events(): AsyncIterable<readonly ShownEvent[]>;
  json?(): AsyncIterable<JsonPage>;
}

export interface FollowStep {
  events: EventPage;
  /** Every event up to this seq has been seen (and passed on when it matched). */
  through: number;
  /**
   * A store followed over a network says when it lost its server (and is trying again)
   * and when it is back, so that a follower is not silent through an outage.
   */
  connection?: 'lost' | 'resumed';
}

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

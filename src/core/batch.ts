/** What a store is handed to record, and what it says it did (ActivityStore.record). */
import { chainHash } from './chain.js';
import type { NewEvent } from './event.js';

/** One input line: an event validated already, or the problem found with it. */
export type BatchItem =
  | {
      line: number;
      event: NewEvent;
      /** The event's chain hash, computed ahead (off the writer's thread). */
      link?: ChainLink;
    }
  | { line: number; problem: string };

/**
 * An event's chain hash computed ahead of the write for the place in the chain it was
 * expected to take. A store uses it only when the event does take that place (same seq,
 * same previous hash) and it trusts the one who computed it; otherwise it hashes the
 * event itself. A server never trusts one from a client.
 */
export interface ChainLink {
  seq: number;
  previous: string;
  hash: string;
}

/** An item's chain hash at `seq` after the link `previous`: the one computed ahead when it was for that place, else computed now. */
export const hashAt = (
  item: { event: NewEvent; link?: ChainLink | undefined },
  seq: number,
  previous: string,
): string =>
  item.link !== undefined && item.link.seq === seq && item.link.previous === previous
    ? item.link.hash
    : chainHash(previous, seq, item.event);

export interface RecordSummary {
  /** Events written by this call. */
  recorded: number;
  /** Events whose id was already recorded with the same content: left as they were. */
  unchanged: number;
  /** The seq range written, when anything was: one transaction, so it has no holes. */
  firstSeq?: number;
  lastSeq?: number;
}

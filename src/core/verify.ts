import { type ChainFields, chainHash, GENESIS_HASH } from './chain.js';

/** An event as the verifier sees it: its place, its stored link and the fields that are hashed. */
export interface ChainedEvent extends ChainFields {
  seq: number;
  hash: string;
}

export type BreakKind = 'content changed' | 'event missing' | 'order changed' | 'forged event';

export interface ChainBreak {
  seq: number;
  kind: BreakKind;
}

/**
 * Walks a chain in seq order (SPEC §7), event by event, and remembers the first break:
 * a missing seq, a seq out of order, or a link that does not hold. A link that does not
 * hold is told apart by the next event: if that one links to this event's stored hash,
 * this event's content was changed after it was hashed; otherwise the event is not the
 * one the chain was built with (forged, or moved).
 */
export class ChainVerifier {
  count = 0;
  head: { seq: number; hash: string } | undefined;
  broken: ChainBreak | undefined;
  /** A link that did not hold, waiting for the next event to say why. */
  private suspect: ChainedEvent | undefined;

  private previous = GENESIS_HASH;
  private expected = 1;

  add(e: ChainedEvent): void {
    this.count++;
    if (this.broken !== undefined) return;
    if (this.suspect !== undefined) {
      const relinks = chainHash(this.suspect.hash, e.seq, e) === e.hash;
      this.broken = { seq: this.suspect.seq, kind: relinks ? 'content changed' : 'forged event' };
      return;
    }
    if (e.seq !== this.expected) {
      this.broken = { seq: this.expected, kind: e.seq > this.expected ? 'event missing' : 'order changed' };
      return;
    }
    if (chainHash(this.previous, e.seq, e) !== e.hash) {
      this.suspect = e;
      return;
    }
    this.previous = e.hash;
    this.expected = e.seq + 1;
    this.head = { seq: e.seq, hash: e.hash };
  }

  /** A chain whose every link was checked elsewhere (in parallel), up to `head`. */
  static whole(head: { seq: number; hash: string }): ChainVerifier {
    const verifier = new ChainVerifier();
    verifier.count = head.seq;
    verifier.head = head;
    verifier.expected = head.seq + 1;
    verifier.previous = head.hash;
    return verifier;
  }

  /** Takes an event as the start of the chain without checking its link (an export's first event). */
  trust(e: ChainedEvent): void {
    this.count++;
    this.previous = e.hash;
    this.expected = e.seq + 1;
    this.head = { seq: e.seq, hash: e.hash };
  }

  /** The first break, once every event has been added. */
  finish(): ChainBreak | undefined {
    if (this.broken === undefined && this.suspect !== undefined) {
      // The last event: nothing after it to tell a changed event from a forged one.
      this.broken = { seq: this.suspect.seq, kind: 'content changed' };
    }
    return this.broken;
  }
}

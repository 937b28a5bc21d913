import { type ChainHead, GENESIS_HASH, linkHash, type StoredLink } from './chain.js';

export type BreakKind = 'content changed' | 'event missing' | 'order changed' | 'forged event';

export interface ChainBreak {
  seq: number;
  kind: BreakKind;
}

/** What verify found: how many links it read, the last that held, and the first break. */
export interface ChainVerdict {
  count: number;
  head: ChainHead | undefined;
  broken: ChainBreak | undefined;
}

/**
 * Walks a chain in seq order (SPEC §7), link by link, and names its first break:
 *
 * - a seq skipped: `event missing`; a seq again or backwards: `order changed`;
 * - a link that does not hold, told apart by the link after it. If that one links to
 *   this event's stored hash, or to the hash this event's stored fields give, the
 *   event is the one the chain was built with and its fields or its hash were changed:
 *   `content changed`. Otherwise the event does not belong here: `forged event` — unless
 *   a later link shows it was moved (a later event links to its stored hash, or the
 *   event after the break links to a later event's stored hash): `order changed`. That
 *   look further costs a hash a link, and only a broken chain pays it.
 */
export class ChainVerifier {
  /** Links added, from the start or after `from`. */
  count = 0;
  /** The last link that held. */
  head: ChainHead | undefined;
  broken: ChainBreak | undefined;
  /** A link that did not hold, waiting for the next one to say why. */
  private suspect: StoredLink | undefined;
  /** The link after a suspect that looks forged, while later links may show it moved. */
  private successor: StoredLink | undefined;
  private previous: string;
  private expected: number;

  /** A verifier of the whole chain, or of the part after a link already trusted. */
  constructor(from?: ChainHead) {
    this.head = from;
    this.previous = from?.hash ?? GENESIS_HASH;
    this.expected = (from?.seq ?? 0) + 1;
  }

  /** Whether more links could still change the verdict: the next one, or later ones. */
  get undecided(): boolean {
    return this.broken === undefined ? this.suspect !== undefined : this.successor !== undefined;
  }

  add(link: StoredLink): void {
    this.count++;
    if (this.broken !== undefined) {
      if (this.successor !== undefined) this.lookForMove(link);
      return;
    }
    if (this.suspect !== undefined) {
      this.explain(this.suspect, link);
      return;
    }
    if (link.seq !== this.expected) {
      this.broken = { seq: this.expected, kind: link.seq > this.expected ? 'event missing' : 'order changed' };
      return;
    }
    if (linkHash(this.previous, link.encoding) !== link.hash) {
      this.suspect = link;
      return;
    }
    this.accept(link);
  }

  /** Takes a link as the start of the chain without checking it (an export's first event). */
  trust(link: StoredLink): void {
    this.count++;
    this.accept(link);
  }

  private accept(link: StoredLink): void {
    this.previous = link.hash;
    this.expected = link.seq + 1;
    this.head = { seq: link.seq, hash: link.hash };
  }

  private explain(suspect: StoredLink, next: StoredLink): void {
    const changed =
      linkHash(suspect.hash, next.encoding) === next.hash ||
      linkHash(linkHash(this.previous, suspect.encoding), next.encoding) === next.hash;
    this.broken = { seq: suspect.seq, kind: changed ? 'content changed' : 'forged event' };
    if (!changed) this.successor = next;
  }

  private lookForMove(link: StoredLink): void {
    const suspect = this.suspect as StoredLink;
    const successor = this.successor as StoredLink;
    if (
      linkHash(suspect.hash, link.encoding) === link.hash ||
      linkHash(link.hash, successor.encoding) === successor.hash
    ) {
      this.broken = { seq: suspect.seq, kind: 'order changed' };
      this.successor = undefined;
    }
  }

  /**
   * The first break, once every link up to `through` (when known: the chain's end is
   * otherwise wherever its links stop) has been added.
   */
  finish(through?: number): ChainBreak | undefined {
    if (this.broken === undefined && this.suspect !== undefined) {
      // The last event: nothing after it to tell a changed event from a forged one.
      this.broken = { seq: this.suspect.seq, kind: 'content changed' };
    }
    if (this.broken === undefined && through !== undefined && this.expected <= through) {
      this.broken = { seq: this.expected, kind: 'event missing' };
    }
    return this.broken;
  }
}

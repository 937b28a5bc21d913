import { type ChainHead, GENESIS_HASH, linkHash, type StoredLink } from './chain.js';

/** `read two ways`: the store gave this part of the chain one way, and another when read again. */
export type BreakKind = 'content changed' | 'event missing' | 'order changed' | 'forged event' | 'read two ways';

export interface ChainBreak {
  seq: number;
  kind: BreakKind;
}

/** What verify found: how many links up to the range's end it read, the last that held, and the first break. */
export interface ChainVerdict {
  count: number;
  head: ChainHead | undefined;
  broken: ChainBreak | undefined;
}

/** The encoding with another seq in front: what an event's link would be at another place. */
const atSeq = (encoding: string, seq: number): string => `[${seq}${encoding.slice(encoding.indexOf(','))}`;

/**
 * Walks a chain in seq order (reference §7), link by link, and names its first break:
 *
 * - a seq skipped: `event missing`; a seq again or backwards: `order changed`;
 * - a link that does not hold, told apart by the links after it:
 *   - the next one links to this event's stored hash, or to the hash its stored fields
 *     give: the event is the one the chain was built with, and its fields or its hash
 *     were changed — `content changed`;
 *   - otherwise the rest of the chain is searched: a later event links to this one's
 *     stored hash, or this event's fields give its stored hash at a later place (two
 *     events swapped) — `order changed`; else, if the chain takes up again further on
 *     (a later link holds on its stored predecessor: several events in a row were
 *     changed) — `content changed`; else (no later link holds: an event was inserted
 *     and the rest renumbered) — `forged event`. That search costs up to three hashes
 *     a link, and only a broken chain pays it.
 */
export class ChainVerifier {
  /** Links added, from the start or after `from`. */
  count = 0;
  broken: ChainBreak | undefined;
  /** A link that did not hold, waiting for the links after it to say why. */
  private suspect: StoredLink | undefined;
  /** While the rest of the chain is searched: the last link seen, and whether the chain took up again. */
  private search: { last: StoredLink; resumed: boolean } | undefined;
  /** The hash and seq the next link must follow: the last link that held, or `from`. */
  private previous: string;
  private expected: number;
  private held: boolean;

  /** A verifier of the whole chain, or of the part after a link already trusted. */
  constructor(from?: ChainHead) {
    this.held = from !== undefined;
    this.previous = from?.hash ?? GENESIS_HASH;
    this.expected = (from?.seq ?? 0) + 1;
  }

  /** The last link that held (built when asked: a million links need no million heads). */
  get head(): ChainHead | undefined {
    return this.held ? { seq: this.expected - 1, hash: this.previous } : undefined;
  }

  /** Whether more links could still change the verdict. */
  get undecided(): boolean {
    return this.broken === undefined ? this.suspect !== undefined : this.search !== undefined;
  }

  add(link: StoredLink): void {
    this.count++;
    if (this.broken !== undefined) {
      if (this.search !== undefined) this.searchOn(link);
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

  /** Takes a link as trusted without checking it: a range's first after a gap (the range before it reports the gap). */
  trust(link: StoredLink): void {
    this.count++;
    this.accept(link);
  }

  private accept(link: StoredLink): void {
    this.previous = link.hash;
    this.expected = link.seq + 1;
    this.held = true;
  }

  private explain(suspect: StoredLink, next: StoredLink): void {
    const changed =
      linkHash(suspect.hash, next.encoding) === next.hash ||
      linkHash(linkHash(this.previous, suspect.encoding), next.encoding) === next.hash;
    if (changed) {
      this.broken = { seq: suspect.seq, kind: 'content changed' };
      return;
    }
    this.broken = { seq: suspect.seq, kind: 'forged event' };
    this.search = { last: next, resumed: false };
    // Two neighbours swapped: each one's fields give its stored hash at the other's place.
    const swapped =
      linkHash(this.previous, atSeq(next.encoding, suspect.seq)) === next.hash &&
      linkHash(next.hash, atSeq(suspect.encoding, next.seq)) === suspect.hash;
    if (swapped) this.decide('order changed');
  }

  private searchOn(link: StoredLink): void {
    const search = this.search as { last: StoredLink; resumed: boolean };
    const suspect = this.suspect as StoredLink;
    // The suspect belongs right before this event, or in this event's place.
    const moved =
      linkHash(suspect.hash, link.encoding) === link.hash ||
      linkHash(search.last.hash, atSeq(suspect.encoding, link.seq)) === suspect.hash;
    if (moved) {
      this.decide('order changed');
      return;
    }
    if (!search.resumed) search.resumed = linkHash(search.last.hash, link.encoding) === link.hash;
    search.last = link;
  }

  private decide(kind: BreakKind): void {
    this.broken = { seq: (this.suspect as StoredLink).seq, kind };
    this.search = undefined;
  }

  /**
   * The first break, once every link up to `through` (when known: the chain's end is
   * otherwise wherever its links stop) has been added.
   */
  finish(through?: number): ChainBreak | undefined {
    if (this.search !== undefined) this.decide(this.search.resumed ? 'content changed' : 'forged event');
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

/** An export checked as one chain, and the hash it holds at a seq (for a checkpoint). */
export type ExportVerdict =
  | { kind: 'checked'; verdict: ChainVerdict; hashAt(seq: number): string | undefined }
  /** It starts at `first`, after seq 1, and not right after the checkpoint. */
  | { kind: 'unanchored'; first: number };

/**
 * An export's links checked as one chain. They may come in any order (list is newest
 * first) and are put in seq order. Its first event's hash depends on the event before
 * it, so an export must start at seq 1, or right after the checkpoint: otherwise anyone
 * could write a chain that starts anywhere, and it would hold.
 */
export function verifyExport(links: StoredLink[], checkpoint?: ChainHead): ExportVerdict {
  const sorted = [...links].sort((a, b) => a.seq - b.seq);
  const first = sorted[0]?.seq ?? 1;
  const anchored = checkpoint !== undefined && checkpoint.seq === first - 1;
  if (first > 1 && !anchored) return { kind: 'unanchored', first };
  const verifier = new ChainVerifier(anchored ? checkpoint : undefined);
  for (const link of sorted) verifier.add(link);
  const verdict = { count: verifier.count, head: verifier.head, broken: verifier.finish() };
  // A chain that holds has one link a seq from `first` on.
  return { kind: 'checked', verdict, hashAt: (seq) => sorted[seq - first]?.hash };
}

/**
 * What a chain that holds says of a checkpoint saved before: `truncated` when it ends
 * before the checkpoint's seq, `rewritten` when the event there no longer has the saved
 * hash (`hashAtCheckpoint`, undefined when it is not known); undefined when it agrees.
 */
export function checkpointBreak(
  checkpoint: ChainHead,
  verdict: ChainVerdict,
  hashAtCheckpoint: string | undefined,
): 'truncated' | 'rewritten' | undefined {
  if ((verdict.head?.seq ?? 0) < checkpoint.seq) return 'truncated';
  if (hashAtCheckpoint !== undefined && hashAtCheckpoint !== checkpoint.hash) return 'rewritten';
  return undefined;
}

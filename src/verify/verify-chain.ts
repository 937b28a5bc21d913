import type { ChainHead } from '../core/chain.js';
import { type ChainVerdict, ChainVerifier } from '../core/verify.js';
import type { ActivityStore, StoreOptions } from '../store/store.js';
import { WorkerPool } from '../workers/pool.js';

/** Chains shorter than this are checked on the main thread. */
export const PARALLEL_FROM = 200_000;

/**
 * A range's verdict, and what joins it to the others: the link it started from, as the
 * store gave it, and the hash of the link at the `mark` seq, as verified in the chain.
 */
export interface RangeVerdict extends ChainVerdict {
  start: ChainHead | undefined;
  marked: string | undefined;
}

/**
 * Verifies the links of seqs (after, through]. The event at `after` is taken as the
 * store gives it, and reported as `start`: the range before must end on it (a store
 * that answered one thing for the event and another in the chain is caught where the
 * ranges join). If it is missing, that range reports it and this one starts from its
 * first link. Links after `through` are read only while they could tell how a link of
 * the range broke. `mark`: a seq whose hash, as the chain holds it, is wanted (a
 * checkpoint's). `progress` hears how many links were checked. `from`: the link at `after`
 * when the store no longer holds it (a trusted start: the first link is checked against it).
 */
export async function verifyRange(
  store: ActivityStore,
  after: number,
  through: number,
  progress?: (checked: number) => void,
  mark?: number,
  from?: ChainHead,
): Promise<RangeVerdict> {
  const before = after === 0 || from !== undefined ? undefined : await store.get({ seq: after });
  const start = from ?? (before && { seq: before.seq, hash: before.hash });
  const verifier = new ChainVerifier(start);
  let startsUnlinked = after > 0 && start === undefined;
  let count = 0;
  let marked: string | undefined;
  reading: for await (const page of store.links({ afterSeq: after, throughSeq: through })) {
    for (const link of page) {
      count++;
      if (startsUnlinked) verifier.trust(link);
      else verifier.add(link);
      startsUnlinked = false;
      // The link held, on the links before it: the hash the chain holds at that seq.
      if (link.seq === mark && verifier.broken === undefined && !verifier.undecided) marked = link.hash;
      if (verifier.broken !== undefined && !verifier.undecided) break reading;
    }
    progress?.(count);
  }
  if (verifier.undecided) {
    beyond: for await (const page of store.links({ afterSeq: through })) {
      for (const link of page) {
        verifier.add(link);
        if (!verifier.undecided) break beyond;
      }
    }
  }
  return { count, head: verifier.head, broken: verifier.finish(through), start, marked };
}

/**
 * The store's chain from seq 1 to `head`, checked: on this thread, or range by range in
 * worker threads for a long one. With `mark`, also the hash the chain holds at that seq.
 * With `from`, the chain after that link (a store whose older events were dropped, and a
 * checkpoint kept of the last dropped one: docs/scaling.md, "Retention against the chain").
 */
export async function verifyChain(
  store: ActivityStore,
  options: StoreOptions,
  head: number,
  progress?: (checked: number) => void,
  mark?: number,
  from?: ChainHead,
): Promise<RangeVerdict> {
  const after = from?.seq ?? 0;
  if (head - after < PARALLEL_FROM) return verifyRange(store, after, head, progress, mark, from);
  const verdict = await verifyInParallel(options, head, progress, mark, from);
  if (!('unjoinedAt' in verdict)) return verdict;
  // Ranges that do not join: the store gave an event one way and its chain another. One
  // walk of the whole chain names a break it holds; if that walk holds, the store answered
  // with two histories, which a store whose past never changes cannot do.
  const walk = await verifyRange(store, after, head, undefined, mark, from);
  if (walk.broken !== undefined) return walk;
  return { ...walk, broken: { seq: verdict.unjoinedAt, kind: 'read two ways' } };
}

/** What a verify worker is handed once: how to open the store, and whether anyone shows progress (replies cost it time). */
export interface VerifySetup {
  store: StoreOptions;
  progress: boolean;
}

/**
 * A range for a verify worker: the links of seqs after `after`, through `through`, and
 * the seq whose hash is wanted; `from`, the trusted link at `after` (the first range of a
 * chain that starts after a checkpoint).
 */
export interface Range {
  after: number;
  through: number;
  mark: number | undefined;
  from?: ChainHead;
}

/** `checked`: links checked since the last progress reply; `done`: the verdict on the range sent. */
export type RangeReply = { kind: 'progress'; checked: number } | { kind: 'done'; verdict: RangeVerdict };

/**
 * Ranges a worker is handed, one at a time: small enough that no core idles long at the
 * end, while the last ranges run.
 */
const RANGES_PER_WORKER = 32;

/** One worker a core, at most four. */
export const verifyWorkers = (): number =>
  Math.max(1, Math.min(4, process.getBuiltinModule('node:os').availableParallelism()));

/** Seqs 1 (or after `from`) to `head` as the ranges `workers` are handed. */
export function splitChain(head: number, workers: number, mark?: number, from?: ChainHead): Range[] {
  const first = from?.seq ?? 0;
  const size = Math.ceil((head - first) / (workers * RANGES_PER_WORKER));
  const ranges: Range[] = [];
  for (let after = first; after < head; after += size) {
    const through = Math.min(head, after + size);
    const marked = mark !== undefined && mark > after && mark <= through ? mark : undefined;
    ranges.push(
      after === first && from !== undefined ? { after, through, mark: marked, from } : { after, through, mark: marked },
    );
  }
  return ranges;
}

/**
 * Verifies seqs 1 to `head` of the store in worker threads, one a core, each with its
 * own connection: each link depends only on stored hashes, so ranges can be checked side
 * by side. Workers take the next range as they finish one, so a slower part of the
 * chain (longer events, a busy core) does not leave the other cores idle. The verdict
 * is the first broken range's, or the whole chain's, or where a range did not
 * start from the link the range before it ended on.
 */
async function verifyInParallel(
  store: StoreOptions,
  head: number,
  progress?: (checked: number) => void,
  mark?: number,
  from?: ChainHead,
): Promise<RangeVerdict | Unjoined> {
  const count = verifyWorkers();
  const ranges = splitChain(head, count, mark, from);
  const verdicts: (RangeVerdict | undefined)[] = [];
  /** The range each worker is on. */
  const current: number[] = [];
  let next = 0;
  let anyBroken = false;
  let checked = 0;
  const handOut = (worker: number) => {
    // Ranges are handed out in order, so those still to come lie after a broken one
    // and cannot change the verdict.
    if (next >= ranges.length || anyBroken) return;
    current[worker] = next++;
    workers.post(worker, ranges[current[worker]]);
  };
  const setup: VerifySetup = { store: { ...store, mode: 'read' }, progress: progress !== undefined };
  const workers = new WorkerPool<RangeReply>('verify-worker', count, setup, {
    onReply: (worker, reply) => {
      if (reply.kind === 'progress') {
        checked += reply.checked;
        progress?.(checked);
        return;
      }
      verdicts[current[worker] ?? -1] = reply.verdict;
      anyBroken ||= reply.verdict.broken !== undefined;
      handOut(worker);
    },
  });
  try {
    for (let worker = 0; worker < count; worker++) handOut(worker);
    for (;;) {
      // A break in an earlier range is the answer even if a later range failed.
      const verdict = settled(verdicts, ranges.length);
      if (verdict !== undefined) return verdict;
      if (workers.failure !== undefined) throw workers.failure.error;
      await workers.changed.wait();
    }
  } finally {
    await workers.terminate();
  }
}

/** A range that did not start from the link the range before it ended on, by its first seq. */
interface Unjoined {
  unjoinedAt: number;
}

/**
 * The whole chain's verdict once every range up to the first broken one is in, or
 * undefined; or where a range did not start from the link the one before it ended on.
 */
function settled(verdicts: (RangeVerdict | undefined)[], ranges: number): RangeVerdict | Unjoined | undefined {
  let count = 0;
  let head: ChainHead | undefined;
  let marked: string | undefined;
  for (let i = 0; i < ranges; i++) {
    const verdict = verdicts[i];
    if (verdict === undefined) return undefined;
    if (i > 0 && (verdict.start?.seq !== head?.seq || verdict.start?.hash !== head?.hash)) {
      return { unjoinedAt: (head?.seq ?? 0) + 1 };
    }
    count += verdict.count;
    head = verdict.head ?? head;
    marked ??= verdict.marked;
    if (verdict.broken !== undefined) return { count, head, broken: verdict.broken, start: undefined, marked };
  }
  return { count, head, broken: undefined, start: undefined, marked };
}

import { type ChainVerdict, ChainVerifier } from '../core/verify.js';
import type { ActivityStore, StoreOptions } from '../store/store.js';
import { WorkerPool } from '../workers/pool.js';

/** Chains shorter than this are checked on the main thread. */
export const PARALLEL_FROM = 200_000;

/**
 * Verifies the links of seqs (after, through]. The event at `after` is taken as it is
 * stored (the range before checks it); if it is missing, that range reports it and this
 * one starts from its first link. Links after `through` are read only while they could
 * tell how a link of the range broke. `progress` hears how many links were checked.
 */
export async function verifyRange(
  store: ActivityStore,
  after: number,
  through: number,
  progress?: (checked: number) => void,
): Promise<ChainVerdict> {
  const before = after === 0 ? undefined : await store.get({ seq: after });
  const verifier = new ChainVerifier(before && { seq: before.seq, hash: before.hash });
  let startsUnlinked = after > 0 && before === undefined;
  let count = 0;
  reading: for await (const page of store.links({ afterSeq: after, throughSeq: through })) {
    for (const link of page) {
      count++;
      if (startsUnlinked) verifier.trust(link);
      else verifier.add(link);
      startsUnlinked = false;
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
  return { count, head: verifier.head, broken: verifier.finish(through) };
}

/** What a verify worker is handed once: how to open the store, and whether anyone shows progress (replies cost it time). */
export interface VerifySetup {
  store: StoreOptions;
  progress: boolean;
}

/** A range for a verify worker: the links of seqs after `after`, through `through`. */
export interface Range {
  after: number;
  through: number;
}

/** `checked`: links checked since the last progress reply; `done`: the verdict on the range sent. */
export type RangeReply = { kind: 'progress'; checked: number } | { kind: 'done'; verdict: ChainVerdict };

/**
 * Ranges a worker is handed, one at a time: small enough that no core idles long at the
 * end, while the last ranges run.
 */
const RANGES_PER_WORKER = 32;

/** One worker a core, at most four. */
export const verifyWorkers = (): number =>
  Math.max(1, Math.min(4, process.getBuiltinModule('node:os').availableParallelism()));

/** Seqs 1 to `head` as the ranges `workers` are handed. */
export function splitChain(head: number, workers: number): Range[] {
  const size = Math.ceil(head / (workers * RANGES_PER_WORKER));
  const ranges: Range[] = [];
  for (let after = 0; after < head; after += size) ranges.push({ after, through: Math.min(head, after + size) });
  return ranges;
}

/**
 * Verifies seqs 1 to `head` of the store in worker threads, one a core, each with its
 * own connection: each link depends only on stored hashes, so ranges can be checked side
 * by side. Workers take the next range as they finish one, so a slower part of the
 * chain (longer events, a busy core) does not leave the other cores idle. The verdict
 * is the first broken range's, or the whole chain's.
 */
export async function verifyInParallel(
  store: StoreOptions,
  head: number,
  progress?: (checked: number) => void,
): Promise<ChainVerdict> {
  const count = verifyWorkers();
  const ranges = splitChain(head, count);
  const verdicts: (ChainVerdict | undefined)[] = [];
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

/** The whole chain's verdict once every range up to the first broken one is in, or undefined. */
function settled(verdicts: (ChainVerdict | undefined)[], ranges: number): ChainVerdict | undefined {
  let count = 0;
  let head: ChainVerdict['head'];
  for (let i = 0; i < ranges; i++) {
    const verdict = verdicts[i];
    if (verdict === undefined) return undefined;
    count += verdict.count;
    head = verdict.head ?? head;
    if (verdict.broken !== undefined) return { count, head, broken: verdict.broken };
  }
  return { count, head, broken: undefined };
}

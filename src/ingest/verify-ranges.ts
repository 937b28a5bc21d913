import { Signal } from '../core/signal.js';
import { type ChainVerdict, ChainVerifier } from '../core/verify.js';
import type { ActivityStore } from '../store/store.js';
import type { RangeReply, RangeSetup } from './protocol.js';

/** Chains shorter than this are checked on the main thread. */
export const PARALLEL_FROM = 200_000;

/**
 * Verifies the links of seqs (after, through]. The event at `after` is taken as it is
 * stored (the range before checks it); if it is missing, that range reports it and this
 * one starts from its first link. Links after `through` are read only while they could
 * tell how a link of the range broke. `progress` hears how many links of the range
 * were checked so far.
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
  reading: for await (const page of store.links(after)) {
    for (const link of page) {
      if (link.seq > through && !verifier.undecided) break reading;
      if (link.seq <= through) count++;
      if (startsUnlinked) verifier.trust(link);
      else verifier.add(link);
      startsUnlinked = false;
      if (verifier.broken !== undefined && !verifier.undecided) break reading;
    }
    progress?.(count);
  }
  return { count, head: verifier.head, broken: verifier.finish(through) };
}

/**
 * Verifies seqs 1 to `head` in worker threads, one range a core: each link depends only
 * on stored hashes, so ranges can be checked side by side. The verdict is the first
 * range's that broke, or the whole chain's.
 */
export async function verifyInParallel(
  location: string,
  head: number,
  progress?: (checked: number) => void,
): Promise<ChainVerdict> {
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const cores = Math.max(1, Math.min(4, process.getBuiltinModule('node:os').availableParallelism()));
  const size = Math.ceil(head / cores);
  const changed = new Signal();
  const verdicts: (ChainVerdict | undefined)[] = [];
  let checked = 0;
  let failure: unknown;
  const workers = Array.from({ length: cores }, (_, i) => {
    const setup: RangeSetup = { location, after: i * size, through: Math.min(head, (i + 1) * size) };
    // The bundle's sibling in dist/ (scripts/build.mjs).
    const worker = new Worker(new URL('./verify-worker.cjs', import.meta.url), { workerData: setup });
    worker.on('message', (reply: RangeReply) => {
      if (reply.kind === 'progress') {
        checked += reply.checked;
        progress?.(checked);
        return;
      }
      verdicts[i] = reply.verdict;
      changed.notify();
    });
    worker.on('error', (error) => {
      failure ??= error;
      changed.notify();
    });
    return worker;
  });
  try {
    for (;;) {
      // A break in an earlier range is the answer even if a later range failed.
      const verdict = settled(verdicts, cores);
      if (verdict !== undefined) return verdict;
      if (failure !== undefined) throw failure;
      await changed.wait();
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
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

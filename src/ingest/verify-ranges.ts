import { Signal } from '../core/signal.js';
import { type ChainVerdict, ChainVerifier } from '../core/verify.js';
import type { ActivityStore, LinkNames } from '../store/store.js';
import type { Range, RangeReply, VerifySetup } from './protocol.js';

/** Chains shorter than this are checked on the main thread. */
export const PARALLEL_FROM = 200_000;

export interface RangeOptions {
  /** The store's linkNames(), when read already (a worker reads them once for all its ranges). */
  names?: LinkNames;
  /** Hears how many links of the range were checked so far. */
  progress?: (checked: number) => void;
}

/**
 * Verifies the links of seqs (after, through]. The event at `after` is taken as it is
 * stored (the range before checks it); if it is missing, that range reports it and this
 * one starts from its first link. Links after `through` are read only while they could
 * tell how a link of the range broke.
 */
export async function verifyRange(
  store: ActivityStore,
  after: number,
  through: number,
  { names, progress }: RangeOptions = {},
): Promise<ChainVerdict> {
  const before = after === 0 ? undefined : await store.get({ seq: after });
  const verifier = new ChainVerifier(before && { seq: before.seq, hash: before.hash });
  let startsUnlinked = after > 0 && before === undefined;
  let count = 0;
  reading: for await (const page of store.links(after, names ?? (await store.linkNames()))) {
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
 * Ranges a worker is handed, one at a time: small enough that no core idles long at the
 * end (on 1,000,000 events, ranges of about 50 ms; with 8 a worker, about 200 ms, the
 * last of which often ran alone).
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
 * Verifies seqs 1 to `head` of the store at `location` in worker threads, one a core:
 * each link depends only on stored hashes, so ranges can be checked side by side.
 * Workers take the next range as they finish one, so a slower part of the chain (longer
 * events, a busy core) does not leave the other cores idle. The verdict is the first
 * broken range's, or the whole chain's.
 */
export async function verifyInParallel(
  location: string,
  head: number,
  progress?: (checked: number) => void,
): Promise<ChainVerdict> {
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const cores = verifyWorkers();
  const ranges = splitChain(head, cores);
  const changed = new Signal();
  const verdicts: (ChainVerdict | undefined)[] = [];
  let next = 0;
  let anyBroken = false;
  let checked = 0;
  let failure: unknown;
  const setup: VerifySetup = { location, progress: progress !== undefined };
  const workers = Array.from({ length: cores }, () => {
    // The bundle's sibling in dist/ (scripts/build.mjs).
    const worker = new Worker(new URL('./verify-worker.cjs', import.meta.url), { workerData: setup });
    let current = -1;
    const handOut = () => {
      // Ranges are handed out in order, so those still to come lie after a broken
      // one and cannot change the verdict.
      if (next >= ranges.length || anyBroken) return;
      current = next++;
      worker.postMessage(ranges[current]);
    };
    worker.on('message', (reply: RangeReply) => {
      if (reply.kind === 'progress') {
        checked += reply.checked;
        progress?.(checked);
        return;
      }
      verdicts[current] = reply.verdict;
      anyBroken ||= reply.verdict.broken !== undefined;
      handOut();
      changed.notify();
    });
    worker.on('error', (error) => {
      failure ??= error;
      changed.notify();
    });
    handOut();
    return worker;
  });
  try {
    for (;;) {
      // A break in an earlier range is the answer even if a later range failed.
      const verdict = settled(verdicts, ranges.length);
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

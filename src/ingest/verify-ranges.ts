import { Signal } from '../core/signal.js';
import type { RangeReply, RangeSetup } from './protocol.js';

/** Chains shorter than this are checked on the main thread. */
export const PARALLEL_FROM = 200_000;

/**
 * Checks every link of seqs 1 to `head` in worker threads, one range a core: whether
 * they all hold. It says nothing of where or how a chain breaks; the caller walks it
 * then, to name the break.
 */
export async function linksHold(
  location: string,
  head: number,
  progress?: (checked: number) => void,
): Promise<boolean> {
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const cores = Math.max(1, Math.min(4, process.getBuiltinModule('node:os').availableParallelism()));
  const size = Math.ceil(head / cores);
  const changed = new Signal();
  let checked = 0;
  let pending = 0;
  let holds = true;
  let failure: unknown;
  const workers = Array.from({ length: cores }, (_, i) => {
    const setup: RangeSetup = { location, after: i * size, through: Math.min(head, (i + 1) * size) };
    // The bundle's sibling in dist/ (scripts/build.mjs).
    const worker = new Worker(new URL('./verify-worker.cjs', import.meta.url), { workerData: setup });
    pending++;
    worker.on('message', (reply: RangeReply) => {
      if (reply.kind === 'progress') {
        checked += reply.checked;
        progress?.(checked);
        return;
      }
      if (reply.kind === 'broken') holds = false;
      pending--;
      changed.notify();
    });
    worker.on('error', (error) => {
      failure ??= error;
      pending--;
      changed.notify();
    });
    return worker;
  });
  try {
    while (pending > 0 && holds && failure === undefined) await changed.wait();
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  if (failure !== undefined) throw failure;
  return holds;
}

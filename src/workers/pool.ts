import type { Worker } from 'node:worker_threads';
import { Signal } from '../core/signal.js';

/**
 * What crosses between threads: flat arrays of strings and numbers, which V8 copies in
 * half the time it takes objects, on the receiving thread (docs/store.md).
 */
export type FlatValues = (string | number | null)[];

/** The worker entries the build bundles beside the CLI (scripts/build.mjs): dist/<entry>.cjs. */
export type WorkerEntry = 'ingest-worker' | 'filter-worker' | 'verify-worker' | 'read-worker';

export interface PoolOptions<Reply> {
  /** The workers' young generation, in MB (V8's default when absent). */
  youngGenerationMb?: number;
  /** Takes each reply as it comes, instead of queueing it for next(). */
  onReply?: (worker: number, reply: Reply) => void;
  /** Hears the pool's first failure. */
  onFailure?: (error: unknown) => void;
}

/**
 * Worker threads running one entry, each with the same `workerData`: their replies,
 * queued in order per worker, and the first failure of any (an error, or an exit no
 * one asked for). node:worker_threads is loaded only by the commands that start workers.
 */
export class WorkerPool<Reply> {
  /** Notified at every reply and at a failure: what a caller with its own onReply waits on. */
  readonly changed = new Signal();
  private readonly workers: Worker[];
  private readonly replies: Reply[][];
  private failed: { error: unknown } | undefined;
  private ending = false;
  private readonly onFailure: ((error: unknown) => void) | undefined;

  constructor(entry: WorkerEntry, count: number, workerData: unknown, options: PoolOptions<Reply> = {}) {
    const { Worker } = process.getBuiltinModule('node:worker_threads');
    const resourceLimits =
      options.youngGenerationMb === undefined ? undefined : { maxYoungGenerationSizeMb: options.youngGenerationMb };
    this.onFailure = options.onFailure;
    this.replies = Array.from({ length: count }, () => []);
    this.workers = Array.from({ length: count }, (_, index) => {
      const worker = new Worker(new URL(`./${entry}.cjs`, import.meta.url), {
        workerData,
        ...(resourceLimits ? { resourceLimits } : {}),
      });
      worker.on('message', (reply: Reply) => {
        if (options.onReply) options.onReply(index, reply);
        else this.replies[index]?.push(reply);
        this.changed.notify();
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.ending) this.fail(new Error(`a ${entry} thread stopped (exit code ${code})`));
      });
      return worker;
    });
  }

  /** The first failure of any worker, if one failed. */
  get failure(): { error: unknown } | undefined {
    return this.failed;
  }

  post(worker: number, message: unknown, transfer?: ArrayBuffer[]): void {
    this.workers[worker]?.postMessage(message, transfer);
  }

  /** The next reply of `worker`, in the order it sent them; the failure once a worker failed. */
  async next(worker: number): Promise<Reply> {
    const queue = this.replies[worker] ?? [];
    while (queue.length === 0 && this.failed === undefined) await this.changed.wait();
    if (queue.length === 0) throw this.failed?.error;
    return queue.shift() as Reply;
  }

  async terminate(): Promise<void> {
    this.ending = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  /** Fails the pool as a failed worker would: what the caller's own work around it uses. */
  fail(error: unknown): void {
    if (this.failed === undefined) {
      this.failed = { error };
      this.onFailure?.(error);
    }
    this.changed.notify();
  }
}

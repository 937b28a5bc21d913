/** The messages between parse-events.ts and its worker thread (parse-worker.ts). */
import type { ChainHead } from '../core/chain.js';
import type { FlatValues } from '../workers/pool.js';

export interface WorkerSetup {
  now: number;
  /** The chain head the events are expected to extend; see ChainLink. */
  head: ChainHead;
  /** A file to read; without it, the input arrives as messages. */
  fd?: number;
}

/**
 * From the main thread: input chunks in order, then null at the end of the input;
 * and CONSUMED each time it has taken one message of results.
 */
export type ToWorker = Uint8Array | null | typeof CONSUMED;
export const CONSUMED = 'consumed';
/** To the main thread: the items of each input chunk in order (one message a chunk), then null. */
export type FromWorker = FlatValues[] | null;

/**
 * Input chunks are read this size. Small chunks keep what the worker holds at once
 * small, so most of its garbage dies young: larger ones made an import slower and its
 * peak memory higher (docs/store.md, "A large import").
 */
export const CHUNK_BYTES = 64 * 1024;

/**
 * Chunks (or messages of results) one side may be ahead of the other: enough to ride
 * out either side's pauses, few enough to bound memory.
 */
export const MAX_AHEAD = 8;

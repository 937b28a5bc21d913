/** The messages between parse-events.ts and its worker (worker.ts). */
import type { Problem } from '../core/errors.js';
import type { ChainVerdict } from '../core/verify.js';
import type { ChainHead } from '../store/store.js';
import type { FlatItems } from './items-codec.js';

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
export type FromWorker = FlatItems[] | null;

/**
 * Input chunks are read this size. Small chunks keep what the worker holds at once
 * small, so most of its garbage dies young: measured on 1,000,000 events, 64 KiB
 * chunks recorded in 10.7 s with 175 MB peak, 256 KiB ones in 12.6 s with 195 MB.
 */
export const CHUNK_BYTES = 64 * 1024;

/**
 * Chunks (or messages of results) one side may be ahead of the other: enough to ride
 * out either side's pauses, few enough to bound memory.
 */
export const MAX_AHEAD = 8;

/** A filter worker's reply to one message of lines. */
export interface FilterReply {
  events: FlatItems;
  problems: Problem[];
}

/** A verify worker's setup: its store, and whether anyone shows progress (replies cost it time). */
export interface VerifySetup {
  location: string;
  progress: boolean;
}

/** A range for a verify worker: the links of seqs after `after`, through `through`. */
export interface Range {
  after: number;
  through: number;
}

/** `checked`: links checked since the last progress reply; `done`: the verdict on the range sent. */
export type RangeReply = { kind: 'progress'; checked: number } | { kind: 'done'; verdict: ChainVerdict };

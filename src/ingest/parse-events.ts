import { createReadStream } from 'node:fs';
import type { BatchItem } from '../core/batch.js';
import type { ChainHead } from '../core/chain.js';
import { parseEventLines, readLines } from '../core/ndjson.js';
import { Signal } from '../core/signal.js';
import type { Instant } from '../core/time.js';
import { WorkerPool } from '../workers/pool.js';
import { decodeItems } from './items-codec.js';
import { CHUNK_BYTES, CONSUMED, type FromWorker, MAX_AHEAD, type ToWorker, type WorkerSetup } from './protocol.js';

/**
 * Inputs up to this size are parsed on the main thread: starting a worker costs more
 * than it saves on them.
 */
const WORKER_ABOVE = 1024 * 1024;

/**
 * The worker's young generation: its garbage is short-lived, and a smaller nursery than
 * the default keeps a large import's peak memory down for a little more GC (bench/RESULTS.md).
 */
const YOUNG_GENERATION_MB = 8;

/** An open file (the worker reads it itself), or a stream such as stdin (passed on to the worker). */
export type NdjsonSource = { fd: number; size: number } | { stream: AsyncIterable<Buffer> };

/**
 * NDJSON bytes → items for ActivityStore.record, in input order, with line numbers.
 * A large input is parsed, validated and hashed in a worker thread (see parse-worker.ts)
 * while the caller writes; `head` is where its events are expected to join the chain.
 */
export async function* parseEventStream(
  source: NdjsonSource,
  options: { now: Instant; head: ChainHead },
): AsyncIterable<BatchItem[]> {
  const setup: WorkerSetup = { now: options.now, head: options.head };
  if ('fd' in source) {
    if (source.size > WORKER_ABOVE) {
      yield* parseInWorker({ ...setup, fd: source.fd });
    } else {
      const stream = createReadStream('', { fd: source.fd, autoClose: false, highWaterMark: CHUNK_BYTES });
      yield* parseEventLines(readLines(stream), options.now);
    }
    return;
  }
  const iterator = source.stream[Symbol.asyncIterator]();
  const start: Buffer[] = [];
  let bytes = 0;
  while (bytes <= WORKER_ABOVE) {
    const next = await iterator.next();
    if (next.done) {
      yield* parseEventLines(readLines(start), options.now);
      return;
    }
    start.push(next.value);
    bytes += next.value.length;
  }
  yield* parseInWorker(setup, { start, rest: iterator });
}

async function* parseInWorker(
  setup: WorkerSetup,
  input?: { start: Buffer[]; rest: AsyncIterator<Buffer> },
): AsyncGenerator<BatchItem[]> {
  const worker = new WorkerPool<FromWorker>('ingest-worker', 1, setup, { youngGenerationMb: YOUNG_GENERATION_MB });
  const send = (message: ToWorker, transfer?: ArrayBuffer[]) => worker.post(0, message, transfer);

  // A stream is read here and passed on, a few chunks ahead of the results taken.
  let inFlight = 0;
  let stopped = false;
  const inFlightChanged = new Signal();
  if (input !== undefined) {
    const post = (chunk: Buffer) => {
      inFlight++;
      // A copy the worker can own: a stream's chunk may be a view into a larger buffer.
      const owned = new Uint8Array(chunk);
      send(owned, [owned.buffer as ArrayBuffer]);
    };
    const feed = async () => {
      for (const chunk of input.start) post(chunk);
      for (;;) {
        while (inFlight >= MAX_AHEAD && !stopped) await inFlightChanged.wait();
        if (stopped) return;
        const next = await input.rest.next();
        if (stopped) return;
        if (next.done) break;
        post(next.value);
      }
      send(null);
    };
    // Input that cannot be read fails the import as a failed worker would.
    feed().catch((error: unknown) => worker.fail(error));
  }

  try {
    for (;;) {
      const items = await worker.next(0);
      if (items === null) return;
      send(CONSUMED);
      inFlight--;
      inFlightChanged.notify();
      yield decodeItems(items);
    }
  } finally {
    stopped = true;
    inFlightChanged.notify();
    await worker.terminate();
    await input?.rest.return?.();
  }
}

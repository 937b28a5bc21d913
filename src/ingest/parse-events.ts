import { createReadStream } from 'node:fs';
import { parseEventLines, readLines } from '../core/ndjson.js';
import { Signal } from '../core/signal.js';
import type { Instant } from '../core/time.js';
import type { BatchItem, ChainHead } from '../store/store.js';
import { decodeItems } from './items-codec.js';
import { CHUNK_BYTES, CONSUMED, type FromWorker, MAX_AHEAD, type ToWorker, type WorkerSetup } from './protocol.js';

/**
 * Inputs up to this size are parsed on the main thread: starting a worker costs more
 * than it saves on them.
 */
const WORKER_ABOVE = 1024 * 1024;

/**
 * The worker's young generation: its garbage is short-lived, and a smaller nursery than
 * the default keeps a large import's peak memory under 200 MB for a little more GC.
 */
const YOUNG_GENERATION_MB = 8;

/** An open file (the worker reads it itself), or a stream such as stdin (passed on to the worker). */
export type NdjsonSource = { fd: number; size: number } | { stream: AsyncIterable<Buffer> };

/**
 * NDJSON bytes → items for ActivityStore.record, in input order, with line numbers.
 * A large input is parsed, validated and hashed in a worker thread (see worker.ts)
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
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  // The bundle's sibling in dist/ (scripts/build.mjs).
  const worker = new Worker(new URL('./ingest-worker.cjs', import.meta.url), {
    workerData: setup,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  const send = (message: ToWorker, transfer?: ArrayBuffer[]) => worker.postMessage(message, transfer);
  const results: FromWorker[] = [];
  let failure: unknown;
  const resultsChanged = new Signal();
  worker.on('message', (message: FromWorker) => {
    results.push(message);
    resultsChanged.notify();
  });
  worker.on('error', (error) => {
    failure ??= error;
    resultsChanged.notify();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the parse worker stopped (exit code ${code})`);
    resultsChanged.notify();
  });

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
    feed().catch((error: unknown) => {
      failure ??= error;
      resultsChanged.notify();
    });
  }

  try {
    for (;;) {
      while (results.length === 0 && failure === undefined) await resultsChanged.wait();
      const items = results.shift();
      if (items === undefined) throw failure;
      if (items === null) return;
      send(CONSUMED);
      inFlight--;
      inFlightChanged.notify();
      yield decodeItems(items);
    }
  } finally {
    stopped = true;
    inFlightChanged.notify();
    worker.removeAllListeners('exit');
    await worker.terminate();
    await input?.rest.return?.();
  }
}

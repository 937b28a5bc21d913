import { parseEventLines, readLines } from '../core/ndjson.js';
import { Signal } from '../core/signal.js';
import type { Instant } from '../core/time.js';
import type { BatchItem, ChainHead } from '../store/store.js';
import { decodeItems } from './items-codec.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker.js';

/**
 * Inputs up to this size are parsed on the main thread: starting a worker costs more
 * than it saves on them.
 */
const WORKER_ABOVE = 1024 * 1024;

/** Input chunks handed to the worker and not yet parsed: bounds memory, whatever the speed of either side. */
const MAX_IN_FLIGHT = 2;

/**
 * The worker's young generation: its garbage is short-lived, and a smaller nursery than
 * the default keeps a large import's peak memory under 200 MB for a little more GC.
 */
const YOUNG_GENERATION_MB = 8;

/**
 * NDJSON bytes → items for ActivityStore.record, in input order, with line numbers.
 * A large input is parsed, validated and hashed in a worker thread (see worker.ts)
 * while the caller writes; `head` is where its events are expected to join the chain.
 */
export async function* parseEventStream(
  input: AsyncIterable<Buffer>,
  options: { now: Instant; head: ChainHead },
): AsyncIterable<BatchItem[]> {
  const iterator = input[Symbol.asyncIterator]();
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
  yield* parseInWorker(start, iterator, { now: options.now, head: options.head });
}

async function* parseInWorker(
  start: Buffer[],
  rest: AsyncIterator<Buffer>,
  setup: WorkerSetup,
): AsyncGenerator<BatchItem[]> {
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  // The bundle's sibling in dist/ (scripts/build.mjs).
  const worker = new Worker(new URL('./ingest-worker.cjs', import.meta.url), {
    workerData: setup,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  const results: FromWorker[] = [];
  let failure: unknown;
  const resultsChanged = new Signal();
  const inFlightChanged = new Signal();
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

  let inFlight = 0;
  let stopped = false;
  const post = (chunk: Buffer) => {
    inFlight++;
    // A copy the worker can own: a stream's chunk may be a view into a larger buffer.
    const owned = new Uint8Array(chunk);
    worker.postMessage(owned satisfies ToWorker, [owned.buffer as ArrayBuffer]);
  };
  const feed = async () => {
    for (const chunk of start) post(chunk);
    for (;;) {
      while (inFlight >= MAX_IN_FLIGHT && !stopped) await inFlightChanged.wait();
      if (stopped) return;
      const next = await rest.next();
      if (stopped) return;
      if (next.done) break;
      post(next.value);
    }
    worker.postMessage(null satisfies ToWorker);
  };
  feed().catch((error: unknown) => {
    failure ??= error;
    resultsChanged.notify();
  });

  try {
    for (;;) {
      while (results.length === 0 && failure === undefined) await resultsChanged.wait();
      const items = results.shift();
      if (items === undefined) throw failure;
      if (items === null) return;
      inFlight--;
      inFlightChanged.notify();
      yield decodeItems(items);
    }
  } finally {
    stopped = true;
    inFlightChanged.notify();
    worker.removeAllListeners('exit');
    await worker.terminate();
    await rest.return?.();
  }
}

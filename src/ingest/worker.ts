/**
 * The worker thread of parse-events.ts: NDJSON bytes in, validated and hashed events
 * out. Reading, parsing, validating and hashing a large import cost as much as writing
 * it; here they run on the second core while the main thread writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { chainHash } from '../core/chain.js';
import { subjectFingerprint } from '../core/event.js';
import { parseEventLines, readLines } from '../core/ndjson.js';
import { Signal } from '../core/signal.js';
import type { ChainHead } from '../store/store.js';
import { encodeItems, type FlatItems } from './items-codec.js';

export interface WorkerSetup {
  now: number;
  /** The chain head the events are expected to extend; see ChainLink. */
  head: ChainHead;
}

/** From the main thread: input chunks in order, then null at the end of the input. */
export type ToWorker = Uint8Array | null;
/** To the main thread: the items of each input chunk in order (one message a chunk), then null. */
export type FromWorker = FlatItems[] | null;

const port = parentPort;
if (port === null) throw new Error('parse worker started outside a worker thread');
const { now, head } = workerData as WorkerSetup;

async function* chunks(): AsyncIterable<Buffer> {
  const queue: ToWorker[] = [];
  const arrived = new Signal();
  port?.on('message', (message: ToWorker) => {
    queue.push(message);
    arrived.notify();
  });
  for (;;) {
    while (queue.length === 0) await arrived.wait();
    const message = queue.shift();
    if (message === null || message === undefined) return;
    yield Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  }
}

async function run(out: NonNullable<typeof parentPort>): Promise<void> {
  let predicted: ChainHead | undefined = head;
  for await (const items of parseEventLines(readLines(chunks()), now)) {
    for (const item of items) {
      if (!('event' in item)) {
        predicted = undefined; // nothing will be written: hashing the rest is wasted
        continue;
      }
      item.subject = subjectFingerprint(item.event);
      if (predicted !== undefined) {
        const seq: number = predicted.seq + 1;
        const hash = chainHash(predicted.hash, seq, item.event);
        item.link = { seq, previous: predicted.hash, hash };
        predicted = { seq, hash };
      }
    }
    out.postMessage(encodeItems(items) satisfies FromWorker);
  }
  out.postMessage(null satisfies FromWorker);
}

void run(port);

/**
 * The worker thread of parse-events.ts: NDJSON bytes in, validated and hashed events
 * out. Reading, parsing, validating and hashing a large import cost as much as writing
 * it; here they run on the second core while the main thread writes.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { type ChainHead, chainHash } from '../core/chain.js';
import { parseEventLines, readLines } from '../core/ndjson.js';
import { Signal } from '../core/signal.js';
import { encodeItems } from './items-codec.js';
import { CHUNK_BYTES, CONSUMED, type FromWorker, MAX_AHEAD, type ToWorker, type WorkerSetup } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('parse worker started outside a worker thread');
const { now, head, fd } = workerData as WorkerSetup;

const received: ToWorker[] = [];
const arrived = new Signal();
let ahead = 0;
const taken = new Signal();
port.on('message', (message: ToWorker) => {
  if (message === CONSUMED) {
    ahead--;
    taken.notify();
  } else {
    received.push(message);
    arrived.notify();
  }
});

async function* messages(): AsyncIterable<Buffer> {
  for (;;) {
    while (received.length === 0) await arrived.wait();
    const message = received.shift();
    if (message === null || message === undefined || message === CONSUMED) return;
    yield Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  }
}

/**
 * A file read a megabyte at a time, in CHUNK_BYTES slices: the same chunks downstream,
 * a sixteenth of the reads (each a system call, and on a virtual machine a costly one).
 */
async function* slices(): AsyncIterable<Buffer> {
  for await (const read of createReadStream('', { fd, autoClose: false, highWaterMark: READ_BYTES })) {
    const bytes = read as Buffer;
    for (let at = 0; at < bytes.length; at += CHUNK_BYTES) yield bytes.subarray(at, at + CHUNK_BYTES);
  }
}

const READ_BYTES = 16 * CHUNK_BYTES;

const input = (): AsyncIterable<Buffer> => (fd === undefined ? messages() : slices());

async function run(out: NonNullable<typeof parentPort>): Promise<void> {
  let predicted: ChainHead | undefined = head;
  for await (const items of parseEventLines(readLines(input()), now)) {
    for (const item of items) {
      if (!('event' in item)) {
        predicted = undefined; // nothing will be written: hashing the rest is wasted
        continue;
      }
      if (predicted !== undefined) {
        const seq: number = predicted.seq + 1;
        const hash = chainHash(predicted.hash, seq, item.event);
        item.link = { seq, previous: predicted.hash, hash };
        predicted = { seq, hash };
      }
    }
    while (ahead >= MAX_AHEAD) await taken.wait();
    ahead++;
    out.postMessage(encodeItems(items) satisfies FromWorker);
  }
  out.postMessage(null satisfies FromWorker);
}

void run(port);

/** A read thread of a server: answers bounded reads on its own connection to the store, and parses batches. */
import { parentPort, workerData } from 'node:worker_threads';
import type { BatchItem } from '../core/batch.js';
import type { ActivityEvent } from '../core/event.js';
import { parseEventLines, readLines } from '../core/ndjson.js';
import { encodeItems } from '../ingest/items-codec.js';
import { openStore } from '../store/open.js';
import { type ActivityStore, jsonPages, type StoreOptions } from '../store/store.js';
import { errorData, type JsonAnswer, type ReadCall, type ReadReply, type ReadRequest } from './read-protocol.js';

const port = parentPort;
if (port === null) throw new Error('read worker started outside a worker thread');
const opened = openStore(workerData as StoreOptions);

async function answer(store: ActivityStore, call: ReadCall): Promise<{ value: unknown; transfer?: ArrayBuffer[] }> {
  switch (call.op) {
    case 'query': {
      const events: ActivityEvent[] = [];
      for await (const page of store.query(call.query)) events.push(...page);
      return { value: events };
    }
    case 'json': {
      const parts: Uint8Array[] = [];
      for await (const page of jsonPages(store, call.query)) parts.push(...page);
      // One buffer of its own, so that it can be handed over rather than copied.
      const bytes = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
      const ends: number[] = [];
      let at = 0;
      for (const part of parts) {
        bytes.set(part, at);
        at += part.length;
        ends.push(at);
      }
      return { value: { bytes, ends } satisfies JsonAnswer, transfer: [bytes.buffer] };
    }
    case 'count':
      return { value: await store.count(call.filter, call.range) };
    case 'stats':
      return { value: await store.stats(call.filter, call.users) };
    case 'latestOf':
      return { value: await store.latestOf(call.resources) };
    case 'parse': {
      const items: BatchItem[] = [];
      for await (const chunk of parseEventLines(readLines([Buffer.from(call.body)]), call.now)) items.push(...chunk);
      return { value: encodeItems(items) };
    }
  }
}

// One call at a time: a store's connection runs one statement at a time, and a query's
// open statement must not meet the next call's.
let queue = Promise.resolve();
port.on('message', (request: ReadRequest) => {
  queue = queue.then(async () => {
    try {
      const { value, transfer } = await answer(await opened, request);
      port.postMessage({ id: request.id, value } satisfies ReadReply, transfer);
    } catch (error) {
      port.postMessage({ id: request.id, error: errorData(error) } satisfies ReadReply);
    }
  });
});

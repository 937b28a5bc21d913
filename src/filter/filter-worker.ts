/**
 * A worker thread of filter-events.ts: numbered lines in, the matching events and the
 * problems found out, one reply a message, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { filterLines } from '../core/stream-filter.js';
import type { FlatValues } from '../workers/pool.js';
import type { FilterReply, FilterSetup } from './filter-events.js';
import { decodeLines, encodeShown } from './messages.js';

const port = parentPort;
if (port === null) throw new Error('filter worker started outside a worker thread');
const { filter, now } = workerData as FilterSetup;

port.on('message', (lines: FlatValues) => {
  const { events, problems } = filterLines(decodeLines(lines), filter, now);
  port.postMessage({ events: encodeShown(events), problems } satisfies FilterReply);
});

/**
 * A worker thread of filter-events.ts: numbered lines in, the matching events and the
 * problems found out, one reply a message, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EventFilter } from '../core/filter.js';
import { filterLines } from '../core/stream-filter.js';
import { decodeLines, encodeShown, type FlatItems } from './items-codec.js';
import type { FilterReply } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('filter worker started outside a worker thread');
const { filter, now } = workerData as { filter: EventFilter; now: number };

port.on('message', (lines: FlatItems) => {
  const { events, problems } = filterLines(decodeLines(lines), filter, now);
  port.postMessage({ events: encodeShown(events), problems } satisfies FilterReply);
});

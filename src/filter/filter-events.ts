import type { Problem } from '../core/errors.js';
import type { ShownEvent } from '../core/event.js';
import type { EventFilter } from '../core/filter.js';
import { type Line, readLines } from '../core/ndjson.js';
import { filterLines } from '../core/stream-filter.js';
import type { Instant } from '../core/time.js';
import { type FlatValues, WorkerPool } from '../workers/pool.js';
import { decodeShown, encodeLines } from './messages.js';

/** What the main thread sends a filter worker once, when it starts. */
export interface FilterSetup {
  filter: EventFilter;
  now: Instant;
}

/** A filter worker's reply to one message of lines. */
export interface FilterReply {
  events: FlatValues;
  problems: Problem[];
}

/** Lines a worker gets at once: enough to make a message worth its cost. */
const PIECE_LINES = 2000;
/** Pieces handed out and not yet taken back, over all workers: bounds memory. */
const MAX_OUT = 8;
/** Streams shorter than this many pieces are filtered on the main thread. */
const WORKERS_FROM = 4;

/**
 * The matching events of an NDJSON stream, in its order, and the problems found
 * (through `problem`). Validating every line is most of the work, so a long stream is
 * cut into pieces of whole lines that worker threads, one a core, validate and filter
 * side by side; the main thread only reads, hands out and writes, in order.
 */
export async function* filterEventStream(
  stream: AsyncIterable<Buffer>,
  filter: EventFilter,
  now: Instant,
  problem: (p: Problem) => void,
): AsyncIterable<ShownEvent[]> {
  const pieces = piecesOf(readLines(stream))[Symbol.asyncIterator]();
  const first: Line[][] = [];
  for (let i = 0; i < WORKERS_FROM; i++) {
    const next = await pieces.next();
    if (next.done) break;
    first.push(next.value);
  }
  const cores = process.getBuiltinModule('node:os').availableParallelism();
  if (first.length < WORKERS_FROM || cores < 2) {
    for (const piece of first) yield take(filterLines(piece, filter, now), problem);
    for (let next = await pieces.next(); !next.done; next = await pieces.next()) {
      yield take(filterLines(next.value, filter, now), problem);
    }
    return;
  }
  yield* inWorkers(first, pieces, Math.min(cores, 4), { filter, now }, problem);
}

function take(reply: { events: ShownEvent[]; problems: Problem[] }, problem: (p: Problem) => void): ShownEvent[] {
  for (const p of reply.problems) problem(p);
  return reply.events;
}

async function* piecesOf(lines: AsyncIterable<Line[]>): AsyncIterable<Line[]> {
  let piece: Line[] = [];
  for await (const chunk of lines) {
    piece.push(...chunk);
    if (piece.length >= PIECE_LINES) {
      yield piece;
      piece = [];
    }
  }
  if (piece.length > 0) yield piece;
}

async function* inWorkers(
  first: Line[][],
  rest: AsyncIterator<Line[]>,
  count: number,
  setup: FilterSetup,
  problem: (p: Problem) => void,
): AsyncIterable<ShownEvent[]> {
  const workers = new WorkerPool<FilterReply>('filter-worker', count, setup, { youngGenerationMb: 8 });
  // Piece k goes to worker k mod count; each worker answers in order, so taking the
  // replies round-robin restores the stream's order.
  let sent = 0;
  let taken = 0;
  let ended = false;
  const send = (piece: Line[]) => {
    workers.post(sent % count, encodeLines(piece));
    sent++;
  };
  try {
    for (const piece of first) send(piece);
    for (;;) {
      while (!ended && sent - taken < MAX_OUT) {
        const next = await rest.next();
        if (next.done) ended = true;
        else send(next.value);
      }
      if (taken === sent) return;
      const reply = await workers.next(taken % count);
      taken++;
      yield take({ events: decodeShown(reply.events), problems: reply.problems }, problem);
    }
  } finally {
    await workers.terminate();
    await rest.return?.();
  }
}

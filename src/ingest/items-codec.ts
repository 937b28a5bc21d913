import type { BatchItem } from '../core/batch.js';
import type { Action, ResourceType } from '../core/resource-types.js';
import type { FlatValues } from '../workers/pool.js';

/**
 * Batch items as one flat array of strings and numbers, for the trip from the parse
 * worker to the main thread: V8 deserializes flat values in half the time it takes
 * objects, and that time is the main thread's, the busier one (docs/store.md).
 *
 * An event is EVENT_SLOTS values: line, id, idGiven (0/1), time, action, type, name,
 * resourceId, account, user, details, link seq (0: no link), link previous, link hash,
 * instant. A problem is two: -line, and the problem.
 */

const EVENT_SLOTS = 15;

/**
 * Events a flat array: small enough (about 50 KB) for V8's young generation. Larger
 * arrays go straight to the old generation, where each piece of garbage waits for a
 * full collection, and peak memory grew.
 */
const PIECE = 400;

/** The items of one input chunk, in pieces of at most PIECE items. */
export function encodeItems(items: readonly BatchItem[]): FlatValues[] {
  const pieces: FlatValues[] = [];
  for (let start = 0; start < items.length; start += PIECE) pieces.push(encodePiece(items.slice(start, start + PIECE)));
  return pieces;
}

export function decodeItems(pieces: readonly FlatValues[]): BatchItem[] {
  return pieces.flatMap(decodePiece);
}

function encodePiece(items: readonly BatchItem[]): FlatValues {
  const flat: FlatValues = [];
  for (const item of items) {
    if (!('event' in item)) {
      flat.push(-item.line, item.problem);
      continue;
    }
    const e = item.event;
    const link = item.link;
    flat.push(
      item.line,
      e.id,
      e.idGiven ? 1 : 0,
      e.time,
      e.action,
      e.type,
      e.name,
      e.resourceId,
      e.account,
      e.user,
      e.details,
      link?.seq ?? 0,
      link?.previous ?? '',
      link?.hash ?? '',
      e.instant,
    );
  }
  return flat;
}

function decodePiece(flat: FlatValues): BatchItem[] {
  const items: BatchItem[] = [];
  let i = 0;
  while (i < flat.length) {
    const line = flat[i] as number;
    if (line < 0) {
      items.push({ line: -line, problem: flat[i + 1] as string });
      i += 2;
      continue;
    }
    const seq = flat[i + 11] as number;
    items.push({
      line,
      event: {
        id: flat[i + 1] as string,
        idGiven: flat[i + 2] === 1,
        time: flat[i + 3] as string,
        action: flat[i + 4] as Action,
        type: flat[i + 5] as ResourceType,
        name: flat[i + 6] as string,
        resourceId: flat[i + 7] as string | null,
        account: flat[i + 8] as string | null,
        user: flat[i + 9] as string,
        details: flat[i + 10] as string | null,
        instant: flat[i + 14] as number,
      },
      link: seq > 0 ? { seq, previous: flat[i + 12] as string, hash: flat[i + 13] as string } : undefined,
    });
    i += EVENT_SLOTS;
  }
  return items;
}

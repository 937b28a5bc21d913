/** Page cursors: where a page ended, and the head its first page began at, as opaque text. */
import { UsageError } from '../core/errors.js';
import type { EventOrder } from '../core/query.js';

export interface Cursor {
  order: EventOrder;
  /** The last event's time and seq (its place in time order; seq order uses only seq). */
  time: number;
  seq: number;
  /** The head when the first page was read: later events are not in this listing, so none moves it. */
  through: number;
}

export const encodeCursor = (c: Cursor): string =>
  Buffer.from(JSON.stringify([c.order, c.time, c.seq, c.through])).toString('base64url');

const whole = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);

export function decodeCursor(text: string, order: EventOrder): Cursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || value.length !== 4)
    throw new UsageError('invalid cursor', "give a page's `next` as it is");
  const [o, time, seq, through] = value as unknown[];
  if (!whole(time) || !whole(seq) || !whole(through) || seq < 0 || through < 0) {
    throw new UsageError('invalid cursor', "give a page's `next` as it is");
  }
  if (o !== order)
    throw new UsageError(`the cursor is for order=${String(o)}, not ${order}`, 'keep the order of the first page');
  return { order, time, seq, through };
}

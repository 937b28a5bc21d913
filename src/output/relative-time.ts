import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';

/** `3 minutes ago` / `in 2 hours`, against the clock the command was handed. */
export const relativeTime = (at: number, now: number): string =>
  Math.abs(now - at) < 1000 ? 'just now' : formatDistanceStrict(at, now, { addSuffix: true });

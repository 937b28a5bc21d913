/** Times as the page shows them: relative, refreshed as time passes, with the full local date beside. */
import { createContext, type JSX } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';

/** How often relative times are redrawn: `3 minutes ago` is wrong by at most this much. */
const TICK_MS = 30_000;

const UNITS: [limit: number, ms: number, unit: string][] = [
  [60_000, 1_000, 'second'],
  [3_600_000, 60_000, 'minute'],
  [86_400_000, 3_600_000, 'hour'],
  [30 * 86_400_000, 86_400_000, 'day'],
  [365 * 86_400_000, 30 * 86_400_000, 'month'],
  [Number.POSITIVE_INFINITY, 365 * 86_400_000, 'year'],
];

/** `3 minutes ago`, `in 2 hours`, `just now`: the terminal's words (date-fns' formatDistanceStrict, rounded). */
export function relativeTime(at: number, now: number): string {
  const distance = Math.abs(now - at);
  // The page's clock moves every TICK_MS: an event recorded since is not in the future.
  if (distance < 1000 || (at > now && at - now <= TICK_MS + 5_000)) return 'just now';
  const [, ms, unit] = UNITS.find(([limit]) => distance < limit) ?? (UNITS.at(-1) as (typeof UNITS)[number]);
  const count = Math.max(1, Math.round(distance / ms));
  const amount = `${count} ${unit}${count === 1 ? '' : 's'}`;
  return at <= now ? `${amount} ago` : `in ${amount}`;
}

const FULL = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

/** `Wednesday, November 25, 2026 at 6:37:02 PM GMT+1`: the reader's own locale and time zone. */
export const fullLocalTime = (at: number): string => FULL.format(at);

const Now = createContext(Date.now());

/** One clock for the whole page, so every relative time moves at once. */
export function NowProvider({ children }: { children: JSX.Element }) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const timer = setInterval(tick, TICK_MS);
    // A tab in the background has its timers slowed: catch up when it is shown again.
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, []);
  return <Now.Provider value={now}>{children}</Now.Provider>;
}

export const useNow = (): number => useContext(Now);

/** `3 minutes ago` on screen; the full local time on hover and for screen readers, the instant for machines. */
export function RelativeTime({ time }: { time: string }) {
  const now = useNow();
  const at = Date.parse(time);
  const relative = relativeTime(at, now);
  const full = fullLocalTime(at);
  return (
    <time dateTime={time} title={full}>
      <span aria-hidden="true">{relative}</span>
      <span class="sr-only">{`${relative}, ${full}`}</span>
    </time>
  );
}

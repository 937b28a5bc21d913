/**
 * The foot of the table: older pages load as it comes into view (a button too, for
 * keyboards and for when scrolling is not how one reads), a failure to retry, or the end.
 */
import { useEffect, useRef } from 'preact/hooks';
import { problemText } from './api.js';
import { formatCount } from './text.js';
import type { Feed } from './use-event-feed.js';

/** Start reading the next page this far before the foot is on screen: rows are there as the reader gets to them. */
const AHEAD = '600px';

export function ListEnd({ feed }: { feed: Feed }) {
  const foot = useRef<HTMLDivElement>(null);
  const { next, loadingMore, error, events, loadMore } = feed;
  const more = next !== null && error === undefined;

  // Observed anew after each page: the first report says whether the foot is still in view.
  useEffect(() => {
    if (!more || loadingMore || foot.current === null) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) loadMore();
      },
      { rootMargin: AHEAD },
    );
    observer.observe(foot.current);
    return () => observer.disconnect();
  }, [more, loadingMore, events.length, loadMore]);

  return (
    <div class="list-end" ref={foot}>
      {error !== undefined ? (
        <p role="alert">
          {`Could not load older events. ${problemText(error)} `}
          <button type="button" onClick={loadMore}>
            Try again
          </button>
        </p>
      ) : next === null ? (
        <p>{`End of the log: all ${formatCount(events.length)} ${events.length === 1 ? 'event' : 'events'} shown.`}</p>
      ) : (
        // Not disabled while loading: a disabled button would drop the keyboard's focus.
        <button type="button" onClick={loadMore}>
          {loadingMore ? 'Loading older events…' : 'Load older events'}
        </button>
      )}
    </div>
  );
}

/** The Activity Log page: filters, the equivalent command, exports, the Last Activity card and the live table. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { type FilterText, isEmptyFilterText } from '../core/filter-codec.js';
import { LOG_FIRST_PAGE } from '../core/page-request.js';
import { type Api, problemText } from './api.js';
import { CommandLine } from './command-line.js';
import { EventTable } from './event-table.js';
import { ExportLinks } from './export-links.js';
import { FilterBar } from './filter-bar.js';
import { LastActivity } from './last-activity.js';
import { ListEnd } from './list-end.js';
import { LiveControl } from './live-control.js';
import { logHref, navigate } from './route.js';
import { formatCount } from './text.js';
import { useEventFeed } from './use-event-feed.js';

/** The log's feed: pages of a screenful or two (older ones load as the reader scrolls), counted (`Showing 50 of 1,234`). */
const LOG_FEED = { limit: LOG_FIRST_PAGE.limit, countTotal: true } as const;

export interface LogPageProps {
  api: Api;
  filter: FilterText;
  linkTemplate: string | null;
  users: readonly string[] | undefined;
  onUsersWanted?(): void;
}

export function LogPage({ api, filter, linkTemplate, users, onUsersWanted }: LogPageProps) {
  const [paused, setPaused] = useState(false);
  const feed = useEventFeed(api, filter, { ...LOG_FEED, paused });
  const heading = useRef<HTMLHeadingElement>(null);
  const filtered = !isEmptyFilterText(filter);
  // The button pressed goes with the filters: the keyboard's focus goes to the heading.
  const clear = () => {
    navigate(logHref({}));
    heading.current?.focus();
  };

  return (
    <div class="log-layout">
      <div class="log-head">
        <h1 id="log-title" ref={heading} tabIndex={-1}>
          Activity Log
        </h1>
        <p class="intro">Every create, update and delete on the platform: who did what, and when.</p>
      </div>
      <section class="log-controls" aria-label="Filters">
        <FilterBar
          filter={filter}
          users={users}
          onChange={(next, kind) => navigate(logHref(next), kind)}
          onUsersWanted={onUsersWanted}
        />
        <CommandLine filter={filter} />
      </section>
      <LastActivity api={api} linkTemplate={linkTemplate} filter={filter} onViewAll={clear} />
      <section class="log-results" aria-labelledby="log-title" aria-busy={feed.status === 'loading'}>
        <div class="toolbar">
          <LiveControl
            connection={feed.connection}
            paused={paused}
            waiting={feed.waiting.length}
            onToggle={() => setPaused(!paused)}
          />
          <p class="summary" aria-live="polite">
            {feed.status === 'ready' &&
              feed.events.length > 0 &&
              `Showing ${formatCount(feed.events.length)}${feed.total === undefined ? '' : ` of ${formatCount(feed.total)}`} ${feed.total === 1 ? 'event' : 'events'}`}
          </p>
          {/* A filter the server refused would export nothing: the error above says what to do instead. */}
          {feed.status !== 'error' && <ExportLinks filter={filter} />}
        </div>
        <Arrivals count={feed.arrivedCount} />
        {feed.status === 'error' ? (
          <div class="state error" role="alert">
            <p>
              <strong>Could not load the log.</strong> {feed.error !== undefined && problemText(feed.error)}
            </p>
            <p class="state-actions">
              <button type="button" onClick={feed.retry}>
                Try again
              </button>
              {filtered && (
                <button type="button" onClick={clear}>
                  Clear filters
                </button>
              )}
            </p>
          </div>
        ) : feed.status === 'ready' && feed.events.length === 0 ? (
          <div class="state empty">
            {filtered ? (
              <>
                <p>No events match these filters.</p>
                <p class="state-actions">
                  <button type="button" onClick={clear}>
                    Clear filters
                  </button>
                </p>
              </>
            ) : (
              <p>
                No events recorded yet. New ones appear here as they are recorded, for instance by{' '}
                <code>activity record</code>.
              </p>
            )}
          </div>
        ) : (
          <EventTable
            events={feed.events}
            deleted={feed.deleted}
            linkTemplate={linkTemplate}
            filter={filter}
            loading={feed.status === 'loading'}
          />
        )}
        {feed.status === 'ready' && feed.events.length > 0 && <ListEnd feed={feed} />}
      </section>
    </div>
  );
}

/** Announces live arrivals to screen readers: the count, not each row. */
function Arrivals({ count }: { count: number }) {
  const [message, setMessage] = useState('');
  const seen = useRef(count);
  useEffect(() => {
    const added = count - seen.current;
    seen.current = count;
    if (added > 0) setMessage(`${added} new ${added === 1 ? 'event' : 'events'} at the top of the log`);
  }, [count]);
  return (
    <p class="sr-only" aria-live="polite">
      {message}
    </p>
  );
}

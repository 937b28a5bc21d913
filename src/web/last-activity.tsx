/** The dashboard's Last Activity card: the five newest events of the whole log, live, and the way to see them all. */
import type { FilterText } from '../core/filter-codec.js';
import { type Api, problemText } from './api.js';
import { ActionBadge, ResourceName } from './event-cells.js';
import { resourceLink } from './resources.js';
import { eventHref, logHref } from './route.js';
import { Text } from './text.js';
import { RelativeTime } from './time.js';
import { useEventFeed } from './use-event-feed.js';

const SHOWN = 5;
const EVERYTHING: FilterText = {};

export interface LastActivityProps {
  api: Api;
  linkTemplate: string | null;
  /** The log's filter, which an event opened from the card goes back to. */
  filter: FilterText;
  /** "View all": the whole log, unfiltered. */
  onViewAll(): void;
}

export function LastActivity({ api, linkTemplate, filter, onViewAll }: LastActivityProps) {
  const feed = useEventFeed(api, EVERYTHING, { limit: SHOWN, countTotal: false, paused: false });
  const events = feed.events.slice(0, SHOWN);
  return (
    <aside class="card" aria-labelledby="last-activity-title">
      <h2 id="last-activity-title">Last Activity</h2>
      {feed.status === 'error' ? (
        <p class="card-note">{`Could not load it. ${feed.error === undefined ? '' : problemText(feed.error)}`}</p>
      ) : feed.status === 'ready' && events.length === 0 ? (
        <p class="card-note">No activity recorded yet.</p>
      ) : (
        <ul class="card-list" aria-busy={feed.status === 'loading'}>
          {feed.status === 'loading'
            ? Array.from({ length: SHOWN }, (_, i) => (
                <li key={i} class="card-item skeleton" aria-hidden="true">
                  <span class="bar bar-long" />
                  <span class="bar" />
                </li>
              ))
            : events.map((event) => (
                <li key={event.seq} class="card-item" data-seq={event.seq}>
                  <ResourceName
                    event={event}
                    link={resourceLink(event, linkTemplate, feed.deleted)}
                    href={eventHref(event.seq, filter)}
                  />
                  <span class="card-meta">
                    <ActionBadge action={event.action} /> <RelativeTime time={event.time} /> ·{' '}
                    <Text value={event.user} />
                  </span>
                </li>
              ))}
        </ul>
      )}
      <a
        class="view-all"
        href={logHref(EVERYTHING)}
        onClick={(event) => {
          event.preventDefault();
          onViewAll();
        }}
      >
        View all
      </a>
    </aside>
  );
}

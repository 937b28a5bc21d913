/** The Activity Log table: Name, Action, Created At, User, newest first. */
import { Component } from 'preact';
import { type FilterText, filterToParams } from '../core/filter-codec.js';
import type { WebEvent } from './api.js';
import { ActionBadge, ResourceName } from './event-cells.js';
import { type DeletedResources, resourceKey, resourceLink } from './resources.js';
import { eventHref } from './route.js';
import { Text } from './text.js';
import { RelativeTime } from './time.js';

/** Placeholder rows while the first page loads: the table keeps its height, and nothing below it jumps. */
const SKELETON_ROWS = 8;

export interface EventTableProps {
  events: readonly WebEvent[];
  deleted: DeletedResources;
  linkTemplate: string | null;
  /** The log's filter, kept by each event's page for its way back. */
  filter: FilterText;
  loading: boolean;
}

export function EventTable({ events, deleted, linkTemplate, filter, loading }: EventTableProps) {
  const filterKey = filterToParams(filter).toString();
  return (
    <table class="log">
      <caption class="sr-only">Events, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Action</th>
          <th scope="col">Created At</th>
          <th scope="col">User</th>
        </tr>
      </thead>
      <tbody>
        {loading
          ? Array.from({ length: SKELETON_ROWS }, (_, i) => <SkeletonRow key={i} />)
          : events.map((event) => (
              <EventRow
                key={event.seq}
                event={event}
                deleted={deleted.get(resourceKey(event)) === true}
                linkTemplate={linkTemplate}
                filter={filter}
                filterKey={filterKey}
              />
            ))}
      </tbody>
    </table>
  );
}

interface EventRowProps {
  event: WebEvent;
  deleted: boolean;
  linkTemplate: string | null;
  filter: FilterText;
  /** The filter as text: what tells a row whether its links changed. */
  filterKey: string;
}

/**
 * One event's row. Drawn again only when what it shows changes (its time refreshes by
 * the page's clock, below it): the log's state changes often while it loads (the users,
 * the card, the stream's connection), and fifty rows redrawn at each were most of it.
 */
class EventRow extends Component<EventRowProps> {
  override shouldComponentUpdate(next: EventRowProps): boolean {
    const now = this.props;
    return (
      next.event !== now.event ||
      next.deleted !== now.deleted ||
      next.linkTemplate !== now.linkTemplate ||
      next.filterKey !== now.filterKey
    );
  }

  override render({ event, deleted, linkTemplate, filter }: EventRowProps) {
    const known: DeletedResources = new Map([[resourceKey(event), deleted]]);
    return (
      <tr data-seq={event.seq}>
        <td class="cell-name">
          <ResourceName
            event={event}
            link={resourceLink(event, linkTemplate, known)}
            href={eventHref(event.seq, filter)}
          />
        </td>
        <td class="cell-action">
          <ActionBadge action={event.action} />
        </td>
        <td class="cell-time">
          <RelativeTime time={event.time} />
        </td>
        <td class="cell-user">
          <Text value={event.user} />
        </td>
      </tr>
    );
  }
}

function SkeletonRow() {
  return (
    <tr class="skeleton">
      <td class="cell-name">
        <span class="bar bar-long" />
      </td>
      <td class="cell-action">
        <span class="bar bar-badge" />
      </td>
      <td class="cell-time">
        <span class="bar" />
      </td>
      <td class="cell-user">
        <span class="bar" />
      </td>
    </tr>
  );
}

/** The Activity Log table: Name, Action, Created At, User, newest first. */
import type { FilterText } from '../core/filter-codec.js';
import type { WebEvent } from './api.js';
import { ActionBadge, ResourceName } from './event-cells.js';
import { type DeletedResources, resourceLink } from './resources.js';
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
              <tr key={event.seq} data-seq={event.seq}>
                <td class="cell-name">
                  <ResourceName
                    event={event}
                    link={resourceLink(event, linkTemplate, deleted)}
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
            ))}
      </tbody>
    </table>
  );
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

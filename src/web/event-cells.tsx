/** The parts of an event the table, the Last Activity card and the event page all show. */
import { ACTION_LABELS, type Action, type ResourceType, TYPE_LABELS } from '../core/resource-types.js';
import { sanitize } from '../core/sanitize.js';
import type { WebEvent } from './api.js';
import { TypeIcon } from './icons.js';
import type { ResourceLink } from './resources.js';
import { Text } from './text.js';

/** A type's display name; a value no store writes (a row edited by hand), as it is, escaped. */
export const typeLabel = (type: string): string =>
  Object.hasOwn(TYPE_LABELS, type) ? TYPE_LABELS[type as ResourceType] : sanitize(type);

/** Create green, Update blue, Delete red, as in the terminal; an unknown value uncoloured. */
export function ActionBadge({ action }: { action: string }) {
  if (!Object.hasOwn(ACTION_LABELS, action)) return <span class="badge">{sanitize(action)}</span>;
  return <span class={`badge badge-${action}`}>{ACTION_LABELS[action as Action]}</span>;
}

/**
 * The type's icon, which links to the resource in the console when there is a page to go
 * to; a deleted resource's is no link. Screen readers hear the type (and where the link goes).
 */
export function ResourceIcon({ event, link }: { event: WebEvent; link: ResourceLink }) {
  const label = typeLabel(event.type);
  if (link.kind === 'url') {
    return (
      <a class="resource-icon" href={link.url} rel="external noreferrer" title={`Open this ${label} in the console`}>
        <TypeIcon type={event.type} />
        <span class="sr-only">{`${label} ${sanitize(event.name)}: open in the console`}</span>
      </a>
    );
  }
  return (
    <span class="resource-icon" title={link.kind === 'deleted' ? `${label} (deleted: no link)` : label}>
      <TypeIcon type={event.type} />
      <span class="sr-only">{label}</span>
    </span>
  );
}

/** Name column: the icon, the name (a link to the event's own page), the account dimmed, and whether it is deleted. */
export function ResourceName({ event, link, href }: { event: WebEvent; link: ResourceLink; href: string }) {
  return (
    <div class="resource">
      <ResourceIcon event={event} link={link} />
      <span class="resource-text">
        <a class="resource-name" href={href} title={sanitize(event.name)}>
          <Text value={event.name} />
        </a>
        {event.account !== null && <Text class="account" value={event.account} />}
        {link.kind === 'deleted' && <span class="deleted">deleted</span>}
      </span>
    </div>
  );
}

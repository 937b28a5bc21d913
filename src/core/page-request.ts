/**
 * A page of events as the Activity Log page asks for it. The server names the log's
 * first page in the HTML it sends (a preload), so that the browser asks for it while the
 * script loads; the script's own request takes that answer only if its address is the
 * same, byte for byte, so both build it here.
 */
import { type FilterText, filterToParams } from './filter-codec.js';

export interface PageRequest {
  limit: number;
  /** The previous page's `next`. */
  cursor?: string;
  /** Only events up to this seq. */
  through?: number;
  total?: boolean;
  /** Also which of the page's events are of deleted resources: the table's marks, in the same answer. */
  deleted?: boolean;
}

/** The log's first page: a screenful or two, newest first, with their deleted resources. */
export const LOG_FIRST_PAGE: PageRequest = { limit: 50, deleted: true };

export function eventsPageHref(filter: FilterText, request: PageRequest): string {
  const params = filterToParams(filter);
  params.set('order', 'newest');
  params.set('limit', String(request.limit));
  if (request.cursor !== undefined) params.set('cursor', request.cursor);
  if (request.through !== undefined) params.set('through', String(request.through));
  if (request.total === true) params.set('total', 'true');
  if (request.deleted === true) params.set('deleted', 'true');
  return `/v1/events?${params}`;
}

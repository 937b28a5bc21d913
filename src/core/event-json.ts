/**
 * The canonical JSON serialization of an event (reference §1): what json and ndjson exports
 * write, what a server's NDJSON bodies hold, and what a store's own JSON (queryJson)
 * must equal byte for byte.
 */
import type { ShownEvent } from './event.js';
import type { JsonPage } from './query.js';

const str = JSON.stringify;

/**
 * One event as JSON, fields in the order of reference §1; details are already canonical
 * JSON text. `recordedBy` comes last, and only for an event a server recorded.
 */
export const toJson = (e: ShownEvent): string =>
  `{"seq":${e.seq},"id":${str(e.id)},"time":${str(e.time)},"action":${str(e.action)},"type":${str(e.type)},` +
  `"name":${str(e.name)},"resourceId":${str(e.resourceId)},"account":${str(e.account)},"user":${str(e.user)},` +
  `"details":${e.details ?? 'null'},"hash":${str(e.hash)}${e.recordedBy === undefined ? '' : `,"recordedBy":${str(e.recordedBy)}`}}`;

const encoder = new TextEncoder();

/** Pages of events as pages of their JSON bytes: the one fallback for a source that cannot build the JSON itself. */
export async function* asJsonPages(pages: AsyncIterable<readonly ShownEvent[]>): AsyncIterable<JsonPage> {
  for await (const page of pages) yield page.map((e) => encoder.encode(toJson(e)));
}

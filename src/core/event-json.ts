/**
 * The canonical JSON serialization of an event (reference §1): what json and ndjson exports
 * write, what a server's NDJSON bodies hold, and what a store's own JSON (queryJson)
 * must equal byte for byte.
 */
import type { ActivityEvent, ShownEvent } from './event.js';
import type { JsonPage } from './query.js';

const str = JSON.stringify;

/** The part of toJson before the details: what a parsed event's own JSON text must begin with (fromJson). */
const beforeDetails = (e: ShownEvent): string =>
  `{"seq":${e.seq},"id":${str(e.id)},"time":${str(e.time)},"action":${str(e.action)},"type":${str(e.type)},` +
  `"name":${str(e.name)},"resourceId":${str(e.resourceId)},"account":${str(e.account)},"user":${str(e.user)},` +
  '"details":';

/**
 * One event as JSON, fields in the order of reference §1; details are already canonical
 * JSON text. `recordedBy` comes last, and only for an event a server recorded.
 */
export const toJson = (e: ShownEvent): string =>
  `${beforeDetails(e)}${e.details ?? 'null'},"hash":${str(e.hash)}` +
  `${e.recordedBy === undefined ? '' : `,"recordedBy":${str(e.recordedBy)}`}}`;

/** The fields of an event's JSON, in their order: what `--json <fields>` chooses from. */
export const JSON_FIELDS = [
  'seq',
  'id',
  'time',
  'action',
  'type',
  'name',
  'resourceId',
  'account',
  'user',
  'details',
  'hash',
  'recordedBy',
] as const;
export type JsonField = (typeof JSON_FIELDS)[number];

/** Only `fields` of an event, in the order asked (`--json id,name`), each written as toJson writes it. */
export const toJsonFields = (e: ShownEvent, fields: readonly JsonField[]): string =>
  `{${fields.map((field) => `${str(field)}:${field === 'details' ? (e.details ?? 'null') : str(e[field] ?? null)}`).join(',')}}`;

const encoder = new TextEncoder();

/**
 * Pages of events as pages of their JSON bytes (only `fields` of each, when given): the
 * one fallback for a source that cannot build the JSON itself.
 */
export async function* asJsonPages(
  pages: AsyncIterable<readonly ShownEvent[]>,
  fields?: readonly JsonField[],
): AsyncIterable<JsonPage> {
  for await (const page of pages) {
    yield page.map((e) => encoder.encode(fields === undefined ? toJson(e) : toJsonFields(e, fields)));
  }
}

/**
 * An event back from its canonical JSON (a server's answer). The details are kept as
 * the text they were sent as, not parsed and written again: JavaScript orders integer-like
 * keys first, which is not the canonical order, and the bytes must stay the same.
 */
export function fromJson(text: string): ActivityEvent {
  const value = JSON.parse(text) as ActivityEvent & { details: unknown };
  const event: ActivityEvent = {
    seq: value.seq,
    id: value.id,
    time: value.time,
    action: value.action,
    type: value.type,
    name: value.name,
    resourceId: value.resourceId,
    account: value.account,
    user: value.user,
    details: null,
    hash: value.hash,
  };
  if (typeof value.recordedBy === 'string') event.recordedBy = value.recordedBy;
  if (value.details !== null && value.details !== undefined) {
    const prefix = beforeDetails(event);
    const end = text.lastIndexOf(',"hash":');
    event.details =
      text.startsWith(prefix) && end > prefix.length ? text.slice(prefix.length, end) : JSON.stringify(value.details);
  }
  return event;
}

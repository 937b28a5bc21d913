/** Where an event's resource is in the console, if anywhere: a link, or deleted (the console has no page for it). */
import { consoleUrl } from '../core/console-url.js';
import type { Api, WebEvent } from './api.js';

export type ResourceLink =
  | { kind: 'url'; url: string }
  | { kind: 'deleted' }
  /** No link: the server has no template, or it made no http(s) address of this resource. */
  | { kind: 'none'; template: boolean };

type Resource = Pick<WebEvent, 'type' | 'name' | 'resourceId' | 'account'>;

/** What identifies a resource: type + account + (resourceId, or name when it has none), as the CLI keys it. */
export const resourceKey = (e: Resource): string =>
  JSON.stringify([e.type, e.account, e.resourceId ?? '', e.resourceId === null ? e.name : '']);

/** Resource keys to whether the resource is deleted (its latest event is a delete). */
export type DeletedResources = ReadonlyMap<string, boolean>;

/**
 * The link of an event's resource. Only http: and https: become links: the template is
 * the operator's, but a `javascript:` URL must never be one, whatever is configured.
 */
export function resourceLink(e: Resource, template: string | null, deleted: DeletedResources): ResourceLink {
  if (deleted.get(resourceKey(e)) === true) return { kind: 'deleted' };
  if (template === null) return { kind: 'none', template: false };
  const url = consoleUrl(template, e);
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? { kind: 'url', url } : { kind: 'none', template: true };
  } catch {
    return { kind: 'none', template: true };
  }
}

/** Whether each resource of a page's events is deleted, as the page's answer said (`deleted`: their seqs). */
export function deletedOfPage(events: readonly WebEvent[], deleted: readonly number[]): DeletedResources {
  const seqs = new Set(deleted);
  return new Map(events.map((e) => [resourceKey(e), seqs.has(e.seq)]));
}

/** Whether each resource of `events` that `known` does not hold is deleted: one request for a page of rows. */
export async function lookUpDeleted(
  api: Api,
  events: readonly WebEvent[],
  known: DeletedResources,
  signal?: AbortSignal,
): Promise<DeletedResources> {
  const unknown = new Map<string, Resource>();
  for (const { type, name, resourceId, account } of events) {
    const resource = { type, name, resourceId, account };
    const key = resourceKey(resource);
    if (!known.has(key)) unknown.set(key, resource);
  }
  if (unknown.size === 0) return new Map();
  const latest = await api.latest([...unknown.values()], signal);
  return new Map([...unknown.keys()].map((key, i) => [key, latest[i]?.action === 'delete']));
}

/** Live events (in the order recorded) are each their resource's latest: a delete marks it deleted, anything else brings it back. */
export function withArrivals(known: DeletedResources, events: readonly WebEvent[]): DeletedResources {
  const deleted = new Map(known);
  for (const e of events) deleted.set(resourceKey(e), e.action === 'delete');
  return deleted;
}

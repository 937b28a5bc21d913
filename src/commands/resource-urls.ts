import type { Context } from '../context.js';
import { consoleUrl, type ResourceUrl } from '../core/console-url.js';
import type { ShownEvent } from '../core/event.js';
import type { ResourceRef } from '../core/query.js';
import type { ActivityStore } from '../store/store.js';

/** `ACTIVITY_LINK_TEMPLATE`, then the config's `linkTemplate` (reference §6): the template of console URLs. */
export const urlTemplate = (ctx: Context): string | undefined =>
  ctx.io.env.ACTIVITY_LINK_TEMPLATE || ctx.config.linkTemplate || undefined;

/** What identifies a resource (reference §1): type + account + (resourceId, or name when it has none). */
const resourceKey = (e: ResourceRef): string =>
  JSON.stringify([e.type, e.account, e.resourceId ?? '', e.resourceId === null ? e.name : '']);

/**
 * Each event's console URL, or `deleted` when its resource's latest event is a delete
 * (the console has no page for it then): one look-up for all the distinct resources.
 */
export async function resourceUrls(
  store: ActivityStore,
  template: string | undefined,
  events: readonly ShownEvent[],
): Promise<ResourceUrl[]> {
  if (template === undefined) return events.map(() => ({ kind: 'no-template' }));
  const resources = new Map<string, ResourceRef>();
  for (const { type, account, resourceId, name } of events) {
    const ref = { type, account, resourceId, name };
    const key = resourceKey(ref);
    if (!resources.has(key)) resources.set(key, ref);
  }
  const latest = await store.latestOf([...resources.values()]);
  const deleted = new Set([...resources.keys()].filter((_, i) => latest[i]?.action === 'delete'));
  return events.map((e) =>
    deleted.has(resourceKey(e)) ? { kind: 'deleted' } : { kind: 'url', url: consoleUrl(template, e) },
  );
}

/** The console URLs of a table's rows, when a URL template is configured (RenderOptions.urls). */
export function tableUrls(
  ctx: Context,
  store: ActivityStore,
): ((rows: readonly ShownEvent[]) => Promise<ResourceUrl[]>) | undefined {
  const template = urlTemplate(ctx);
  return template === undefined ? undefined : (rows) => resourceUrls(store, template, rows);
}

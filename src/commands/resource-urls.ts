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
 * Each event's console URL (or that no template is configured), or `deleted` when its
 * resource's latest event is a delete (the console has no page for it then), with or
 * without a template: one look-up for all the distinct resources.
 */
export async function resourceUrls(
  store: ActivityStore,
  template: string | undefined,
  events: readonly ShownEvent[],
): Promise<ResourceUrl[]> {
  const resources = new Map<string, ResourceRef>();
  for (const { type, account, resourceId, name } of events) {
    const ref = { type, account, resourceId, name };
    const key = resourceKey(ref);
    if (!resources.has(key)) resources.set(key, ref);
  }
  const latest = resources.size === 0 ? [] : await store.latestOf([...resources.values()]);
  const deleted = new Set([...resources.keys()].filter((_, i) => latest[i]?.action === 'delete'));
  return events.map((e) =>
    deleted.has(resourceKey(e))
      ? { kind: 'deleted' }
      : template === undefined
        ? { kind: 'no-template' }
        : { kind: 'url', url: consoleUrl(template, e) },
  );
}

/** What a table's rows link to, and which are deleted (RenderOptions.urls). */
export function tableUrls(ctx: Context, store: ActivityStore): (rows: readonly ShownEvent[]) => Promise<ResourceUrl[]> {
  const template = urlTemplate(ctx);
  return (rows) => resourceUrls(store, template, rows);
}

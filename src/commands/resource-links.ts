import type { Context } from '../context.js';
import type { ShownEvent } from '../core/event.js';
import { resourceLink } from '../core/link.js';
import type { ResourceLinkState } from '../output/links.js';
import type { ActivityStore } from '../store/store.js';

/** `ACTIVITY_LINK_TEMPLATE`, then the config's `linkTemplate` (SPEC §6). */
export const linkTemplate = (ctx: Context): string | undefined =>
  ctx.io.env.ACTIVITY_LINK_TEMPLATE || ctx.config.linkTemplate || undefined;

/**
 * Each event's link, or `deleted` when its resource's latest event is a delete (the
 * console has no page for it then). One lookup per resource.
 */
export async function linkStates(
  store: ActivityStore,
  template: string | undefined,
  events: readonly ShownEvent[],
): Promise<ResourceLinkState[]> {
  if (template === undefined) return events.map(() => ({ kind: 'no-template' }));
  const deleted = new Map<string, boolean>();
  const states: ResourceLinkState[] = [];
  for (const e of events) {
    const key = JSON.stringify([e.type, e.account, e.resourceId ?? '', e.resourceId === null ? e.name : '']);
    let gone = deleted.get(key);
    if (gone === undefined) {
      gone = (await store.latestOf(e))?.action === 'delete';
      deleted.set(key, gone);
    }
    states.push(gone ? { kind: 'deleted' } : { kind: 'link', url: resourceLink(template, e) });
  }
  return states;
}

/** The table's link states for its rows, when a link template is configured (RenderOptions.links). */
export function tableLinks(
  ctx: Context,
  store: ActivityStore,
): ((rows: readonly ShownEvent[]) => Promise<ResourceLinkState[]>) | undefined {
  const template = linkTemplate(ctx);
  return template === undefined ? undefined : (rows) => linkStates(store, template, rows);
}

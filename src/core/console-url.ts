import type { ActivityEvent } from './event.js';

/**
 * What is known of an event's resource for pointing at its console page: its URL, or
 * that it is deleted (the console has no page for it then), or that no URL template is
 * configured.
 */
export type ResourceUrl = { kind: 'url'; url: string } | { kind: 'deleted' } | { kind: 'no-template' };

/**
 * The console URL of an event's resource, from a template such as
 * `https://console.example.com/{account}/{type}/{resourceId}` (the config's `linkTemplate`):
 * each placeholder URL-encoded. A resource without an id is known by its name (reference §1),
 * so `{resourceId}` falls back to the name. An empty placeholder (no account) takes the
 * `/` before it along, so that no URL holds an empty path segment (`…com//cluster/…`).
 */
export function consoleUrl(
  template: string,
  e: Pick<ActivityEvent, 'type' | 'name' | 'resourceId' | 'account'>,
): string {
  const values: Record<string, string> = {
    type: e.type,
    name: e.name,
    resourceId: e.resourceId ?? e.name,
    account: e.account ?? '',
  };
  return template.replace(/(\/?)\{(type|name|resourceId|account)\}/g, (_, slash: string, key: string) => {
    const value = values[key] ?? '';
    return value === '' ? '' : `${slash}${encodeURIComponent(value)}`;
  });
}

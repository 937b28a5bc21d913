import type { ActivityEvent } from './event.js';

/**
 * The console link of an event's resource, from a template such as
 * `https://console.example.com/{account}/{type}/{resourceId}` (SPEC §6): each placeholder
 * URL-encoded. A resource without an id is known by its name (SPEC §1), so
 * `{resourceId}` falls back to the name.
 */
export function resourceLink(
  template: string,
  e: Pick<ActivityEvent, 'type' | 'name' | 'resourceId' | 'account'>,
): string {
  const values: Record<string, string> = {
    type: e.type,
    name: e.name,
    resourceId: e.resourceId ?? e.name,
    account: e.account ?? '',
  };
  return template.replace(/\{(type|name|resourceId|account)\}/g, (_, key: string) =>
    encodeURIComponent(values[key] ?? ''),
  );
}

/**
 * The page's addresses: the log at `/` and one event at `/events/{seq}`, each with the
 * filter in its query (the API's own parameter names), so that a view can be
 * bookmarked, shared and reloaded, and back and forward walk through filter changes.
 */
import { useEffect, useState } from 'preact/hooks';
import { type FilterText, filterFromParams, filterToParams } from '../core/filter-codec.js';

export type Route =
  | { page: 'log'; filter: FilterText }
  | { page: 'event'; seq: number; filter: FilterText }
  | { page: 'missing'; filter: FilterText };

const EVENT_PATH = /^\/events\/(\d{1,15})$/;

export function routeOf(location: Pick<Location, 'pathname' | 'search'>): Route {
  const filter = filterFromParams(new URLSearchParams(location.search));
  if (location.pathname === '/') return { page: 'log', filter };
  const event = EVENT_PATH.exec(location.pathname);
  const seq = Number(event?.[1] ?? 0);
  return seq >= 1 ? { page: 'event', seq, filter } : { page: 'missing', filter };
}

const query = (filter: FilterText): string => {
  const params = filterToParams(filter).toString();
  return params === '' ? '' : `?${params}`;
};

export const logHref = (filter: FilterText): string => `/${query(filter)}`;

/** An event's page keeps the log's filter, for its way back. */
export const eventHref = (seq: number, filter: FilterText): string => `/events/${seq}${query(filter)}`;

/**
 * What made the current history entry: an edit of a field (typing a search, setting a
 * date) replaces the entry of the same field's edit just before it rather than adding one
 * a keystroke, so Back undoes the edit whole; another field, or a pause, is a new entry.
 */
export type EntryKind = 'search' | 'dates' | undefined;

/** An edit this long after the last one of its field is another edit. */
const EDIT_PAUSE_MS = 3000;

const NAVIGATED = 'activity:navigated';

export function navigate(href: string, kind?: EntryKind): void {
  const current = history.state as { kind?: EntryKind; at?: number } | null;
  const state = { kind, at: Date.now() };
  const sameEdit = kind !== undefined && current?.kind === kind && state.at - (current.at ?? 0) < EDIT_PAUSE_MS;
  if (sameEdit) history.replaceState(state, '', href);
  else history.pushState(state, '', href);
  window.dispatchEvent(new Event(NAVIGATED));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location));
  useEffect(() => {
    const update = () => setRoute(routeOf(location));
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATED, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATED, update);
    };
  }, []);
  return route;
}

/**
 * Plain clicks on links to the page's own addresses change the view without a reload;
 * a new tab, a download or another address is left to the browser.
 */
export function followLinksInPage(): () => void {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a');
    if (!link || link.target !== '' || link.hasAttribute('download') || link.origin !== location.origin) return;
    // A link within the page (#main) stays the browser's.
    if (link.hash !== '') return;
    if (link.pathname !== '/' && !EVENT_PATH.test(link.pathname)) return;
    event.preventDefault();
    navigate(link.pathname + link.search);
  };
  document.addEventListener('click', onClick);
  return () => document.removeEventListener('click', onClick);
}

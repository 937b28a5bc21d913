/**
 * A filter's events as the page shows them: the first page read at the store's head, the
 * live stream from just after that head, older pages by cursor. Each event is shown once
 * (kept by seq), and none is missed: the pages hold everything up to the head, the stream
 * everything after it.
 */
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';
import { type FilterText, filterToParams } from '../core/filter-codec.js';
import type { PageRequest } from '../core/page-request.js';
import { type Api, ApiError, asApiError, type EventPage, streamHref, type WebEvent } from './api.js';
import { type Connection, LiveStream } from './live-stream.js';
import { type DeletedResources, deletedOfPage, withArrivals } from './resources.js';

export interface FeedState {
  /** The filter this state is of (its query string). */
  key: string;
  status: 'loading' | 'ready' | 'error';
  /** Newest first: live arrivals on top, older pages below. */
  events: readonly WebEvent[];
  /** How many events match in all (when counted), arrivals included. */
  total: number | undefined;
  /** The cursor of the next older page; null: the end of the log. */
  next: string | null;
  loadingMore: boolean;
  /** Why the first page, or the last older page asked for, could not be read. */
  error: ApiError | undefined;
  deleted: DeletedResources;
  /** Arrivals held while paused, newest first. */
  waiting: readonly WebEvent[];
  connection: Connection;
  /** Live events shown so far: tells the page when to announce new ones. */
  arrivedCount: number;
}

type FeedAction =
  | { type: 'start'; key: string }
  | { type: 'loaded'; page: EventPage; deleted: DeletedResources }
  /** How many matched up to the first page's head; arrivals since are added. */
  | { type: 'counted'; total: number }
  | { type: 'more' }
  /** `deleted`: the page's resources that were not known yet. */
  | { type: 'more-loaded'; page: EventPage; deleted: DeletedResources }
  | { type: 'failed'; error: ApiError }
  | { type: 'arrived'; events: WebEvent[]; paused: boolean }
  | { type: 'resume' }
  | { type: 'connection'; connection: Connection };

const INITIAL: FeedState = {
  key: '',
  status: 'loading',
  events: [],
  total: undefined,
  next: null,
  loadingMore: false,
  error: undefined,
  deleted: new Map(),
  waiting: [],
  connection: 'connecting',
  arrivedCount: 0,
};

/** `events` without those already held (a defensive check: the pages and the stream never overlap). */
function unseen(state: FeedState, events: readonly WebEvent[]): WebEvent[] {
  const seen = new Set([...state.events, ...state.waiting].map((e) => e.seq));
  return events.filter((e) => !seen.has(e.seq) && seen.add(e.seq));
}

const plus = (total: number | undefined, n: number) => (total === undefined ? undefined : total + n);

function reduce(state: FeedState, action: FeedAction): FeedState {
  switch (action.type) {
    case 'start':
      return { ...INITIAL, key: action.key };
    case 'loaded':
      return {
        ...state,
        status: 'ready',
        events: action.page.events,
        next: action.page.next,
        // One page holds them all: that is the count.
        total: action.page.total ?? (action.page.next === null ? action.page.events.length : undefined),
        deleted: action.deleted,
      };
    case 'counted':
      return { ...state, total: action.total + state.arrivedCount };
    case 'more':
      return { ...state, loadingMore: true, error: undefined };
    case 'more-loaded':
      return {
        ...state,
        loadingMore: false,
        events: [...state.events, ...unseen(state, action.page.events)],
        next: action.page.next,
        // What arrived while the page was read is newer than what was looked up.
        deleted: new Map([...action.deleted, ...state.deleted]),
      };
    case 'failed':
      return state.status === 'ready'
        ? { ...state, loadingMore: false, error: action.error }
        : { ...state, status: 'error', error: action.error };
    case 'arrived': {
      const fresh = unseen(state, action.events).reverse();
      const deleted = withArrivals(state.deleted, action.events);
      if (action.paused) return { ...state, deleted, waiting: [...fresh, ...state.waiting] };
      return {
        ...state,
        deleted,
        events: [...fresh, ...state.events],
        total: plus(state.total, fresh.length),
        arrivedCount: state.arrivedCount + fresh.length,
      };
    }
    case 'resume':
      return {
        ...state,
        events: [...state.waiting, ...state.events],
        waiting: [],
        total: plus(state.total, state.waiting.length),
        arrivedCount: state.arrivedCount + state.waiting.length,
      };
    case 'connection':
      return { ...state, connection: action.connection };
  }
}

export interface FeedOptions {
  /** Events a page. */
  limit: number;
  /** Also count every match (`Showing N of M`). */
  countTotal: boolean;
  /** Hold arrivals rather than show them. */
  paused: boolean;
}

export interface Feed extends FeedState {
  /** Reads the next older page, unless one is being read or none is left. */
  loadMore(): void;
  /** Starts over, after the first page failed. */
  retry(): void;
}

/** A feed's first page: with its deleted resources (the log's is LOG_FIRST_PAGE, which the server preloads). */
const firstPageRequest = (limit: number): PageRequest => ({ limit, deleted: true });

export function useEventFeed(api: Api, filter: FilterText, options: FeedOptions): Feed {
  const key = filterToParams(filter).toString();
  const { limit, countTotal } = options;
  /** The first page, when it came before this feed's first render (the log's, preloaded): shown in that render. */
  const answered = useRef<EventPage | undefined>(undefined);
  const [state, dispatch] = useReducer(reduce, undefined, () => {
    answered.current = api.takeAnswered(filter, firstPageRequest(limit));
    const page = answered.current;
    return page === undefined
      ? INITIAL
      : reduce({ ...INITIAL, key }, { type: 'loaded', page, deleted: deletedOfPage(page.events, page.deleted ?? []) });
  });
  const [attempt, setAttempt] = useState(0);
  const current = useRef(state);
  current.current = state;
  const paused = useRef(options.paused);
  paused.current = options.paused;
  /** The filter's reads in flight; aborted when the filter changes. */
  const reads = useRef<AbortController>(new AbortController());

  // Before the paint, not after it: a filter's rows are asked for as soon as it is chosen.
  useLayoutEffect(() => {
    const abort = new AbortController();
    reads.current = abort;
    let stream: LiveStream | undefined;
    const shown = answered.current;
    answered.current = undefined;
    if (shown === undefined) dispatch({ type: 'start', key });
    (async () => {
      // One request: the page, the head it was read at (where the stream starts) and its deleted resources.
      const page = shown ?? (await api.page(filter, firstPageRequest(limit), abort.signal));
      const head = page.through;
      if (abort.signal.aborted) return;
      if (shown === undefined)
        dispatch({ type: 'loaded', page, deleted: deletedOfPage(page.events, page.deleted ?? []) });
      // The count after the rows, not before them: counting a million events takes longer than a page.
      if (countTotal && page.next !== null) {
        api.count(filter, head, abort.signal).then(
          (total) => !abort.signal.aborted && dispatch({ type: 'counted', total }),
          () => undefined,
        );
      }
      stream = new LiveStream((after) => streamHref(filter, after), head, {
        events: (events) => dispatch({ type: 'arrived', events, paused: paused.current }),
        connection: (connection) => dispatch({ type: 'connection', connection }),
        // A read tells: a 401 signs the page out (the Api reports it); anything else is worth another try.
        refused: () =>
          api.head().then(
            () => true,
            (error: unknown) => !(error instanceof ApiError && error.status === 401),
          ),
      });
    })().catch((error: unknown) => {
      if (!abort.signal.aborted) dispatch({ type: 'failed', error: asApiError(error) });
    });
    return () => {
      abort.abort();
      stream?.close();
    };
  }, [api, key, limit, countTotal, attempt]);

  useEffect(() => {
    if (!options.paused) dispatch({ type: 'resume' });
  }, [options.paused]);

  const loadMore = useCallback(() => {
    const { status, next, loadingMore } = current.current;
    if (status !== 'ready' || next === null || loadingMore) return;
    const abort = reads.current;
    // Marked at once, not at the next render: two calls in one tick must not read the same page twice.
    current.current = { ...current.current, loadingMore: true };
    dispatch({ type: 'more' });
    (async () => {
      const page = await api.page(filter, { limit, cursor: next, deleted: true }, abort.signal);
      const found = deletedOfPage(page.events, page.deleted ?? []);
      if (!abort.signal.aborted) dispatch({ type: 'more-loaded', page, deleted: found });
    })().catch((error: unknown) => {
      if (!abort.signal.aborted) dispatch({ type: 'failed', error: asApiError(error) });
    });
  }, [api, key, limit]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  // Until the new filter's first page is read, the last filter's rows are not this one's: none are shown.
  return { ...(state.key === key ? state : { ...INITIAL, key }), loadMore, retry };
}

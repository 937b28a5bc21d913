/**
 * The page's client of the /v1 API (docs/server.md), authenticated by the session cookie
 * the browser sends itself: the token is only ever in the sign-in request's body.
 */

import type { ActivityEvent } from '../core/event.js';
import { type FilterText, filterToParams } from '../core/filter-codec.js';
import { eventsPageHref, type PageRequest } from '../core/page-request.js';

/** An event as the API gives it (its OpenAPI `Event`): the store's event, with `details` parsed JSON here, not text. */
export type WebEvent = Omit<ActivityEvent, 'details'> & { details: unknown };

export interface Session {
  /** The name of the token the session was opened with. */
  name: string | null;
  /** The console's URL template for links to resources, or null: names only. */
  linkTemplate: string | null;
}

export interface EventPage {
  events: WebEvent[];
  next: string | null;
  total?: number;
  /** The head the listing was read at: a live stream from after it misses nothing and repeats nothing. */
  through: number;
  /** The seqs of the page's events whose resource is deleted (when asked). */
  deleted?: number[];
}

/** A refusal or failure, with the server's own words: what failed (`message`) and what to do (`hint`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint: string | undefined,
  ) {
    super(message);
  }
}

/** A refusal as one sentence: what failed, then what to do. */
export function problemText(error: ApiError): string {
  const text = `${error.message}${error.hint === undefined ? '' : `: ${error.hint}`}`;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}

/** Anything thrown on the way to an answer, as an ApiError. */
export const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError(0, String((error as Error)?.message ?? error), undefined);

export type ExportFormat = 'csv' | 'ndjson';

/** The filter's events as a file the server streams: a plain link, so the browser downloads it as it comes. */
export const exportHref = (filter: FilterText, format: ExportFormat): string => {
  const params = filterToParams(filter);
  params.set('format', format);
  return `/v1/export?${params}`;
};

/** The stream of new events matching the filter, after `after` (a seq). */
export const streamHref = (filter: FilterText, after: number): string => {
  const params = filterToParams(filter);
  params.set('after', String(after));
  return `/v1/stream?${params}`;
};

interface Prefetched {
  key: string;
  page: Promise<EventPage>;
  /** The page, once it has come. */
  answer?: EventPage;
}

export class Api {
  private prefetched: Prefetched | undefined;
  /** `signedOut` is told of any 401: the session ended (expired, signed out elsewhere, revoked token). */
  constructor(private readonly signedOut: () => void) {}

  /** Who is signed in, or null when no session is open. */
  async session(): Promise<Session | null> {
    try {
      return await this.json<Session>('/v1/session', {}, false);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  }

  async signIn(token: string): Promise<void> {
    await this.send('/v1/session', { method: 'POST', body: JSON.stringify({ token }) }, false);
  }

  async signOut(): Promise<void> {
    await this.send('/v1/session', { method: 'DELETE' }, false);
  }

  /** The newest seq (0 for an empty store). */
  async head(signal?: AbortSignal): Promise<number> {
    return (await this.json<{ seq: number }>('/v1/head', { signal })).seq;
  }

  /**
   * Asks now for a page the page will want once it knows who is signed in: the log's first
   * page goes out beside the session check, not after it. A later page() of the same
   * filter and request takes it.
   */
  prefetch(filter: FilterText, request: PageRequest): void {
    const key = eventsPageHref(filter, request);
    // Not signed in yet is no ended session: the session check says which it is.
    const page = this.fetchPage(filter, request, undefined, false);
    const prefetched: Prefetched = { key, page };
    page.then(
      (answer) => {
        prefetched.answer = answer;
      },
      () => undefined,
    );
    this.prefetched = prefetched;
  }

  /** The prefetched page of this filter and request, if it has already come: taken, for a first render with rows. */
  takeAnswered(filter: FilterText, request: PageRequest): EventPage | undefined {
    const prefetched = this.prefetched;
    if (prefetched?.answer === undefined || prefetched.key !== eventsPageHref(filter, request)) return undefined;
    this.prefetched = undefined;
    return prefetched.answer;
  }

  page(filter: FilterText, request: PageRequest, signal?: AbortSignal): Promise<EventPage> {
    const prefetched = this.prefetched;
    if (prefetched !== undefined && prefetched.key === eventsPageHref(filter, request)) {
      this.prefetched = undefined;
      // Asked before signing in, it was refused: ask again, now with the session.
      return prefetched.page.catch(() => this.fetchPage(filter, request, signal));
    }
    return this.fetchPage(filter, request, signal);
  }

  private fetchPage(
    filter: FilterText,
    request: PageRequest,
    signal?: AbortSignal,
    reportSignOut = true,
  ): Promise<EventPage> {
    const href = eventsPageHref(filter, request);
    return this.json<EventPage>(href, signal === undefined ? {} : { signal }, reportSignOut);
  }

  /** How many events match, up to `through` (the head a listing was read at). */
  async count(filter: FilterText, through: number, signal?: AbortSignal): Promise<number> {
    const params = filterToParams(filter);
    params.set('through', String(through));
    return (await this.json<{ count: number }>(`/v1/count?${params}`, signal === undefined ? {} : { signal })).count;
  }

  bySeq(seq: number, signal?: AbortSignal): Promise<WebEvent> {
    return this.json<WebEvent>(`/v1/events/by-seq/${seq}`, { signal });
  }

  async users(signal?: AbortSignal): Promise<string[]> {
    return (await this.json<{ users: string[] }>('/v1/users', { signal })).users;
  }

  /** Each resource's latest event (null: none), in the order given. */
  async latest(
    resources: readonly Pick<WebEvent, 'type' | 'name' | 'resourceId' | 'account'>[],
    signal?: AbortSignal,
  ): Promise<(WebEvent | null)[]> {
    const body = JSON.stringify({ resources });
    return (await this.json<{ events: (WebEvent | null)[] }>('/v1/latest', { method: 'POST', body, signal })).events;
  }

  private async json<T>(path: string, init: RequestInit, reportSignOut = true): Promise<T> {
    return (await this.send(path, init, reportSignOut)).json() as Promise<T>;
  }

  private async send(path: string, init: RequestInit, reportSignOut = true): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ApiError(0, 'the server did not answer', 'check that activity serve is running, then try again');
    }
    if (response.ok) return response;
    const refusal = (await response.json().catch(() => ({}))) as { error?: string; hint?: string };
    if (response.status === 401 && reportSignOut) this.signedOut();
    throw new ApiError(response.status, refusal.error ?? `The server answered ${response.status}.`, refusal.hint);
  }
}

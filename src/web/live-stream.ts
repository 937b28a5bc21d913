/**
 * New events as the server pushes them (GET /v1/stream, server-sent events). The browser's
 * EventSource reconnects by itself after a dropped connection, resuming after the last
 * event's id (Last-Event-ID): no gap, no duplicate. A refusal (the session ended, the
 * server failing) closes it instead; then a new one resumes after the last seq seen.
 */
import type { WebEvent } from './api.js';

export type Connection = 'connecting' | 'live' | 'offline';

export interface LiveHandlers {
  /** Events that arrived together, in the order recorded. */
  events(events: WebEvent[]): void;
  connection(state: Connection): void;
  /** The server refused the stream: whether to try again (false when the session has ended). */
  refused(): Promise<boolean>;
}

/** Arrivals this close together are handed over at once: a burst of records is one update of the page. */
const GATHER_MS = 50;
/** Waits between attempts after refusals, the last repeated. */
const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

export class LiveStream {
  private source: EventSource | undefined;
  private gathered: WebEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refusals = 0;
  /** Connection attempts failed in a row: the browser retries by itself, but the reader should know. */
  private failures = 0;
  private closed = false;

  /** `href(after)`: the stream's address for events after a seq. */
  constructor(
    private readonly href: (after: number) => string,
    private after: number,
    private readonly handlers: LiveHandlers,
  ) {
    this.open();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.source?.close();
  }

  private open(): void {
    this.handlers.connection('connecting');
    const source = new EventSource(this.href(this.after));
    this.source = source;
    source.onopen = () => {
      this.refusals = 0;
      this.failures = 0;
      this.handlers.connection('live');
    };
    source.addEventListener('event', (message) => this.take(JSON.parse(message.data) as WebEvent));
    // How far the server read past events the filter skipped: where to resume from.
    source.addEventListener('through', (message) => {
      this.after = Math.max(this.after, Number(message.data));
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CONNECTING) {
        // A dropped connection is one failure, the browser's retry failing too is the server gone.
        this.handlers.connection(++this.failures >= 2 ? 'offline' : 'connecting');
        return;
      }
      source.close();
      this.handlers.connection('offline');
      void this.retry();
    };
  }

  private take(event: WebEvent): void {
    if (event.seq <= this.after) return;
    this.after = event.seq;
    this.gathered.push(event);
    if (this.gathered.length > 1) return;
    setTimeout(() => {
      const events = this.gathered;
      this.gathered = [];
      if (!this.closed) this.handlers.events(events);
    }, GATHER_MS);
  }

  private async retry(): Promise<void> {
    if (!(await this.handlers.refused()) || this.closed) return;
    const wait = RETRY_MS[Math.min(this.refusals++, RETRY_MS.length - 1)];
    this.timer = setTimeout(() => this.open(), wait);
  }
}

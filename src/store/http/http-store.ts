/**
 * The remote store: an `activity serve` spoken to over its API (docs/server.md). It keeps
 * nothing itself; verify's links are built here from the events downloaded, so a
 * server's word that its chain holds is never taken.
 */
import type { BatchItem, RecordSummary } from '../../core/batch.js';
import { type ChainHead, canonicalEncoding, type StoredLink } from '../../core/chain.js';
import { InvalidInputError, StoreError, UsageError } from '../../core/errors.js';
import type { ActivityEvent, NewEvent } from '../../core/event.js';
import { fromJson } from '../../core/event-json.js';
import { type EventFilter, emptyFilter } from '../../core/filter.js';
import { filterText, filterToParams } from '../../core/filter-codec.js';
import { ProblemList } from '../../core/problems.js';
import type {
  EventCounts,
  EventPage,
  EventQuery,
  EventRef,
  FollowStep,
  JsonPage,
  ResourceRef,
  SeqRange,
} from '../../core/query.js';
import type { NewToken, Scope, TokenInfo } from '../../core/token.js';
import type { ActivityStore, DistinctField, StoreOptions, TokenStore } from '../store.js';
import { type Answer, HttpClient, type Request, sleep } from './client.js';

/** The server's largest page. */
const PAGE = 1000;
/** Events a request carries when recording, and the most one upload part holds. */
const PART_EVENTS = 5000;
const PART_BYTES = 4 * 1024 * 1024;
/** Between tries to reach a server again while following: doubled each time up to the most. */
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5000;
const NDJSON = 'application/x-ndjson';

const str = JSON.stringify;

/** An event as a line to record: the fields of reference §1 that a client may set. */
const inputLine = (e: NewEvent): string =>
  `{"id":${str(e.id)},"time":${str(e.time)},"action":${str(e.action)},"type":${str(e.type)},"name":${str(e.name)},` +
  `"resourceId":${str(e.resourceId)},"account":${str(e.account)},"user":${str(e.user)},"details":${e.details ?? 'null'}}\n`;

/** Lines of an NDJSON body. */
function lines(body: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let nl = body.indexOf(0x0a); nl !== -1; nl = body.indexOf(0x0a, start)) {
    if (nl > start) out.push(body.subarray(start, nl));
    start = nl + 1;
  }
  if (start < body.length) out.push(body.subarray(start));
  return out;
}

export class HttpStore implements ActivityStore {
  private readonly client: HttpClient;
  readonly tokens: TokenStore;
  /** The total a first page came with, for the count that follows it (once). */
  private knownTotal: { key: string; total: number } | undefined;

  constructor(options: StoreOptions) {
    this.client = new HttpClient(options.location, options.token);
    const client = this.client;
    this.tokens = {
      async create(name: string, scope: Scope): Promise<NewToken> {
        const answer = await client.send({ method: 'POST', path: '/v1/tokens', body: str({ name, scope }) });
        const { token, ...info } = json<TokenInfo & { token: string }>(answer);
        return { token, info };
      },
      async list(): Promise<TokenInfo[]> {
        return json<{ tokens: TokenInfo[] }>(await client.send({ path: '/v1/tokens' })).tokens;
      },
      async revoke(name: string): Promise<void> {
        await client.send({ method: 'DELETE', path: `/v1/tokens/${encodeURIComponent(name)}` });
      },
      async authenticate(token: string): Promise<TokenInfo | undefined> {
        try {
          return json<TokenInfo>(await client.send({ path: '/v1/whoami', token }));
        } catch (error) {
          if ((error as { exitCode?: number }).exitCode === 4) return undefined;
          throw error;
        }
      },
      // A web page's sessions are the served store's own: a server is not served again.
      openSession: () => Promise.reject(noSessions()),
      session: () => Promise.reject(noSessions()),
      closeSession: () => Promise.reject(noSessions()),
    };
  }

  get location(): string {
    return this.client.location;
  }

  /**
   * Small batches in one request; larger ones in parts of an upload that the server
   * records at its commit, in one transaction. Problems found here (a bad line) stop
   * the sending, and every line is still read to name them all.
   */
  async record(chunks: AsyncIterable<readonly BatchItem[]> | Iterable<readonly BatchItem[]>): Promise<RecordSummary> {
    const problems = new ProblemList();
    /** The input line of each event sent, by its place in what was sent: the server's problems name places. */
    let sentLines = new Uint32Array(PART_EVENTS);
    let sent = 0;
    let part: string[] = [];
    let partBytes = 0;
    let upload: string | undefined;
    const flush = async () => {
      upload ??= json<{ id: string }>(await this.client.send({ method: 'POST', path: '/v1/uploads' })).id;
      await this.client.send({
        method: 'POST',
        path: `/v1/uploads/${upload}/events`,
        body: part.join(''),
        contentType: NDJSON,
      });
      part = [];
      partBytes = 0;
    };
    try {
      for await (const chunk of chunks) {
        for (const item of chunk) {
          if ('problem' in item) {
            problems.add(item.line, item.problem);
            continue;
          }
          if (problems.any) continue;
          const line = inputLine(item.event);
          if (part.length === PART_EVENTS || partBytes + line.length > PART_BYTES) await flush();
          if (sent === sentLines.length) {
            const grown = new Uint32Array(sentLines.length * 2);
            grown.set(sentLines);
            sentLines = grown;
          }
          sentLines[sent++] = item.line;
          part.push(line);
          partBytes += line.length;
        }
      }
      problems.throwIfAny();
      if (upload === undefined && part.length === 0) return { recorded: 0, unchanged: 0 };
      let last: Request;
      if (upload === undefined) {
        last = { method: 'POST', path: '/v1/events', body: part.join(''), contentType: NDJSON };
      } else {
        if (part.length > 0) await flush();
        last = { method: 'POST', path: `/v1/uploads/${upload}/commit` };
      }
      upload = undefined; // committed or refused, the server drops it
      try {
        return json<RecordSummary>(await this.client.send(last));
      } catch (error) {
        // The server numbers the lines it was sent; the user, the lines of the input.
        if (!(error instanceof InvalidInputError)) throw error;
        const mapped = error.problems.map((p) => ({ line: sentLines[p.line - 1] ?? p.line, message: p.message }));
        throw new InvalidInputError(mapped, error.total);
      }
    } catch (error) {
      if (upload !== undefined) {
        await this.client.send({ method: 'DELETE', path: `/v1/uploads/${upload}` }).catch(() => {});
      }
      throw error;
    }
  }

  query(query: EventQuery): AsyncIterable<EventPage> {
    return this.map(this.pages(query), (page) => page.map((line) => fromJson(line.toString('utf8'))));
  }

  queryJson(query: EventQuery): AsyncIterable<JsonPage> {
    return this.pages(query);
  }

  /** The query's events as the server's JSON lines, page after page by its cursors. */
  private async *pages(query: EventQuery, path = '/v1/events'): AsyncIterable<Buffer[]> {
    let left = query.limit ?? Number.POSITIVE_INFINITY;
    let cursor: string | undefined;
    // A page cut by a limit is most often followed by a count of the whole ("Showing 50 of
    // 1,234"): the server gives it with the first page, and count() then needs no request.
    const key = JSON.stringify(filterText(query.filter));
    const askTotal =
      path === '/v1/events' &&
      query.limit !== undefined &&
      query.afterSeq === undefined &&
      query.throughSeq === undefined;
    while (left > 0) {
      const params = filterToParams(filterText(query.filter));
      if (path === '/v1/events') params.set('order', query.order);
      if (askTotal && cursor === undefined) params.set('total', 'true');
      params.set('limit', String(Math.min(left, PAGE)));
      if (cursor !== undefined) params.set('cursor', cursor);
      else {
        if (query.afterSeq !== undefined) params.set('after', String(query.afterSeq));
        if (query.throughSeq !== undefined) params.set('through', String(query.throughSeq));
      }
      const answer = await this.client.send({ path, params, accept: NDJSON });
      const total = Number(answer.headers['activity-total'] ?? Number.NaN);
      if (Number.isSafeInteger(total)) this.knownTotal = { key, total };
      const page = lines(answer.body);
      if (page.length > 0) yield page;
      left -= page.length;
      const next = answer.headers['activity-next'];
      if (typeof next !== 'string' || next === '') return;
      cursor = next;
    }
  }

  private async *map<T, U>(source: AsyncIterable<T>, f: (t: T) => U): AsyncIterable<U> {
    for await (const item of source) yield f(item);
  }

  async *follow(filter: EventFilter, afterSeq: number, signal: AbortSignal): AsyncIterable<FollowStep> {
    let after = afterSeq;
    let backoff = FIRST_BACKOFF_MS;
    let connected = false;
    let lost = false;
    while (!signal.aborted) {
      const params = filterToParams(filterText(filter));
      params.set('after', String(after));
      let response: import('node:http').IncomingMessage;
      try {
        response = await this.client.open({ path: '/v1/stream', params, accept: 'text/event-stream' }, signal);
      } catch (error) {
        if (signal.aborted) return;
        // Never reached: the URL is wrong, say so. Once followed, a server that went away
        // (a restart, a dropped connection) is waited for, and followed on from the last seq.
        if (!connected || !(error instanceof StoreError)) throw error;
        if (!lost) yield { events: [], through: after, connection: 'lost' };
        lost = true;
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        continue;
      }
      connected = true;
      backoff = FIRST_BACKOFF_MS;
      if (lost) yield { events: [], through: after, connection: 'resumed' };
      lost = false;
      try {
        for await (const message of serverSentEvents(response, signal)) {
          if (message.event === 'event') {
            const event = fromJson(message.data);
            if (event.seq <= after) continue;
            after = event.seq;
            yield { events: [event], through: event.seq };
          } else if (message.event === 'through') {
            const through = Number(message.data);
            if (Number.isSafeInteger(through) && through > after) {
              after = through;
              yield { events: [], through };
            }
          }
        }
      } catch {
        // A dropped stream: connect again below.
      } finally {
        response.destroy();
      }
    }
  }

  async count(filter: EventFilter, range: SeqRange = {}): Promise<number> {
    const known = this.knownTotal;
    this.knownTotal = undefined;
    const whole = range.afterSeq === undefined && range.throughSeq === undefined;
    if (whole && known !== undefined && known.key === JSON.stringify(filterText(filter))) return known.total;
    const params = filterToParams(filterText(filter));
    if (range.afterSeq !== undefined) params.set('after', String(range.afterSeq));
    if (range.throughSeq !== undefined) params.set('through', String(range.throughSeq));
    return json<{ count: number }>(await this.client.send({ path: '/v1/count', params })).count;
  }

  async latestOf(resources: readonly ResourceRef[]): Promise<(ActivityEvent | undefined)[]> {
    const latest: (ActivityEvent | undefined)[] = [];
    for (let i = 0; i < resources.length; i += PAGE) {
      const asked = resources
        .slice(i, i + PAGE)
        .map(({ type, name, resourceId, account }) => ({ type, name, resourceId, account }));
      const answer = await this.client.send({
        method: 'POST',
        path: '/v1/latest',
        body: str({ resources: asked }),
        accept: NDJSON,
      });
      for (const line of lines(answer.body)) {
        const text = line.toString('utf8');
        latest.push(text === 'null' ? undefined : fromJson(text));
      }
    }
    return latest;
  }

  async distinct(field: DistinctField): Promise<string[]> {
    const key = field === 'user' ? 'users' : 'accounts';
    return json<Record<string, string[]>>(await this.client.send({ path: `/v1/${key}` }))[key] ?? [];
  }

  async stats(filter: EventFilter, users: number): Promise<EventCounts> {
    const params = filterToParams(filterText(filter));
    params.set('users', String(users));
    return json<EventCounts>(await this.client.send({ path: '/v1/stats', params }));
  }

  async get(ref: EventRef): Promise<ActivityEvent | undefined> {
    // Dots too: a proxy may resolve a `.` or `..` segment away.
    const id = (text: string) => encodeURIComponent(text).replaceAll('.', '%2E');
    const path = 'id' in ref ? `/v1/events/by-id/${id(ref.id)}` : `/v1/events/by-seq/${ref.seq}`;
    try {
      return fromJson((await this.client.send({ path })).body.toString('utf8'));
    } catch (error) {
      if (/no event with/.test((error as Error).message)) return undefined;
      throw error;
    }
  }

  /** Built from the events downloaded, never from the server's hashes alone: verify recomputes each. */
  links(range: SeqRange): AsyncIterable<readonly StoredLink[]> {
    return this.map(this.pages({ filter: emptyFilter(), order: 'seq', ...range }, '/v1/chain'), (page) =>
      page.map((line) => {
        const e = fromJson(line.toString('utf8'));
        return { seq: e.seq, hash: e.hash, encoding: canonicalEncoding(e.seq, e) };
      }),
    );
  }

  async head(): Promise<ChainHead | undefined> {
    const head = json<{ seq: number; hash: string | null }>(await this.client.send({ path: '/v1/head' }));
    return head.seq === 0 || head.hash === null ? undefined : { seq: head.seq, hash: head.hash };
  }

  async close(): Promise<void> {
    this.client.close();
  }
}

const noSessions = () =>
  new UsageError('a server keeps its web sessions in the store it serves', 'sign in on the page it serves');

function json<T>(answer: Answer): T {
  try {
    return JSON.parse(answer.body.toString('utf8')) as T;
  } catch {
    throw new StoreError(`the server's answer is not JSON (HTTP ${answer.status})`, 'is the URL an activity serve?');
  }
}

/** The messages of an event stream (the text/event-stream format), as they arrive. */
async function* serverSentEvents(
  response: AsyncIterable<Buffer>,
  signal: AbortSignal,
): AsyncIterable<{ event: string; data: string; id?: string }> {
  let rest = '';
  let event = 'message';
  let data: string[] = [];
  const decoder = new TextDecoder();
  for await (const chunk of response) {
    if (signal.aborted) return;
    rest += decoder.decode(chunk, { stream: true });
    let nl = rest.indexOf('\n');
    while (nl !== -1) {
      const line = rest.slice(0, nl).replace(/\r$/, '');
      rest = rest.slice(nl + 1);
      if (line === '') {
        if (data.length > 0) yield { event, data: data.join('\n') };
        event = 'message';
        data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      nl = rest.indexOf('\n');
    }
  }
}

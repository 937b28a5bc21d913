/**
 * The remote store's transport: requests to an `activity serve`, each answer's failures
 * as the errors of reference §9 (unreachable or failing: 5; refused: 4; bad input: 2),
 * and 429s waited out as the server's Retry-After says.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { AuthError, InvalidInputError, type Problem, StoreError, systemReason, UsageError } from '../../core/errors.js';

/** Node's codes for a certificate that does not check out. */
const TLS_UNTRUSTED = /^(UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT|CERT_|ERR_TLS_CERT)/;

/** Times one request is tried again after a 429 before it fails. */
const RETRIES_AFTER_429 = 5;
/** The longest Retry-After waited for. */
const MAX_RETRY_AFTER_S = 60;
/** A server that sends nothing for this long is taken as gone. */
const IDLE_TIMEOUT_MS = 120_000;

export interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface Request {
  method?: 'GET' | 'POST' | 'DELETE';
  path: string;
  params?: URLSearchParams;
  body?: string | Buffer;
  contentType?: string;
  accept?: string;
  /** Another token than the store's (authenticate asks about the one it is given). */
  token?: string;
}

export class HttpClient {
  /** The server's URL without credentials, for messages. */
  readonly location: string;
  private readonly base: URL;
  private readonly agent: import('node:http').Agent;
  private readonly http: typeof import('node:http') | typeof import('node:https');

  constructor(
    url: string,
    private readonly token: string | undefined,
  ) {
    this.base = new URL(url);
    this.base.username = '';
    this.base.password = '';
    this.base.search = '';
    this.base.hash = '';
    if (!this.base.pathname.endsWith('/')) this.base.pathname += '/';
    this.location = this.base.href.replace(/\/$/, '');
    this.http = process.getBuiltinModule(this.base.protocol === 'https:' ? 'node:https' : 'node:http') as
      | typeof import('node:http')
      | typeof import('node:https');
    this.agent = new this.http.Agent({ keepAlive: true, maxSockets: 8 });
  }

  /**
   * The request's target, as given: not through URL, which would resolve an encoded `.`
   * or `..` segment (an event id) away.
   */
  private target(path: string, params?: URLSearchParams) {
    const query = params === undefined || params.size === 0 ? '' : `?${params.toString()}`;
    return {
      protocol: this.base.protocol,
      hostname: this.base.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: this.base.port,
      path: `${this.base.pathname}${path.replace(/^\//, '')}${query}`,
    };
  }

  /** Sends the request and reads the whole answer; any status of 400 up is thrown as its error. */
  async send(request: Request): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.exchange(request);
      if (answer.status === 429 && attempt < RETRIES_AFTER_429) {
        await sleep(retryAfterMs(answer.headers['retry-after']));
        continue;
      }
      if (answer.status >= 400) throw this.failure(answer, request);
      return answer;
    }
  }

  /** Opens a streamed answer (an event stream): the response, its status checked, unread. */
  open(request: Request, signal: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const sent = this.start(request, (response) => {
        if (response.statusCode !== undefined && response.statusCode < 400) {
          resolve(response);
          return;
        }
        collect(response).then(
          (body) =>
            reject(this.failure({ status: response.statusCode ?? 0, headers: response.headers, body }, request)),
          reject,
        );
      });
      const abort = () => sent.destroy();
      signal.addEventListener('abort', abort, { once: true });
      // Each reconnect of a follower opens anew: the listener goes with its request.
      sent.on('close', () => signal.removeEventListener('abort', abort));
      sent.on('error', (error) => reject(this.unreachable(error)));
      sent.end(request.body);
    });
  }

  private exchange(request: Request): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const sent = this.start(request, (response) => {
        collect(response).then(
          (body) => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
          (error) => reject(this.unreachable(error)),
        );
      });
      sent.on('error', (error) => reject(this.unreachable(error)));
      sent.end(request.body);
    });
  }

  private start(request: Request, onResponse: (response: IncomingMessage) => void): ClientRequest {
    const token = request.token ?? this.token;
    const headers: Record<string, string> = { accept: request.accept ?? 'application/json' };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (request.body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
    const sent = this.http.request(
      { ...this.target(request.path, request.params), method: request.method ?? 'GET', headers, agent: this.agent },
      onResponse,
    );
    sent.setTimeout(IDLE_TIMEOUT_MS, () => sent.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    return sent;
  }

  unreachable(error: unknown): StoreError {
    if (error instanceof StoreError) return error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ECONNREFUSED'
        ? 'connection refused'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'no such host'
          : code === 'ECONNRESET' || code === 'EPIPE'
            ? 'the connection was dropped'
            : code === 'ETIMEDOUT'
              ? 'it did not answer in time'
              : systemReason(error);
    if (TLS_UNTRUSTED.test(code ?? '')) {
      return new StoreError(
        `cannot reach ${this.location}: its certificate is not trusted here (${code})`,
        "give the certificate's CA in NODE_EXTRA_CA_CERTS, or check the URL",
      );
    }
    return new StoreError(
      // OpenSSL's reasons run over several lines: the first says it.
      `cannot reach ${this.location}: ${reason.split('\n')[0]}`,
      'check the URL, and that activity serve runs there',
    );
  }

  /** An answer of 400 up as the error it is for the user. */
  private failure(answer: Answer, request: Request): Error {
    let body: { error?: string; hint?: string; problems?: Problem[]; total?: number; scope?: string } = {};
    try {
      body = JSON.parse(answer.body.toString('utf8'));
    } catch {
      // Not one of the server's answers (a proxy's page): the status says enough.
    }
    if (typeof body.error !== 'string' && answer.status < 500) {
      // Not an answer of activity serve's (a proxy's page, another service): the URL is wrong.
      return new StoreError(
        `${this.location} answered HTTP ${answer.status}, not as activity serve does`,
        'is the URL that of an activity serve? (its /healthz answers {"status":"ok"})',
      );
    }
    const message = typeof body.error === 'string' ? body.error : `HTTP ${answer.status}`;
    const hint = typeof body.hint === 'string' ? body.hint : undefined;
    if (answer.status === 401) {
      const given = (request.token ?? this.token) !== undefined;
      const needs = typeof body.scope === 'string' ? `a token with ${body.scope} scope: ` : 'a token: ';
      return new AuthError(
        `${this.location} refused the request: ${message}`,
        given
          ? `this needs ${needs}check the token (--token, ACTIVITY_TOKEN or the config)`
          : 'give one with --token, ACTIVITY_TOKEN or "token" in the config',
      );
    }
    if (answer.status === 403) {
      return new AuthError(`${this.location} refused the request: ${message}`, hint ?? 'use a token with more scope');
    }
    if (answer.status === 400 && Array.isArray(body.problems)) {
      return new InvalidInputError(body.problems, typeof body.total === 'number' ? body.total : body.problems.length);
    }
    if (answer.status >= 400 && answer.status < 500) return new UsageError(`${this.location}: ${message}`, hint);
    return new StoreError(
      `${this.location} failed (HTTP ${answer.status}): ${message}`,
      "try again later, or see the server's log",
    );
  }

  close(): void {
    this.agent.destroy();
  }
}

function collect(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', reject);
    response.on('aborted', () => reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
  });
}

function retryAfterMs(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  const seconds =
    value === undefined ? 1 : /^\d+$/.test(value) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Math.min(Math.max(Number.isFinite(seconds) ? seconds : 1, 0.1), MAX_RETRY_AFTER_S) * 1000;
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

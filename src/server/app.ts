/**
 * `activity serve`'s HTTP API (docs/server.md): fastify, for its body limits, its
 * validation of every route by JSON schema and the OpenAPI document made from the same
 * schemas. Routes are thin: a store does the work, core/ has the rules.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifySchema,
  LogController,
} from 'fastify';
import { type ActivityError, AuthError, echo, InvalidInputError, StoreError, UsageError } from '../core/errors.js';
import type { ActivityEvent } from '../core/event.js';
import { toJson } from '../core/event-json.js';
import { type EventFilter, emptyFilter } from '../core/filter.js';
import type { EventOrder, EventQuery, ResourceRef } from '../core/query.js';
import {
  allows,
  isWellFormedSession,
  isWellFormedToken,
  parseScope,
  parseTokenName,
  type Scope,
  type TokenInfo,
} from '../core/token.js';
import { type ActivityStore, jsonPages } from '../store/store.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { type BatchParser, recordRoutes, statusOf } from './record.js';
import { requestFilter } from './request-filter.js';
import * as schema from './schemas.js';
import { type Streams, streamRoute } from './stream.js';
import { cookieOf, SESSION_COOKIE, type WebOptions, webRoutes } from './web.js';

/** The stores a server works on: reads and writes on separate connections, so that a read never sees a batch still being written. */
export interface ServerStores {
  reads: ActivityStore;
  writes: ActivityStore;
  /** Where NDJSON batches are parsed, when not on the server's own thread (read-threads.ts). */
  parse?: BatchParser;
}

export interface ServerOptions {
  /** Requests a token may make a minute; 0: no limit. */
  rateLimit: number;
  /** The largest request body, in bytes (413 beyond it). */
  bodyLimit: number;
  /** Between heartbeats on an event stream, so proxies keep it open. */
  heartbeatMs: number;
  /** A stream client that has not taken what was sent this long is dropped. */
  slowClientMs: number;
  /** A client must send its headers within this, and a whole request within requestTimeoutMs (slow clients). */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** Threads that answer reads (pages, counts, stats), each with its own connection; 0: the server's own thread. */
  readThreads: number;
  /** Where the request log goes (stderr); false: no log. */
  log: NodeJS.WritableStream | false;
  https?: { cert: Buffer; key: Buffer };
  /** The Activity Log page and its sessions. */
  web: Omit<WebOptions, 'https'>;
}

export const DEFAULT_SERVER_OPTIONS: ServerOptions = {
  rateLimit: 6000,
  bodyLimit: 8 * 1024 * 1024,
  heartbeatMs: 15_000,
  slowClientMs: 10_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  readThreads: 0,
  log: process.stderr,
  web: { root: undefined, sessionMs: 8 * 60 * 60_000, linkTemplate: undefined },
};

/** Largest request headers, all together (431 beyond): Node's default, stated. */
const MAX_HEADER_BYTES = 16 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    /** The token the request presented, once checked (for a session: the token it was opened with, reading only). */
    token: TokenInfo | null;
    /** The session secret of a request authenticated by the page's cookie. */
    session?: string;
    /**
     * Whether what authenticated the request still does, with the scope it needed: a
     * long answer (a stream) asks again as it goes, so that a revoked token is cut off.
     */
    stillAllowed?: () => Promise<boolean>;
  }
  interface FastifyContextConfig {
    /** The scope the route needs; null: none (health checks). */
    scope?: Scope | null;
  }
}

/** An error as the API's JSON body. */
const errorBody = (message: string, extra: Record<string, unknown> = {}) => ({ error: message, ...extra });

export async function buildServer(
  stores: ServerStores,
  options: ServerOptions,
): Promise<{ app: FastifyInstance; streams: Streams }> {
  const app = Fastify({
    logger: options.log === false ? false : { level: 'info', stream: options.log },
    // Our own line a request instead (onResponse below): fastify's are two, and name no token.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit,
    routerOptions: { maxParamLength: 1024 },
    // The router's own refusals (a path segment too long, a malformed URL) as every other answer: JSON, without the URL echoed.
    frameworkErrors: (error, _request, reply) =>
      void (reply as FastifyReply)
        .code(400)
        .send(
          errorBody(
            (error as { code?: string }).code === 'FST_ERR_MAX_PARAM_LENGTH'
              ? 'a part of the path is longer than 1,024 characters'
              : 'malformed URL',
            { hint: 'see /v1/openapi.json' },
          ),
        ),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    // Node's own server, so that its limits on slow and flooding clients are set here,
    // checked every second rather than Node's default of every 30.
    serverFactory: (handler) => {
      const limits = {
        headersTimeout: options.headersTimeoutMs,
        requestTimeout: options.requestTimeoutMs,
        keepAliveTimeout: 5_000,
        connectionsCheckingInterval: 1_000,
        maxHeaderSize: MAX_HEADER_BYTES,
      };
      const server = options.https
        ? createHttpsServer({ ...limits, ...options.https }, handler)
        : createHttpServer(limits, handler);
      return server;
    },
  });
  app.decorateRequest('token', null);
  // Response schemas document the answers; each is written as the route built it, never reshaped by one.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  for (const named of [
    schema.eventSchema,
    schema.eventInputDocumented,
    schema.recordSummary,
    schema.tokenInfo,
    schema.errorSchema,
  ]) {
    app.addSchema(named);
  }

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'activity',
        version: '1',
        description: "The platform's audit log: record, list, follow and verify events (docs/server.md).",
      },
      components: {
        securitySchemes: {
          token: { type: 'http', scheme: 'bearer' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'the Activity Log page: a read-only session opened with POST /v1/session',
          },
        },
      },
      security: [{ token: [] }],
    },
    // The shared schemas by their $id in components/schemas, not def-0, def-1…
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
    transform: ({ schema: routeSchema, url, route }) => ({
      url,
      schema: documented(routeSchema, route.config?.scope ?? null, options),
    }),
  });

  app.addHook('onRequest', async (request) => {
    const needed = request.routeOptions.config.scope;
    if (needed === null || needed === undefined) return;
    await authenticate(stores.reads, request, needed);
  });

  if (options.rateLimit > 0) {
    await app.register(rateLimit, {
      max: options.rateLimit,
      timeWindow: 60_000,
      // After authentication: the limit is a token's, and a request without one was refused already.
      hook: 'preHandler',
      keyGenerator: (request) => (request.token ? `token:${request.token.name}` : `ip:${request.ip}`),
      // Thrown, and answered by the error handler below as any refusal: an Error, so that its message is the body's `error`.
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`too many requests: at most ${context.max} a minute for a token`), {
          statusCode: 429,
          hint: `retry in ${Math.ceil(context.ttl / 1000)} s`,
        }),
    });
  }

  // One line a request, after it: never the token, only its name.
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        token: request.token?.name ?? null,
      },
      'request',
    );
  });

  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown; code?: string }, request, reply) => {
    if (error instanceof Refused) {
      if (error.status === 401) reply.header('WWW-Authenticate', 'Bearer');
      return reply.code(error.status).send(errorBody(error.message, hintOf(error, request)));
    }
    if (error instanceof InvalidInputError) {
      return reply
        .code(400)
        .send(errorBody(error.message, { problems: error.problems, total: error.total, ...hintOf(error) }));
    }
    if (error instanceof UsageError) {
      return reply.code(statusOf(error)).send(errorBody(error.message, hintOf(error)));
    }
    if (error instanceof StoreError) {
      request.log.error({ err: error.message }, 'store failed');
      return reply.code(503).send(errorBody('the store is unavailable', { hint: 'try again later' }));
    }
    if (Array.isArray(error.validation)) {
      return reply.code(400).send(errorBody(validationMessage(error.validation[0]), { hint: 'see /v1/openapi.json' }));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // fastify's own refusals (validation, 413, 415), and the rate limit's, whose answer carries a hint.
      const { hint } = error as { hint?: unknown };
      return reply.code(status).send(errorBody(error.message, typeof hint === 'string' ? { hint } : {}));
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send(errorBody('internal error'));
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(
      errorBody(`no route ${request.method} ${echo(request.url.split('?')[0] ?? '')}`, {
        hint: 'see /v1/openapi.json',
      }),
    ),
  );

  const { reads } = stores;
  const now = () => Date.now();
  const filterOf = (request: FastifyRequest): EventFilter => requestFilter(request, now());

  app.get(
    '/healthz',
    {
      config: { scope: null },
      schema: { summary: 'Liveness: answers while the process runs', response: { 200: schema.okAnswer } },
    },
    () => ({
      ok: true,
    }),
  );

  app.get(
    '/readyz',
    {
      config: { scope: null },
      schema: {
        summary: 'Readiness: fails (503) while the store cannot be read',
        response: { 200: schema.okAnswer, 503: schema.refusal('the store cannot be read') },
      },
    },
    async (_request, reply) => {
      try {
        await reads.head();
        return { ok: true };
      } catch {
        return reply.code(503).send(errorBody('the store is unavailable'));
      }
    },
  );

  app.get(
    '/v1/openapi.json',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'This document (OpenAPI 3.0): every route, its parameters, answers and refusals',
        response: { 200: { type: 'object', description: 'the OpenAPI document' } },
      },
    },
    () => app.swagger(),
  );

  app.get(
    '/v1/events',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Events matching the filters, a page at a time',
        querystring: schema.listQuery,
        response: { 200: schema.pageAnswer },
      },
    },
    async (request, reply) => {
      const q = request.query as {
        order: EventOrder;
        limit: number;
        after?: number;
        through?: number;
        cursor?: string;
        total: boolean;
        deleted: boolean;
      };
      const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor, q.order);
      const through = cursor?.through ?? q.through ?? (await reads.head())?.seq ?? 0;
      const query: EventQuery = {
        filter: filterOf(request),
        order: q.order,
        limit: q.limit,
        throughSeq: through,
        ...(q.order === 'seq'
          ? { afterSeq: cursor?.seq ?? q.after ?? 0 }
          : { ...(q.after === undefined ? {} : { afterSeq: q.after }), ...(cursor ? { after: cursor } : {}) }),
      };
      // Counted as a whole where it can be: a store answers that from its head or its
      // per-subject counts, where a count up to `through` reads every matching row.
      const range = q.after === undefined ? {} : { afterSeq: q.after, throughSeq: through };
      const total = q.total ? await reads.count(query.filter, range) : undefined;
      return sendPage(reply, reads, query, through, wantsNdjson(request), { total, deleted: q.deleted });
    },
  );

  app.get(
    '/v1/chain',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Every event in seq order, for a client to verify the chain itself',
        querystring: schema.chainQuery,
        response: { 200: schema.pageAnswer },
      },
    },
    async (request, reply) => {
      const q = request.query as { after?: number; through?: number; limit: number; cursor?: string };
      const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor, 'seq');
      const through = cursor?.through ?? q.through ?? (await reads.head())?.seq ?? 0;
      const query: EventQuery = {
        filter: emptyFilter(),
        order: 'seq',
        limit: q.limit,
        afterSeq: cursor?.seq ?? q.after ?? 0,
        throughSeq: through,
      };
      return sendPage(reply, reads, query, through, wantsNdjson(request));
    },
  );

  app.get(
    '/v1/count',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'How many events match',
        querystring: schema.countQuery,
        response: { 200: schema.countAnswer },
      },
    },
    async (request) => {
      const q = request.query as { after?: number; through?: number };
      const range = {
        ...(q.after === undefined ? {} : { afterSeq: q.after }),
        ...(q.through === undefined ? {} : { throughSeq: q.through }),
      };
      return { count: await reads.count(filterOf(request), range) };
    },
  );

  app.get(
    '/v1/stats',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Counts by action, type, user and quarter hour',
        querystring: schema.statsQuery,
        response: { 200: schema.statsAnswer },
      },
    },
    async (request) => reads.stats(filterOf(request), (request.query as { users: number }).users),
  );

  for (const [field, key] of [
    ['user', 'users'],
    ['account', 'accounts'],
  ] as const) {
    app.get(
      `/v1/${key}`,
      {
        config: { scope: 'read' },
        schema: {
          summary: `Every ${field} the store's events name, sorted (pick lists, "did you mean")`,
          response: { 200: schema.distinctAnswer(key) },
        },
      },
      async () => ({ [key]: await reads.distinct(field) }),
    );
  }

  app.get(
    '/v1/head',
    {
      config: { scope: 'read' },
      schema: { summary: 'The newest link of the chain', response: { 200: schema.headAnswer } },
    },
    async () => {
      const head = await reads.head();
      return head ?? { seq: 0, hash: null };
    },
  );

  const sendEvent = async (reply: FastifyReply, found: Promise<ActivityEvent | undefined>, what: string) => {
    const event = await found;
    if (event === undefined) return reply.code(404).send(errorBody(`no event with ${what}`));
    return reply.type('application/json').send(toJson(event));
  };
  app.get(
    '/v1/events/by-id/:id',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'One event by its id',
        params: {
          type: 'object',
          properties: { id: { type: 'string', minLength: 1, maxLength: 128 } },
          required: ['id'],
        },
        response: { 200: schema.ref('Event'), 404: schema.refusal('no event has this id') },
      },
    },
    (request, reply) => {
      const { id } = request.params as { id: string };
      return sendEvent(reply, reads.get({ id }), `id ${JSON.stringify(id)}`);
    },
  );
  app.get(
    '/v1/events/by-seq/:seq',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'One event by its seq',
        params: { type: 'object', properties: { seq: { ...schema.seq, minimum: 1 } }, required: ['seq'] },
        response: { 200: schema.ref('Event'), 404: schema.refusal('no event has this seq') },
      },
    },
    (request, reply) => {
      const { seq } = request.params as { seq: number };
      return sendEvent(reply, reads.get({ seq }), `seq ${seq}`);
    },
  );

  app.post(
    '/v1/latest',
    {
      config: { scope: 'read' },
      schema: {
        summary: "Each resource's latest event (whether it is deleted), for a page of rows",
        body: schema.latestBody,
        response: { 200: schema.latestAnswer },
      },
    },
    async (request, reply) => {
      const { resources } = request.body as { resources: ResourceRef[] };
      const latest = await reads.latestOf(resources);
      const json = latest.map((e) => (e === undefined ? 'null' : toJson(e)));
      if (wantsNdjson(request))
        return reply.type('application/x-ndjson').send(json.map((line) => `${line}\n`).join(''));
      return reply.type('application/json').send(`{"events":[${json.join(',')}]}`);
    },
  );

  // Tokens: admin only.
  app.get(
    '/v1/tokens',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'The live tokens (never the tokens themselves)',
        response: {
          200: {
            type: 'object',
            description: 'the live tokens, by name',
            properties: { tokens: { type: 'array', items: schema.ref('TokenInfo') } },
            required: ['tokens'],
          },
        },
      },
    },
    async () => ({ tokens: await stores.writes.tokens.list() }),
  );
  app.post(
    '/v1/tokens',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'A new token, shown in this answer only',
        body: schema.tokenCreate,
        response: {
          201: schema.newToken,
          400: schema.refusal('a token of this name exists, or existed: a name is never given twice'),
        },
      },
    },
    async (request, reply) => {
      const body = request.body as { name: string; scope: string };
      const made = await stores.writes.tokens.create(parseTokenName(body.name), parseScope(body.scope));
      return reply.code(201).send({ token: made.token, ...made.info });
    },
  );
  app.delete(
    '/v1/tokens/:name',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'Revoke a token: refused from the next request on',
        params: { type: 'object', properties: { name: { type: 'string', maxLength: 64 } }, required: ['name'] },
        response: {
          204: schema.noContent('revoked'),
          400: schema.refusal('no live token has this name'),
        },
      },
    },
    async (request, reply) => {
      await stores.writes.tokens.revoke((request.params as { name: string }).name);
      return reply.code(204).send();
    },
  );
  app.get(
    '/v1/whoami',
    {
      config: { scope: 'write' },
      schema: { summary: 'The token presented: its name and scope', response: { 200: schema.ref('TokenInfo') } },
    },
    async (request) => request.token,
  );

  recordRoutes(app, stores.writes, stores.parse);
  webRoutes(app, stores, { ...options.web, https: options.https !== undefined });
  const streams = streamRoute(app, reads, options);
  return { app, streams };
}

/** A page of `query` as `{"events":[…],"next":…}`, each event the canonical JSON. */
async function sendPage(
  reply: FastifyReply,
  store: ActivityStore,
  query: EventQuery,
  through: number,
  ndjson: boolean,
  { total, deleted = false }: { total?: number | undefined; deleted?: boolean } = {},
) {
  // The store's own JSON bytes where it builds them (SQLite does, in C), passed on as they are.
  const events: Uint8Array[] = [];
  for await (const page of jsonPages(store, query)) events.push(...page);
  // The page's events whose resource is deleted: what a table of them needs, in the same answer.
  let deletedSeqs: number[] | undefined;
  if (deleted) {
    const shown = events.map((bytes) => JSON.parse(Buffer.from(bytes).toString()) as ActivityEvent);
    const latest = await store.latestOf(shown);
    deletedSeqs = shown.filter((_, i) => latest[i]?.action === 'delete').map((e) => e.seq);
  }
  const last = events.at(-1);
  let next: string | null = null;
  if (last !== undefined && events.length === query.limit) {
    const { time, seq } = JSON.parse(Buffer.from(last).toString()) as { time: string; seq: number };
    next = encodeCursor({ order: query.order, time: Date.parse(time), seq, through });
  }
  // NDJSON for clients that ask (activity's own), the cursor then in a header; else one JSON object.
  if (ndjson) {
    reply.header('activity-next', next ?? '');
    if (total !== undefined) reply.header('activity-total', String(total));
    reply.header('activity-through', String(through));
    return reply.type('application/x-ndjson').send(joined('', events, '\n', true, ''));
  }
  const extra = [
    `"through":${through}`,
    ...(total === undefined ? [] : [`"total":${total}`]),
    ...(deletedSeqs === undefined ? [] : [`"deleted":${JSON.stringify(deletedSeqs)}`]),
  ];
  const tail = `],"next":${JSON.stringify(next)},${extra.join(',')}}`;
  return reply.type('application/json').send(joined('{"events":[', events, ',', false, tail));
}

/** `open`, the parts with `separator` between them (and after the last, when `trailing`), and `close`, in one buffer. */
function joined(
  open: string,
  parts: readonly Uint8Array[],
  separator: string,
  trailing: boolean,
  close: string,
): Buffer {
  let size = Buffer.byteLength(open) + Buffer.byteLength(close);
  for (const part of parts) size += part.length + separator.length;
  if (!trailing && parts.length > 0) size -= separator.length;
  const out = Buffer.allocUnsafe(size);
  let at = out.write(open);
  parts.forEach((part, i) => {
    if (i > 0) at += out.write(separator, at);
    out.set(part, at);
    at += part.length;
  });
  if (trailing && parts.length > 0) at += out.write(separator, at);
  out.write(close, at);
  return out;
}

const wantsNdjson = (request: FastifyRequest) => /application\/(x-)?ndjson/.test(request.headers.accept ?? '');

function hintOf(error: ActivityError, request?: FastifyRequest): Record<string, string> {
  const scope = request?.routeOptions.config.scope;
  return { ...(error.hint ? { hint: error.hint } : {}), ...(scope ? { scope } : {}) };
}

/** What a token of each scope may do, as the document says it in every route's description. */
const NEEDS: Record<Scope | 'none', string> = {
  none: 'Needs no token.',
  read: 'Needs a token with `read` scope (or `admin`).',
  write: 'Needs a token with `write` scope (or `admin`).',
  admin: 'Needs a token with `admin` scope.',
};

type Responses = Record<string, { description?: string } & Record<string, unknown>>;

/**
 * A route's schema as the document shows it. From the route's `config.scope` (so that it is
 * written once): the scope it needs, in its description and as `x-scope`, and no security
 * for a route that needs no token. A body a route validates loosely, as documented
 * (schemas.ts, `documentedBodies`). And the refusals any route of its kind can answer,
 * added to those it documents itself: 400 for bad input, 401 and 403 for its token, 413
 * and 415 for its body, 429 past the rate limit, 503 while the store is unavailable.
 */
interface SchemaProblem {
  instancePath?: string;
  keyword?: string;
  params?: { additionalProperty?: unknown; missingProperty?: unknown };
  message?: string;
}

/** A schema's refusal in plain words, naming the parameter: `search must not have more than 256 characters`. */
function validationMessage(problem: SchemaProblem | undefined): string {
  const name =
    problem?.params?.additionalProperty ??
    problem?.params?.missingProperty ??
    (problem?.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  const field = echo(String(name || 'the request'));
  if (problem?.keyword === 'additionalProperties') return `unknown parameter ${field}`;
  if (problem?.keyword === 'required') return `${field} is missing`;
  return `${field} ${(problem?.message ?? 'is not valid').replace('must NOT', 'must not')}`;
}

function documented(
  routeSchema: FastifySchema | undefined,
  scope: Scope | null,
  options: ServerOptions,
): FastifySchema {
  const given = routeSchema ?? {};
  const refusals: Record<string, string> = {};
  if (given.querystring || given.params || given.headers || given.body) {
    refusals[400] = 'a parameter, header or body that is not as documented: the error names it';
  }
  if (scope !== null) {
    refusals[401] = 'no token, or a malformed, unknown or revoked one';
    refusals[403] = `a token of too weak a scope: this needs ${scope}`;
  }
  if (given.body) {
    refusals[413] = `a body over ${options.bodyLimit / 1024 / 1024} MiB`;
    refusals[415] = 'a Content-Type the route does not take';
  }
  if (options.rateLimit > 0) {
    refusals[429] = `more than ${options.rateLimit} requests a minute from one token (without one, from one address)`;
  }
  if (scope !== null) refusals[503] = 'the store is unavailable: try again later';

  const responses: Responses = { ...(given.response as Responses | undefined) };
  for (const [status, why] of Object.entries(refusals)) {
    const own = responses[status];
    responses[status] = {
      ...schema.refusal(own?.description ? `${own.description}; or ${why}` : why),
      ...(status === '401' ? { headers: { 'WWW-Authenticate': { type: 'string', enum: ['Bearer'] } } } : {}),
      ...(status === '429' ? { headers: { 'Retry-After': { type: 'integer', description: 'seconds' } } } : {}),
    };
  }
  const needs = NEEDS[scope ?? 'none'];
  return {
    ...given,
    description: given.description ? `${given.description}\n\n${needs}` : needs,
    ...(scope === null ? { security: [] } : { 'x-scope': scope }),
    // A session reads: a read route takes its cookie as well as a token.
    ...(scope === 'read' ? { security: [{ token: [] }, { session: [] }] } : {}),
    ...(given.body === undefined ? {} : { body: schema.documentedBodies.get(given.body) ?? given.body }),
    response: responses,
  };
}

/**
 * A request of the page, by its session cookie. A session may only read, whatever its
 * token may do: the page does nothing else, so a page tricked into asking more gets
 * nothing more (SameSite=Strict already keeps other sites' requests from carrying it).
 */
async function authenticateSession(
  store: ActivityStore,
  request: FastifyRequest,
  needed: Scope,
  session: string,
): Promise<void> {
  const token = isWellFormedSession(session) ? await store.tokens.session(session) : undefined;
  if (token === undefined) throw new Refused(401, 'not signed in, or the session ended', 'sign in again');
  request.token = { ...token, scope: 'read' };
  request.session = session;
  request.stillAllowed = async () => (await store.tokens.session(session)) !== undefined;
  if (needed !== 'read') {
    throw new Refused(403, `a signed-in page may only read; this needs ${needed}`, `use a token with ${needed} scope`);
  }
}

/** A request refused for its token: 401 without a valid one, 403 for one of too weak a scope. */
class Refused extends AuthError {
  constructor(
    readonly status: 401 | 403,
    message: string,
    hint: string,
  ) {
    super(message, hint);
  }
}

/**
 * The token a request presents, checked against the store on every request (a token
 * revoked elsewhere is refused at once) and against the scope the route needs.
 */
async function authenticate(store: ActivityStore, request: FastifyRequest, needed: Scope): Promise<void> {
  const header = request.headers.authorization;
  if (header === undefined || header === '') {
    const session = cookieOf(request, SESSION_COOKIE);
    if (session !== undefined) return authenticateSession(store, request, needed, session);
    throw new Refused(401, `this needs a token with ${needed} scope`, 'send Authorization: Bearer <token>');
  }
  const match = /^Bearer ([^\s]+)$/i.exec(header);
  if (match === null || !isWellFormedToken(match[1] as string)) {
    throw new Refused(
      401,
      'malformed token',
      'send Authorization: Bearer activity_… (a token from activity token create)',
    );
  }
  const token = await store.tokens.authenticate(match[1] as string);
  if (token === undefined)
    throw new Refused(401, 'unknown or revoked token', 'ask an admin for a new one (activity token create)');
  request.token = token;
  const presented = match[1] as string;
  request.stillAllowed = async () => {
    const now = await store.tokens.authenticate(presented);
    return now !== undefined && allows(now.scope, needed);
  };
  if (!allows(token.scope, needed)) {
    throw new Refused(
      403,
      `token "${token.name}" has ${token.scope} scope; this needs ${needed}`,
      `use a token with ${needed} scope`,
    );
  }
}

/**
 * GET /v1/openapi.json is the contract a client (the web page) is built on: checked here
 * against a real `activity serve`, route by route, answer by answer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/core/event.js';
import { ACTIONS, RESOURCE_TYPES } from '../../src/core/resource-types.js';
import type { Scope } from '../../src/core/token.js';
import { ROOT, tempDir } from '../helpers.js';
import { makeToken, type RunningServer, startServer } from './serve.js';

const dir = tempDir();

type Schema = Record<string, unknown>;
interface Media {
  schema: Schema;
}
interface Answer {
  description: string;
  content?: Record<string, Media>;
  headers?: Record<string, unknown>;
}
interface Operation {
  summary?: string;
  description?: string;
  security?: unknown[];
  'x-scope'?: Scope;
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, Answer>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, { type: string; scheme?: string }> };
  security?: Record<string, string[]>[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const ERROR_REF = '#/components/schemas/Error';

/** Every operation of the document, as `GET /v1/events`. */
function operations(doc: Document): [name: string, operation: Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]): [string, Operation] => [`${method.toUpperCase()} ${path}`, operation]),
  );
}

/** The documented path a concrete one is an instance of: `/v1/events/by-seq/1` → `/v1/events/by-seq/{seq}`. */
function templateOf(doc: Document, path: string): string | undefined {
  return Object.keys(doc.paths).find((template) =>
    new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  );
}

const successOf = (operation: Operation) => Object.keys(operation.responses).filter((status) => /^2\d\d$/.test(status));

/**
 * Checks values against the document's schemas. Objects are closed for the check (no
 * property the schema does not name), so an answer with a field the document does not
 * mention fails as surely as one missing a field it requires.
 */
function checker(doc: Document) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const local = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(local);
    if (value === null || typeof value !== 'object') return value;
    const copy: Schema = Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, local(inner)]));
    if (typeof copy.$ref === 'string') copy.$ref = copy.$ref.replace('#/components/schemas/', '');
    if (copy.properties !== undefined && copy.additionalProperties === undefined) copy.additionalProperties = false;
    return copy;
  };
  for (const [name, schema] of Object.entries(doc.components.schemas)) ajv.addSchema(local(schema) as Schema, name);
  return {
    compile: (schema: Schema) => ajv.compile(local(schema) as Schema),
    problems(schema: Schema, value: unknown): ErrorObject[] {
      const validate = ajv.compile(local(schema) as Schema);
      return validate(value) ? [] : (validate.errors ?? []);
    },
  };
}

interface Reply {
  status: number;
  type: string;
  body: string;
  headers: Headers;
}

describe('the OpenAPI document', () => {
  const store = join(dir, 'openapi.db');
  let server: RunningServer;
  let doc: Document;
  const tokens: Record<Scope, string> = { read: '', write: '', admin: '' };

  /** One request, with the token of `scope`; an event stream is cut once its headers came. */
  const send = async (
    method: string,
    path: string,
    { scope, body, type, accept }: { scope?: Scope | null; body?: string; type?: string; accept?: string } = {},
  ): Promise<Reply> => {
    const abort = new AbortController();
    const headers: Record<string, string> = {};
    if (scope) headers.authorization = `Bearer ${tokens[scope]}`;
    if (body !== undefined) headers['content-type'] = type ?? 'application/json';
    if (accept !== undefined) headers.accept = accept;
    const response = await fetch(`${server.url}${path}`, { method, headers, body: body ?? null, signal: abort.signal });
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.startsWith('text/event-stream')) {
      abort.abort();
      return { status: response.status, type: contentType, body: '', headers: response.headers };
    }
    return { status: response.status, type: contentType, body: await response.text(), headers: response.headers };
  };

  beforeAll(async () => {
    for (const scope of ['read', 'write', 'admin'] as const) tokens[scope] = await makeToken(store, scope, scope);
    // The default options: the rate limit is on, so its 429 is in the document too.
    server = await startServer(store, dir);
    const answer = await send('GET', '/v1/openapi.json', { scope: 'read' });
    expect(answer.status).toBe(200);
    doc = JSON.parse(answer.body) as Document;
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  it('is an OpenAPI 3 document: a version, info, paths, and for every operation a summary and its answers', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toEqual(expect.any(String));
    expect(doc.info.version).toEqual(expect.any(String));
    expect(doc.components.securitySchemes.token).toEqual({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.session).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'activity_session',
    });
    expect(doc.security).toEqual([{ token: [] }]);
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThanOrEqual(23);
    const check = checker(doc);
    for (const [name, operation] of ops) {
      const path = name.split(' ')[1] as string;
      expect(path, name).toMatch(/^\//);
      expect(operation.summary, name).toMatch(/\S/);
      expect(Object.keys(operation.responses).length, name).toBeGreaterThan(0);
      expect(successOf(operation), `${name}: one success status`).toHaveLength(1);
      for (const [status, answer] of Object.entries(operation.responses)) {
        expect(status, name).toMatch(/^[1-5]\d\d$/);
        expect(answer.description, `${name} ${status}`).toMatch(/\S/);
        expect(answer.description, `${name} ${status}`).not.toBe('Default Response');
        // Every schema compiles, its references found among the components.
        for (const media of Object.values(answer.content ?? {}))
          expect(() => check.compile(media.schema)).not.toThrow();
      }
      for (const media of Object.values(operation.requestBody?.content ?? {}))
        expect(() => check.compile(media.schema)).not.toThrow();
      // Each {param} of the path is a required path parameter.
      for (const [, param] of path.matchAll(/\{([^}]+)\}/g)) {
        expect(operation.parameters, name).toContainEqual(
          expect.objectContaining({ in: 'path', name: param, required: true }),
        );
      }
    }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] as string);
    for (const ref of new Set(refs)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split('/').at(-1) as string], ref).toBeDefined();
    }
  });

  it('documents refusals with the Error body: every route has a 4xx, and every route that needs a token its 401 and 403', () => {
    expect(doc.components.schemas.Error).toMatchObject({
      type: 'object',
      required: ['error'],
      properties: {
        error: { type: 'string' },
        hint: { type: 'string' },
        problems: { type: 'array' },
        total: { type: 'integer' },
        scope: { type: 'string' },
      },
    });
    for (const [name, operation] of operations(doc)) {
      const refusals = Object.entries(operation.responses).filter(([status]) => /^(4\d\d|503)$/.test(status));
      expect(
        refusals.some(([status]) => status.startsWith('4')),
        `${name} has a 4xx`,
      ).toBe(true);
      for (const [status, answer] of refusals) {
        expect(answer.content?.['application/json']?.schema, `${name} ${status}`).toEqual({ $ref: ERROR_REF });
      }
      if (operation.security?.length !== 0) {
        expect(Object.keys(operation.responses), name).toEqual(expect.arrayContaining(['401', '403', '503']));
      }
      if (operation.requestBody !== undefined) {
        expect(Object.keys(operation.responses), name).toEqual(expect.arrayContaining(['400', '413', '415']));
      }
    }
  });

  it('needs no token for /healthz and /readyz, says in its description the scope each other route needs, and that reads take the session cookie', () => {
    const needs = { read: '`read` scope (or `admin`)', write: '`write` scope (or `admin`)', admin: '`admin` scope' };
    for (const [name, operation] of operations(doc)) {
      // The health checks, and the page's sign-in, which takes its token in the body.
      if (name === 'GET /healthz' || name === 'GET /readyz' || name === 'POST /v1/session') {
        expect(operation.security, name).toEqual([]);
        expect(operation.description, name).toMatch(/needs no token/i);
        expect(operation['x-scope'], name).toBeUndefined();
        continue;
      }
      const scope = operation['x-scope'];
      // The document's (a bearer token); a read also takes the page's session cookie.
      if (scope === 'read') expect(operation.security, name).toEqual([{ token: [] }, { session: [] }]);
      else expect(operation.security, name).toBeUndefined();
      expect(['read', 'write', 'admin'], name).toContain(scope);
      expect(operation.description, name).toContain(needs[scope as Scope]);
    }
  });

  it('lists every route of the scope matrix in test/server/server.test.ts, with the scope the matrix enforces', () => {
    // Its rows: ['GET /v1/events', none, malformed, wrong, revoked, read, write, admin], each 'ok', 401 or 403.
    const matrix = readFileSync(join(ROOT, 'test/server/server.test.ts'), 'utf8');
    const rows = [
      ...matrix.matchAll(/^\s*\['(GET|POST|PUT|PATCH|DELETE|HEAD) (\/[^']*)',((?:\s*(?:'ok'|\d{3}),?){7})\]/gm),
    ];
    expect(rows.length, 'the matrix was found').toBeGreaterThanOrEqual(20);
    let checked = 0;
    for (const [, method, path, cells] of rows) {
      // fastify answers HEAD wherever GET; the document lists the GET. The page's own files
      // (its HTML, script and style) are not the API, and the document leaves them out.
      if (method === 'HEAD' || path === '/' || path?.startsWith('/events/') || path?.startsWith('/assets/')) continue;
      const [none, , , , read, write] = (cells as string).split(',').map((cell) => cell.trim());
      const needs = none === "'ok'" ? null : read === "'ok'" ? 'read' : write === "'ok'" ? 'write' : 'admin';
      const operation = doc.paths[path as string]?.[(method as string).toLowerCase()];
      expect(operation, `${method} ${path} is documented`).toBeDefined();
      expect(operation?.['x-scope'] ?? null, `${method} ${path}`).toBe(needs);
      checked++;
    }
    expect(checked).toBe(operations(doc).length);
  });

  it('describes an event to record by the rules the server checks: its fields, lengths and spellings', () => {
    const input = doc.components.schemas.EventInput as {
      properties: Record<string, Schema>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(input.required.sort()).toEqual(['action', 'name', 'type', 'user']);
    expect(input.additionalProperties).toBe(false);
    const p = input.properties;
    expect(Object.keys(p).sort()).toEqual(
      [
        'id',
        'time',
        'action',
        'type',
        'name',
        'resourceId',
        'account',
        'user',
        'details',
        'seq',
        'hash',
        'recordedBy',
      ].sort(),
    );
    expect(p.action?.enum).toEqual([...ACTIONS]);
    expect(p.type?.enum).toEqual([...RESOURCE_TYPES]);
    expect(p.id).toMatchObject({ type: 'string', minLength: 1, maxLength: LIMITS.id });
    expect(p.name).toMatchObject({ type: 'string', minLength: 1, maxLength: LIMITS.name });
    expect(p.user).toMatchObject({ type: 'string', minLength: 1, maxLength: LIMITS.user });
    expect(p.resourceId).toMatchObject({ type: 'string', nullable: true, maxLength: LIMITS.resourceId });
    expect(p.account).toMatchObject({ type: 'string', nullable: true, maxLength: LIMITS.account });
    expect(p.details).toMatchObject({ type: 'object', nullable: true });
    expect(p.time).toMatchObject({ type: 'string' });
    for (const route of ['/v1/events', '/v1/uploads/{id}/events']) {
      const body = doc.paths[route]?.post?.requestBody?.content;
      expect(JSON.stringify(body?.['application/json']?.schema), route).toContain('#/components/schemas/EventInput');
      expect(Object.keys(body ?? {}), route).toContain('application/x-ndjson');
    }
    // What the document says is valid, the server records; and what it refuses, the server does.
    const check = checker(doc);
    expect(check.problems(input, { action: 'create', type: 'node-pool', name: 'p', user: 'Jane Doe' })).toEqual([]);
    expect(check.problems(input, { action: 'Create', type: 'cluster', name: 'p', user: 'u' })).not.toEqual([]);
    expect(check.problems(input, { action: 'create', type: 'cluster', name: 'p', user: 'u', extra: 1 })).not.toEqual(
      [],
    );
  });

  it('still names every bad event of a batch by its line: the documented schema is not what refuses it', async () => {
    const check = checker(doc);
    const bad = [
      { action: 'create', type: 'cluster', name: 'ok', user: 'u' },
      { action: 'explode', type: 'cluster', name: 'n', user: 'u' },
      { action: 'create', type: 'cluster', name: 5, user: 'u' },
      { action: 'create', type: 'clusters', name: 'n', user: 'u', extra: true },
    ];
    const asJson = await send('POST', '/v1/events', { scope: 'write', body: JSON.stringify(bad) });
    const asNdjson = await send('POST', '/v1/events', {
      scope: 'write',
      body: bad.map((event) => JSON.stringify(event)).join('\n'),
      type: 'application/x-ndjson',
    });
    for (const answer of [asJson, asNdjson]) {
      expect(answer.status).toBe(400);
      const body = JSON.parse(answer.body);
      expect(check.problems({ $ref: ERROR_REF }, body)).toEqual([]);
      expect(body.total).toBe(3);
      expect(body.problems.map((p: { line: number }) => p.line)).toEqual([2, 3, 4]);
      expect(body.problems[0].message).toMatch(/unknown action "explode"/);
      expect(body.problems[1].message).toMatch(/"name" must be a string, not a number/);
      expect(body.problems[2].message).toMatch(/unknown field "extra"/);
    }
    const count = JSON.parse((await send('GET', '/v1/count', { scope: 'read' })).body);
    expect(count.count).toBe(0);
  });

  it('answers every route with the success status it documents, and a body of the documented shape', async () => {
    const check = checker(doc);
    const event = {
      id: 'deploy-1',
      action: 'create',
      type: 'cluster',
      name: 'prod-1',
      user: 'Jane Doe',
      account: 'acme',
    };
    let upload = '';
    let dropped = '';
    // Every route, each asked as a client would; in order, since some use what others made.
    const routes: [
      method: string,
      path: () => string,
      scope: Scope | null,
      options?: () => Parameters<typeof send>[2],
    ][] = [
      ['GET', () => '/healthz', null],
      ['GET', () => '/readyz', null],
      ['GET', () => '/v1/openapi.json', 'read'],
      ['POST', () => '/v1/events', 'write', () => ({ body: JSON.stringify(event) })],
      ['GET', () => '/v1/events?limit=1', 'read'],
      ['GET', () => '/v1/events/by-id/deploy-1', 'read'],
      ['GET', () => '/v1/events/by-seq/1', 'read'],
      ['GET', () => '/v1/count?type=cluster', 'read'],
      ['GET', () => '/v1/stats', 'read'],
      ['GET', () => '/v1/users', 'read'],
      ['GET', () => '/v1/accounts', 'read'],
      ['GET', () => '/v1/head', 'read'],
      ['GET', () => '/v1/chain', 'read'],
      [
        'POST',
        () => '/v1/latest',
        'read',
        () => ({
          body: JSON.stringify({
            resources: [
              { type: 'cluster', name: 'prod-1', resourceId: null, account: 'acme' },
              { type: 'cluster', name: 'nowhere', resourceId: null, account: null },
            ],
          }),
        }),
      ],
      ['GET', () => '/v1/stream', 'read'],
      ['POST', () => '/v1/uploads', 'write'],
      [
        'POST',
        () => `/v1/uploads/${upload}/events`,
        'write',
        () => ({ body: `${JSON.stringify({ ...event, id: 'deploy-2' })}\n`, type: 'application/x-ndjson' }),
      ],
      ['POST', () => `/v1/uploads/${upload}/commit`, 'write'],
      ['DELETE', () => `/v1/uploads/${dropped}`, 'write'],
      ['GET', () => '/v1/whoami', 'write'],
      ['GET', () => '/v1/tokens', 'admin'],
      ['POST', () => '/v1/tokens', 'admin', () => ({ body: JSON.stringify({ name: 'auditor', scope: 'read' }) })],
      ['DELETE', () => '/v1/tokens/auditor', 'admin'],
      ['POST', () => '/v1/session', null, () => ({ body: JSON.stringify({ token: tokens.read }) })],
      ['GET', () => '/v1/session', 'read'],
      ['DELETE', () => '/v1/session', 'read'],
      ['GET', () => '/v1/export?format=csv', 'read'],
    ];
    // The upload that DELETE drops, begun apart.
    dropped = JSON.parse((await send('POST', '/v1/uploads', { scope: 'write' })).body).id;
    const exercised = new Set<string>();
    const wrong: string[] = [];
    for (const [method, path, scope, options] of routes) {
      const concrete = path();
      const template = templateOf(doc, concrete.split('?')[0] as string);
      const name = `${method} ${template}`;
      const operation = doc.paths[template ?? '']?.[method.toLowerCase()];
      expect(operation, `${name} is documented`).toBeDefined();
      exercised.add(name);
      const answer = await send(method, concrete, { scope, ...options?.() });
      if (name === 'POST /v1/uploads' && answer.status < 300) upload = JSON.parse(answer.body).id;
      const [documented] = successOf(operation as Operation);
      if (String(answer.status) !== documented) {
        wrong.push(`${name}: documented ${documented}, answered ${answer.status} ${answer.body}`);
        continue;
      }
      const response = (operation as Operation).responses[documented];
      if (answer.status === 204) {
        expect(answer.body, name).toBe('');
        expect(response?.content, name).toBeUndefined();
        continue;
      }
      const mediaType = answer.type.split(';')[0] as string;
      expect(Object.keys(response?.content ?? {}), name).toContain(mediaType);
      if (mediaType === 'application/json') {
        const body = JSON.parse(answer.body);
        const schema = response?.content?.[mediaType]?.schema as Schema;
        expect(check.problems(schema, body), name).toEqual([]);
      }
    }
    expect(wrong).toEqual([]);
    expect([...exercised].sort()).toEqual(
      operations(doc)
        .map(([name]) => name)
        .sort(),
    );
  });

  it('lists NDJSON among the answers of the event lists, and the server gives it when asked', async () => {
    for (const path of ['/v1/events', '/v1/chain']) {
      expect(Object.keys(doc.paths[path]?.get?.responses['200']?.content ?? {})).toEqual([
        'application/json',
        'application/x-ndjson',
      ]);
      const answer = await send('GET', path, { scope: 'read', accept: 'application/x-ndjson' });
      expect(answer.type).toMatch(/^application\/x-ndjson/);
    }
  });

  it('answers refusals with the Error body, each with a status the route documents', async () => {
    const check = checker(doc);
    const ndjson = `${Array(10_001).fill('{"action":"create","type":"cluster","name":"n","user":"u"}').join('\n')}\n`;
    const refusals: [method: string, path: string, options: Parameters<typeof send>[2], status: number][] = [
      ['GET', '/v1/events?limit=0', { scope: 'read' }, 400],
      ['GET', '/v1/events', {}, 401],
      ['GET', '/v1/tokens', { scope: 'read' }, 403],
      ['POST', '/v1/events', { scope: 'read', body: '{}' }, 403],
      ['GET', '/v1/events/by-id/nobody', { scope: 'read' }, 404],
      ['GET', '/v1/events/by-seq/999', { scope: 'read' }, 404],
      ['DELETE', `/v1/uploads/${'0'.repeat(32)}`, { scope: 'write' }, 404],
      ['POST', `/v1/uploads/${'0'.repeat(32)}/commit`, { scope: 'write' }, 404],
      ['POST', '/v1/events', { scope: 'write', body: ndjson, type: 'application/x-ndjson' }, 413],
      ['POST', '/v1/latest', { scope: 'read', body: '<resources/>', type: 'application/xml' }, 415],
      ['DELETE', '/v1/tokens/nobody', { scope: 'admin' }, 400],
      ['POST', '/v1/tokens', { scope: 'admin', body: JSON.stringify({ name: 'read', scope: 'read' }) }, 400],
    ];
    for (const [method, path, options, status] of refusals) {
      const name = `${method} ${templateOf(doc, path.split('?')[0] as string)}`;
      const answer = await send(method, path, options);
      expect(answer.status, `${name}: ${answer.body}`).toBe(status);
      const operation = doc.paths[templateOf(doc, path.split('?')[0] as string) ?? '']?.[method.toLowerCase()];
      expect(Object.keys(operation?.responses ?? {}), name).toContain(String(status));
      expect(check.problems({ $ref: ERROR_REF }, JSON.parse(answer.body)), name).toEqual([]);
      if (status === 401) expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('refuses a parameter not as documented in plain words that name it, and points to the document', async () => {
    const refusals = [
      [`/v1/events?search=${'a'.repeat(300)}`, '"search" must not have more than 256 characters'],
      ['/v1/events?bogus=1', 'unknown parameter "bogus"'],
      ['/v1/events?limit=many', '"limit" must be integer'],
      ['/v1/events/by-seq/0', '"seq" must be >= 1'],
    ];
    for (const [path, message] of refusals) {
      const answer = await send('GET', path as string, { scope: 'read' });
      expect(answer.status, path).toBe(400);
      expect(JSON.parse(answer.body), path).toEqual({ error: message, hint: 'see /v1/openapi.json' });
    }
  });

  it('answers past the rate limit with a 429 the document lists, its body an Error with Retry-After', async () => {
    const limited = await startServer(join(dir, 'limited.db'), dir, ['--rate-limit', '2']);
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 3; i++) {
        last = await fetch(`${limited.url}/healthz`);
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await last?.json()) as { error: string };
      expect(checker(doc).problems({ $ref: ERROR_REF }, body)).toEqual([]);
      expect(body.error).toMatch(/too many requests/);
      expect(Object.keys(doc.paths['/healthz']?.get?.responses ?? {})).toContain('429');
    } finally {
      expect(await limited.stop()).toBe(0);
    }
  });

  it("has a row in docs/server.md's route table for every route, with the same scope and success status", () => {
    const text = readFileSync(join(ROOT, 'docs/server.md'), 'utf8');
    const rows = new Map(
      [...text.matchAll(/^\| `(GET|POST|DELETE) (\/\S*)` \| (—|read|write|admin) \| (\d{3}) \|/gm)].map((m) => [
        `${m[1]} ${m[2]}`,
        { scope: m[3] === '—' ? undefined : m[3], status: m[4] },
      ]),
    );
    for (const [name, operation] of operations(doc)) {
      expect(rows.get(name), `${name} has a row`).toEqual({
        scope: operation['x-scope'],
        status: successOf(operation)[0],
      });
    }
    expect(rows.size).toBe(operations(doc).length);
  });
});

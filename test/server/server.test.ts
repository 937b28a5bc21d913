/** `activity serve` as any HTTP client meets it: scopes, limits, hostile requests, shutdown. */
import { copyFileSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEvent } from '../../src/core/event.js';
import { ndjson, parseNdjson, runCli, tempDir } from '../helpers.js';
import { openSqlite } from '../store/open-sqlite.js';
import { makeToken, type RunningServer, startServer } from './serve.js';

const dir = tempDir();

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request; an event stream is cut once its status is known. */
function call(
  url: string,
  method: string,
  path: string,
  { token, body, headers = {} }: { token?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const sent = request(
      `${url}${path}`,
      {
        method,
        // A connection a request: a server may close one after refusing a body unread.
        agent: false,
        headers: {
          ...(token === undefined ? {} : { authorization: token }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        const done = () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          });
        if (String(response.headers['content-type']).startsWith('text/event-stream')) {
          done();
          response.destroy();
          return;
        }
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', done);
        response.on('error', reject);
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
}

const EVENT = JSON.stringify({ action: 'create', type: 'cluster', name: 'prod-1', user: 'Jane Doe', account: 'acme' });

/** The tokens each route is tried with. */
const PRESENTED = ['none', 'malformed', 'wrong', 'revoked', 'read', 'write', 'admin'] as const;
type Presented = (typeof PRESENTED)[number];
/** 401 or 403: refused so; 'ok': let in (any answer of the route's own below 500: a 404 for a missing event is one). */
type Outcome = 401 | 403 | 'ok';
type Row = [route: string, ...outcomes: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]];

/**
 * Every route × every token, as docs/server.md's table of scopes says: read for reads,
 * write only to record (and whoami), admin for everything. `{id}` and the like are filled
 * in when sent (an upload's id is a real one of the token's own).
 */
// biome-ignore format: a table, its columns aligned
const MATRIX: Row[] = [
  // route                                 none malformed wrong revoked read  write admin
  ['GET /healthz',                         'ok', 'ok',    'ok', 'ok',   'ok', 'ok', 'ok'],
  ['HEAD /healthz',                        'ok', 'ok',    'ok', 'ok',   'ok', 'ok', 'ok'],
  ['GET /readyz',                          'ok', 'ok',    'ok', 'ok',   'ok', 'ok', 'ok'],
  ['HEAD /readyz',                         'ok', 'ok',    'ok', 'ok',   'ok', 'ok', 'ok'],
  ['GET /v1/openapi.json',                 401,  401,     401,  401,    'ok', 403,  'ok'],
  ['HEAD /v1/openapi.json',                401,  401,     401,  401,    'ok', 403,  'ok'],
  ['GET /v1/events',                       401,  401,     401,  401,    'ok', 403,  'ok'],
  ['HEAD /v1/events',                      401,  401,     401,  401,    'ok', 403,  'ok'],
  ['GET /v1/events/by-id/{id}',            401,  401,     401,  401,    'ok', 403,  'ok'],
  ['HEAD /v1/events/by-id/{id}',           401,  401,     401,  401,    'ok', 403,  'ok'],
  ['GET /v1/events/by-seq/{seq}',          401,  401,     401,  401,    'ok', 403,  'ok'],
  ['HEAD /v1/events/by-seq/{seq}',         401,  401,     401,  401,    'ok', 403,  'ok'],
  ['GET /v1/count',                        401,  401,     401,  401,    'ok', 403,  'ok'],
  ['HEAD /v1/count',                       401,  401,     401,  401,    'ok', 403,  'ok'],
  ['GET /v1/stats',                        401,  401,     401,  401,    'ok', 403,  'ok'],
  ['HEAD /v1/stats',                       401,  401,     401,  401,    'ok', 403,  'ok'],
  ['GET /v1/users',                        401,  401,     401,  401,    'ok', 403,  'ok'],
  ['HEAD /v1/users',                       401,  401,     401,  401,    'ok', 403,  'ok'],
  ['GET /v1/accounts',                     401,  401,     401,  401,    'ok', 403,  'ok'],
  ['HEAD /v1/accounts',                    401,  401,     401,  401,    'ok', 403,  'ok'],
  ['GET /v1/head',                         401,  401,     401,  401,    'ok', 403,  'ok'],
  ['HEAD /v1/head',                        401,  401,     401,  401,    'ok', 403,  'ok'],
  ['GET /v1/chain',                        401,  401,     401,  401,    'ok', 403,  'ok'],
  ['HEAD /v1/chain',                       401,  401,     401,  401,    'ok', 403,  'ok'],
  ['GET /v1/stream',                       401,  401,     401,  401,    'ok', 403,  'ok'],
  ['HEAD /v1/stream',                      401,  401,     401,  401,    'ok', 403,  'ok'],
  ['POST /v1/latest',                      401,  401,     401,  401,    'ok', 403,  'ok'],
  ['POST /v1/events',                      401,  401,     401,  401,    403,  'ok', 'ok'],
  ['POST /v1/uploads',                     401,  401,     401,  401,    403,  'ok', 'ok'],
  ['POST /v1/uploads/{id}/events',         401,  401,     401,  401,    403,  'ok', 'ok'],
  ['POST /v1/uploads/{id}/commit',         401,  401,     401,  401,    403,  'ok', 'ok'],
  ['DELETE /v1/uploads/{id}',              401,  401,     401,  401,    403,  'ok', 'ok'],
  ['GET /v1/whoami',                       401,  401,     401,  401,    403,  'ok', 'ok'],
  ['HEAD /v1/whoami',                      401,  401,     401,  401,    403,  'ok', 'ok'],
  ['GET /v1/tokens',                       401,  401,     401,  401,    403,  403,  'ok'],
  ['HEAD /v1/tokens',                      401,  401,     401,  401,    403,  403,  'ok'],
  ['POST /v1/tokens',                      401,  401,     401,  401,    403,  403,  'ok'],
  ['DELETE /v1/tokens/{name}',             401,  401,     401,  401,    403,  403,  'ok'],
  // The page's sign-in takes its token in the body, not the header; the rest read.
  ['POST /v1/session',                     'ok', 'ok',    'ok', 'ok',   'ok', 'ok', 'ok'],
  ['GET /v1/session',                      401,  401,     401,  401,    'ok', 403,  'ok'],
  ['HEAD /v1/session',                     401,  401,     401,  401,    'ok', 403,  'ok'],
  ['DELETE /v1/session',                   401,  401,     401,  401,    'ok', 403,  'ok'],
  ['GET /v1/export',                       401,  401,     401,  401,    'ok', 403,  'ok'],
  ['HEAD /v1/export',                      401,  401,     401,  401,    'ok', 403,  'ok'],
  // The page's own files: anyone may load them; what they show needs a session.
  ['GET /',                                'ok', 'ok',    'ok', 'ok',   'ok', 'ok', 'ok'],
  ['HEAD /',                               'ok', 'ok',    'ok', 'ok',   'ok', 'ok', 'ok'],
  ['GET /events/{seq}',                    'ok', 'ok',    'ok', 'ok',   'ok', 'ok', 'ok'],
  ['HEAD /events/{seq}',                   'ok', 'ok',    'ok', 'ok',   'ok', 'ok', 'ok'],
  ['GET /assets/{name}',                   'ok', 'ok',    'ok', 'ok',   'ok', 'ok', 'ok'],
  ['HEAD /assets/{name}',                  'ok', 'ok',    'ok', 'ok',   'ok', 'ok', 'ok'],
];
/** Routes the OpenAPI document leaves out (`hide`: the document itself, the page's files), listed here by hand. */
const UNDOCUMENTED = [
  'GET /v1/openapi.json',
  'HEAD /v1/openapi.json',
  ...['/', '/events/{seq}', '/assets/{name}'].flatMap((path) => [`GET ${path}`, `HEAD ${path}`]),
];

/** Every table but the tokens' last use (which a read notes), as text: "the store did not change". */
function storeContents(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const dump = ['events', 'subjects', 'users', 'names'].map((table) =>
      JSON.stringify(db.prepare(`SELECT * FROM ${table} ORDER BY 1`).raw().all()),
    );
    dump.push(
      JSON.stringify(
        db.prepare('SELECT name, scope, hex(digest), created, revoked FROM tokens ORDER BY 1').raw().all(),
      ),
    );
    return dump.join('\n');
  } finally {
    db.close();
  }
}

describe('activity serve', () => {
  const path = join(dir, 'served.db');
  let server: RunningServer;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    for (const scope of ['read', 'write', 'admin'] as const) tokens[scope] = await makeToken(path, scope, scope);
    tokens.revoked = await makeToken(path, 'gone', 'admin');
    const store = openSqlite(path);
    await store.tokens.revoke('gone');
    await store.close();
    server = await startServer(path, dir, ['--rate-limit', '0']);
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  it('keeps no token in plaintext: the store file holds digests only', async () => {
    const bytes = readFileSync(path);
    for (const token of Object.values(tokens)) {
      expect(bytes.includes(Buffer.from(token))).toBe(false);
      expect(bytes.includes(Buffer.from(token.slice('activity_'.length)))).toBe(false);
    }
  });

  it('enforces scopes on every route: the matrix of token × route, 100% as expected', async () => {
    const presented: Record<Presented, string | undefined> = {
      none: undefined,
      malformed: 'Bearer not-a-token',
      wrong: `Bearer activity_${'A'.repeat(43)}`,
      revoked: `Bearer ${tokens.revoked}`,
      read: `Bearer ${tokens.read}`,
      write: `Bearer ${tokens.write}`,
      admin: `Bearer ${tokens.admin}`,
    };
    // Real uploads of the write and the admin token (an upload is its token's own): one to
    // add to and commit, one to drop. Tokens refused are sent the write token's.
    const upload = async (token: string) =>
      JSON.parse((await call(server.url, 'POST', '/v1/uploads', { token })).body).id as string;
    const uploads = { write: await upload(presented.write as string), admin: await upload(presented.admin as string) };
    const drops = { write: await upload(presented.write as string), admin: await upload(presented.admin as string) };
    let made = 0;
    /** The request a row makes: its path with ids filled in, and a body where the route takes one. */
    const requestOf = (
      route: string,
      kind: Presented,
    ): { path: string; body?: string; headers?: Record<string, string> } => {
      const [method, template] = route.split(' ') as [string, string];
      const own = kind === 'admin' ? 'admin' : 'write';
      const path = template
        .replace('/v1/uploads/{id}/', `/v1/uploads/${uploads[own]}/`)
        .replace(/\/v1\/uploads\/\{id\}$/, `/v1/uploads/${drops[own]}`)
        .replace('{id}', 'x')
        .replace('{seq}', '1')
        .replace('{name}', 'nobody')
        .replace(/^\/v1\/events$/, method === 'POST' ? '/v1/events' : '/v1/events?limit=5');
      if (route === 'POST /v1/events') return { path, body: EVENT };
      if (route === 'POST /v1/latest') return { path, body: JSON.stringify({ resources: [] }) };
      if (route === 'POST /v1/session') return { path, body: JSON.stringify({}) };
      if (route === 'POST /v1/tokens') return { path, body: JSON.stringify({ name: `t${made++}`, scope: 'read' }) };
      if (route === 'POST /v1/uploads/{id}/events') {
        return { path, body: `${EVENT}\n`, headers: { 'content-type': 'application/x-ndjson' } };
      }
      return { path };
    };

    const table: string[] = [];
    const mismatches: string[] = [];
    const uploadAnswers: number[] = [];
    for (const [route, ...outcomes] of MATRIX) {
      const [method] = route.split(' ') as [string];
      for (const [i, kind] of PRESENTED.entries()) {
        const expected = outcomes[i] as Outcome;
        const token = presented[kind];
        const { path, body, headers } = requestOf(route, kind);
        const reply = await call(server.url, method, path, {
          ...(token === undefined ? {} : { token }),
          ...(body === undefined ? {} : { body }),
          ...(headers === undefined ? {} : { headers }),
        });
        const got =
          reply.status === 401 || reply.status === 403 ? reply.status : reply.status < 500 ? 'ok' : reply.status;
        table.push(`${route} × ${kind}: expected ${expected}, got ${reply.status}`);
        if (got !== expected) mismatches.push(table.at(-1) as string);
        if (route.includes('/v1/uploads/') && got === 'ok') uploadAnswers.push(reply.status);
        if (typeof expected === 'number' && method !== 'HEAD')
          expect(JSON.parse(reply.body).error).toEqual(expect.any(String));
        if (expected === 401) expect(reply.headers['www-authenticate'], `${route} × ${kind}`).toBe('Bearer');
      }
    }
    expect(table).toHaveLength(MATRIX.length * PRESENTED.length);
    expect(mismatches).toEqual([]);
    // The upload routes were let in to a real upload: added to, committed, dropped.
    expect(uploadAnswers).toEqual([200, 200, 200, 200, 204, 204]);
  });

  it('has a row in the scope matrix for every route the server has', async () => {
    const reply = await call(server.url, 'GET', '/v1/openapi.json', { token: `Bearer ${tokens.read}` });
    const paths = JSON.parse(reply.body).paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods).flatMap((method) => [
        `${method.toUpperCase()} ${path}`,
        // fastify answers HEAD wherever it answers GET; the document lists the GET only.
        ...(method === 'get' ? [`HEAD ${path}`] : []),
      ]),
    );
    expect(documented.length).toBeGreaterThan(20);
    // A set: a route of UNDOCUMENTED that the document comes to list is counted once.
    expect(MATRIX.map(([route]) => route).sort()).toEqual([...new Set([...documented, ...UNDOCUMENTED])].sort());
  });

  it('answers 413 to a body over the limit, with a length and chunked alike, before reading it all', async () => {
    // The server answers while the body is still coming, then closes: the body is sent a
    // MiB at a time, each once the last was taken, and no more once the answer came, so
    // the answer is read before the connection goes.
    const post = (chunked: boolean) =>
      new Promise<number>((resolve, reject) => {
        const size = 9 * 1024 * 1024;
        let answered = false;
        const sent = request(`${server.url}/v1/events`, {
          method: 'POST',
          agent: false,
          headers: {
            authorization: `Bearer ${tokens.write}`,
            'content-type': 'application/x-ndjson',
            ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(size) }),
          },
        });
        sent.on('response', (response) => {
          answered = true;
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        sent.on('error', (error) => {
          if (!answered) reject(error);
        });
        sent.flushHeaders();
        const next = (left: number) => {
          if (answered || left === 0) return;
          sent.write(Buffer.alloc(1024 * 1024, 0x20), () => setTimeout(() => next(left - 1), 10));
        };
        next(9);
      });
    expect(await post(false)).toBe(413);
    expect(await post(true)).toBe(413);
  });

  it('gives each kind of bad input a 4xx naming it, never a 5xx, and changes nothing (500 generated requests)', async () => {
    // One event first, so that reads have something to answer with.
    expect(
      (await call(server.url, 'POST', '/v1/events', { token: `Bearer ${tokens.write}`, body: EVENT })).status,
    ).toBe(200);
    const before = storeContents(path);
    const segment = fc.oneof(
      fc.constantFrom(
        'v1',
        'events',
        'by-id',
        'by-seq',
        'stream',
        'count',
        'stats',
        'tokens',
        'uploads',
        'chain',
        'latest',
        'head',
        '..',
        '%2e%2e',
        '%00',
        '-1',
        '1e309',
        'openapi.json',
      ),
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
    );
    const query = fc.array(
      fc.tuple(
        fc.constantFrom(
          'limit',
          'order',
          'after',
          'through',
          'cursor',
          'user',
          'type',
          'action',
          'since',
          'until',
          'search',
          'x',
        ),
        fc.oneof(
          fc.string({ maxLength: 20 }),
          fc.constantFrom('0', '-1', '100000000', '1001', 'newest', 'cluster', '7d', 'nope'),
        ),
      ),
      { maxLength: 4 },
    );
    const body = fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc.constantFrom(
        '{"action":"create"}',
        '[{"action":"nope","type":"cluster","name":"n","user":"u"}]',
        '{"__proto__":{"x":1}}',
        '{"name":"x","scope":"root"}',
      ),
    );
    const requestArb = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
      path: fc.array(segment, { minLength: 1, maxLength: 4 }),
      query,
      body,
      contentType: fc.constantFrom(
        'application/json',
        'application/x-ndjson',
        'text/plain',
        'application/json; charset=utf-16',
        '',
      ),
      auth: fc.constantFrom('admin', 'write', 'read', 'none', 'junk'),
      lastEventId: fc.option(
        fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('0', '-5', '99999999999999999999')),
        { nil: undefined },
      ),
    });
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        const path = `/${r.path.join('/')}${r.query.length ? `?${r.query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : ''}`;
        const token = r.auth === 'none' ? undefined : r.auth === 'junk' ? 'Bearer junk' : `Bearer ${tokens[r.auth]}`;
        const headers: Record<string, string> = {};
        if (r.contentType !== '') headers['content-type'] = r.contentType;
        if (r.lastEventId !== undefined) headers['last-event-id'] = r.lastEventId.replace(/[^\x20-\x7e]/g, '');
        // A well-formed record or token request is not bad input: only the malformed ones are sent.
        const reply = await call(server.url, r.method, path, {
          ...(token === undefined ? {} : { token }),
          ...(r.body === undefined ? {} : { body: r.body }),
          headers,
        });
        sent++;
        expect(reply.status, `${r.method} ${path}: ${reply.body}`).toBeLessThan(500);
        if (reply.status >= 400 && reply.headers['content-type']?.toString().startsWith('application/json')) {
          expect(JSON.parse(reply.body).error).toEqual(expect.any(String));
        }
      }),
      { numRuns: 500 },
    );
    expect(sent).toBe(500);
    expect(storeContents(path)).toBe(before);
  }, 120_000);

  it('gives upload and batch refusals their own status: too many events 413, no such upload 404', async () => {
    const write = `Bearer ${tokens.write}`;
    const tooMany = await call(server.url, 'POST', '/v1/events', {
      token: write,
      body: `${Array(10_001).fill(EVENT).join('\n')}\n`,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(tooMany.status).toBe(413);
    expect(JSON.parse(tooMany.body).error).toMatch(/more than 10000 events/);
    const missing = await call(server.url, 'POST', `/v1/uploads/${'0'.repeat(32)}/commit`, { token: write });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).error).toMatch(/no upload/);
  });

  it('lets no client set seq, hash or provenance: the server stamps the token that recorded', async () => {
    const forged = JSON.stringify({
      ...JSON.parse(EVENT),
      id: 'forged-1',
      seq: 999,
      hash: 'f'.repeat(64),
      recordedBy: 'admin',
    });
    const recorded = await call(server.url, 'POST', '/v1/events', { token: `Bearer ${tokens.write}`, body: forged });
    expect(recorded.status).toBe(200);
    const event = JSON.parse(
      (await call(server.url, 'GET', '/v1/events/by-id/forged-1', { token: `Bearer ${tokens.read}` })).body,
    );
    expect(event.recordedBy).toBe('write');
    expect(event.seq).toBe(JSON.parse(recorded.body).firstSeq);
    expect(event.hash).not.toBe('f'.repeat(64));
  });

  it('refuses a revoked token on the very next request', async () => {
    const token = await makeToken(path, 'short-lived', 'read');
    expect((await call(server.url, 'GET', '/v1/head', { token: `Bearer ${token}` })).status).toBe(200);
    const admin = `Bearer ${tokens.admin}`;
    expect((await call(server.url, 'DELETE', '/v1/tokens/short-lived', { token: admin })).status).toBe(204);
    expect((await call(server.url, 'GET', '/v1/head', { token: `Bearer ${token}` })).status).toBe(401);
  });

  it('logs one line a request with the token name, never the token', async () => {
    await call(server.url, 'GET', '/v1/head?mark=1', { token: `Bearer ${tokens.read}` });
    const line = () =>
      server
        .log()
        .split('\n')
        .find((l) => l.includes('"path":"/v1/head"') && l.includes('"token":"read"'));
    for (let waited = 0; line() === undefined && waited < 2000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    expect(line()).toMatch(/"method":"GET".*"status":\d+.*"ms":[\d.]+.*"token":"read"/);
    for (const token of Object.values(tokens)) expect(server.log()).not.toContain(token.slice(9));
  });
});

describe('U+0000 through activity serve (reference §1: no store can hold it)', () => {
  const path = join(dir, 'nul.db');
  let server: RunningServer;
  let read = '';
  let write = '';
  const event = { action: 'create', type: 'cluster', name: 'prod-eu-1', user: 'Jane Doe', account: 'acme' };

  beforeAll(async () => {
    read = await makeToken(path, 'reader', 'read');
    write = await makeToken(path, 'writer', 'write');
    // An event an older version recorded, whose validation let U+0000 through.
    const old = openSqlite(path);
    const held = { ...event, name: 'a\u0000b', details: { 'k\u0000': 'v\u0000' } };
    await old.record([[{ line: 1, event: validateEvent(held, Date.now() - 60_000, 'keep') }]]);
    await old.close();
    server = await startServer(path, dir, ['--rate-limit', '0']);
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  it('serves and verifies the events with U+0000 that an older version recorded', async () => {
    const remote = ['--store', server.url, '--token', read];
    const listed = await runCli(['list', ...remote, '--format', 'ndjson'], dir);
    expect(listed.code, listed.stderr).toBe(0);
    expect(parseNdjson<{ name: string; details: unknown }>(listed.stdout)).toMatchObject([
      { name: 'a\u0000b', details: { 'k\u0000': 'v\u0000' } },
    ]);
    const verified = await runCli(['verify', ...remote], dir);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toBe((await runCli(['verify', '--store', path], dir)).stdout);
  });

  it('refuses U+0000 in a new event (400, the client exit 2, with the message a local store gives) and records nothing', async () => {
    const before = storeContents(path);
    const json = await call(server.url, 'POST', '/v1/events', {
      token: `Bearer ${write}`,
      body: JSON.stringify([event, { ...event, resourceId: 'r\u0000' }]),
    });
    expect(json.status).toBe(400);
    expect(JSON.parse(json.body)).toMatchObject({
      error:
        '1 invalid line, nothing recorded: line 2: "resourceId" holds a NUL character (U+0000) (remove it: no activity store can hold one)',
      problems: [
        { line: 2, message: '"resourceId" holds a NUL character (U+0000) (remove it: no activity store can hold one)' },
      ],
    });
    const lines = ndjson([
      event,
      { ...event, name: 'a\u0000b' },
      { ...event, user: 'Jane\u0000' },
      { ...event, account: '\u0000' },
      { ...event, id: 'i\u0000' },
      { ...event, resourceId: 'r\u0000' },
      { ...event, details: { 'k\u0000': 1 } },
      { ...event, details: { change: { to: ['ok', 'x\u0000'] } } },
    ]);
    const body = await call(server.url, 'POST', '/v1/events', {
      token: `Bearer ${write}`,
      body: lines,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(body.status).toBe(400);
    const fields = ['"name"', '"user"', '"account"', '"id"', '"resourceId"', 'a key of "details"', '"details"'];
    expect(
      JSON.parse(body.body).problems.map((p: { line: number; message: string }) => `${p.line} ${p.message}`),
    ).toEqual(
      fields.map(
        (field, i) => `${i + 2} ${field} holds a NUL character (U+0000) (remove it: no activity store can hold one)`,
      ),
    );
    // The client says what a local store says, and exits 2.
    const copy = join(dir, 'nul-local.db');
    copyFileSync(path, copy);
    const remote = await runCli(['record', '--store', server.url, '--token', write, '--file', '-'], dir, {
      input: lines,
    });
    const local = await runCli(['record', '--store', copy, '--file', '-'], dir, { input: lines });
    expect(remote.code, remote.stderr).toBe(2);
    expect(remote.stderr).toMatch(/^activity: 7 invalid lines, nothing recorded: line 2: "name" holds a NUL character/);
    expect(remote).toEqual(local);
    expect(storeContents(path)).toBe(before);
  });

  it('refuses U+0000 in a filter of the query string (400 naming the term): no event can hold one', async () => {
    for (const [query, flag] of [
      ['search=abc%00', '--search'],
      ['user=Jane%00', '--user'],
      ['account=%00', '--account'],
      ['resourceId=r%00', '--resource-id'],
    ]) {
      for (const route of ['/v1/events', '/v1/count', '/v1/stats', '/v1/stream']) {
        const reply = await call(server.url, 'GET', `${route}?${query}`, { token: `Bearer ${read}` });
        expect(reply.status, `${route}?${query}`).toBe(400);
        expect(JSON.parse(reply.body).error).toBe(`${flag} holds a NUL character (U+0000)`);
      }
    }
  });
});

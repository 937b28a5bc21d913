/** The page's side of the server: its files and their headers, sign-in sessions, exports. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, DEFAULT_SERVER_OPTIONS } from '../../src/server/app.js';
import { ndjson, parseNdjson, runCli, tempDir } from '../helpers.js';
import { openSqlite } from '../store/open-sqlite.js';
import { makeToken, type RunningServer, startServer } from './serve.js';

const dir = tempDir();
const path = join(dir, 'web.db');
const tokens: Record<'read' | 'write' | 'admin', string> = { read: '', write: '', admin: '' };
let server: RunningServer;

const EVENTS = [
  { action: 'create', type: 'cluster', name: 'prod-eu-1', account: 'acme', user: 'Jane Doe' },
  { action: 'update', type: 'service', name: '=HYPERLINK("http://evil")', account: 'acme', user: 'Jane Doe' },
  { action: 'delete', type: 'cluster', name: 'prod-eu-1', account: 'acme', user: '@Bob' },
];

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

async function send(
  method: string,
  route: string,
  { cookie, token, body, url = server.url }: { cookie?: string; token?: string; body?: unknown; url?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (cookie !== undefined) headers.cookie = `activity_session=${cookie}`;
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${route}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** Signs in with `token`; the session secret from the cookie set. */
async function signIn(token: string, url = server.url): Promise<string> {
  const answer = await send('POST', '/v1/session', { body: { token }, url });
  expect(answer.status, answer.body).toBe(201);
  const cookie = answer.headers.get('set-cookie') ?? '';
  return /activity_session=([^;]+)/.exec(cookie)?.[1] ?? '';
}

beforeAll(async () => {
  const input = ndjson(EVENTS);
  expect((await runCli(['--store', path, 'record', '--file', '-'], dir, { input })).code).toBe(0);
  for (const scope of ['read', 'write', 'admin'] as const) tokens[scope] = await makeToken(path, `${scope}er`, scope);
  server = await startServer(path, dir);
});
afterAll(async () => {
  await server?.stop();
});

describe("the page's files", () => {
  it('are served at /, /events/{seq} and /assets/, under a Content-Security-Policy that allows nothing inline or foreign', async () => {
    for (const route of ['/', '/events/2', '/assets/app.js', '/assets/app.css']) {
      const answer = await send('GET', route);
      expect(answer.status, route).toBe(200);
      const csp = answer.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const page = await send('GET', '/');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    // No script or style in the page itself: only the shipped files.
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.body).not.toMatch(/<style|style=/);
    expect((await send('GET', '/assets/nothing-here.js')).status).toBe(404);
    expect((await send('GET', '/assets/..%2Fcli.cjs')).status).toBe(404);
  });

  it("name the log's first answers in the page, for the browser to ask while the script loads", async () => {
    const page = await send('GET', '/?user=Jane+Doe&action=delete&search=%22%3E%3Cimg%20onerror%3D');
    const preloads = [
      ...page.body.matchAll(/<link rel="preload" as="fetch" crossorigin="anonymous" href="([^"]*)">/g),
    ].map((found) => (found[1] ?? '').replaceAll('&amp;', '&'));
    // The same addresses, byte for byte, as the script asks: otherwise the browser asks twice.
    expect(preloads).toEqual([
      '/v1/session',
      '/v1/events?user=Jane+Doe&action=delete&search=%22%3E%3Cimg+onerror%3D&order=newest&limit=50&deleted=true',
    ]);
    const session = await signIn(tokens.read);
    const first = await send('GET', preloads[1] ?? '', { cookie: session });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({
      events: expect.any(Array),
      through: expect.any(Number),
      deleted: [],
    });
  });

  it('answer 304 to a page the browser has', async () => {
    const first = await send('GET', '/assets/app.js');
    const etag = first.headers.get('etag') ?? '';
    const again = await fetch(`${server.url}/assets/app.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });
});

describe('sign-in', () => {
  it('trades a read token for an HttpOnly, SameSite=Strict session cookie that reads, and only reads', async () => {
    const answer = await send('POST', '/v1/session', { body: { token: tokens.read } });
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ name: 'reader', expires: expect.any(String) });
    const cookie = answer.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^activity_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800$/);
    const session = /activity_session=([^;]+)/.exec(cookie)?.[1] ?? '';
    expect(JSON.parse((await send('GET', '/v1/session', { cookie: session })).body)).toEqual({
      name: 'reader',
      session: true,
      linkTemplate: null,
    });
    expect((await send('GET', '/v1/events?limit=5', { cookie: session })).status).toBe(200);
    // An admin token's session reads too, and nothing more.
    const admin = await signIn(tokens.admin);
    const refused = await send('POST', '/v1/events', { cookie: admin, body: EVENTS[0] });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error).toBe('a signed-in page may only read; this needs write');
    expect((await send('GET', '/v1/tokens', { cookie: admin })).status).toBe(403);
  });

  it('refuses a write-only token, a wrong one and a malformed one, and keeps no session for them', async () => {
    const write = await send('POST', '/v1/session', { body: { token: tokens.write } });
    expect(write.status).toBe(403);
    expect(JSON.parse(write.body).error).toMatch(/has write scope, which cannot read the log/);
    expect((await send('POST', '/v1/session', { body: { token: `activity_${'A'.repeat(43)}` } })).status).toBe(401);
    expect((await send('POST', '/v1/session', { body: { token: 'hunter2' } })).status).toBe(401);
    for (const answer of [write]) expect(answer.headers.get('set-cookie')).toBeNull();
  });

  it('ends with sign-out, and with its token revoked, on the next request', async () => {
    const session = await signIn(tokens.read);
    expect((await send('DELETE', '/v1/session', { cookie: session })).status).toBe(204);
    expect((await send('GET', '/v1/events', { cookie: session })).status).toBe(401);
    const name = 'short-lived';
    const token = await makeToken(path, name, 'read');
    const revoked = await signIn(token);
    expect((await send('GET', '/v1/session', { cookie: revoked })).status).toBe(200);
    expect((await send('DELETE', `/v1/tokens/${name}`, { token: tokens.admin })).status).toBe(204);
    const after = await send('GET', '/v1/session', { cookie: revoked });
    expect(after.status).toBe(401);
    expect(JSON.parse(after.body).error).toBe('not signed in, or the session ended');
  });

  it('keeps sessions as digests only, and ends them when they expire', async () => {
    const expiring = join(dir, 'expiring.db');
    const token = await makeToken(expiring, 'reader', 'read');
    const stores = { reads: openSqlite(expiring, 'read'), writes: openSqlite(expiring) };
    const { app } = await buildServer(stores, {
      ...DEFAULT_SERVER_OPTIONS,
      log: false,
      web: { ...DEFAULT_SERVER_OPTIONS.web, sessionMs: 1000 },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    try {
      const session = await signIn(token, url);
      expect((await send('GET', '/v1/session', { cookie: session, url })).status).toBe(200);
      // Neither the store file nor its WAL holds the secret: a digest only.
      for (const file of [expiring, `${expiring}-wal`]) {
        if (existsSync(file)) expect(readFileSync(file).includes(Buffer.from(session)), file).toBe(false);
      }
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await send('GET', '/v1/session', { cookie: session, url })).status).toBe(401);
    } finally {
      await app.close();
      await stores.reads.close();
      await stores.writes.close();
    }
  });
});

describe('exports', () => {
  it('stream the filter as CSV, formula cells neutralized, and as NDJSON equal to the CLI export', async () => {
    const session = await signIn(tokens.read);
    const csv = await send('GET', '/v1/export?format=csv&account=acme', { cookie: session });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="activity-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,id,time,action,type,name,resourceId,account,user,details');
    expect(lines).toHaveLength(4);
    expect(csv.body).toContain(`,"'=HYPERLINK(""http://evil"")",`);
    expect(csv.body).toContain(",'@Bob,");
    const exported = await send('GET', '/v1/export?format=ndjson&type=cluster&order=oldest', { cookie: session });
    expect(exported.headers.get('content-type')).toBe('application/x-ndjson');
    const cli = await runCli(
      ['--store', path, 'list', '--type', 'cluster', '--reverse', '--all', '--format', 'ndjson'],
      dir,
    );
    expect(exported.body).toBe(cli.stdout);
    expect(parseNdjson(exported.body)).toHaveLength(2);
  });
});

/** The remote store as its users meet it: refusals that say what is needed, revocation, odd ids, wrong URLs, serve's own errors. */
import { createServer } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, tempDir } from '../helpers.js';
import { freePort, makeToken, type RunningServer, startServer } from './serve.js';

const dir = tempDir();
const path = join(dir, 'client.db');
const tokens: Record<'admin' | 'read' | 'write', string> = { admin: '', read: '', write: '' };
let server: RunningServer;

const remote = (token: string | undefined, args: string[], input?: string) =>
  runCli(['--store', server.url, ...(token === undefined ? [] : ['--token', token]), ...args], dir, {
    ...(input === undefined ? {} : { input }),
  });
const record = (name: string, extra: string[] = []) =>
  remote(tokens.admin, [
    'record',
    '--action',
    'create',
    '--type',
    'job',
    '--name',
    name,
    '--user',
    'Jane Doe',
    ...extra,
  ]);

beforeAll(async () => {
  for (const scope of ['admin', 'read', 'write'] as const) tokens[scope] = await makeToken(path, scope, scope);
  server = await startServer(path, dir);
});
afterAll(async () => {
  await server?.stop();
});

describe('the remote store', () => {
  it('says which scope a refused request needs, whether the token was missing, wrong or too weak', async () => {
    const none = await remote(undefined, ['list']);
    expect(none.code).toBe(4);
    expect(none.stderr).toMatch(/this needs a token with read scope — give one with --token/);
    const wrong = await remote(`activity_${'A'.repeat(43)}`, ['list']);
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toMatch(/unknown or revoked token — this needs a token with read scope: check the token/);
    const weak = await remote(tokens.write, ['list']);
    expect(weak.code).toBe(4);
    expect(weak.stderr).toMatch(/has write scope; this needs read/);
    for (const result of [none, wrong, weak]) expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses record --format with a write-only token before writing anything, since the events cannot be read back', async () => {
    const before = (await remote(tokens.read, ['list', '--all', '--format', 'ndjson'])).stdout;
    const input = '{"action":"create","type":"job","name":"from-ci","user":"CI"}\n';
    const refused = await remote(tokens.write, ['record', '--file', '-', '--format', 'ndjson'], input);
    expect(refused.code).toBe(4);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/--format prints the recorded events back, which this token may not read/);
    expect((await remote(tokens.read, ['list', '--all', '--format', 'ndjson'])).stdout).toBe(before);
    const plain = await remote(tokens.write, ['record', '--file', '-'], input);
    expect(plain.code).toBe(0);
  });

  it('shows events whose ids are path segments of their own: ".", ".." and "a/b"', async () => {
    for (const id of ['.', '..', 'a/b', '%2E']) {
      expect((await record(`named ${id}`, ['--id', id])).code).toBe(0);
      const shown = await remote(tokens.read, ['show', id, '--json']);
      expect(shown.code, shown.stderr).toBe(0);
      expect(JSON.parse(shown.stdout)).toMatchObject({ id, name: `named ${id}` });
    }
  });

  it('ends a tail -f as soon as its token is revoked: exit 4, no event recorded after it shown', async () => {
    const shortLived = await makeToken(path, 'short-lived', 'read');
    const tail = startCli(
      ['--store', server.url, '--token', shortLived, 'tail', '-f', '-n', '0', '--format', 'ndjson'],
      dir,
    );
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await record('seen by the follower')).code).toBe(0);
    await tail.untilLines(1);
    expect((await remote(tokens.admin, ['token', 'revoke', 'short-lived'])).code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await record('after the revocation')).code).toBe(0);
    const ended = await Promise.race([
      new Promise<number | null>((resolve) =>
        tail.child.exitCode === null ? tail.child.on('exit', resolve) : resolve(tail.child.exitCode),
      ),
      new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 10_000)),
    ]);
    const { stdout, stderr } = await tail.stop();
    expect(ended, stderr).toBe(4);
    expect(stdout).not.toContain('after the revocation');
    expect(stderr).toMatch(/unknown or revoked token/);
  });

  it('gets "Showing N of M" with the first page, in one request, not a page and a count', async () => {
    for (let i = 0; i < 3; i++) expect((await record(`counted ${i}`)).code).toBe(0);
    const before = server.log().length;
    const listed = await remote(tokens.read, ['list', '-n', '2']);
    expect(listed.code).toBe(0);
    const all = (await remote(tokens.read, ['list', '--all', '--format', 'ndjson'])).stdout.trim().split('\n');
    expect(listed.stderr).toBe(`Showing 2 of ${all.length} events. Use --limit or --all for more.\n`);
    const requests = server
      .log()
      .slice(before)
      .split('\n')
      .filter((line) => line.includes('"msg":"request"'))
      .map((line) => (JSON.parse(line) as { path: string }).path);
    expect(requests.slice(0, 1)).toEqual(['/v1/events']);
    expect(requests).not.toContain('/v1/count');
  });

  it('says a URL that answers but is no activity serve is the wrong URL (exit 5)', async () => {
    const other = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<h1>Not Found</h1>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const address = other.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const result = await runCli(['--store', `http://127.0.0.1:${port}`, '--token', tokens.read, 'list'], dir);
      expect(result.code).toBe(5);
      expect(result.stderr).toMatch(
        /answered HTTP 404, not as activity serve does — is the URL that of an activity serve\?/,
      );
    } finally {
      other.close();
    }
  });

  it('answers HEAD of the stream, an over-long path and an empty body as 4xx JSON, without echoing the URL', async () => {
    const call = async (method: string, route: string, body?: string) => {
      const response = await fetch(`${server.url}${route}`, {
        method,
        headers: {
          authorization: `Bearer ${tokens.admin}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(5000),
      });
      return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
    };
    const head = await call('HEAD', '/v1/stream');
    expect(head.status).toBe(200);
    expect(head.type).toMatch(/^text\/event-stream/);
    const long = await call('GET', `/v1/events/by-id/${'a'.repeat(2000)}`);
    expect(long.status).toBe(400);
    expect(JSON.parse(long.text).error).toBe('a part of the path is longer than 1,024 characters');
    expect(long.text).not.toContain('aaaaaaaaaa');
    const empty = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: string }).error).toBe('the request has no body');
  });
});

describe('activity serve refusing to start', () => {
  it('says the port is in use, and a bad store, in one line with the exit code of any command', async () => {
    const port = await freePort();
    const first = await startServer(join(dir, 'first.db'), dir, [], port);
    try {
      const taken = await runCli(['--store', join(dir, 'second.db'), 'serve', '--port', String(port)], dir);
      expect(taken.code).toBe(5);
      expect(taken.stderr).toBe(
        `activity: cannot listen on 127.0.0.1:${port}: the port is in use — stop what uses it, or give another --port\n`,
      );
    } finally {
      await first.stop();
    }
    const noFile = await runCli(['--store', 'file:', 'serve', '--port', '0'], dir);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/^activity: --store file: names no file/);
    expect(noFile.stderr).not.toMatch(/unexpected error/);
  });
});

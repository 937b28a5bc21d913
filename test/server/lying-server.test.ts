/**
 * A server that lies: a proxy in front of two real servers, one over the true store and
 * one over a rewritten copy (a valid chain of its own, one event changed), answering each
 * request from either. verify recomputes the chain on the client, so its checkpoint and
 * the joins of its ranges must catch it however the answers are mixed.
 */
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEvents } from '../../src/sample/generate.js';
import { ndjson, runCli, tempDir } from '../helpers.js';
import { makeToken, type RunningServer, startServer } from './serve.js';

const home = tempDir();

/** Which backend answers a request: its path, and the `through` of a chain read (also in a page's cursor). */
type Route = (path: string, through: number | undefined) => 'true' | 'rewritten';

interface Lie {
  url: string;
  token: string;
  route: Route;
  close(): Promise<void>;
}

/** Two stores of `count` events, the second with event `changed`'s user rewritten, each behind its own server. */
async function lyingPair(name: string, count: number, changed: number): Promise<Lie> {
  const events = [...generateEvents({ count, seed: 21, end: Date.now() - 3_600_000, days: 20 })];
  const rewritten = events.map((e, i) => (i === changed - 1 ? { ...e, user: 'Forged Person' } : e));
  const servers: Record<'true' | 'rewritten', { server: RunningServer; token: string }> = {} as never;
  for (const [kind, input] of [
    ['true', events],
    ['rewritten', rewritten],
  ] as const) {
    const store = join(home, `${name}-${kind}.db`);
    expect((await runCli(['record', '--store', store, '--file', '-'], home, { input: ndjson(input) })).code).toBe(0);
    const token = await makeToken(store, 'reader', 'read');
    servers[kind] = { server: await startServer(store, home), token };
  }
  const lie: Lie = { url: '', token: servers.true.token, route: () => 'true', close: async () => {} };
  const proxy: Server = createServer((incoming, outgoing) => {
    const url = new URL(incoming.url ?? '/', 'http://proxy');
    const cursor = url.searchParams.get('cursor');
    const through = cursor
      ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as number[])[3]
      : Number(url.searchParams.get('through') ?? Number.NaN);
    const target = servers[lie.route(url.pathname, Number.isNaN(through) ? undefined : through)];
    const forwarded = request(
      `${target.server.url}${incoming.url}`,
      { method: incoming.method, headers: { ...incoming.headers, authorization: `Bearer ${target.token}` } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  lie.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  lie.close = async () => {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
    await servers.true.server.stop();
    await servers.rewritten.server.stop();
  };
  return lie;
}

const verify = (lie: Lie, ...args: string[]) =>
  runCli(['--store', lie.url, '--token', lie.token, 'verify', ...args], home);

describe('verify against a server that lies', () => {
  let small: Lie;
  let large: Lie;
  beforeAll(async () => {
    small = await lyingPair('small', 300, 4);
    // Long enough to be checked range by range in worker threads.
    large = await lyingPair('large', 200_100, 5);
  }, 120_000);
  afterAll(async () => {
    await small?.close();
    await large?.close();
  });

  it('catches a rewritten chain behind a checkpoint, though the server answers for that one event truthfully', async () => {
    const checkpoint = join(home, 'small.checkpoint');
    small.route = () => 'true';
    expect((await verify(small, '--checkpoint', checkpoint)).code).toBe(0);
    // The chain from the rewritten store; every other question (the head, one event by seq) from the true one.
    small.route = (path) => (path === '/v1/chain' ? 'rewritten' : 'true');
    const result = await verify(small, '--checkpoint', checkpoint);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/history rewritten: the event at seq 300 no longer has the checkpoint's hash/);
    small.route = () => 'true';
    expect((await verify(small, '--checkpoint', checkpoint)).code).toBe(0);
  });

  it('catches ranges checked apart that do not join: the first from the rewritten chain, the rest from the true one', async () => {
    large.route = (path, through) =>
      path === '/v1/chain' && through !== undefined && through < 10_000 ? 'rewritten' : 'true';
    const result = await verify(large);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/the store gave two different histories: the chain from seq \d+ on did not join/);
    large.route = () => 'true';
    const honest = await verify(large);
    expect(honest.code).toBe(0);
    expect(honest.stdout).toMatch(/^Verified 200,100 events\./);
  }, 120_000);
});

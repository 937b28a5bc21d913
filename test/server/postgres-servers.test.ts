/**
 * Several `activity serve` over one PostgreSQL database, with real processes: writers
 * through either server and straight to the database, one chain; followers on each
 * server see every event whichever recorded it (LISTEN/NOTIFY); tokens, sessions and
 * uploads shared (a record --file through a round-robin balancer); a writer killed
 * mid-batch leaves nothing; a restart of PostgreSQL is survived.
 */
import { writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { BatchItem } from '../../src/core/batch.js';
import { StoreError } from '../../src/core/errors.js';
import type { ActivityEvent } from '../../src/core/event.js';
import { generateEvents } from '../../src/sample/generate.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { ndjson, parseNdjson, type RunningCli, runCli, startCli, tempDir } from '../helpers.js';
import { sample as contractSample, items } from '../store/contract.js';
import { canRunOwnServer, ownPostgres } from '../store/own-postgres.js';
import { describeWithPostgres, freshDatabase, sql } from '../store/postgres.js';
import { type RunningServer, startServer } from './serve.js';

const home = tempDir();
const END = Date.parse('2026-11-20T12:00:00.000Z');
const sample = (count: number, seed: number) => [...generateEvents({ count, seed, end: END, days: 5, users: 20 })];

const running: { stop(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((process) => process.stop()));
});

const serve = async (store: string): Promise<RunningServer> => {
  const server = await startServer(store, home);
  running.push(server);
  return server;
};
const follow = (store: string, token?: string): RunningCli => {
  const tail = startCli(
    ['--store', store, ...(token ? ['--token', token] : []), 'tail', '-f', '-n', '1', '--format', 'ndjson'],
    home,
  );
  running.push(tail);
  return tail;
};
const cli = (store: string, args: string[], token?: string, input?: string) =>
  runCli(['--store', store, ...(token ? ['--token', token] : []), ...args], home, input === undefined ? {} : { input });

/** A token made with `token create` on `store` (the database, or a server with an admin token). */
async function makeToken(store: string, name: string, scope: string, admin?: string): Promise<string> {
  const made = await cli(store, ['token', 'create', '--name', name, '--scope', scope], admin);
  expect(made.code, made.stderr).toBe(0);
  return /activity_[A-Za-z0-9_-]{43}/.exec(made.stdout + made.stderr)?.[0] as string;
}

const recordOne = (store: string, name: string, token?: string) =>
  cli(store, ['record', '--action', 'update', '--type', 'service', '--name', name, '--user', 'Jane Doe'], token);

const seqsOf = (out: string) => parseNdjson<ActivityEvent>(out).map((e) => e.seq);
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithPostgres('several activity serve over one PostgreSQL database', () => {
  it('8 writers through two servers and straight to the database make one chain that every follower sees whole', async () => {
    const db = await freshDatabase();
    const admin = await makeToken(db, 'admin', 'admin');
    const [a, b] = await Promise.all([serve(db), serve(db)]);
    const write = await makeToken(a.url, 'ci', 'write', admin);
    const read = await makeToken(b.url, 'auditor', 'read', admin);
    expect((await recordOne(db, 'seed')).code).toBe(0);

    // Each follower shows the seed, then follows from it: none can miss what comes next.
    const followers = [follow(a.url, read), follow(b.url, read), follow(db)];
    await Promise.all(followers.map((tail) => tail.untilLines(1)));

    const PER_WRITER = 250;
    const targets = [a.url, a.url, a.url, b.url, b.url, b.url, db, db];
    const files = targets.map((_, i) => {
      const file = join(home, `writer-${i}.ndjson`);
      writeFileSync(file, ndjson(sample(PER_WRITER, 100 + i)));
      return file;
    });
    let writing = true;
    const writers = Promise.all(
      targets.map((store, i) => cli(store, ['record', '--file', files[i] as string], store === db ? undefined : write)),
    ).finally(() => {
      writing = false;
    });
    // Readers meanwhile, on each server and on the database.
    const readers = [a.url, b.url, db].map(async (store) => {
      let pages = 0;
      while (writing || pages === 0) {
        const page = await cli(store, ['list', '-n', '50', '--format', 'ndjson'], store === db ? undefined : read);
        expect(page.code, page.stderr).toBe(0);
        const seqs = seqsOf(page.stdout);
        expect(new Set(seqs).size).toBe(seqs.length);
        pages++;
      }
      return pages;
    });
    // Connections stay bounded (docs/server.md): 25 a server at most, here with 2 read threads
    // each; besides them, the direct follower's 2, the direct writers' and readers' 1 each, and this count's.
    const database = new URL(db).pathname.slice(1);
    let most = 0;
    while (writing) {
      const [row] = await sql(db, 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database]);
      most = Math.max(most, Number(row?.n));
      await sleep(100);
    }
    for (const result of await writers) expect(result.code, result.stderr).toBe(0);
    for (const pages of await Promise.all(readers)) expect(pages).toBeGreaterThan(0);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(2 * 23 + 2 + 2 + 1 + 1);

    const total = 1 + targets.length * PER_WRITER;
    const stored = await sql(db, 'SELECT seq FROM events ORDER BY seq');
    expect(stored.map((row) => Number(row.seq))).toEqual(oneTo(total));
    await Promise.all(followers.map((tail) => tail.untilLines(total, 60_000)));
    for (const tail of followers) {
      const { stdout } = await tail.stop();
      // Exactly once each, in seq order, whichever server (or none) recorded it.
      expect(seqsOf(stdout)).toEqual(oneTo(total));
    }
    // Provenance: the servers stamped what came through them, and only that.
    const byRecorder = await sql(db, 'SELECT recorded_by, count(*)::int AS n FROM events GROUP BY 1 ORDER BY 1');
    expect(byRecorder).toEqual([
      { recorded_by: 'ci', n: 6 * PER_WRITER },
      { recorded_by: null, n: 2 * PER_WRITER + 1 },
    ]);
    for (const [store, token] of [
      [a.url, read],
      [b.url, read],
      [db, undefined],
    ] as const) {
      const verified = await cli(store, ['verify'], token);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout + verified.stderr).toMatch(new RegExp(`Verified ${total.toLocaleString('en')} events`));
    }
  });

  it('behind a load balancer that sends each request to the next server, record --file of 12,000 events is one upload, recorded once', async () => {
    const db = await freshDatabase();
    const admin = await makeToken(db, 'admin', 'admin');
    const write = await makeToken(db, 'ci', 'write');
    const servers = await Promise.all([serve(db), serve(db)]);
    // Round robin by request, as nginx's upstream does over kept-alive connections.
    const served: string[][] = [[], []];
    let next = 0;
    const balancer = createHttpServer((request, response) => {
      const at = next++ % 2;
      served[at]?.push(`${request.method} ${request.url}`);
      const upstream = httpRequest(
        {
          host: '127.0.0.1',
          port: servers[at]?.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => response.destroy());
      request.pipe(upstream);
    });
    await new Promise<void>((listening) => balancer.listen(0, '127.0.0.1', listening));
    running.push({ stop: () => new Promise((closed) => balancer.close(closed)) });
    const url = `http://127.0.0.1:${(balancer.address() as AddressInfo).port}`;
    try {
      const events = sample(12_000, 120);
      const file = join(home, 'balanced.ndjson');
      writeFileSync(file, ndjson(events));
      const recorded = await cli(url, ['record', '--file', file], write);
      expect(recorded.code, recorded.stderr).toBe(0);
      expect(recorded.stderr).toMatch(/12,000 events/);
      // Its parts and its commit went to both servers.
      for (const log of served) expect(log.filter((line) => line.includes('/v1/uploads/')).length).toBeGreaterThan(0);

      const listed = await cli(db, ['list', '--limit', '20000', '--format', 'ndjson']);
      const stored = parseNdjson<ActivityEvent>(listed.stdout).sort((x, y) => x.seq - y.seq);
      expect(stored.map((e) => [e.seq, e.id, e.recordedBy])).toEqual(events.map((e, i) => [i + 1, e.id, 'ci']));
      expect(await sql(db, 'SELECT count(*)::int AS n FROM uploads')).toEqual([{ n: 0 }]);
      expect((await cli(db, ['verify'], admin)).code).toBe(0);
    } finally {
      balancer.closeAllConnections();
    }
  }, 120_000);

  it('shares tokens and sessions: made on either server or the database, revoked on one and refused by the other', async () => {
    const db = await freshDatabase();
    const admin = await makeToken(db, 'admin', 'admin');
    const [a, b] = await Promise.all([serve(db), serve(db)]);
    expect((await recordOne(db, 'seed')).code).toBe(0);
    const viaA = await makeToken(a.url, 'made-on-a', 'read', admin);
    const onDb = await makeToken(db, 'made-on-db', 'read');
    for (const server of [a, b]) {
      for (const token of [viaA, onDb]) expect((await cli(server.url, ['list'], token)).code).toBe(0);
    }

    // A stream of the token open on B; the token revoked through A.
    const tail = follow(b.url, viaA);
    await tail.untilLines(1);
    expect((await cli(a.url, ['token', 'revoke', 'made-on-a'], admin)).code).toBe(0);
    const refused = await cli(b.url, ['list'], viaA);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/unknown or revoked token/);
    await sleep(1100);
    expect((await recordOne(a.url, 'after the revocation', admin)).code).toBe(0);
    const ended = await new Promise<number | null>((resolve) =>
      tail.child.exitCode === null ? tail.child.on('exit', resolve) : resolve(tail.child.exitCode),
    );
    expect(ended).toBe(4);
    expect(tail.stdout()).not.toContain('after the revocation');
    expect(tail.stderr()).toMatch(/unknown or revoked token/);

    // A session opened on A is one on B; signed out on A, it is over on B.
    const opened = await fetch(`${a.url}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: onDb }),
    });
    expect(opened.status).toBe(201);
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const session = (server: RunningServer, method = 'GET') =>
      fetch(`${server.url}/v1/session`, { method, headers: { cookie } });
    expect((await session(b)).status).toBe(200);
    expect((await fetch(`${b.url}/v1/events?limit=5`, { headers: { cookie } })).status).toBe(200);
    expect((await session(a, 'DELETE')).status).toBe(204);
    expect((await session(b)).status).toBe(401);
    expect((await session(a)).status).toBe(401);

    // Uploads too: begun on one server, a part through the other, dropped through the first.
    const bearer = { authorization: `Bearer ${admin}` };
    const upload = await fetch(`${a.url}/v1/uploads`, { method: 'POST', headers: bearer });
    expect(upload.status).toBe(201);
    const { id } = (await upload.json()) as { id: string };
    const part = () =>
      fetch(`${b.url}/v1/uploads/${id}/events`, {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/x-ndjson' },
        body: ndjson(sample(2, 3)),
      });
    const added = await part();
    expect(added.status).toBe(200);
    expect(await added.json()).toEqual({ lines: 2 });
    expect((await fetch(`${a.url}/v1/uploads/${id}`, { method: 'DELETE', headers: bearer })).status).toBe(204);
    const gone = await part();
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: string }).error).toMatch(/^no upload/);
  });

  // Into a store that holds events, the batch goes into events; into an empty one, past
  // 5,000 events, into a table of its own swapped in at the commit (docs/store.md).
  it.each([
    { before: 50, copying: 'COPY events (%' },
    { before: 0, copying: 'COPY events_bulk %' },
  ])('leaves nothing of a writer killed mid-batch ($copying): the same count, a chain that verifies and goes on', async ({
    before,
    copying,
  }) => {
    const db = await freshDatabase();
    if (before > 0)
      expect((await cli(db, ['record', '--file', '-'], undefined, ndjson(sample(before, 1)))).code).toBe(0);
    const file = join(home, `large-${before}.ndjson`);
    writeFileSync(file, ndjson(sample(50_000, 2)));
    const writer = startCli(['--store', db, 'record', '--file', file], home);
    // Killed while its events go in: once such a COPY of its transaction is under way.
    const database = new URL(db).pathname.slice(1);
    for (let waited = 0; waited < 60_000; waited += 20) {
      const found = await sql(
        db,
        "SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND query LIKE $2",
        [database, copying],
      );
      if (found.length > 0) break;
      await sleep(20);
    }
    expect(writer.child.exitCode).toBeNull();
    const { code } = await writer.stop('SIGKILL');
    expect(code).toBeNull();

    expect(await sql(db, 'SELECT count(*)::int AS n, coalesce(max(seq), 0)::int AS head FROM events')).toEqual([
      { n: before, head: before },
    ]);
    expect(await sql(db, "SELECT to_regclass('events_bulk') AS t")).toEqual([{ t: null }]);
    if (before > 0) {
      const verified = await cli(db, ['verify']);
      expect(verified.code, verified.stderr).toBe(0);
    }
    expect((await recordOne(db, 'next')).code).toBe(0);
    const after = await cli(db, ['verify']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout + after.stderr).toMatch(new RegExp(`Verified ${before + 1} events?\\.`));
  });

  it("fails a batch whose connection is cut while it waits for its next chunk, and goes on (the server's process lives)", async () => {
    const db = await freshDatabase();
    const options = { location: db, mode: 'write', durability: 'normal', lifetime: 'server' } as const;
    const store = await PostgresStore.open(options, db);
    try {
      const [first, second] = items(contractSample(4)).flatMap((chunk) => [chunk.slice(0, 2), chunk.slice(2)]);
      async function* cutBetween(): AsyncIterable<readonly BatchItem[]> {
        yield first as BatchItem[];
        const database = new URL(db).pathname.slice(1);
        await sql(
          db,
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [database],
        );
        // The cut reaches the idle connection before its next statement.
        await sleep(300);
        yield second as BatchItem[];
      }
      await expect(store.record(cutBetween())).rejects.toBeInstanceOf(StoreError);
      expect(await store.record(items(contractSample(4)))).toMatchObject({ recorded: 4, firstSeq: 1, lastSeq: 4 });
    } finally {
      await store.close();
    }
  });

  it.skipIf(!canRunOwnServer)(
    'survives a restart of PostgreSQL: 503 while it is down, then serves again; followers miss nothing',
    async () => {
      const postgres = await ownPostgres();
      try {
        const admin = await makeToken(postgres.url, 'admin', 'admin');
        expect((await recordOne(postgres.url, 'before')).code).toBe(0);
        const server = await serve(postgres.url);
        const followers = [follow(server.url, admin), follow(postgres.url)];
        await Promise.all(followers.map((tail) => tail.untilLines(1)));

        postgres.stop();
        const down = await fetch(`${server.url}/readyz`);
        expect(down.status).toBe(503);
        const refused = await fetch(`${server.url}/v1/events`, { headers: { authorization: `Bearer ${admin}` } });
        expect(refused.status).toBe(503);
        expect(await refused.json()).toEqual({ error: 'the store is unavailable', hint: 'try again later' });
        const listed = await cli(server.url, ['list'], admin);
        expect(listed.code).toBe(5);
        expect(listed.stderr.trimEnd().split('\n')).toHaveLength(1);
        // Down long enough for the streams' token checks and the followers' retries to meet it.
        await sleep(6_000);
        expect(server.child.exitCode, server.log()).toBeNull();

        postgres.start();
        expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
        expect((await recordOne(server.url, 'through the server', admin)).code).toBe(0);
        expect((await recordOne(postgres.url, 'straight in')).code).toBe(0);
        for (const tail of followers) {
          await tail.untilLines(3);
          const { stdout } = await tail.stop();
          expect(parseNdjson<ActivityEvent>(stdout).map((e) => e.name)).toEqual([
            'before',
            'through the server',
            'straight in',
          ]);
        }
        expect(server.child.exitCode).toBeNull();
        expect(server.log()).not.toMatch(/unexpected error|Unhandled|uncaught/i);
      } finally {
        await Promise.all(running.splice(0).map((process) => process.stop()));
        postgres.remove();
      }
    },
    120_000,
  );
});

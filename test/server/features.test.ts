/** The server's other promises: TLS, rate limits, tokens through it, heartbeats, slow clients, readiness, large uploads. */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH } from '../../src/core/chain.js';
import { emptyFilter } from '../../src/core/filter.js';
import { generateEvents } from '../../src/sample/generate.js';
import { buildServer, DEFAULT_SERVER_OPTIONS } from '../../src/server/app.js';
import { runCli, tempDir } from '../helpers.js';
import { openSqlite } from '../store/open-sqlite.js';
import { makeToken, startServer } from './serve.js';

const dir = tempDir();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('activity serve', () => {
  it('serves HTTPS with --tls-cert and --tls-key, which a client trusting the certificate uses', async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const path = join(dir, 'tls.db');
    const token = await makeToken(path, 'reader', 'read');
    const server = await startServer(path, dir, ['--tls-cert', cert, '--tls-key', key]);
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const trusted = await runCli(['--store', server.url, 'list'], dir, {
        env: { ACTIVITY_TOKEN: token, NODE_EXTRA_CA_CERTS: cert },
      });
      expect(trusted.code).toBe(0);
      const untrusted = await runCli(['--store', server.url, 'list'], dir, { env: { ACTIVITY_TOKEN: token } });
      expect(untrusted.code).toBe(5);
      expect(untrusted.stderr.trim().split('\n')).toHaveLength(1);
      expect(untrusted.stderr).toMatch(
        /its certificate is not trusted here \(\w+\) — give the certificate's CA in NODE_EXTRA_CA_CERTS/,
      );
      expect(untrusted.stderr).not.toContain('\\x0a');
      const status = await new Promise<number>((resolve, reject) =>
        httpsRequest(`${server.url}/healthz`, { rejectUnauthorized: false }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
          .on('error', reject)
          .end(),
      );
      expect(status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('limits each token: a 429 with Retry-After past the limit, other tokens unaffected', async () => {
    const path = join(dir, 'limited.db');
    const busy = await makeToken(path, 'busy', 'read');
    const calm = await makeToken(path, 'calm', 'read');
    const server = await startServer(path, dir, ['--rate-limit', '3']);
    const get = (token: string) =>
      new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) =>
        httpRequest(`${server.url}/v1/head`, { headers: { authorization: `Bearer ${token}` } }, (response) => {
          response.resume();
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: response.headers['retry-after'] as string | undefined,
          });
        })
          .on('error', reject)
          .end(),
      );
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push(await get(busy));
      expect(statuses.map((s) => s.status)).toEqual([200, 200, 200, 429, 429]);
      expect(Number(statuses[3]?.retryAfter)).toBeGreaterThan(0);
      expect((await get(calm)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('creates, lists and revokes tokens through the server with an admin token, and only with one', async () => {
    const path = join(dir, 'tokens.db');
    const admin = await makeToken(path, 'admin', 'admin');
    const reader = await makeToken(path, 'reader', 'read');
    const server = await startServer(path, dir);
    try {
      const as = (token: string, ...args: string[]) =>
        runCli(['--store', server.url, 'token', ...args], dir, { env: { ACTIVITY_TOKEN: token } });
      const made = await as(admin, 'create', '--name', 'ci-deploy', '--scope', 'write');
      expect(made.code).toBe(0);
      expect(made.stdout).toMatch(/^activity_[A-Za-z0-9_-]{43}\n$/);
      expect(made.stderr).toMatch(/shown only this once/);
      const listed = await as(admin, 'list', '--json');
      expect(JSON.parse(listed.stdout).map((t: { name: string }) => t.name)).toEqual(['admin', 'ci-deploy', 'reader']);
      expect(listed.stdout).not.toContain(made.stdout.trim());
      expect((await as(reader, 'list')).code).toBe(4);
      expect((await as(admin, 'create', '--name', 'ci-deploy', '--scope', 'read')).code).toBe(2);
      expect((await as(admin, 'revoke', 'ci-deploy')).code).toBe(0);
      const refused = await runCli(
        ['--store', server.url, 'record', '--action', 'create', '--type', 'job', '--name', 'j', '--user', 'U'],
        dir,
        { env: { ACTIVITY_TOKEN: made.stdout.trim() } },
      );
      expect(refused.code).toBe(4);
      expect(refused.stderr).toMatch(/unknown or revoked token/);
    } finally {
      await server.stop();
    }
  });

  it('answers the same with read threads as without, many requests at once', async () => {
    const path = join(dir, 'threads.db');
    const file = join(dir, 'threads.ndjson');
    writeFileSync(file, [...generateEvents({ count: 3000, seed: 5 })].map((e) => JSON.stringify(e)).join('\n'));
    expect((await runCli(['--store', path, 'record', '--file', file], dir)).code).toBe(0);
    const token = await makeToken(path, 'reader', 'read');
    const threaded = await startServer(path, dir, ['--read-threads', '2']);
    const single = await startServer(path, dir, ['--read-threads', '0']);
    try {
      const asks = [
        '/v1/events?limit=1000&order=oldest',
        '/v1/events?limit=1000&type=cluster&action=delete',
        '/v1/events?limit=50&search=api&order=newest',
        '/v1/count?action=update',
        '/v1/stats?type=service',
        '/v1/chain?limit=900&after=100',
      ];
      const answers = (base: string) =>
        // Each asked four times at once: pages of more than one statement's page meet on a connection.
        Promise.all(
          asks.flatMap((ask) =>
            Array.from({ length: 4 }, () =>
              fetch(new URL(ask, base), { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({
                status: r.status,
                body: await r.text(),
              })),
            ),
          ),
        );
      const [fromThreads, fromOne] = [await answers(threaded.url), await answers(single.url)];
      expect(fromThreads.map((a) => a.status)).toEqual(fromThreads.map(() => 200));
      expect(fromThreads).toEqual(fromOne);
      expect(JSON.parse(fromThreads[0]?.body ?? '').events).toHaveLength(1000);
    } finally {
      await threaded.stop();
      await single.stop();
    }
  });

  it('folds what it records into the store file as it goes, and leaves no WAL behind at shutdown', async () => {
    const path = join(dir, 'checkpoints.db');
    const writer = await makeToken(path, 'writer', 'write');
    const server = await startServer(path, dir);
    const before = statSync(path).size;
    try {
      const events = [...generateEvents({ count: 6000, seed: 9 })].map(({ id: _, time: __, ...e }) => e);
      for (let at = 0; at < events.length; at += 2000) {
        const answer = await fetch(new URL('/v1/events', server.url), {
          method: 'POST',
          headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
          body: JSON.stringify(events.slice(at, at + 2000)),
        });
        expect(answer.status).toBe(200);
      }
      // The checkpoint thread's work: without it the events would stay in the WAL alone.
      for (let waited = 0; statSync(path).size <= before && waited < 5000; waited += 50) await sleep(50);
      expect(statSync(path).size).toBeGreaterThan(before + 1024 * 1024);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect((await runCli(['--store', path, 'verify'], dir)).code).toBe(0);
  });

  it('records a large input through an upload, all or nothing, naming bad lines as the input numbers them', async () => {
    const path = join(dir, 'upload.db');
    const writer = await makeToken(path, 'ci', 'write');
    const reader = await makeToken(path, 'audit', 'read');
    const server = await startServer(path, dir);
    try {
      const lines = Array.from({ length: 12_000 }, (_, i) =>
        JSON.stringify({ id: `u-${i}`, action: 'create', type: 'job', name: `job-${i}`, user: 'CI' }),
      );
      const bad = [...lines];
      bad[10_999] = '{"action":"create","type":"job","name":"x"}';
      writeFileSync(join(dir, 'bad.ndjson'), `${bad.join('\n')}\n`);
      writeFileSync(join(dir, 'good.ndjson'), `${lines.join('\n')}\n`);
      const record = (file: string) =>
        runCli(['--store', server.url, 'record', '--file', join(dir, file)], dir, { env: { ACTIVITY_TOKEN: writer } });
      const refused = await record('bad.ndjson');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/line 11000: "user" is required/);
      const count = () =>
        runCli(['--store', server.url, 'list', '--all', '--format', 'tsv'], dir, { env: { ACTIVITY_TOKEN: reader } });
      expect((await count()).stdout).toBe('');
      expect((await record('good.ndjson')).code).toBe(0);
      expect((await count()).stdout.split('\n').filter(Boolean)).toHaveLength(12_000);
      // Again: the ids make a re-run record nothing twice.
      const again = await record('good.ndjson');
      expect(again.code).toBe(0);
      expect((await count()).stdout.split('\n').filter(Boolean)).toHaveLength(12_000);
      const recorded = await runCli(
        ['--store', server.url, 'list', '--recorded-by', 'ci', '--limit', '1', '--json'],
        dir,
        {
          env: { ACTIVITY_TOKEN: reader },
        },
      );
      expect(JSON.parse(recorded.stdout)[0].recordedBy).toBe('ci');
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('sends heartbeats on a quiet stream, and drops a client that stops reading instead of buffering for it', async () => {
    const path = join(dir, 'stream.db');
    const token = await makeToken(path, 'reader', 'read');
    const writer = await makeToken(path, 'writer', 'write');
    const stores = { reads: openSqlite(path, 'read'), writes: openSqlite(path) };
    const { app, streams } = await buildServer(stores, {
      ...DEFAULT_SERVER_OPTIONS,
      heartbeatMs: 50,
      slowClientMs: 300,
      log: false,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    try {
      // A quiet stream: heartbeats.
      const heard = await new Promise<string>((resolve, reject) => {
        httpRequest(`${url}/v1/stream`, { headers: { authorization: `Bearer ${token}` } }, (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (text.includes(': heartbeat')) {
              response.destroy();
              resolve(text);
            }
          });
        })
          .on('error', reject)
          .end();
      });
      expect(heard).toMatch(/^retry: 1000\nid: 0\nevent: through\ndata: 0\n\n/);
      // A client that reads nothing while 5,000 events of 4 KB are pushed to it.
      let paused: import('node:http').IncomingMessage | undefined;
      const stalled = httpRequest(`${url}/v1/stream`, { headers: { authorization: `Bearer ${token}` } }, (response) => {
        response.pause();
        paused = response;
      });
      stalled.on('error', () => {});
      stalled.end();
      await sleep(200);
      const big = `{"name":"${'n'.repeat(200)}","action":"create","type":"job","user":"U","details":{"pad":"${'p'.repeat(4000)}"}}`;
      for (let batch = 0; batch < 10; batch++) {
        await new Promise<void>((resolve, reject) =>
          httpRequest(
            `${url}/v1/events`,
            { method: 'POST', headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/x-ndjson' } },
            (response) => {
              response.resume();
              response.on('end', resolve);
            },
          )
            .on('error', reject)
            .end(Array(500).fill(big).join('\n')),
        );
      }
      await sleep(1000);
      // Reading again, it finds the stream ended early: what was sent before the drop, far from all of it.
      let received = 0;
      const ended = await new Promise<boolean>((resolve) => {
        const stream = paused as import('node:http').IncomingMessage;
        stream.on('data', (chunk: Buffer) => {
          received += chunk.length;
        });
        stream.on('close', () => resolve(true));
        stream.on('error', () => resolve(true));
        setTimeout(() => resolve(false), 5000);
        stream.resume();
      });
      expect(ended).toBe(true);
      expect(received).toBeLessThan(5000 * 4200);
    } finally {
      streams.closeAll();
      await app.close();
      await stores.reads.close();
      await stores.writes.close();
    }
  }, 30_000);

  it("verify through a server recomputes the chain: a rewritten or truncated history fails the client's checkpoint", async () => {
    const path = join(dir, 'audited.db');
    const token = await makeToken(path, 'audit', 'read');
    const events = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ action: 'update', type: 'service', name: `svc-${i}`, user: 'Ana' }),
    );
    writeFileSync(join(dir, 'audited.ndjson'), `${events.join('\n')}\n`);
    expect((await runCli(['--store', path, 'record', '--file', join(dir, 'audited.ndjson')], dir)).code).toBe(0);
    const server = await startServer(path, dir);
    const verify = (...args: string[]) =>
      runCli(['--store', server.url, 'verify', ...args], dir, { env: { ACTIVITY_TOKEN: token } });
    try {
      const checkpoint = join(dir, 'audit.checkpoint');
      expect((await verify('--checkpoint', checkpoint)).code).toBe(0);
      // An edited event: the server still sends its stored hash, and the client's recomputing finds it.
      const db = new Database(path);
      db.prepare("UPDATE names SET name = 'svc-rewritten' WHERE name = 'svc-10'").run();
      db.close();
      const edited = await verify();
      expect(edited.code).toBe(3);
      expect(edited.stderr).toMatch(/seq 11/);
      // A history rewritten hash and all, so that the chain holds again: only the checkpoint kept here can tell.
      const store = openSqlite(path);
      const all = [];
      for await (const page of store.query({ filter: emptyFilter(), order: 'seq' })) all.push(...page);
      await store.close();
      const forge = new Database(path);
      let previous = GENESIS_HASH;
      for (const e of all) {
        const hash = chainHash(previous, e.seq, e);
        forge.prepare('UPDATE events SET hash = unhex(?) WHERE seq = ?').run(hash, e.seq);
        previous = hash;
      }
      forge.close();
      expect((await verify()).code).toBe(0);
      const forged = await verify('--checkpoint', checkpoint);
      expect(forged.code).toBe(3);
      // History cut short: the checkpoint's seq is gone.
      const cut = new Database(path);
      cut.prepare('DELETE FROM events WHERE seq > 45').run();
      cut.close();
      const truncated = await verify('--checkpoint', checkpoint);
      expect(truncated.code).toBe(3);
    } finally {
      await server.stop();
    }
  });

  it('closes on a slow-loris client that never finishes its headers, and answers 431 to a header flood', async () => {
    const path = join(dir, 'loris.db');
    const stores = { reads: openSqlite(path), writes: openSqlite(path) };
    const { app } = await buildServer(stores, { ...DEFAULT_SERVER_OPTIONS, headersTimeoutMs: 500, log: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    /** What the server answers to `text` sent and never finished, and whether it closed the connection. */
    const exchange = (text: string) =>
      new Promise<{ answer: string; closed: boolean }>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(text));
        let answer = '';
        socket.on('data', (chunk) => {
          answer += chunk.toString();
        });
        const timer = setTimeout(() => {
          socket.destroy();
          resolve({ answer, closed: false });
        }, 5000);
        socket.on('close', () => {
          clearTimeout(timer);
          resolve({ answer, closed: true });
        });
        socket.on('error', () => {});
      });
    try {
      const loris = await exchange('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n');
      expect(loris.closed).toBe(true);
      expect(loris.answer).toMatch(/^HTTP\/1\.1 408/);
      const flood = await exchange(`GET /healthz HTTP/1.1\r\nHost: x\r\n${'X-Flood: y\r\n'.repeat(3000)}\r\n`);
      expect(flood.answer).toMatch(/^HTTP\/1\.1 431/);
    } finally {
      await app.close();
      await stores.reads.close();
      await stores.writes.close();
    }
  });

  it("says the head a page was read at, which of its events' resources are deleted when asked, and counts a range", async () => {
    const path = join(dir, 'page-extras.db');
    const token = await makeToken(path, 'reader', 'read');
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
    const event = (minute: number, action: string, resourceId: string) =>
      JSON.stringify({
        time: at(minute),
        action,
        type: 'service',
        name: resourceId,
        resourceId,
        account: 'acme',
        user: 'Jane Doe',
      });
    // svc-a created, updated, deleted; svc-b created and updated; svc-c created.
    const lines = [
      event(1, 'create', 'svc-a'),
      event(2, 'create', 'svc-b'),
      event(3, 'update', 'svc-a'),
      event(4, 'create', 'svc-c'),
      event(5, 'delete', 'svc-a'),
      event(6, 'update', 'svc-b'),
    ];
    const recorded = await runCli(['--store', path, 'record', '--file', '-'], dir, { input: lines.join('\n') });
    expect(recorded.stderr).not.toMatch(/error/i);
    const stores = { reads: openSqlite(path), writes: openSqlite(path) };
    const { app } = await buildServer(stores, { ...DEFAULT_SERVER_OPTIONS, log: false });
    const get = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${token}` } });
    try {
      const plain = (await get('/v1/events?order=newest&limit=4')).json();
      expect(plain.through).toBe(6);
      expect(plain.deleted).toBeUndefined();
      const marked = (await get('/v1/events?order=newest&limit=4&deleted=true')).json();
      expect(marked.events.map((e: { seq: number }) => e.seq)).toEqual([6, 5, 4, 3]);
      expect(marked.deleted).toEqual([5, 3]);
      const older = (await get(`/v1/events?order=newest&limit=4&deleted=true&cursor=${marked.next}`)).json();
      expect(older.events.map((e: { seq: number }) => e.seq)).toEqual([2, 1]);
      expect(older.deleted).toEqual([1]);
      expect(older.through).toBe(6);
      const ndjson = await app.inject({
        url: '/v1/events?order=newest&limit=2',
        headers: { authorization: `Bearer ${token}`, accept: 'application/x-ndjson' },
      });
      expect(ndjson.headers['activity-through']).toBe('6');
      // Counted with no filter, over a range and up to a head: as many as it spans.
      expect((await get('/v1/count?through=4')).json().count).toBe(4);
      expect((await get('/v1/count?after=2&through=5')).json().count).toBe(3);
      expect((await get('/v1/count?after=6')).json().count).toBe(0);
      expect((await get('/v1/count?user=Jane%20Doe&after=2&through=5')).json().count).toBe(3);
    } finally {
      await app.close();
      await stores.writes.close();
      await stores.reads.close();
    }
  });

  it('is ready while the store can be read, and says it is not (503) when it cannot', async () => {
    const path = join(dir, 'ready.db');
    const stores = { reads: openSqlite(path), writes: openSqlite(path) };
    const { app } = await buildServer(stores, { ...DEFAULT_SERVER_OPTIONS, log: false });
    try {
      expect((await app.inject('/readyz')).statusCode).toBe(200);
      await stores.reads.close(); // the store gone from under the server
      const gone = await app.inject('/readyz');
      expect(gone.statusCode).toBe(503);
      expect(gone.json().error).toMatch(/unavailable/);
      expect((await app.inject('/healthz')).statusCode).toBe(200);
    } finally {
      await app.close();
      await stores.writes.close();
    }
  });
});

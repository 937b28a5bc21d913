/** The real bin/activity on a PostgreSQL store: a database of its own for each test. */
import { expect, it } from 'vitest';
import type { ActivityEvent } from '../../src/core/event.js';
import { generateEvents } from '../../src/sample/generate.js';
import { ndjson, parseNdjson, runCli, startCli, tempDir } from '../helpers.js';
import { canRunOwnServer, ownPostgres } from '../store/own-postgres.js';
import { describeWithPostgres, freshDatabase, sql } from '../store/postgres.js';

const home = tempDir();
const END = Date.parse('2026-11-20T12:00:00.000Z');
const sample = (count: number, seed: number) => [...generateEvents({ count, seed, end: END, days: 5, users: 20 })];

const record = (store: string, name: string) =>
  runCli(
    ['record', '--store', store, '--action', 'update', '--type', 'service', '--name', name, '--user', 'Jane Doe'],
    home,
  );

/** One line on stderr, exit 5, naming the host and database and never the password. */
function expectStoreFailure(result: { code: number | null; stderr: string }, host: string, database: string): void {
  expect(result.code).toBe(5);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toContain(host);
  expect(result.stderr).toContain(`"${database}"`);
  expect(result.stderr).not.toContain('s3cret');
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describeWithPostgres('activity on a PostgreSQL store', () => {
  it('records, lists, follows and verifies; a tampered row fails verify (exit 3)', async () => {
    const store = await freshDatabase();
    const file = ndjson(sample(120, 1));
    expect((await runCli(['record', '--store', store, '--file', '-'], home, { input: file })).code).toBe(0);
    const listed = await runCli(['list', '--store', store, '--all', '--format', 'ndjson'], home);
    expect(listed.code).toBe(0);
    const events = parseNdjson<ActivityEvent>(listed.stdout);
    expect(events.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));

    const tail = startCli(['tail', '-f', '--store', store, '--format', 'ndjson'], home);
    await tail.untilLines(10);
    expect((await record(store, 'followed')).code).toBe(0);
    await tail.until((out) => out.includes('"name":"followed"'));
    const stopped = await tail.stop();
    expect(parseNdjson<ActivityEvent>(stopped.stdout).at(-1)?.seq).toBe(121);

    const verified = await runCli(['verify', '--store', store], home);
    expect(verified.stderr + verified.stdout).toMatch(/Verified 121 events/);
    expect(verified.code).toBe(0);
    await sql(store, "UPDATE events SET name = name || 'x' WHERE seq = 60");
    const tampered = await runCli(['verify', '--store', store], home);
    expect(tampered.code).toBe(3);
    expect(tampered.stderr).toContain('seq 60');
  });

  it('keeps one chain, 1 to 2,000 with no gap, under 4 writer processes of 500 events each', async () => {
    const store = await freshDatabase();
    const batches = [1, 2, 3, 4].map((seed) => sample(500, seed * 11));
    const results = await Promise.all(
      batches.map((events) => runCli(['record', '--store', store, '--file', '-'], home, { input: ndjson(events) })),
    );
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const seqs = await sql(store, 'SELECT seq FROM events ORDER BY seq');
    expect(seqs.map((row) => Number(row.seq))).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    const verified = await runCli(['verify', '--store', store], home);
    expect(verified.code, verified.stderr).toBe(0);
  });

  it('follows on when its connections are cut', async () => {
    const store = await freshDatabase();
    expect((await record(store, 'before')).code).toBe(0);
    const tail = startCli(['tail', '-f', '--store', store, '--format', 'ndjson'], home);
    await tail.untilLines(1);
    const database = new URL(store).pathname.slice(1);
    await sql(
      store,
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    expect((await record(store, 'after')).code).toBe(0);
    await tail.until((out) => out.includes('"name":"after"'));
    const stopped = await tail.stop();
    expect(parseNdjson<ActivityEvent>(stopped.stdout).map((e) => e.name)).toEqual(['before', 'after']);
  });

  it.skipIf(!canRunOwnServer)(
    'follows through a restart of its server, saying when it lost it and when it is back',
    async () => {
      const server = await ownPostgres();
      try {
        expect((await record(server.url, 'before')).code).toBe(0);
        const tail = startCli(['tail', '-f', '--store', server.url, '--format', 'ndjson'], home);
        await tail.untilLines(1);
        server.stop();
        for (let waited = 0; !tail.stderr().includes('lost') && waited < 20_000; waited += 100) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(tail.stderr()).toContain('lost postgres://…@127.0.0.1');
        server.start();
        expect((await record(server.url, 'after')).code).toBe(0);
        await tail.until((out) => out.includes('"name":"after"'));
        const stopped = await tail.stop();
        expect(parseNdjson<ActivityEvent>(stopped.stdout).map((e) => e.name)).toEqual(['before', 'after']);
        expect(stopped.stderr).toMatch(/answers again; following from seq 1/);
      } finally {
        server.remove();
      }
    },
  );

  it('verify refuses a database that holds no store (exit 5), and leaves it as it was', async () => {
    const store = await freshDatabase();
    const result = await runCli(['verify', '--store', store], home);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/does not exist: the database holds no activity tables/);
    expect(await sql(store, "SELECT to_regclass('events') AS t")).toEqual([{ t: null }]);
  });

  it('refuses a database written by a newer activity (exit 5)', async () => {
    const store = await freshDatabase();
    expect((await record(store, 'x')).code).toBe(0);
    await sql(store, 'UPDATE activity_schema SET version = 99');
    const result = await runCli(['list', '--store', store], home);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/schema version 99, newer than this activity knows/);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it("reads sslmode=prefer as libpq does: encrypted when the server offers it, else not (psql's default)", async () => {
    const store = await freshDatabase();
    const url = new URL(store);
    url.searchParams.set('sslmode', 'prefer');
    expect((await record(url.href, 'over prefer')).code).toBe(0);
    const listed = await runCli(['list', '--store', url.href, '--format', 'ndjson'], home);
    expect(listed.code, listed.stderr).toBe(0);
    expect(parseNdjson<ActivityEvent>(listed.stdout).map((e) => e.name)).toEqual(['over prefer']);
  });

  it('says in one line, exit 5, that the server refused the connection, naming host and database, not the password', async () => {
    const result = await runCli(['list', '--store', 'postgres://root:s3cret@127.0.0.1:1/somedb'], home);
    expectStoreFailure(result, '127.0.0.1:1', 'somedb');
    expect(result.stderr).toContain('connection refused');
  });

  it('says in one line, exit 5, that the database does not exist', async () => {
    const url = new URL(await freshDatabase());
    url.password = 's3cret';
    url.pathname = '/activity_no_such_database';
    const result = await runCli(['list', '--store', url.href], home);
    expectStoreFailure(result, `${url.hostname}:${url.port}`, 'activity_no_such_database');
    expect(result.stderr).toContain('does not exist');
  });
});

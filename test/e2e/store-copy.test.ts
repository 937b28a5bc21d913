/** `activity store copy` with the real bin/activity: SQLite → PostgreSQL → SQLite, resumed, refused. */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { generateEvents } from '../../src/sample/generate.js';
import { ndjson, parseNdjson, runCli, sha256File, startCli, tempDir } from '../helpers.js';
import { makeToken, startServer } from '../server/serve.js';
import { describeWithPostgres, freshDatabase, sql } from '../store/postgres.js';

const home = tempDir();
const END = Date.parse('2026-11-20T12:00:00.000Z');
const sample = (count: number, seed: number) => [...generateEvents({ count, seed, end: END, days: 5, users: 20 })];

/** Text a terminal, a CSV reader, a JSON parser or PostgreSQL's COPY could each get wrong. */
const hostile = [
  {
    action: 'update',
    type: 'service',
    name: 'api\t"quoted"\\back\nslash\r\u001b[31mred',
    user: 'Zoë Ångström 山田',
    account: 'acme\\N',
    details: { '\\N': 'null?', emoji: '🚀👩🏽‍💻', nested: { rtl: 'مرحبا', n: 1.5e300, list: [null, true, '\t'] } },
  },
  { action: 'create', type: 'node-pool', name: 'pool-é\u0301', user: 'José', resourceId: '\\x00', details: {} },
  { action: 'delete', type: 'volume', name: '=cmd|calc', user: '@admin', account: null, details: null },
].map((e, i) => ({ id: `hostile-${i}`, time: `2026-11-1${i}T10:00:00.00${i}Z`, ...e }));

const run = (args: readonly string[], input?: string) => runCli(args, home, input === undefined ? {} : { input });

const exported = async (store: string) => {
  const result = await run(['list', '--all', '--format', 'ndjson', '--store', store]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
};

async function expectVerifies(store: string, events: number) {
  const result = await run(['verify', '--store', store]);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toContain(`Verified ${events.toLocaleString('en')} events`);
}

/**
 * A SQLite store of sample, hostile and unicode events, some recorded through a server
 * (with recordedBy), and its tokens: the one that recorded them, and a revoked one.
 */
/** Events recorded into `store` through a server of it, by `token`: stamped with the token's name. */
async function recordThroughServer(store: string, token: string, events: readonly object[]): Promise<void> {
  const server = await startServer(store, home);
  try {
    const through = await run(['record', '--store', server.url, '--token', token, '--file', '-'], ndjson(events));
    expect(through.code, through.stderr).toBe(0);
  } finally {
    await server.stop();
  }
}

async function sourceStore(name: string): Promise<{ path: string; token: string }> {
  const path = join(home, name);
  expect((await run(['record', '--store', path, '--file', '-'], ndjson([...sample(300, 1), ...hostile]))).code).toBe(0);
  const token = await makeToken(path, 'ci-deploy', 'write');
  await makeToken(path, 'old-ci', 'write');
  expect((await run(['token', 'revoke', 'old-ci', '--store', path])).code).toBe(0);
  await recordThroughServer(path, token, sample(20, 2));
  return { path, token };
}

describeWithPostgres('activity store copy', () => {
  it('copies SQLite → PostgreSQL → SQLite keeping every field, verifies both, and resumes with only what is missing', async () => {
    const { path: source, token } = await sourceStore('source.db');
    const url = await freshDatabase();
    const before = sha256File(source);

    const there = await run(['store', 'copy', source, url]);
    expect(there.code, there.stderr).toBe(0);
    expect(there.stdout).toBe('');
    expect(there.stderr).toMatch(
      /^Copied 323 events \(seq 1–323\) from .*source\.db to postgres:\/\/…@127\.0\.0\.1:5432\/\S+; both chains verify \(head seq 323, hash [0-9a-f]{64}\)\n/,
    );
    expect(there.stderr).toMatch(
      /\nCopied 2 tokens \(1 of the source's 2 revoked\): clients keep theirs; web sessions are not copied/,
    );
    const back = join(home, 'back.db');
    const again = await run(['store', 'copy', url, back]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(
      /^Copied 323 events \(seq 1–323\) from postgres:\/\/…@\S+ to .*back\.db; both chains verify/,
    );

    const original = await exported(source);
    expect(await exported(url)).toBe(original);
    expect(await exported(back)).toBe(original);
    const events = parseNdjson<{ name: string; recordedBy?: string }>(original);
    expect(events.filter((e) => e.recordedBy === 'ci-deploy')).toHaveLength(20);
    expect(events.map((e) => e.name)).toContain(hostile[0]?.name);
    // Filtered as the source is: --search and --recorded-by read what the target keeps beside its events.
    for (const filter of [
      ['--search', 'API\t"QUOTED"'],
      ['--recorded-by', 'ci-deploy'],
      ['--user', 'zoë ångström 山田'],
    ]) {
      const list = (store: string) => run(['list', '--all', '--format', 'ndjson', '--store', store, ...filter]);
      const expected = (await list(source)).stdout;
      expect(expected, filter.join(' ')).not.toBe('');
      expect((await list(url)).stdout, filter.join(' ')).toBe(expected);
      expect((await list(back)).stdout, filter.join(' ')).toBe(expected);
    }
    for (const store of [source, url, back]) await expectVerifies(store, 323);
    // The same chain, hash for hash: a checkpoint saved on the source holds against each copy.
    const checkpoint = join(home, 'source.checkpoint');
    expect((await run(['verify', '--checkpoint', checkpoint, '--store', source])).code).toBe(0);
    for (const store of [url, back]) {
      const checked = await run(['verify', '--checkpoint', checkpoint, '--store', store]);
      expect(checked.code, checked.stderr).toBe(0);
      expect(checked.stderr).toContain('The chain agrees with the checkpoint (seq 323).');
    }
    expect(sha256File(source)).toBe(before);

    // Resumed: only the events recorded since are copied, on each run again.
    expect((await run(['record', '--store', source, '--file', '-'], ndjson(sample(7, 3)))).code).toBe(0);
    const resumed = await run(['store', 'copy', source, url]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/^Copied 7 events \(seq 324–330\) from /);
    const nothing = await run(['store', 'copy', source, url]);
    expect(nothing.code, nothing.stderr).toBe(0);
    expect(nothing.stderr).toMatch(
      /^Nothing to copy: postgres:\/\/…@\S+ holds every event of .*source\.db already; both chains verify \(head seq 330, /,
    );
    expect(await exported(url)).toBe(await exported(source));
    await expectVerifies(url, 330);

    // The tokens moved with the store: the live one still records through a server on PostgreSQL, the revoked one's name stays taken.
    const listed = await run(['token', 'list', '--json', '--store', url]);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((t) => t.name)).toEqual(['ci-deploy']);
    expect((await run(['token', 'create', '--name', 'old-ci', '--scope', 'read', '--store', url])).stderr).toMatch(
      /a token named "old-ci" was revoked/,
    );
    await recordThroughServer(url, token, sample(1, 10));
    const recorded = parseNdjson<{ seq: number; recordedBy?: string }>(await exported(url)).find((e) => e.seq === 331);
    expect(recorded?.recordedBy).toBe('ci-deploy');
  }, 120_000);

  it('an interrupted copy keeps what it committed, and running it again copies only the rest', async () => {
    const source = join(home, 'large.db');
    expect((await run(['record', '--store', source, '--file', '-'], ndjson(sample(35_000, 11)))).code).toBe(0);
    const url = await freshDatabase();
    const headSeq = async () => {
      try {
        return Number((await sql(url, 'SELECT seq FROM chain_head'))[0]?.seq);
      } catch {
        return 0; // its tables are not made yet
      }
    };
    const copying = startCli(['store', 'copy', source, url], home);
    while ((await headSeq()) < 10_000) await sleep(10);
    await copying.stop('SIGKILL');
    const committed = await headSeq();
    expect(committed % 10_000).toBe(0);
    expect(committed).toBeLessThan(35_000);

    const resumed = await run(['store', 'copy', source, url]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const left = (35_000 - committed).toLocaleString('en');
    expect(resumed.stderr).toContain(`Copied ${left} events (seq ${(committed + 1).toLocaleString('en')}–35,000)`);
    expect(await exported(url)).toBe(await exported(source));
  }, 120_000);

  it('refuses a target that holds other events (exit 2) and leaves it as it was', async () => {
    const source = join(home, 'diverging.db');
    expect((await run(['record', '--store', source, '--file', '-'], ndjson(sample(50, 4)))).code).toBe(0);
    const url = await freshDatabase();
    expect((await run(['store', 'copy', source, url])).code).toBe(0);
    // The same seq 51 on both sides, a different event on each.
    expect((await run(['record', '--store', source, '--file', '-'], ndjson(sample(1, 5)))).code).toBe(0);
    expect((await run(['record', '--store', url, '--file', '-'], ndjson(sample(1, 6)))).code).toBe(0);
    const held = await exported(url);

    const diverged = await run(['store', 'copy', source, url]);
    expect(diverged.code).toBe(2);
    expect(diverged.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(diverged.stderr).toMatch(
      /cannot copy into postgres:\/\/…@\S+: its events are not those of .*diverging\.db \(its event at seq 51 differs\); nothing was copied — copy into an empty store/,
    );
    expect(await exported(url)).toBe(held);

    // A target ahead of its source: the source's events are a prefix of it, not it of them.
    const shorter = join(home, 'shorter.db');
    expect((await run(['store', 'copy', url, shorter])).code).toBe(0);
    expect((await run(['record', '--store', url, '--file', '-'], ndjson(sample(1, 7)))).code).toBe(0);
    const ahead = await run(['store', 'copy', shorter, url]);
    expect(ahead.code).toBe(2);
    expect(ahead.stderr).toMatch(/it holds 52 events, more than .*shorter\.db \(51\)/);

    // A token of the same name that is another token: one name cannot stand for two.
    await makeToken(source, 'ci', 'write');
    const other = await freshDatabase();
    expect((await run(['token', 'create', '--name', 'ci', '--scope', 'read', '--store', other])).code).toBe(0);
    const tokens = await run(['token', 'list', '--json', '--store', other]);
    const conflict = await run(['store', 'copy', source, other]);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toMatch(/the target holds another token named "ci" than the source; nothing was copied/);
    expect(await exported(other)).toBe('');
    expect((await run(['token', 'list', '--json', '--store', other])).stdout).toBe(tokens.stdout);
  }, 60_000);

  it('a source whose chain does not hold is refused (exit 3) with nothing written; no credentials in any message', async () => {
    const source = join(home, 'tampered.db');
    expect((await run(['record', '--store', source, '--file', '-'], ndjson(sample(40, 8)))).code).toBe(0);
    const db = new Database(source);
    db.prepare('UPDATE events SET details = ? WHERE seq = 17').run('{"edited":true}');
    db.close();
    const url = new URL(await freshDatabase());
    url.password = 's3cret-password';

    const refused = await run(['store', 'copy', source, url.href]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/cannot restore the event at seq 17: its hash is not the chain's link from seq 16/);
    expect(refused.stderr).not.toContain('s3cret');
    expect(await exported(url.href)).toBe('');

    const file = join(home, 'never.db');
    expect((await run(['store', 'copy', source, file])).code).toBe(3);
    expect(existsSync(file)).toBe(false);
  }, 60_000);

  it('copies from a server (events, not tokens); refuses a server as the target (exit 2), a missing source (exit 5), a missing argument (exit 2)', async () => {
    const source = join(home, 'small.db');
    expect((await run(['record', '--store', source, '--file', '-'], ndjson(sample(3, 9)))).code).toBe(0);
    const served = join(home, 'served.db');
    copyFileSync(source, served);
    const server = await startServer(served, home);
    try {
      const result = await run(['store', 'copy', source, server.url]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/cannot copy into http:\/\/127\.0\.0\.1:\d+: a server records new events itself/);
    } finally {
      await server.stop();
    }
    // A server as the source: its events, recordedBy and all, but no tokens (it never hands out digests).
    const token = await makeToken(served, 'reader', 'read');
    const reading = await startServer(served, home);
    try {
      await run(
        ['record', '--store', reading.url, '--token', await makeToken(served, 'ci', 'write'), '--file', '-'],
        ndjson(sample(2, 12)),
      );
      const fromServer = join(home, 'from-server.db');
      const copied = await run(['store', 'copy', reading.url, fromServer, '--token', token]);
      expect(copied.code, copied.stderr).toBe(0);
      expect(copied.stderr).toMatch(
        /^Copied 5 events \(seq 1–5\) from http:\/\/127\.0\.0\.1:\d+ to .*from-server\.db; both chains verify/,
      );
      expect(copied.stderr).toMatch(
        /\ntokens are not copied from http:\/\/127\.0\.0\.1:\d+: a server never hands out their digests/,
      );
      expect(await exported(fromServer)).toBe(await exported(served));
      expect((await run(['token', 'list', '--json', '--store', fromServer])).stdout).toBe('[]\n');
    } finally {
      await reading.stop();
    }

    const missing = await run(['store', 'copy', join(home, 'no-such.db'), join(home, 'other.db')]);
    expect(missing.code).toBe(5);
    expect(existsSync(join(home, 'other.db'))).toBe(false);
    expect((await run(['store', 'copy', source])).code).toBe(2);
    expect((await run(['store', 'move', source, join(home, 'x.db')])).code).toBe(2);
  }, 60_000);
});

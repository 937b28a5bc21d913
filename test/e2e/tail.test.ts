import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../src/core/event.js';
import { generateEvents } from '../../src/sample/generate.js';
import { ndjson, parseNdjson, runCli, startCli, tempDir } from '../helpers.js';

const home = tempDir();
let n = 0;
const freshStore = () => join(home, `tail-${++n}.db`);
const END = Date.parse('2026-11-20T12:00:00.000Z');
const sample = (count: number, seed: number) => [...generateEvents({ count, seed, end: END, days: 5, users: 20 })];
const lineCount = (text: string) => text.split('\n').filter((l) => l !== '').length;

async function storeWith(count: number, seed = 1): Promise<string> {
  const store = freshStore();
  const result = await runCli(['record', '--store', store, '--file', '-'], home, {
    input: ndjson(sample(count, seed)),
  });
  expect(result.code).toBe(0);
  return store;
}

const record = (store: string, name: string) =>
  runCli(
    ['record', '--store', store, '--action', 'update', '--type', 'service', '--name', name, '--user', 'Jane Doe'],
    home,
  );

describe('activity tail', () => {
  it('shows the last 10 matching events, oldest at the top', async () => {
    const store = await storeWith(40);
    const all = parseNdjson<ActivityEvent>(
      (await runCli(['list', '--store', store, '--all', '--format', 'ndjson'], home)).stdout,
    );
    const tail = await runCli(['tail', '--store', store, '--format', 'ndjson'], home);
    expect(tail.code).toBe(0);
    expect(parseNdjson<ActivityEvent>(tail.stdout).map((e) => e.seq)).toEqual(
      all
        .slice(0, 10)
        .reverse()
        .map((e) => e.seq),
    );
    const three = await runCli(['tail', '--store', store, '-n', '3', '--action', 'update', '--format', 'json'], home);
    const updates = all
      .filter((e) => e.action === 'update')
      .slice(0, 3)
      .reverse();
    expect((JSON.parse(three.stdout) as ActivityEvent[]).map((e) => e.seq)).toEqual(updates.map((e) => e.seq));
  });

  it('writes every format, and a table on request', async () => {
    const store = await storeWith(12);
    const csv = await runCli(['tail', '--store', store, '-n', '4', '--format', 'csv'], home);
    expect(csv.stdout.split('\r\n')[0]).toBe('seq,id,time,action,type,name,resourceId,account,user,details');
    expect(csv.stdout.split('\r\n').filter((l) => l !== '')).toHaveLength(5);
    const tsv = await runCli(['tail', '--store', store, '-n', '4'], home);
    expect(lineCount(tsv.stdout)).toBe(4);
    const table = await runCli(['tail', '--store', store, '-n', '4', '--format', 'table'], home);
    expect(table.stdout.split('\n')[0]).toMatch(/^Name\s+Action\s+Created At\s+User$/);
  });

  it('-f prints, in seq order and exactly once, what other processes record, single and in concurrent batches', async () => {
    const store = await storeWith(5);
    const follower = startCli(['tail', '--store', store, '-f', '-n', '0', '--format', 'ndjson'], home);
    await new Promise((resolve) => setTimeout(resolve, 400)); // let it read its head
    const batches = [0, 1, 2].map((i) => {
      const file = join(home, `batch-${n}-${i}.ndjson`);
      writeFileSync(file, ndjson(sample(40, 100 + i)));
      return runCli(['record', '--store', store, '--file', file], home);
    });
    const singles = [0, 1, 2, 3, 4].map((i) => record(store, `live-${i}`));
    const results = await Promise.all([...batches, ...singles]);
    expect(results.map((r) => r.code)).toEqual(results.map(() => 0));
    await follower.until((out) => lineCount(out) >= 125);
    await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more may come
    const stopped = await follower.stop('SIGINT');
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toBe('');
    const seqs = parseNdjson<ActivityEvent>(stopped.stdout).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 125 }, (_, i) => i + 6));
  });

  it('-f started in the middle of a large import sees the whole batch, once, when it commits', async () => {
    const store = await storeWith(3);
    const file = join(home, 'large-batch.ndjson');
    writeFileSync(file, ndjson(sample(100_000, 7)));
    const importing = runCli(['record', '--store', store, '--file', file], home);
    // The import is under way, and not yet committed, while it holds the write lock (it
    // takes it before reading its input; the WAL grows only once its page cache spills).
    const probe = new Database(store, { timeout: 0 });
    const holdsLock = () => {
      try {
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('ROLLBACK');
        return false;
      } catch {
        return true;
      }
    };
    while (!holdsLock()) await new Promise((r) => setTimeout(r, 5));
    probe.close();
    const follower = startCli(['tail', '--store', store, '-f', '-n', '0', '--format', 'ndjson'], home);
    const single = record(store, 'after-import'); // waits for the import's lock, then follows it
    expect((await importing).code).toBe(0);
    expect((await single).code).toBe(0);
    await follower.untilLines(100_001);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stopped = await follower.stop('SIGTERM');
    expect(stopped.code).toBe(143); // 128 + SIGTERM's 15, as shells report it; Ctrl-C is 130
    const seqs = parseNdjson<ActivityEvent>(stopped.stdout).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 100_001 }, (_, i) => i + 4));
  });

  it('-f shows the backlog, then new events; filters apply to both', async () => {
    const store = await storeWith(30);
    const follower = startCli(
      ['tail', '--store', store, '-f', '-n', '2', '--type', 'service', '--format', 'ndjson'],
      home,
    );
    await follower.until((out) => lineCount(out) >= 2);
    await runCli(
      ['record', '--store', store, '--action', 'create', '--type', 'cluster', '--name', 'skipped', '--user', 'A B'],
      home,
    );
    await record(store, 'shown');
    await follower.until((out) => out.includes('"shown"'));
    const { stdout } = await follower.stop();
    const events = parseNdjson<ActivityEvent>(stdout);
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.type === 'service')).toBe(true);
    expect(events.at(-1)?.name).toBe('shown');
  });

  it('-f as a table: the table of reference §5 in fixed columns, a row an event as it comes, and a json array closed on Ctrl-C', async () => {
    const store = await storeWith(6);
    const follower = startCli(['tail', '--store', store, '-f', '-n', '3', '--format', 'table'], home, {
      env: { ACTIVITY_LINK_TEMPLATE: 'https://console.example.com/{type}/{name}' },
    });
    await follower.until((out) => lineCount(out) >= 4);
    await record(store, 'arrived-later');
    await follower.until((out) => out.includes('arrived-later'));
    const table = await follower.stop();
    const lines = table.stdout.split('\n').filter((l) => l !== '');
    expect(lines[0]).toMatch(/^Name +Action +Created At +User$/);
    const rows = lines.slice(1);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toMatch(/^\[[A-Za-z ]+\] .* {2}(Create|Update|Delete) +(\S+ )+ +\S/);
    expect(rows[3]).toMatch(/^\[Service\] arrived-later +Update {2}just now +Jane Doe$/);
    // Every column starts where its header does.
    for (const header of ['Action', 'Created At']) {
      const at = (lines[0] as string).indexOf(header);
      for (const row of rows) expect(row.slice(at - 2, at), row).toBe('  ');
    }
    expect(table.stdout).not.toContain('\u001b'); // a pipe: no colour, no links

    const absolute = startCli(['tail', '--store', store, '-f', '-n', '1', '--format', 'table', '--absolute'], home);
    await absolute.until((out) => lineCount(out) >= 2);
    const row = (await absolute.stop()).stdout.split('\n')[1] ?? '';
    const time = row.match(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d\d:\d\d/)?.[0];
    const latest = parseNdjson<ActivityEvent>(
      (await runCli(['list', '--store', store, '--limit', '1', '--format', 'ndjson'], home)).stdout,
    )[0];
    expect(Date.parse((time ?? '').replace(' ', 'T').replace(' ', ''))).toBe(Date.parse(latest?.time ?? ''));

    const json = startCli(['tail', '--store', store, '-f', '-n', '2', '--format', 'json'], home);
    await json.until((out) => lineCount(out) >= 3);
    const closed = await json.stop();
    expect(closed.code).toBe(130);
    expect(JSON.parse(closed.stdout)).toHaveLength(2);
  });

  it('-f waits for a store that does not exist yet, without creating it', async () => {
    const store = join(home, 'later', 'store.db');
    const follower = startCli(['tail', '--store', store, '-f', '--format', 'ndjson'], home);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(existsSync(join(home, 'later'))).toBe(false);
    mkdirSync(join(home, 'later')); // a named store's folder is not made by its writer either
    await record(store, 'first-ever');
    await follower.until((out) => out.includes('first-ever'));
    expect((await follower.stop()).code).toBe(130);
  });

  it('-f wakes for a commit after a quiet spell, and again for the commits right after it', async () => {
    const store = await storeWith(3, 14);
    const follower = startCli(['tail', '--store', store, '-f', '-n', '0', '--format', 'ndjson'], home);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // past a second of quiet: watching, not polling
    await record(store, 'after-quiet');
    await follower.until((out) => out.includes('after-quiet'));
    await record(store, 'right-after');
    await follower.until((out) => out.includes('right-after'));
    const stopped = await follower.stop();
    expect(parseNdjson(stopped.stdout).map((e) => e.name)).toEqual(['after-quiet', 'right-after']);
  });
});

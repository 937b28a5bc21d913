import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../src/core/event.js';
import { generateEvents } from '../../src/sample/generate.js';
import { BIN, ndjson, parseNdjson, runCli, startCli, tempDir } from '../helpers.js';

const home = tempDir();
let n = 0;
const fresh = (name: string) => join(home, `${name}-${++n}`);
const END = Date.parse('2026-11-20T12:00:00.000Z');
const sample = (count: number, seed: number) => [...generateEvents({ count, seed, end: END, days: 5, users: 20 })];

async function recordSample(store: string, count: number, seed: number): Promise<void> {
  const result = await runCli(['record', '--store', store, '--file', '-'], home, {
    input: ndjson(sample(count, seed)),
  });
  expect(result.code).toBe(0);
}

async function exportNew(store: string, cursor: string, ...flags: string[]) {
  const result = await runCli(
    ['list', '--store', store, '--cursor-file', cursor, '--format', 'ndjson', ...flags],
    home,
  );
  expect(result.code).toBe(0);
  return parseNdjson<ActivityEvent>(result.stdout);
}

const seqs = (events: ActivityEvent[]) => events.map((e) => e.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('--cursor-file', () => {
  it('exports each event exactly once over consecutive runs, in seq order', async () => {
    const store = fresh('store.db');
    const cursor = fresh('cursor');
    await recordSample(store, 30, 1);
    expect(seqs(await exportNew(store, cursor))).toEqual(range(1, 30)); // no file: from the beginning
    expect(readFileSync(cursor, 'utf8')).toBe('30\n');
    await recordSample(store, 70, 2); // more than list's default limit of 50
    expect(seqs(await exportNew(store, cursor))).toEqual(range(31, 100));
    expect(await exportNew(store, cursor)).toEqual([]);
    await recordSample(store, 5, 3);
    expect(seqs(await exportNew(store, cursor))).toEqual(range(101, 105));
    expect(readFileSync(cursor, 'utf8')).toBe('105\n');
  });

  it('with filters, exports the matching events once and moves past the others', async () => {
    const store = fresh('store.db');
    const cursor = fresh('cursor');
    await recordSample(store, 60, 4);
    const first = await exportNew(store, cursor, '--action', 'update');
    expect(first.every((e) => e.action === 'update')).toBe(true);
    expect(readFileSync(cursor, 'utf8')).toBe('60\n');
    await recordSample(store, 60, 5);
    const second = await exportNew(store, cursor, '--action', 'update');
    const all = parseNdjson<ActivityEvent>(
      (await runCli(['list', '--store', store, '--all', '--action', 'update', '--format', 'ndjson'], home)).stdout,
    );
    expect([...seqs(first), ...seqs(second)]).toEqual(seqs(all).sort((a, b) => a - b));
  });

  it('--limit caps one run and the next continues from there', async () => {
    const store = fresh('store.db');
    const cursor = fresh('cursor');
    await recordSample(store, 25, 6);
    const result = await runCli(
      ['list', '--store', store, '--cursor-file', cursor, '--limit', '10', '--format', 'ndjson'],
      home,
    );
    expect(seqs(parseNdjson(result.stdout))).toEqual(range(1, 10));
    expect(result.stderr).toBe('Showing 10 of 25 new events; the next run continues after seq 10.\n');
    expect(seqs(await exportNew(store, cursor, '--limit', '10'))).toEqual(range(11, 20));
    expect(seqs(await exportNew(store, cursor, '--limit', '10'))).toEqual(range(21, 25));
  });

  it('does not move when the output breaks (a closed pipe)', () => {
    const store = fresh('store.db');
    const cursor = fresh('cursor');
    writeFileSync(join(home, 'big.ndjson'), ndjson(sample(5000, 7)));
    expect(spawnSync(BIN, ['record', '--store', store, '--file', join(home, 'big.ndjson')]).status).toBe(0);
    const cut = (cursorFile: string) =>
      spawnSync(
        'sh',
        ['-c', `"${BIN}" list --store "${store}" --cursor-file "${cursorFile}" --format ndjson | head -c 100`],
        { encoding: 'utf8' },
      );
    expect(cut(cursor).stdout).toHaveLength(100);
    expect(existsSync(cursor)).toBe(false);
    writeFileSync(cursor, '12\n');
    cut(cursor);
    expect(readFileSync(cursor, 'utf8')).toBe('12\n');
  });

  it('refuses a corrupt cursor, or one past the end of the store, and leaves it alone', async () => {
    const store = fresh('store.db');
    await recordSample(store, 3, 8);
    for (const [content, pattern] of [
      ['twelve\n', /cursor file .* is corrupt: expected a seq number/],
      ['', /is corrupt/],
      ['99\n', /is at seq 99, past the end of the store \(seq 3\)/],
    ] as const) {
      const cursor = fresh('cursor');
      writeFileSync(cursor, content);
      const result = await runCli(['list', '--store', store, '--cursor-file', cursor], home);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(pattern);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(readFileSync(cursor, 'utf8')).toBe(content);
    }
    const nowhere = await runCli(['list', '--store', store, '--cursor-file', join(home, 'no', 'dir', 'c')], home);
    expect(nowhere.code).toBe(5); // the OS refused a write: I/O, reference §9
    expect(nowhere.stdout).toBe('');
  });

  it('tail: as for list, everything the first time, then everything new since the saved seq', async () => {
    const store = fresh('store.db');
    const cursor = fresh('cursor');
    await recordSample(store, 20, 9);
    const tail = (...flags: string[]) =>
      runCli(['tail', '--store', store, '--cursor-file', cursor, '--format', 'ndjson', ...flags], home);
    expect(seqs(parseNdjson((await tail()).stdout))).toEqual(range(1, 20));
    expect(readFileSync(cursor, 'utf8')).toBe('20\n');
    await recordSample(store, 15, 10);
    // -n caps one run, as --limit does for list, and the next continues from there.
    const capped = await tail('-n', '5');
    expect(seqs(parseNdjson(capped.stdout))).toEqual(range(21, 25));
    expect(capped.stderr).toBe('Showing 5 of 15 new events; the next run continues after seq 25.\n');
    expect(readFileSync(cursor, 'utf8')).toBe('25\n');
    expect(seqs(parseNdjson((await tail()).stdout))).toEqual(range(26, 35));
    // With -f there is no run to cap, and -n 0 would print nothing: both refused, the cursor left alone.
    for (const flags of [
      ['-n', '3', '-f'],
      ['-n', '0'],
    ]) {
      const refused = await tail(...flags);
      expect(refused.code, flags.join(' ')).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/^activity: -n .*--cursor-file.* — /);
    }
    expect(readFileSync(cursor, 'utf8')).toBe('35\n');
  });

  it('tail -f saves the cursor as it goes, so a restarted follower neither repeats nor skips', async () => {
    const store = fresh('store.db');
    const cursor = fresh('cursor');
    await recordSample(store, 5, 11);
    const follow = () =>
      startCli(['tail', '--store', store, '-f', '--cursor-file', cursor, '--format', 'ndjson'], home);
    const first = follow();
    await first.until((out) => parseNdjson(out).length >= 5);
    await recordSample(store, 4, 12);
    await first.until((out) => parseNdjson(out).length >= 9);
    const one = await first.stop();
    expect(one.code).toBe(130);
    expect(readFileSync(cursor, 'utf8')).toBe('9\n');
    await recordSample(store, 3, 13); // while nobody follows
    const second = follow();
    await second.until((out) => parseNdjson(out).length >= 3);
    const two = await second.stop();
    expect(seqs(parseNdjson([one.stdout, two.stdout].join('')))).toEqual(range(1, 12));
  });
});

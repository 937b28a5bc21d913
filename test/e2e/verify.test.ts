import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ActivityEvent, validateEvent } from '../../src/core/event.js';
import { generateEvents } from '../../src/sample/generate.js';
import { type Range, splitChain, verifyWorkers } from '../../src/verify/verify-chain.js';
import { ndjson, parseNdjson, runCli, runWithTerminalStderr, tempDir } from '../helpers.js';
import { openSqlite } from '../store/open-sqlite.js';

const home = tempDir();
const original = join(home, 'original.db');
let n = 0;
const copy = () => {
  const path = join(home, `copy-${++n}.db`);
  copyFileSync(original, path);
  return path;
};
const tamper = (path: string, sql: string) => {
  const db = new Database(path);
  db.exec(sql);
  db.close();
};

/** A store of `count` generated events, recorded from a file as a user would. */
async function sampleStore(name: string, count: number, seed: number): Promise<string> {
  const store = join(home, `${name}.db`);
  const file = join(home, `${name}.ndjson`);
  writeFileSync(file, ndjson([...generateEvents({ count, seed, end: Date.now() - 60_000, days: 20 })]));
  expect((await runCli(['record', '--store', store, '--file', file], home)).code).toBe(0);
  return store;
}

beforeAll(async () => {
  const input = ndjson([...generateEvents({ count: 50, seed: 61, end: Date.now() - 60_000, days: 3 })]);
  expect((await runCli(['record', '--store', original, '--file', '-'], home, { input })).code).toBe(0);
});

describe('activity verify', () => {
  it('verifies an intact store and prints the count and the head', async () => {
    const result = await runCli(['verify', '--store', original], home);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Verified 50 events\. Head: seq 50, hash [0-9a-f]{64}\n$/);
  });

  it('a store that does not exist is an error (exit 5), not a chain that holds; an empty one holds', async () => {
    const typo = join(home, 'no-such-dir', 'typo.db');
    const result = await runCli(['verify', '--store', typo], home);
    expect(result).toEqual({
      code: 5,
      stdout: '',
      stderr: `activity: store ${typo} does not exist — check the path given by --store, ACTIVITY_STORE or the config\n`,
    });
    expect(existsSync(join(home, 'no-such-dir'))).toBe(false);
    const empty = join(home, 'empty.db');
    new Database(empty).close();
    expect(await runCli(['verify', '--store', empty], home)).toEqual({ code: 0, stdout: 'No events.\n', stderr: '' });
  });

  it('names the first broken seq and how: a changed field, a missing event', async () => {
    const changed = copy();
    tamper(changed, 'UPDATE events SET action = (action + 1) % 3 WHERE seq = 17');
    const one = await runCli(['verify', '--store', changed], home);
    expect(one.code).toBe(3);
    expect(one.stderr).toMatch(/^activity: chain broken at seq 17: content changed/);
    const missing = copy();
    tamper(missing, 'DELETE FROM events WHERE seq = 23');
    const two = await runCli(['verify', '--store', missing], home);
    expect(two.code).toBe(3);
    expect(two.stderr).toMatch(/chain broken at seq 23: event missing/);
  });

  it('a value of another SQL type, or a seq moved far ahead, is a break (exit 3), found at once', async () => {
    const cases: [sql: string, expected: RegExp][] = [
      ['UPDATE events SET id = CAST(id AS BLOB) WHERE seq = 5', /chain broken at seq 5: content changed/],
      ["UPDATE events SET time = 'yesterday' WHERE seq = 6", /chain broken at seq 6: content changed/],
      ['UPDATE events SET time = 1e300 WHERE seq = 7', /chain broken at seq 7: content changed/],
      [
        'UPDATE users SET name = CAST(name AS BLOB) WHERE id = (SELECT user FROM events WHERE seq = 3)',
        /chain broken at seq [1-3]: content changed/,
      ],
      ['UPDATE events SET seq = 1000000000000 WHERE seq = 8', /chain broken at seq 8: event missing/],
      ["UPDATE events SET details = X'7B7D' WHERE seq = 9", /chain broken at seq 9: content changed/],
      ['UPDATE events SET details = 5 WHERE seq = 10', /chain broken at seq 10: content changed/],
      ["UPDATE events SET time = X'00' WHERE seq = 11", /chain broken at seq 11: content changed/],
      ['UPDATE events SET action = 1.5 WHERE seq = 12', /chain broken at seq 12: content changed/],
      ["UPDATE events SET action = 'delete' WHERE seq = 14", /chain broken at seq 14: content changed/],
      ['UPDATE events SET type = 99 WHERE seq = 15', /chain broken at seq 15: content changed/],
      ["UPDATE events SET type = X'00' WHERE seq = 16", /chain broken at seq 16: content changed/],
      ['UPDATE events SET hash = lower(hex(hash)) WHERE seq = 18', /chain broken at seq 18: content changed/],
      // text with commas where an integer belongs moves the slots read after it
      [
        "PRAGMA foreign_keys = OFF; UPDATE events SET subject = '1,2,3' WHERE seq = 17",
        /chain broken at seq 17: content changed/,
      ],
      [`UPDATE events SET time = '1,"x"]' WHERE seq = 19`, /chain broken at seq 19: content changed/],
      [
        "UPDATE subjects SET account = X'61' WHERE id = (SELECT subject FROM events WHERE seq = 13)",
        /chain broken at seq ([1-9]|1[0-3]): content changed/,
      ],
    ];
    for (const [sql, expected] of cases) {
      const store = copy();
      tamper(store, sql);
      const result = await runCli(['verify', '--store', store], home);
      expect({ sql, code: result.code }).toEqual({ sql, code: 3 });
      expect(result.stderr).toMatch(expected);
    }
  });

  it('--checkpoint: saves the head, then catches rewritten history and truncation', async () => {
    const store = copy();
    const checkpoint = join(home, 'checkpoint.json');
    const first = await runCli(['verify', '--store', store, '--checkpoint', checkpoint], home);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(`Checkpoint saved in ${checkpoint} (seq 50).\n`);
    const again = await runCli(['verify', '--store', store, '--checkpoint', checkpoint], home);
    expect(again).toMatchObject({ code: 0, stderr: 'The chain agrees with the checkpoint (seq 50).\n' });
    const saved = JSON.parse(readFileSync(checkpoint, 'utf8')) as { seq: number; hash: string };
    expect(saved.seq).toBe(50);
    // a rewrite that is internally consistent still differs from the checkpoint
    tamper(store, `UPDATE events SET hash = '${'a'.repeat(64)}' WHERE seq = 50`);
    const rewritten = await runCli(['verify', '--store', store, '--checkpoint', checkpoint], home);
    expect(rewritten.code).toBe(3);
    const truncated = copy();
    tamper(truncated, 'DELETE FROM events WHERE seq > 40');
    const shorter = await runCli(['verify', '--store', truncated, '--checkpoint', checkpoint], home);
    expect(shorter.code).toBe(3);
    expect(shorter.stderr).toMatch(/ends at seq 40, before the checkpoint's seq 50: it was truncated/);
    const nowhere = await runCli(['verify', '--store', store, '--checkpoint', join(home, 'no-dir', 'ck')], home);
    expect(nowhere.code).toBe(5);
    expect(nowhere.stderr).toMatch(/^activity: cannot write checkpoint .*: no directory .* — create it first\n$/);
  });

  it("--checkpoint at the seq before a store's first event: verifies a store whose older events were dropped from it", async () => {
    // The checkpoint of seq 30, saved while the store ended there.
    const checkpoint = join(home, 'checkpoint-30.json');
    const early = copy();
    tamper(early, 'DELETE FROM events WHERE seq > 30');
    expect((await runCli(['verify', '--store', early, '--checkpoint', checkpoint], home)).code).toBe(0);
    // Retention drops seqs 1 to 30: the kept chain starts at 31.
    const kept = copy();
    tamper(kept, 'DELETE FROM events WHERE seq <= 30');
    const trusted = await runCli(['verify', '--store', kept, '--checkpoint', checkpoint], home);
    expect(trusted).toMatchObject({ code: 0, stderr: 'The chain agrees with the checkpoint (seq 30).\n' });
    expect(trusted.stdout).toMatch(/^Verified 20 events\. Head: seq 50, hash [0-9a-f]{64}\n$/);
    // Without it the chain cannot be checked from its start.
    const alone = await runCli(['verify', '--store', kept], home);
    expect(alone.code).toBe(3);
    expect(alone.stderr).toMatch(/chain broken at seq 1: event missing/);
    // The first kept event changed, or another checkpoint: the first link does not hold.
    const changed = copy();
    tamper(changed, 'DELETE FROM events WHERE seq <= 30; UPDATE events SET time = time + 1 WHERE seq = 31');
    const broken = await runCli(['verify', '--store', changed, '--checkpoint', checkpoint], home);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/chain broken at seq 31/);
    const other = join(home, 'checkpoint-other.json');
    writeFileSync(other, `${JSON.stringify({ seq: 30, hash: 'b'.repeat(64) })}\n`);
    expect((await runCli(['verify', '--store', kept, '--checkpoint', other], home)).code).toBe(3);
  });

  it('--file verifies an export offline, in any order, and finds a change in it', async () => {
    const exported = (await runCli(['list', '--store', original, '--all', '--format', 'ndjson'], home)).stdout;
    const file = join(home, 'export.ndjson');
    writeFileSync(file, exported);
    const ok = await runCli(['verify', '--file', file, '--store', join(home, 'none.db')], home);
    expect(ok.stdout).toMatch(/^Verified 50 events\. Head: seq 50/);
    expect(existsSync(join(home, 'none.db'))).toBe(false);
    writeFileSync(file, exported.replace(/"name":"([^"]+)"/, '"name":"$1-renamed"'));
    const bad = await runCli(['verify', '--file', file], home);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/chain broken at seq \d+: content changed/);
    // An edit that means the same once normalized is an edit still.
    const lines = exported.trimEnd().split('\n');
    const at = 10;
    const seq = JSON.parse(lines[at] as string).seq;
    for (const edit of [
      (l: string) => l.replace(/"action":"([a-z])/, (_, c: string) => `"action":"${c.toUpperCase()}`),
      (l: string) => l.replace(/"type":"([a-z-]+)"/, '"type":"$1s"'),
      (l: string) => l.replace(/"time":"([^"]+)\.(\d{3})Z"/, '"time":"$1.$2+00:00"'),
    ]) {
      writeFileSync(file, lines.map((l, i) => (i === at ? edit(l) : l)).join('\n'));
      const edited = await runCli(['verify', '--file', file], home);
      expect(edited.code).toBe(3);
      expect(edited.stderr).toMatch(new RegExp(`chain broken at seq ${seq}: content changed`));
    }
  });

  it('a store an older version wrote with U+0000 in it still lists and verifies, and so does its export (--file)', async () => {
    const old = join(home, 'with-nul.db');
    const at = Date.now() - 60_000;
    const held = [
      { action: 'create', type: 'cluster', name: 'plain', user: 'Jane Doe' },
      { action: 'update', type: 'service', name: 'a\u0000b', account: 'acme\u0000', user: 'Jane\u0000', id: 'e\u0000' },
      {
        action: 'delete',
        type: 'job',
        name: 'n',
        user: 'u',
        resourceId: 'r\u0000',
        details: { 'k\u0000': ['v\u0000'] },
      },
    ];
    // What an older version did: its validation let U+0000 through to the store.
    const sqlite = openSqlite(old);
    await sqlite.record([held.map((e, i) => ({ line: i + 1, event: validateEvent(e, at + i, 'keep') }))]);
    await sqlite.close();
    const verified = await runCli(['verify', '--store', old], home);
    expect(verified.code).toBe(0);
    const head = /Head: seq 3, hash [0-9a-f]{64}/.exec(verified.stdout)?.[0];
    expect(head).toBeDefined();
    const exported = await runCli(['list', '--store', old, '--all', '--format', 'ndjson'], home);
    expect(exported.code).toBe(0);
    const events = parseNdjson<ActivityEvent>(exported.stdout);
    expect(events.map((e) => e.name)).toEqual(['n', 'a\u0000b', 'plain']);
    expect(events[0]?.details).toEqual({ 'k\u0000': ['v\u0000'] });
    expect((await runCli(['show', '2', '--store', old], home)).code).toBe(0);
    // verify --file checks what a store held: the same chain, the same head.
    const file = join(home, 'with-nul.ndjson');
    writeFileSync(file, exported.stdout);
    const fromFile = await runCli(['verify', '--file', file], home);
    expect(fromFile).toEqual({ code: 0, stdout: `Verified 3 events. ${head}\n`, stderr: '' });
    writeFileSync(file, exported.stdout.replace('a\\u0000b', 'a\\u0000c'));
    expect((await runCli(['verify', '--file', file], home)).stderr).toMatch(/chain broken at seq 2: content changed/);
    // New input is refused: the export cannot be recorded into another store as it is.
    const copy = join(home, 'copy-of-with-nul.db');
    const recorded = await runCli(['record', '--store', copy, '--file', '-'], home, { input: exported.stdout });
    expect(recorded.code).toBe(2);
    expect(recorded.stderr).toMatch(/^activity: 2 invalid lines, nothing recorded: line 1: "resourceId" holds a NUL/);
    expect(existsSync(copy)).toBe(false);
  });

  it('--file refuses an export that does not start at seq 1, unless a checkpoint anchors it', async () => {
    const exported = (await runCli(['list', '--store', original, '--all', '--reverse', '--format', 'ndjson'], home))
      .stdout;
    const lines = exported.trimEnd().split('\n');
    const write = (name: string, text: string) => {
      writeFileSync(join(home, name), text);
      return join(home, name);
    };
    // One line made up from nothing, and an export with its first 20 events cut off.
    const forged = JSON.stringify({ ...JSON.parse(lines[0] as string), seq: 7, hash: '0'.repeat(64) });
    for (const [file, first] of [
      [write('forged.ndjson', `${forged}\n`), 7],
      [write('tail.ndjson', `${lines.slice(20).join('\n')}\n`), 21],
    ] as const) {
      const refused = await runCli(['verify', '--file', file], home);
      expect(refused.code).toBe(3);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(
        new RegExp(
          `^activity: .*${file.split('/').pop()} starts at seq ${first}: the events before it.* — verify a whole export .*--checkpoint saved at seq ${first - 1}\n$`,
        ),
      );
    }
    // A checkpoint saved on the store at seq 20 anchors the export of the events after it.
    const at20 = copy();
    tamper(at20, 'DELETE FROM events WHERE seq > 20');
    const checkpoint = join(home, 'at-20.json');
    expect((await runCli(['verify', '--store', at20, '--checkpoint', checkpoint], home)).code).toBe(0);
    const tail = join(home, 'tail.ndjson');
    const anchored = await runCli(['verify', '--file', tail, '--checkpoint', checkpoint], home);
    expect(anchored).toMatchObject({ code: 0, stderr: 'The chain agrees with the checkpoint (seq 20).\n' });
    expect(anchored.stdout).toMatch(/^Verified 30 events\. Head: seq 50, hash [0-9a-f]{64}\n$/);
    // Its first event is checked too, against the checkpoint's hash.
    const edited = write('tail-edited.ndjson', readFileSync(tail, 'utf8').replace(/"name":"([^"]+)"/, '"name":"$1-x"'));
    const changed = await runCli(['verify', '--file', edited, '--checkpoint', checkpoint], home);
    expect(changed.code).toBe(3);
    expect(changed.stderr).toMatch(
      /chain broken at seq 21: content changed — 20 events before it verified; the export was changed after it was made/,
    );
    // A checkpoint inside the export is compared with it.
    const other = join(home, 'other-at-20.json');
    writeFileSync(other, JSON.stringify({ seq: 20, hash: 'b'.repeat(64) }));
    const whole = write('whole.ndjson', exported);
    const rewritten = await runCli(['verify', '--file', whole, '--checkpoint', other], home);
    expect(rewritten.code).toBe(3);
    expect(rewritten.stderr).toMatch(/history rewritten: the event at seq 20 no longer has the checkpoint's hash/);
  });

  it('checks a long chain in worker threads, and still names the first break in it and how', async () => {
    const long = await sampleStore('long', 210_000, 62);
    const whole = await runCli(['verify', '--store', long], home);
    expect(whole.stdout).toMatch(/^Verified 210,000 events\. Head: seq 210000, hash [0-9a-f]{64}\n$/);
    // A break where two ranges meet needs the next range's first link.
    const ranges = splitChain(210_000, verifyWorkers());
    const edge = (ranges[Math.floor(ranges.length / 2)] as Range).after;
    const cases: [sql: string, expected: string][] = [
      ["UPDATE events SET details = '{}' WHERE seq = 150001", 'seq 150001: content changed'],
      // a BLOB makes a worker read its page again with every value's type checked
      ['UPDATE events SET id = CAST(id AS BLOB) WHERE seq = 180000', 'seq 180000: content changed'],
      [`DELETE FROM events WHERE seq = ${edge}`, `seq ${edge}: event missing`],
      [`UPDATE events SET hash = '${'0'.repeat(64)}' WHERE seq = ${edge}`, `seq ${edge}: content changed`],
      [
        'UPDATE events SET seq = -1 WHERE seq = 100; UPDATE events SET seq = 100 WHERE seq = 209000; ' +
          'UPDATE events SET seq = 209000 WHERE seq = -1',
        'seq 100: order changed',
      ],
    ];
    for (const [sql, expected] of cases) {
      const store = join(home, 'long-tampered.db');
      copyFileSync(long, store);
      tamper(store, sql);
      const broken = await runCli(['verify', '--store', store], home);
      expect(broken.code).toBe(3);
      expect(broken.stderr).toContain(`activity: chain broken at ${expected}`);
    }
    // Seqs 1 to 1,000 dropped, a checkpoint of seq 1,000 kept: the workers' first range starts from it.
    const checkpoint = join(home, 'long-at-1000.json');
    const early = join(home, 'long-early.db');
    copyFileSync(long, early);
    tamper(early, 'DELETE FROM events WHERE seq > 1000');
    expect((await runCli(['verify', '--store', early, '--checkpoint', checkpoint], home)).code).toBe(0);
    const kept = join(home, 'long-kept.db');
    copyFileSync(long, kept);
    tamper(kept, 'DELETE FROM events WHERE seq <= 1000');
    const trusted = await runCli(['verify', '--store', kept, '--checkpoint', checkpoint], home);
    expect(trusted).toMatchObject({ code: 0, stderr: 'The chain agrees with the checkpoint (seq 1000).\n' });
    expect(trusted.stdout).toMatch(/^Verified 209,000 events\./);
    tamper(kept, 'UPDATE events SET time = time + 1 WHERE seq = 1001');
    const first = await runCli(['verify', '--store', kept, '--checkpoint', checkpoint], home);
    expect(first.code).toBe(3);
    expect(first.stderr).toContain('activity: chain broken at seq 1001: content changed');
    // On a terminal, progress goes to stderr; in a pipe (above), nothing of it.
    const shown = await runWithTerminalStderr(['verify', '--store', long], home);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^Verified 210,000 events\./);
    // each count written over the last, then the line cleared (CSI K)
    const [counts, cleared] = [shown.stderr.slice(0, -4), shown.stderr.slice(-4)];
    expect(counts).toMatch(/^(\rverified \d{3},\d{3} events…)+$/);
    expect(cleared).toBe('\r\u001b[K');
    expect(whole.stderr).toBe('');
  }, 120_000);

  it('shows progress on a terminal for a chain checked on the main thread too', async () => {
    const store = await sampleStore('medium', 120_000, 63);
    const shown = await runWithTerminalStderr(['verify', '--store', store], home);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^Verified 120,000 events\./);
    expect(shown.stderr).toBe('\rverified 100,000 events…\r\u001b[K');
  }, 60_000);
});

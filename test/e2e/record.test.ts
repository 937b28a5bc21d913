import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { chainHash, GENESIS_HASH } from '../../src/core/chain.js';
import { type ActivityEvent, canonicalJson } from '../../src/core/event.js';
import { generateEvents } from '../../src/sample/generate.js';
import { BIN, ndjson, parseNdjson, ROOT, runCli, sampleFile, sha256File, startCli, tempDir } from '../helpers.js';

const home = tempDir();
let n = 0;
const freshStore = () => join(home, `s${++n}.db`);
const event = { action: 'create', type: 'cluster', name: 'prod-eu-1', user: 'Jane Doe', account: 'acme' };
const flags = ['--action', 'create', '--type', 'cluster', '--name', 'prod-eu-1', '--user', 'Jane Doe'];

/** One clear line on stderr, and the exit code of reference §9. */
function expectOneLineError(
  result: { code: number | null; stderr: string; stdout: string },
  code: number,
  pattern: RegExp,
) {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^activity: /);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

async function storeWithOneEvent(): Promise<string> {
  const store = freshStore();
  const result = await runCli(['record', '--store', store, ...flags], home);
  expect(result.code).toBe(0);
  return store;
}

describe('activity record from flags', () => {
  it('records one event and says so on stderr', async () => {
    const store = freshStore();
    const result = await runCli(
      ['record', '--store', store, ...flags, '--account', 'acme', '--details', '{"b":1,"a":2}'],
      home,
    );
    expect(result).toEqual({ code: 0, stdout: '', stderr: 'Recorded 1 event (seq 1).\n' });
    const listed = await runCli(['list', '--store', store, '--json'], home);
    const [stored] = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(stored).toMatchObject({ seq: 1, ...event, resourceId: null, details: { a: 2, b: 1 } });
  });

  it('prints the recorded event in --format json', async () => {
    const result = await runCli(
      ['record', '--store', freshStore(), ...flags, '--at', '2026-11-25T17:37:02.123Z', '--json'],
      home,
    );
    expect(result.code).toBe(0);
    const [stored] = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(stored).toMatchObject({ seq: 1, time: '2026-11-25T17:37:02.123Z', type: 'cluster' });
  });

  it('takes the user from ACTIVITY_USER, then from the config', async () => {
    const store = freshStore();
    const noUser = ['--action', 'update', '--type', 'service', '--name', 'api'];
    await runCli(['record', '--store', store, ...noUser], home, { env: { ACTIVITY_USER: 'Env User' } });
    const config = join(home, 'config.json');
    writeFileSync(config, JSON.stringify({ user: 'Config User' }));
    await runCli(['record', '--store', store, ...noUser], home, { env: { ACTIVITY_CONFIG: config } });
    const listed = parseNdjson<{ user: string }>(
      (await runCli(['list', '--store', store, '--format', 'ndjson'], home)).stdout,
    );
    expect(listed.map((e) => e.user)).toEqual(['Config User', 'Env User']);
  });

  it('uses ACTIVITY_STORE, then the default file under XDG_DATA_HOME', async () => {
    const viaEnv = freshStore();
    await runCli(['record', ...flags], home, { env: { ACTIVITY_STORE: viaEnv } });
    expect((await runCli(['list', '--store', viaEnv, '--format', 'ndjson'], home)).stdout).toContain('prod-eu-1');
    const isolated = tempDir();
    const result = await runCli(['record', ...flags], isolated);
    expect(result.code).toBe(0);
    const listed = await runCli(
      ['list', '--store', join(isolated, 'data', 'activity', 'activity.db'), '--format', 'ndjson'],
      isolated,
    );
    expect(parseNdjson(listed.stdout)).toHaveLength(1);
  });

  it('reads ~/ in a store path as the home directory, a relative store in the config as next to it, and ignores a relative XDG directory', async () => {
    const isolated = tempDir();
    const inHome = (...parts: string[]) => join(isolated, ...parts);
    const count = async (store: string) =>
      parseNdjson((await runCli(['list', '--store', store, '--format', 'ndjson'], isolated)).stdout).length;
    expect((await runCli(['record', '--store', '~/flag.db', ...flags], isolated, { cwd: home })).code).toBe(0);
    expect(
      (await runCli(['record', ...flags], isolated, { env: { ACTIVITY_STORE: '~/env.db' }, cwd: home })).code,
    ).toBe(0);
    mkdirSync(inHome('conf', 'stores'), { recursive: true });
    writeFileSync(inHome('conf', 'config.json'), JSON.stringify({ store: 'stores/here.db', user: 'Jane Doe' }));
    const fromConfig = await runCli(['record', ...flags], isolated, {
      env: { ACTIVITY_CONFIG: inHome('conf', 'config.json') },
      cwd: home,
    });
    expect(fromConfig.code).toBe(0);
    expect([
      await count(inHome('flag.db')),
      await count(inHome('env.db')),
      await count(inHome('conf', 'stores', 'here.db')),
    ]).toEqual([1, 1, 1]);
    expect(existsSync(join(home, '~'))).toBe(false);
    const relativeData = await runCli(['record', ...flags], isolated, {
      env: { XDG_DATA_HOME: 'relative/data' },
      cwd: home,
    });
    expect(relativeData.code).toBe(0);
    expect(await count(inHome('.local', 'share', 'activity', 'activity.db'))).toBe(1);
    expect(existsSync(join(home, 'relative'))).toBe(false);
  });

  it('chooses the store by --store, then ACTIVITY_STORE, then the config', async () => {
    const [flag, env, configured] = [freshStore(), freshStore(), freshStore()];
    const config = join(home, 'store-config.json');
    writeFileSync(config, JSON.stringify({ store: configured }));
    const record = (args: string[], vars: Record<string, string>) =>
      runCli(['record', ...args, ...flags], home, { env: { ACTIVITY_CONFIG: config, ...vars } });
    await record(['--store', flag], { ACTIVITY_STORE: env });
    await record([], { ACTIVITY_STORE: env });
    await record([], {});
    for (const store of [flag, env, configured]) {
      const listed = await runCli(['list', '--store', store, '--format', 'ndjson'], home);
      expect(parseNdjson(listed.stdout), store).toHaveLength(1);
    }
  });

  it('without a terminal, names every missing flag and writes nothing', async () => {
    const store = await storeWithOneEvent();
    const before = sha256File(store);
    const result = await runCli(['record', '--store', store, '--type', 'cluster'], home);
    expectOneLineError(
      result,
      2,
      /missing --action, --name, --user — give them as flags \(--user may also come from \$ACTIVITY_USER/,
    );
    expect(sha256File(store)).toBe(before);
    const one = await runCli(
      ['record', '--store', store, '--type', 'cluster', '--action', 'create', '--user', 'A B'],
      home,
    );
    expectOneLineError(one, 2, /missing --name — give it as a flag, or run on a terminal/);
  });

  it('re-recording the same id and content changes nothing; other content is refused', async () => {
    const store = freshStore();
    const withId = [...flags, '--id', 'ci-123-deploy'];
    expect((await runCli(['record', '--store', store, ...withId], home)).code).toBe(0);
    const again = await runCli(['record', '--store', store, ...withId], home);
    expect(again).toEqual({ code: 0, stdout: '', stderr: '1 already recorded, left unchanged.\n' });
    // In a format, a re-run prints the event as first recorded, and still says it was left unchanged.
    const first = JSON.parse((await runCli(['list', '--store', store, '--json'], home)).stdout);
    const rerun = await runCli(['record', '--store', store, ...withId, '--format', 'json'], home);
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout)).toEqual(first);
    expect(rerun.stderr).toBe('1 already recorded, left unchanged.\n');
    const before = sha256File(store);
    const other = await runCli(
      ['record', '--store', store, ...withId.map((f) => (f === 'prod-eu-1' ? 'other' : f))],
      home,
    );
    expectOneLineError(other, 2, /id "ci-123-deploy" is already recorded \(seq 1\) with other content/);
    expect(sha256File(store)).toBe(before);
  });

  it.each([
    [['--type', 'clustr'], /unknown resource type "clustr" — did you mean "cluster"\? valid types: cluster, project/],
    [['--action', 'destroy'], /unknown action "destroy"/],
    [['--at', 'next tuesday'], /invalid time "next tuesday" — e\.g\. now, today, .*see activity list --help/],
    [['--details', '{not json'], /--details is not valid JSON/],
    [['--details', '[1,2]'], /"details" must be a JSON object/],
    [['--name', 'x'.repeat(300)], /"name" is longer than 256 characters/],
    [['--bogus'], /unknown option '--bogus'/],
    [['--name', 'n\uFFFD'], /--name is not valid UTF-8/],
  ])('refuses %j with exit 2 and writes nothing', async (bad, pattern) => {
    const store = await storeWithOneEvent();
    const before = sha256File(store);
    const args = [...flags];
    for (let i = 0; i < bad.length; i++) {
      const at = args.indexOf(bad[i] ?? '');
      if (at !== -1 && bad[i + 1] !== undefined && !bad[i + 1]?.startsWith('--')) {
        args[at + 1] = bad[i + 1] ?? '';
        i++;
      } else {
        args.push(bad[i] ?? '');
        if (bad[i + 1] !== undefined && !bad[i + 1]?.startsWith('--')) args.push(bad[++i] ?? '');
      }
    }
    expectOneLineError(await runCli(['record', '--store', store, ...args], home), 2, pattern);
    expect(sha256File(store)).toBe(before);
  });
});

describe('activity record --file', () => {
  it('records a stream from stdin', async () => {
    const store = freshStore();
    const input = ndjson([
      event,
      { ...event, action: 'update', details: { replicas: 3 } },
      { ...event, action: 'delete' },
    ]);
    const result = await runCli(['record', '--store', store, '--file', '-', '--format', 'ndjson'], home, { input });
    expect(result.code).toBe(0);
    expect(parseNdjson<{ seq: number; action: string }>(result.stdout).map((e) => [e.seq, e.action])).toEqual([
      [1, 'create'],
      [2, 'update'],
      [3, 'delete'],
    ]);
  });

  it('reads a file that starts with a byte-order mark, as some editors write them', async () => {
    const store = freshStore();
    const exported = { ...event, id: 'bom-1', time: '2026-11-20T10:00:00.000Z' };
    const input = `\uFEFF${ndjson([exported, { ...exported, id: 'bom-2', action: 'delete' }])}`;
    const result = await runCli(['record', '--store', store, '--file', '-'], home, { input });
    expect(result).toEqual({ code: 0, stdout: '', stderr: 'Recorded 2 events (seq 1–2).\n' });
    const filtered = await runCli(['filter', '--action', 'delete', '--format', 'ndjson'], home, { input });
    expect(parseNdjson(filtered.stdout)).toHaveLength(1);
  });

  it('is all or nothing, naming every bad line and why', async () => {
    const store = await storeWithOneEvent();
    const before = sha256File(store);
    const lines = [
      JSON.stringify(event),
      '{"action":',
      JSON.stringify({ ...event, type: 'nodepoool' }),
      '',
      JSON.stringify({ ...event, surprise: true }),
      JSON.stringify(event),
      '[]',
    ].join('\n');
    const result = await runCli(['record', '--store', store, '--file', '-'], home, { input: lines });
    expectOneLineError(result, 2, /^activity: 4 invalid lines, nothing recorded: line 2: not valid JSON/);
    expect(result.stderr).toMatch(/line 3: unknown resource type "nodepoool"/);
    expect(result.stderr).toMatch(/line 5: unknown field "surprise"/);
    expect(result.stderr).toMatch(/line 7: expected a JSON object, found an array/);
    expect(sha256File(store)).toBe(before);
  });

  it('reports at most 20 bad lines, and how many more', async () => {
    const store = freshStore();
    const input = Array.from({ length: 30 }, () => 'nope').join('\n');
    const result = await runCli(['record', '--store', store, '--file', '-'], home, { input });
    expect(result.code).toBe(2);
    expect(result.stderr.match(/line \d+:/g)).toHaveLength(20);
    expect(result.stderr).toContain('and 10 more');
  });

  it('refuses invalid UTF-8, NUL bytes and over-long lines by line number', async () => {
    const store = await storeWithOneEvent();
    const before = sha256File(store);
    const input = Buffer.concat([
      Buffer.from(`${JSON.stringify(event)}\n`),
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]),
      Buffer.from('{"action":"create"\u0000}\n'),
      Buffer.from(`${JSON.stringify({ ...event, name: 'x'.repeat(2 * 1024 * 1024) })}\n`),
    ]);
    const result = await runCli(['record', '--store', store, '--file', '-'], home, { input });
    expectOneLineError(result, 2, /line 2: not valid UTF-8; line 3: not valid JSON .*; line 4: line longer than 1 MiB/);
    expect(sha256File(store)).toBe(before);
  });

  it('refuses U+0000 in any field, in a key or value of details, and in --details (no store can hold it)', async () => {
    const store = await storeWithOneEvent();
    const before = sha256File(store);
    const refused: [Record<string, unknown>, string][] = [
      [{ ...event, name: 'a\u0000b' }, '"name"'],
      [{ ...event, user: 'Jane\u0000' }, '"user"'],
      [{ ...event, account: '\u0000' }, '"account"'],
      [{ ...event, resourceId: 'r\u0000' }, '"resourceId"'],
      [{ ...event, id: 'i\u0000' }, '"id"'],
      [{ ...event, details: { note: 'x\u0000' } }, '"details"'],
      [{ ...event, details: { change: { to: ['ok', 'x\u0000'] } } }, '"details"'],
      [{ ...event, details: { 'k\u0000': 1 } }, 'a key of "details"'],
    ];
    // A valid line first: the batch is all or nothing.
    const input = ndjson([event, ...refused.map(([line]) => line)]);
    const result = await runCli(['record', '--store', store, '--file', '-'], home, { input });
    expectOneLineError(result, 2, /^activity: 8 invalid lines, nothing recorded: line 2: "name" holds a NUL character/);
    refused.forEach(([, field], i) => {
      expect(result.stderr).toContain(
        `line ${i + 2}: ${field} holds a NUL character (U+0000) (remove it: no activity store can hold one)`,
      );
    });
    const flag = await runCli(['record', '--store', store, ...flags, '--details', '{"note":"a\\u0000b"}'], home);
    expectOneLineError(flag, 2, /"details" holds a NUL character \(U\+0000\)/);
    expect(sha256File(store)).toBe(before);
  });

  it('leaves the disk as it was when a write is refused: no store file, no folders', async () => {
    const dir = mkdtempSync(join(home, 'refused-'));
    const store = join(dir, 'new.db');
    const input = ndjson([event, { ...event, action: 'destroy' }]);
    const refused = await runCli(['record', '--store', store, '--file', '-'], home, { input });
    expect(refused.code).toBe(2);
    const taken = await runCli(['record', '--store', store, ...flags, '--id', 'x', '--details', '{"a":1}'], home);
    expect(taken.code).toBe(0);
    const conflict = await runCli(['record', '--store', join(dir, 'other.db'), '--file', '-'], home, {
      input: ndjson([
        { ...event, id: 'same' },
        { ...event, id: 'same', name: 'other' },
      ]),
    });
    expect(conflict.code).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['new.db']);
    const nested = join(dir, 'no', 'such', 'folder', 'x.db');
    const missing = await runCli(['record', '--store', nested, ...flags], home);
    expectOneLineError(missing, 5, /cannot create store .*x\.db: the folder .*folder does not exist/);
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });

  it('says on stderr when a store that was named does not exist, and lists nothing', async () => {
    const result = await runCli(['list', '--store', join(home, 'demo.dbb')], home);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^note: store .*demo\.dbb does not exist yet/m);
    const following = startCli(['tail', '-f', '--store', join(home, 'typo.dbb')], home);
    try {
      await vi.waitFor(() => expect(following.stderr()).toMatch(/note: store .*typo\.dbb does not exist yet/), {
        timeout: 10_000,
      });
    } finally {
      await following.stop();
    }
    expect(existsSync(join(home, 'typo.dbb'))).toBe(false);
  });

  it("reads an event's time without an offset as UTC, as the field is (reference §1), and --at as local time (reference §4)", async () => {
    const store = freshStore();
    const tokyo = { env: { TZ: 'Asia/Tokyo' } };
    const input = ndjson([{ ...event, id: 'naive', time: '2026-11-25T17:37:02' }]);
    expect((await runCli(['record', '--store', store, '--file', '-'], home, { ...tokyo, input })).code).toBe(0);
    expect(
      (await runCli(['record', '--store', store, ...flags, '--id', 'flag', '--at', '2026-11-25T17:37:02'], home, tokyo))
        .code,
    ).toBe(0);
    const times = Object.fromEntries(
      parseNdjson<ActivityEvent>((await runCli(['list', '--store', store, '--format', 'ndjson'], home)).stdout).map(
        (e) => [e.id, e.time],
      ),
    );
    expect(times).toEqual({ naive: '2026-11-25T17:37:02.000Z', flag: '2026-11-25T08:37:02.000Z' });
  });

  it('records a file of several megabytes (parsed in a worker thread) with an unbroken chain', async () => {
    const store = freshStore();
    const { path, events } = sampleFile(home, 'large.ndjson', { count: 15_000, seed: 21, end: Date.now(), days: 9 });
    expect(statSync(path).size).toBeGreaterThan(2 * 1024 * 1024);
    const result = await runCli(['record', '--store', store, '--file', path], home);
    expect(result).toEqual({ code: 0, stdout: '', stderr: 'Recorded 15,000 events (seq 1–15,000).\n' });
    const again = await runCli(['record', '--store', store, '--file', path], home);
    expect(again).toEqual({ code: 0, stdout: '', stderr: '15,000 already recorded, left unchanged.\n' });
    // a second large batch, whose predicted head is the first batch's last event
    const more = join(home, 'more.ndjson');
    writeFileSync(more, ndjson([...generateEvents({ count: 15_000, seed: 22, end: Date.now(), days: 9 })]));
    const input = readFileSync(more);
    expect((await runCli(['record', '--store', store, '--file', '-'], home, { input })).code).toBe(0);
    const exported = await runCli(['list', '--store', store, '--all', '--reverse', '--format', 'ndjson'], home);
    const recorded = parseNdjson<ActivityEvent>(exported.stdout).sort((a, b) => a.seq - b.seq);
    expect(recorded).toHaveLength(30_000);
    expect(recorded.slice(0, 3).map((e) => e.id)).toEqual(events.slice(0, 3).map((e) => e.id));
    let previous = GENESIS_HASH;
    for (const e of recorded) {
      expect(e.hash).toBe(chainHash(previous, e.seq, { ...e, details: e.details && canonicalJson(e.details) }));
      previous = e.hash;
    }
  });

  it('in a large file, names a bad line near the end by its number and records nothing', async () => {
    const store = await storeWithOneEvent();
    const before = sha256File(store);
    const lines = [...generateEvents({ count: 12_000, seed: 23, end: Date.now(), days: 9 })].map((e) =>
      JSON.stringify(e),
    );
    lines.splice(11_990, 0, '{"action": "create", "type": "clustr"}');
    const result = await runCli(['record', '--store', store, '--file', '-'], home, { input: `${lines.join('\n')}\n` });
    expectOneLineError(
      result,
      2,
      /^activity: 1 invalid line, nothing recorded: line 11991: unknown resource type "clustr"/,
    );
    expect(sha256File(store)).toBe(before);
  });

  it('re-importing the same file changes nothing', async () => {
    const store = freshStore();
    const file = join(home, 'batch.ndjson');
    writeFileSync(file, ndjson([1, 2, 3].map((i) => ({ ...event, id: `e${i}`, name: `n${i}` }))));
    expect((await runCli(['record', '--store', store, '--file', file], home)).stderr).toBe(
      'Recorded 3 events (seq 1–3).\n',
    );
    const before = sha256File(store);
    const again = await runCli(['record', '--store', store, '--file', file], home);
    expect(again).toEqual({ code: 0, stdout: '', stderr: '3 already recorded, left unchanged.\n' });
    expect(sha256File(store)).toBe(before);
  });

  it('refuses a missing or unreadable input file', async () => {
    expectOneLineError(
      await runCli(['record', '--store', freshStore(), '--file', join(home, 'nope.ndjson')], home),
      2,
      /cannot read .*no such file/,
    );
    expectOneLineError(await runCli(['record', '--store', freshStore(), '--file', home], home), 2, /it is a directory/);
    // A device would be read for ever; an empty path is a mistake.
    expectOneLineError(
      await runCli(['record', '--store', freshStore(), '--file', '/dev/zero'], home),
      2,
      /cannot read \/dev\/zero: it is a device, not a file/,
    );
    expectOneLineError(
      await runCli(['record', '--store', freshStore(), '--file', ''], home),
      2,
      /the --file path is empty/,
    );
  });

  it('reads state files (cursor, checkpoint, config) only when they are small regular files', async () => {
    const store = freshStore();
    expect((await runCli(['record', '--store', store, ...flags], home)).code).toBe(0);
    const fifo = join(home, 'a-fifo');
    spawnSync('mkfifo', [fifo]);
    for (const [args, env, pattern] of [
      [['list', '--cursor-file', '/dev/zero'], {}, /cannot read cursor file \/dev\/zero: it is not a regular file/],
      [['tail', '--cursor-file', fifo], {}, /cannot read cursor file .*a-fifo: it is not a regular file/],
      [['verify', '--checkpoint', '/dev/zero'], {}, /cannot read checkpoint \/dev\/zero: it is not a regular file/],
      [['list'], { ACTIVITY_CONFIG: '/dev/zero' }, /cannot read config file \/dev\/zero: it is not a regular file/],
      [['list', '--cursor-file', ''], {}, /the cursor file path is empty/],
      [['verify', '--checkpoint', ''], {}, /the checkpoint path is empty/],
    ] as [string[], Record<string, string>, RegExp][]) {
      const result = await runCli([...args, '--store', store], home, { env });
      expectOneLineError(result, 2, pattern);
    }
  });

  it('refuses event flags beside --file', async () => {
    expectOneLineError(
      await runCli(['record', '--store', freshStore(), '--file', '-', '--name', 'x'], home),
      2,
      /--file cannot be combined with --name/,
    );
  });
});

describe('concurrent writers', () => {
  it('wait for each other instead of failing, and never share a seq', async () => {
    const store = freshStore();
    await runCli(['record', '--store', store, ...flags], home); // create the file first
    const writers = Array.from({ length: 6 }, (_, w) =>
      w % 2 === 0
        ? runCli(['record', '--store', store, '--file', '-'], home, {
            input: ndjson(Array.from({ length: 200 }, (_, i) => ({ ...event, name: `batch-${w}-${i}` }))),
          })
        : runCli(['record', '--store', store, ...flags.map((f) => (f === 'prod-eu-1' ? `single-${w}` : f))], home),
    );
    const results = await Promise.all(writers);
    for (const result of results) expect(result.code, `${result.code} ${result.stderr}`).toBe(0);
    const listed = parseNdjson<{ seq: number; name: string }>(
      (await runCli(['list', '--store', store, '--all', '--format', 'ndjson'], home)).stdout,
    );
    expect(listed).toHaveLength(1 + 3 * 200 + 3);
    expect(listed.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: listed.length }, (_, i) => i + 1),
    );
    // and the chain links every event to the one before it: it did not fork
    const full = parseNdjson<ActivityEvent & { details: object | null }>(
      (await runCli(['list', '--store', store, '--all', '--reverse', '--format', 'ndjson'], home)).stdout,
    ).sort((a, b) => a.seq - b.seq);
    let previous = GENESIS_HASH;
    for (const e of full) {
      expect(e.hash).toBe(
        chainHash(previous, e.seq, { ...e, details: e.details === null ? null : canonicalJson(e.details) }),
      );
      previous = e.hash;
    }
    // each batch got one contiguous range of seq
    for (const w of [0, 2, 4]) {
      const seqs = listed.filter((e) => e.name.startsWith(`batch-${w}-`)).map((e) => e.seq);
      expect(Math.max(...seqs) - Math.min(...seqs)).toBe(199);
    }
  });
});

describe('errors and exit codes', () => {
  it('a store URL that cannot be opened or reached is exit 5, and no secret of it reaches the message', async () => {
    for (const [url, message] of [
      [
        'postgres://alice:s3cret@db.example/activity?password=pw2&sslmode=require',
        /cannot reach PostgreSQL at db\.example:5432, database "activity": host not found/,
      ],
      ['https://bob:hunter2@activity.invalid/x?token=abc', /cannot reach https:\/\/activity\.invalid\/x: no such host/],
    ] as const) {
      const result = await runCli(['list', '--store', url], home);
      expectOneLineError(result, 5, message);
      for (const secret of ['alice', 's3cret', 'pw2', 'bob', 'hunter2', 'abc'])
        expect(result.stderr).not.toContain(secret);
    }
  });

  it('a damaged store (a page of its events overwritten) is exit 5 with one line that says so, for every reader', async () => {
    const store = freshStore();
    const input = ndjson([...generateEvents({ count: 3000, seed: 31, end: Date.now(), days: 5 })]);
    expect((await runCli(['record', '--store', store, '--file', '-'], home, { input })).code).toBe(0);
    const db = new Database(store);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const root = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'events'").pluck().get() as number;
    db.close();
    const fd = openSync(store, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    closeSync(fd);
    for (const args of [['list', '--all'], ['list', '--all', '--format', 'ndjson'], ['verify']]) {
      const result = await runCli([...args, '--store', store], home);
      expect(result.code, args.join(' ')).toBe(5);
      expect(result.stderr).toMatch(
        /^activity: store .* is damaged: database disk image is malformed — restore it from a backup you trust\n$/,
      );
    }
  });

  // Needs two users: run as root, the test acts as two others through setpriv, where they
  // can run this checkout (not in a clone under a private directory, as CI's is).
  const othersCanRun = [1001, 65534].every(
    (uid) =>
      process.getuid?.() === 0 &&
      spawnSync('setpriv', ['--reuid', String(uid), '--regid', String(uid), '--clear-groups', BIN, '--version'])
        .status === 0,
  );
  it.runIf(othersCanRun)(
    'a store another user cannot write, or whose -wal and -shm another user left, says which and what to do',
    async () => {
      // Its own directory: the other users cannot enter this file's home.
      const shared = mkdtempSync(join(tmpdir(), 'activity-shared-'));
      onTestFinished(() => rmSync(shared, { recursive: true, force: true }));
      chmodSync(shared, 0o777);
      const store = join(shared, 'w.db');
      const as = (uid: number, args: string[]) =>
        spawnSync('setpriv', ['--reuid', String(uid), '--regid', String(uid), '--clear-groups', BIN, ...args], {
          encoding: 'utf8',
          env: { PATH: process.env.PATH, HOME: shared },
        });
      const first = as(1001, ['record', '--store', store, ...flags]);
      expect(first.status, first.stderr).toBe(0);
      // Another user reads it: SQLite leaves its -wal and -shm behind, owned by that user.
      expect(as(65534, ['list', '--store', store]).status).toBe(0);
      const locked = as(1001, ['record', '--store', store, ...flags]);
      expect(locked.status).toBe(5);
      expect(locked.stderr).toMatch(
        /^activity: store .*w\.db cannot be written: .*w\.db-(wal|shm) belongs to another user \(uid 65534\) — .*remove .*-wal and -shm while no one uses the store\n$/,
      );
      const other = as(65534, ['record', '--store', store, ...flags]);
      expect(other.status).toBe(5);
      expect(other.stderr).toMatch(/^activity: store .*w\.db is read-only for this user — /);
    },
  );

  it('a store path that is a directory is exit 5', async () => {
    const dir = join(home, 'dir-store');
    mkdirSync(dir);
    expectOneLineError(await runCli(['list', '--store', dir], home), 5, /is a directory/);
    expectOneLineError(await runCli(['record', '--store', dir, ...flags], home), 5, /is a directory/);
  });

  it('a store file that is not SQLite is exit 5, and stays byte for byte the same', async () => {
    const file = join(home, 'notes.txt');
    writeFileSync(file, 'my notes, not a database\n'.repeat(200));
    const before = sha256File(file);
    expectOneLineError(
      await runCli(['list', '--store', file], home),
      5,
      /store .*notes\.txt failed: file is not a database/,
    );
    expectOneLineError(await runCli(['record', '--store', file, ...flags], home), 5, /file is not a database/);
    expect(sha256File(file)).toBe(before);
  });

  it.each([
    [['list', '--limit', '0'], /invalid --limit "0"/],
    [['list', '--limit', '99999999999999999999'], /invalid --limit/],
    [['list', '--since', '2026-11-26', '--until', '2026-11-25'], /--since 2026-11-26 is later than --until 2026-11-25/],
    [['list', '--since', 'someday'], /invalid time "someday"/],
    [['list', '--type', 'clustr'], /did you mean "cluster"/],
    [['list', '--color', 'sometimes'], /invalid --color "sometimes"/],
    [['lst'], /unknown command "lst" — did you mean "list"\?/],
    [['lsit'], /unknown command "lsit" — did you mean "list"\?/],
    [
      ['list', '--type', 'x'.repeat(100_000)],
      /^activity: unknown resource type "x{60}…" \(100000 characters\) — valid types: .{0,200}\n$/,
    ],
    [['list', '--since', 'y'.repeat(100_000)], /^activity: invalid time "y{60}…" \(100000 characters\) — /],
    [['list', '--account', ''], /^activity: --account is empty — give the name of an account\n$/],
    [['list', '--resource-id', ''], /^activity: --resource-id is empty — /],
    [['list', '--limt', '5'], /^activity: unknown option '--limt' — did you mean --limit\? See --help\n$/],
    [['list', '--bogus'], /^activity: unknown option '--bogus' — see --help\n$/],
  ])('%j is a usage error (exit 2)', async (args, pattern) => {
    expectOneLineError(await runCli([...args, '--store', join(home, 'empty.db')], home), 2, pattern);
  });

  it('shows a stack trace only with --debug', async () => {
    const dir = join(home, 'dir-store-2');
    mkdirSync(dir);
    const plain = await runCli(['list', '--store', dir], home);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await runCli(['list', '--store', dir, '--debug'], home);
    expect(debug.code).toBe(5);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('stack traces point at where the CLI is, also in a copy moved from where it was built', async () => {
    const copy = join(home, 'moved');
    for (const dir of ['bin', 'dist']) cpSync(join(ROOT, dir), join(copy, dir), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const dir = join(home, 'dir-store-3');
    mkdirSync(dir);
    const moved = await runCli(['list', '--store', dir, '--debug'], home, { bin: join(copy, 'bin', 'activity') });
    expect(moved.code).toBe(5);
    expect(moved.stderr).toContain(`(${join(copy, 'dist', 'cli.cjs')}:`);
    expect(moved.stderr).not.toContain(join(ROOT, 'dist'));
  });

  it('a malformed config file is a usage error', async () => {
    const config = join(home, 'bad-config.json');
    writeFileSync(config, '{ nope');
    expectOneLineError(
      await runCli(['list'], home, { env: { ACTIVITY_CONFIG: config } }),
      2,
      /config file .* is not valid JSON/,
    );
  });

  it('keeps its exit code when stderr cannot be written (a full disk, a closed pipe)', () => {
    const store = join(home, 'stderr-full.db');
    const run = (args: string[]) => {
      const full = openSync('/dev/full', 'w');
      try {
        return spawnSync(BIN, args, { stdio: ['ignore', 'pipe', full], env: { ...process.env, HOME: home } }).status;
      } finally {
        closeSync(full);
      }
    };
    expect(run(['record', '--store', store, ...flags])).toBe(0);
    expect(run(['list', '--store', store, '--limit', '1', '--bogus'])).toBe(2);
    expect(run(['verify', '--store', join(home, 'nowhere', 'x.db')])).toBe(5);
    expect(run(['list', '--store', store, '--exit-status', '--type', 'volume'])).toBe(1);
  });

  it('--version and --help succeed', async () => {
    const version = await runCli(['--version'], home);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await runCli(['list', '--help'], home);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--exit-status');
  });
});

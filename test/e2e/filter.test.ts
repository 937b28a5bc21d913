import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../src/core/event.js';
import { generateEvents } from '../../src/sample/generate.js';
import { ndjson, parseNdjson, runCli, tempDir } from '../helpers.js';

const home = tempDir();
const store = join(home, 'store.db');
const exportFile = join(home, 'export.ndjson');
const END = Date.now() - 3_600_000;
let exported = '';
let events: ActivityEvent[] = [];

beforeAll(async () => {
  const input = ndjson([...generateEvents({ count: 3000, seed: 31, end: END, days: 20, users: 25 })]);
  expect((await runCli(['record', '--store', store, '--file', '-'], home, { input })).code).toBe(0);
  exported = (await runCli(['list', '--store', store, '--all', '--format', 'ndjson'], home)).stdout;
  writeFileSync(exportFile, exported);
  events = parseNdjson<ActivityEvent>(exported);
});

describe('activity filter on a stream', () => {
  it('gives the same events as list with the same flags on the same data', async () => {
    const someone = events[100]?.user ?? '';
    const account = events[200]?.account ?? '';
    const cases: string[][] = [
      ['--action', 'delete', '--type', 'cluster'],
      ['--user', someone.toUpperCase()],
      ['--account', account, '--action', 'create,update'],
      ['--search', 'API'],
      ['--search', 'del'],
      ['--type', 'Node Pools', '--since', '7d'],
      ['--since', '10d', '--until', '3d', '--type', 'service,job'],
      ['--resource-id', events[5]?.resourceId ?? ''],
    ];
    for (const flags of cases) {
      const listed = await runCli(['list', '--store', store, '--all', '--format', 'ndjson', ...flags], home);
      const filtered = await runCli(['filter', '--format', 'ndjson', ...flags], home, { input: exported });
      expect(filtered.code).toBe(0);
      expect(filtered.stderr).toBe('');
      expect(filtered.stdout).toBe(listed.stdout);
      expect(listed.stdout.length).toBeGreaterThan(0);
    }
  });

  it('reads --file as it reads stdin, and keeps each event as exported, seq and hash included', async () => {
    const fromFile = await runCli(['filter', '--file', exportFile, '--type', 'domain', '--format', 'json'], home);
    const fromStdin = await runCli(['filter', '--type', 'domain', '--format', 'json'], home, { input: exported });
    expect(fromFile.stdout).toBe(fromStdin.stdout);
    const domains = JSON.parse(fromFile.stdout) as ActivityEvent[];
    expect(domains).toEqual(events.filter((e) => e.type === 'domain').map((e) => ({ ...e, details: e.details })));
  });

  it('writes every format; events that never had a seq have none', async () => {
    const event = { id: 'e1', time: '2026-11-20T10:00:00.000Z', action: 'create', type: 'cluster', name: 'a,b' };
    const raw = ndjson([{ ...event, user: 'Jane Doe', details: { x: 1 } }]);
    const csv = await runCli(['filter', '--format', 'csv'], home, { input: raw });
    expect(csv.stdout.split('\r\n')[1]).toBe(
      ',e1,2026-11-20T10:00:00.000Z,create,cluster,"a,b",,,Jane Doe,"{""x"":1}"',
    );
    const json = JSON.parse((await runCli(['filter', '--json'], home, { input: raw })).stdout) as ActivityEvent[];
    expect(json[0]).toMatchObject({ seq: null, hash: null, name: 'a,b', details: { x: 1 } });
    const tsv = await runCli(['filter'], home, { input: raw });
    expect(tsv.stdout.split('\t').slice(3, 6)).toEqual(['create', 'cluster', 'a,b']);
  });

  it('refuses a line without an id or a time rather than making them up', async () => {
    const input = ndjson([{ action: 'create', type: 'cluster', name: 'a', user: 'Jane Doe' }]);
    const result = await runCli(['filter', '--since', '1h'], home, { input });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/line 1: "id" is missing \(an exported event has its id\)/);
    expect(result.stdout).toBe('');
  });

  it('names bad lines with their numbers (exit 2), or skips and counts them with --skip-invalid', async () => {
    const lines = exported.split('\n').slice(0, 5);
    lines.splice(2, 0, '{"action": "create"');
    lines.splice(4, 0, JSON.stringify({ ...events[0], type: 'clustr' }));
    const input = `${lines.join('\n')}\n`;
    const strict = await runCli(['filter', '--format', 'ndjson'], home, { input });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/^activity: 2 invalid lines, the other lines were filtered: line 3: not valid JSON/);
    expect(strict.stderr).toMatch(/line 5: unknown resource type "clustr"/);
    expect(strict.stderr.trimEnd().split('\n')).toHaveLength(1);
    const lenient = await runCli(['filter', '--format', 'ndjson', '--skip-invalid'], home, { input });
    expect(lenient.code).toBe(0);
    expect(parseNdjson(lenient.stdout)).toHaveLength(5);
    expect(lenient.stderr).toBe('Skipped 2 invalid lines.\n');
  });

  it('takes a line with U+0000 in a field or in details for a bad line, as record would (no store can hold it)', async () => {
    const [first, second] = events as [ActivityEvent, ActivityEvent];
    const input = ndjson([
      first,
      { ...second, user: 'Jane\u0000' },
      { ...second, details: { change: { to: 'x\u0000' } } },
    ]);
    const strict = await runCli(['filter', '--format', 'ndjson'], home, { input });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toBe(
      'activity: 2 invalid lines, the other lines were filtered: line 2: "user" holds a NUL character (U+0000) ' +
        '(remove it: no activity store can hold one); line 3: "details" holds a NUL character (U+0000) ' +
        '(remove it: no activity store can hold one) — fix the lines named, or add --skip-invalid to leave them out\n',
    );
    const lenient = await runCli(['filter', '--format', 'ndjson', '--skip-invalid'], home, { input });
    expect(lenient.code).toBe(0);
    expect(parseNdjson(lenient.stdout)).toEqual([first]);
    expect(lenient.stderr).toBe('Skipped 2 invalid lines.\n');
  });

  it('refuses a NUL in a --user or --search of a saved filter (exit 2): no event can hold one', async () => {
    const config = join(home, 'nul-config.json');
    writeFileSync(
      config,
      JSON.stringify({ filters: { who: ['--user', 'Jane\u0000'], what: ['--search', 'api\u0000x'] } }),
    );
    const env = { ACTIVITY_CONFIG: config };
    const byUser = await runCli(['filter', '--saved', 'who'], home, { input: exported, env });
    expect(byUser).toMatchObject({ code: 2, stdout: '' });
    expect(byUser.stderr).toMatch(/^activity: --user holds a NUL character \(U\+0000\) — remove it/);
    const listed = await runCli(['list', '--store', store, '--saved', 'what'], home, { env });
    expect(listed).toMatchObject({ code: 2, stdout: '' });
    expect(listed.stderr).toMatch(/^activity: --search holds a NUL character \(U\+0000\) — remove it/);
  });

  it('filters a long stream in worker threads, in order, with the right line numbers', async () => {
    // 4 × 3,000 lines: long enough for the workers; two bad lines far apart.
    const lines = [exported, exported, exported, exported]
      .join('')
      .split('\n')
      .filter((l) => l !== '');
    lines.splice(7_000, 0, 'not json');
    lines.splice(11_500, 0, JSON.stringify({ ...events[0], action: 'destroy' }));
    const input = `${lines.join('\n')}\n`;
    const flags = ['--type', 'service,cluster', '--action', 'update'];
    const listed = await runCli(['list', '--store', store, '--all', '--format', 'ndjson', ...flags], home);
    const filtered = await runCli(['filter', '--format', 'ndjson', '--skip-invalid', ...flags], home, { input });
    expect(filtered.stdout).toBe(listed.stdout.repeat(4));
    expect(filtered.stderr).toBe('Skipped 2 invalid lines.\n');
    const strict = await runCli(['filter', '--format', 'ndjson', ...flags], home, { input });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/line 7001: not valid JSON.*; line 11501: unknown action "destroy"/);
  });

  it('opens no store, and refuses a missing file or bad flags with one line', async () => {
    const env = { ACTIVITY_STORE: join(home, 'must-not-exist', 'x.db') };
    expect((await runCli(['filter', '--type', 'job'], home, { input: exported, env })).code).toBe(0);
    const missing = await runCli(['filter', '--file', join(home, 'nope.ndjson')], home);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(
      /^activity: cannot read .*nope\.ndjson: no such file or directory — give an NDJSON file, or - for stdin\n$/,
    );
    const badType = await runCli(['filter', '--type', 'nodepoool'], home, { input: exported });
    expect(badType.code).toBe(2);
    expect(badType.stderr).toMatch(/unknown resource type "nodepoool"/);
  });
});

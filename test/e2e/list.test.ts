import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SampleEvent } from '../../src/sample/generate.js';
import { ndjson, parseNdjson, runCli, sampleFile, tempDir } from '../helpers.js';

const home = tempDir();
const store = join(home, 'store.db');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const end = Date.now() - HOUR;
let events: SampleEvent[] = [];
const seqOf = new Map<string, number>();

/** The reference answer, written apart from the product's own filter code. */
interface Want {
  users?: string[];
  actions?: string[];
  types?: string[];
  accounts?: string[];
  resourceIds?: string[];
  search?: string;
  since?: number;
  until?: number;
}
function expected(want: Want): number[] {
  return events
    .filter((e) => {
      const t = Date.parse(e.time);
      if (want.users && !want.users.some((u) => u.toLowerCase() === e.user.toLowerCase())) return false;
      if (want.actions && !want.actions.includes(e.action)) return false;
      if (want.types && !want.types.includes(e.type)) return false;
      if (want.accounts && !want.accounts.some((a) => a.toLowerCase() === e.account?.toLowerCase())) return false;
      if (want.resourceIds && !want.resourceIds.includes(e.resourceId)) return false;
      if (want.search) {
        const s = want.search.toLowerCase();
        if (!e.name.toLowerCase().includes(s) && !e.action.includes(s)) return false;
      }
      if (want.since !== undefined && t < want.since) return false;
      if (want.until !== undefined && t >= want.until) return false;
      return true;
    })
    .sort((a, b) => Date.parse(b.time) - Date.parse(a.time) || (seqOf.get(b.id) ?? 0) - (seqOf.get(a.id) ?? 0))
    .map((e) => seqOf.get(e.id) ?? -1);
}

const list = (args: string[], env: Record<string, string> = {}) =>
  runCli(['list', '--store', store, ...args], home, { env });
const seqs = (stdout: string) => parseNdjson<{ seq: number }>(stdout).map((e) => e.seq);

beforeAll(async () => {
  const file = sampleFile(home, 'sample.ndjson', { count: 2000, seed: 11, end, days: 60, users: 60 });
  events = file.events;
  const result = await runCli(['record', '--store', store, '--file', file.path], home);
  expect(result.code).toBe(0);
  expect(result.stderr).toBe('Recorded 2,000 events (seq 1–2,000).\n');
  expect(result.stdout).toBe('');
  events.forEach((e, i) => {
    seqOf.set(e.id, i + 1);
  });
});

describe('activity list: filters against an independent count', () => {
  const user = () => events[10]?.user ?? '';
  const cases: [string, () => string[], () => Want][] = [
    ['--user (any case)', () => ['--user', user().toUpperCase()], () => ({ users: [user()] })],
    [
      '--user twice',
      () => ['--user', user(), '--user', events[20]?.user ?? ''],
      () => ({ users: [user(), events[20]?.user ?? ''] }),
    ],
    ['--action', () => ['--action', 'delete'], () => ({ actions: ['delete'] })],
    ['--action list', () => ['--action', 'create,DELETE'], () => ({ actions: ['create', 'delete'] })],
    ['--type forms', () => ['--type', 'Node Pools', '--type', 'clusters'], () => ({ types: ['node-pool', 'cluster'] })],
    ['--type comma', () => ['--type', 'variable_groups,domain'], () => ({ types: ['variable-group', 'domain'] })],
    ['--account', () => ['--account', 'acme', '--account', 'hooli'], () => ({ accounts: ['acme', 'hooli'] })],
    ['--account (any case)', () => ['--account', 'ACME'], () => ({ accounts: ['acme'] })],
    [
      '--resource-id',
      () => ['--resource-id', events[5]?.resourceId ?? ''],
      () => ({ resourceIds: [events[5]?.resourceId ?? ''] }),
    ],
    ['--search name', () => ['--search', 'GATEWAY'], () => ({ search: 'gateway' })],
    ['--search short', () => ['--search', 'pi'], () => ({ search: 'pi' })],
    ['--search action', () => ['--search', 'delet'], () => ({ search: 'delet' })],
    ['--since ISO', () => ['--since', new Date(end - 10 * DAY).toISOString()], () => ({ since: end - 10 * DAY })],
    ['--until ISO', () => ['--until', new Date(end - 50 * DAY).toISOString()], () => ({ until: end - 50 * DAY })],
    [
      '--since @unix',
      () => ['--since', `@${Math.floor((end - 3 * DAY) / 1000)}`],
      () => ({ since: Math.floor((end - 3 * DAY) / 1000) * 1000 }),
    ],
    ['--since 7d', () => ['--since', '7d'], () => ({ since: Date.now() - 7 * DAY })],
    [
      'all combined',
      () => [
        '--user',
        user(),
        '--user',
        events[30]?.user ?? '',
        '--action',
        'update,create',
        '--type',
        'service,deployment,cluster,job',
        '--search',
        'a',
        '--since',
        new Date(end - 40 * DAY).toISOString(),
        '--until',
        new Date(end - DAY).toISOString(),
      ],
      () => ({
        users: [user(), events[30]?.user ?? ''],
        actions: ['update', 'create'],
        types: ['service', 'deployment', 'cluster', 'job'],
        search: 'a',
        since: end - 40 * DAY,
        until: end - DAY,
      }),
    ],
    [
      'account, type and time',
      () => ['--account', 'globex', '--type', 'service', '--since', new Date(end - 30 * DAY).toISOString()],
      () => ({ accounts: ['globex'], types: ['service'], since: end - 30 * DAY }),
    ],
  ];

  it.each(cases)('%s', async (_name, args, want) => {
    const result = await list([...args(), '--all', '--format', 'ndjson']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const expectedSeqs = expected(want());
    expect(expectedSeqs.length).toBeGreaterThan(0);
    expect(seqs(result.stdout)).toEqual(expectedSeqs);
  });

  it('says when the limit cut the result, with the total, newest first', async () => {
    const result = await list(['--format', 'ndjson']);
    expect(seqs(result.stdout)).toEqual(expected({}).slice(0, 50));
    expect(result.stderr).toBe('Showing 50 of 2,000 events. Use --limit or --all for more.\n');
    const five = await list(['--action', 'delete', '--limit', '5', '--format', 'ndjson']);
    expect(seqs(five.stdout)).toEqual(expected({ actions: ['delete'] }).slice(0, 5));
    expect(five.stderr).toBe(
      `Showing 5 of ${expected({ actions: ['delete'] }).length} events. Use --limit or --all for more.\n`,
    );
  });

  it('--reverse lists oldest first', async () => {
    const result = await list(['--reverse', '--limit', '3', '--format', 'ndjson']);
    expect(seqs(result.stdout)).toEqual([...expected({})].reverse().slice(0, 3));
  });

  it('--exit-status exits 1 when nothing matched, 0 otherwise, and an empty result is a success', async () => {
    const none = await list(['--search', 'no-such-resource-anywhere', '--exit-status']);
    expect(none).toEqual({ code: 1, stdout: '', stderr: '' });
    const empty = await list(['--search', 'no-such-resource-anywhere']);
    expect(empty.code).toBe(0);
    expect((await list(['--action', 'create', '--exit-status', '--limit', '1'])).code).toBe(0);
  });
});

describe('activity list: a name that is not in the store', () => {
  it('says so when nothing matched, with the nearest user or account there, ignoring case and accents', async () => {
    const someone = events[10]?.user ?? '';
    const typo = `${someone.slice(0, 2)}${someone.slice(3)}`.toLowerCase();
    const result = await list(['--user', typo, '--account', 'acmee', '--format', 'ndjson']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`note: no user "${typo}" in the store; did you mean "${someone}"?\n`);
    expect(result.stderr).toContain('note: no account "acmee" in the store; did you mean "acme"?\n');
    const nobody = await list(['--user', 'Zzyzx Qwerty', '--exit-status']);
    expect(nobody).toEqual({
      code: 1,
      stdout: '',
      stderr: 'note: no user "zzyzx qwerty" in the store\n',
    });
  });

  it('says nothing of names when events matched', async () => {
    const result = await list(['--user', events[10]?.user ?? '', '--user', 'Zzyzx Qwerty', '--limit', '1']);
    expect(result.stderr).not.toContain('note:');
  });
});

describe('activity list: formats', () => {
  it('writes tsv when piped', async () => {
    const result = await list(['--limit', '2']);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const cells = lines[0]?.split('\t') ?? [];
    expect(cells).toHaveLength(9);
    const newest = events.find((e) => seqOf.get(e.id) === Number(cells[0]));
    expect(cells.slice(1)).toEqual([
      newest?.id,
      newest?.time,
      newest?.action,
      newest?.type,
      newest?.name,
      newest?.resourceId,
      newest?.account,
      newest?.user,
    ]);
  });

  it('writes a table with the four columns, without colour when NO_COLOR is set', async () => {
    const result = await list(['--limit', '3', '--format', 'table'], { NO_COLOR: '1' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Name\s+Action\s+Created At\s+User$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/ago|just now/);
    expect(result.stdout).not.toContain('\u001b');
  });

  it('colours the table with --color always or FORCE_COLOR, and --color never wins', async () => {
    expect((await list(['--limit', '1', '--format', 'table', '--color', 'always'])).stdout).toContain('\u001b[');
    expect((await list(['--limit', '1', '--format', 'table'], { FORCE_COLOR: '1' })).stdout).toContain('\u001b[');
    expect(
      (await list(['--limit', '1', '--format', 'table', '--color', 'never'], { FORCE_COLOR: '1' })).stdout,
    ).not.toContain('\u001b');
    expect((await list(['--limit', '1', '--format', 'table', '--color=always'], { NO_COLOR: '1' })).stdout).toContain(
      '\u001b[',
    );
  });

  it('writes json that parses back to the recorded events', async () => {
    const result = await list(['--limit', '3', '--json']);
    const parsed = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(parsed).toHaveLength(3);
    const first = parsed[0] as Record<string, unknown>;
    const original = events.find((e) => e.id === first.id) as SampleEvent;
    expect(first).toEqual({ ...original, seq: seqOf.get(original.id), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('writes csv that parses back', async () => {
    const result = await list(['--limit', '4', '--format', 'csv', '--action', 'update']);
    const lines = result.stdout.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('seq,id,time,action,type,name,resourceId,account,user,details');
    expect(lines).toHaveLength(5);
    const firstSeq = Number(lines[1]?.split(',')[0]);
    const original = events.find((e) => seqOf.get(e.id) === firstSeq) as SampleEvent;
    expect(lines[1]).toContain(`"${JSON.stringify(original.details).replaceAll('"', '""')}"`);
  });

  it('refuses an unknown format', async () => {
    const result = await list(['--format', 'xml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^activity: unknown format "xml" — use one of: table, tsv, csv, json, ndjson\n$/);
  });
});

describe('activity list: hostile text', () => {
  const hostileHome = tempDir();
  const hostileStore = join(hostileHome, 'h.db');
  const nasty = 'evil\u001b]0;pwned\u0007\u001b[2J\r\u0008\u009b31m\u202e';

  beforeAll(async () => {
    const input = ndjson([
      { action: 'create', type: 'service', name: nasty, user: `Mallory\u001b[31m`, account: 'acme\u0001' },
    ]);
    const result = await runCli(['record', '--store', hostileStore, '--file', '-'], hostileHome, { input });
    expect(result.code).toBe(0);
  });

  it.each(['table', 'tsv'])('escapes control characters in %s output', async (format) => {
    const result = await runCli(
      ['list', '--store', hostileStore, '--format', format, '--color', 'always'],
      hostileHome,
    );
    expect(result.stdout).toContain('evil\\x1b]0;pwned\\x07\\x1b[2J\\x0d\\x08\\x9b31m\\u{202e}');
    expect(result.stdout).toContain('Mallory\\x1b[31m');
    expect(result.stdout).not.toContain('\u0007');
    expect(result.stdout).not.toContain('\u009b');
    expect(result.stdout).not.toContain('\r');
  });

  it('keeps json lossless', async () => {
    const result = await runCli(['list', '--store', hostileStore, '--format', 'ndjson'], hostileHome);
    const [event] = parseNdjson<{ name: string; user: string; account: string }>(result.stdout);
    expect(event?.name).toBe(nasty);
    expect(event?.account).toBe('acme\u0001');
  });
});

describe('activity (no command): the Last Activity card', () => {
  it('shows the 5 most recent events and the way to see all', async () => {
    const result = await runCli(['--store', store], home, { env: { NO_COLOR: '1' } });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Last Activity');
    expect(lines).toHaveLength(7);
    expect(lines[6]).toBe('View all: activity list');
    const newest = events.find((e) => seqOf.get(e.id) === expected({})[0]) as SampleEvent;
    expect(lines[1]).toContain(newest.name);
    expect(lines[1]).toContain(newest.user);
  });

  it('says there is no activity yet on a new store, creating nothing', async () => {
    const result = await runCli([], home, { env: { NO_COLOR: '1' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No activity recorded yet.');
  });
});

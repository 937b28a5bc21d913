/**
 * The CLI against a server gives what it gives against the file: the same stdout, the
 * same exit code, and the same stderr once the store's location is put aside. The cases
 * are those of the end-to-end suites (test/e2e/) that apply to a store, each run on a
 * SQLite file and, at the same moment, through a real `activity serve` over a file of the
 * same content.
 *
 * Left out, as they do not apply to a store reached through a server or need a terminal:
 * filter (no store), completion, help, prompt (a terminal), widths (tmux), pipes and
 * durability (the local process's own output and files), tail -f (client.test.ts and
 * resilience.test.ts here), and the file-only errors (a directory, a damaged file, a
 * missing folder).
 *
 * parity.test.ts runs them with the servers over SQLite files; parity-postgres.test.ts
 * with the servers over PostgreSQL databases of the same content, beside the same files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, type ExpectStatic, expect, it } from 'vitest';
import type { Scope } from '../../src/core/token.js';
import { generateEvents } from '../../src/sample/generate.js';
import { openStore } from '../../src/store/open.js';
import { ATTACK_EVENTS, ndjson, parseNdjson, type RunResult, runCli, tempDir } from '../helpers.js';
import { makeToken, type RunningServer, startServer } from './serve.js';

/**
 * The cases, each on a SQLite file and through a server: over that file, or, given
 * `database` (a new empty PostgreSQL database's URL), over a database of the same content.
 */
export function parityTests(database?: () => Promise<string>): void {
  const dir = tempDir();
  const DAY = 86_400_000;

  // --- The stores -----------------------------------------------------------------------

  /** Sample events (as list.test's), days old: relative times ("2 days ago") then read the same on both sides. */
  const END = Date.now() - 2 * DAY;
  const SAMPLE = [...generateEvents({ count: 1500, seed: 7, days: 40, users: 30, end: END })];
  const at = (i: number) => SAMPLE[i] as (typeof SAMPLE)[number];

  /** Text that would take over a terminal (hostile.test's, terminal-safety.test's). */
  const NASTY = 'evil\u001b]0;pwned\u0007\u001b[2J\r\u0008\u009b31m\u202e';
  const CLUSTER = { type: 'cluster', account: 'acme', user: 'Jane Doe' };
  /**
   * terminal-safety's attacks, show.test's events (a deleted resource, escapes in details,
   * ids that read as seqs), widths.test's names; at fixed times days old, as the sample's
   * are, so that no relative time ("5 seconds ago") ticks between the two sides.
   */
  const HOSTILE = [
    ...ATTACK_EVENTS,
    {
      id: 'h1',
      action: 'create',
      type: 'service',
      name: NASTY,
      user: 'Mallory\u001b[31m',
      account: 'acme\u0001',
      time: '2026-11-29T08:00:00Z',
    },
    { ...CLUSTER, id: 'c1', action: 'create', name: 'prod eu/1', resourceId: 'cls 1', time: '2026-11-20T10:00:00Z' },
    {
      ...CLUSTER,
      id: 'u1',
      action: 'update',
      name: 'prod eu/1',
      resourceId: 'cls 1',
      time: '2026-11-21T10:00:00Z',
      details: { replicas: { to: 3, from: 2 }, note: 'evil \u001b]0;title\u0007 \u009b2J \u202e' },
    },
    { ...CLUSTER, id: 'c2', action: 'create', name: 'gone', resourceId: 'cls-2', time: '2026-11-20T10:00:00Z' },
    { ...CLUSTER, id: 'd2', action: 'delete', name: 'gone', resourceId: 'cls-2', time: '2026-11-22T10:00:00Z' },
    { ...CLUSTER, id: '2', action: 'create', name: 'id-two', time: '2026-11-20T10:00:00Z' },
    { ...CLUSTER, id: '77', action: 'create', name: 'id-77', time: '2026-11-20T11:00:00Z' },
    {
      action: 'update',
      type: 'node-pool',
      name: 'pool-⚡-fast',
      account: '株式会社',
      user: '山田 太郎',
      time: '2026-11-29T09:00:00Z',
    },
    {
      action: 'delete',
      type: 'variable-group',
      name: '🚀 launch secrets ✅',
      user: 'Zoë 👩‍💻 Okafor',
      time: '2026-11-29T10:00:00Z',
    },
    { action: 'create', type: 'project', name: 'website', user: 'Chloé Okafor', time: '2026-11-30T08:00:00Z' },
  ];
  /** What the write cases start from, on both sides. */
  const BASE = [...generateEvents({ count: 20, seed: 5, days: 5, users: 5, end: Date.parse('2026-11-20T12:00:00Z') })];
  /** A batch large enough to go through an upload in parts (over 5,000 events). */
  const LARGE = [...generateEvents({ count: 6000, seed: 23, days: 9, end: Date.parse('2026-11-28T12:00:00Z') })];

  type StoreName = 'sample' | 'hostile' | 'empty' | 'writes';
  /** Each store: the file the CLI opens, and the server over that file (for writes, over another of the same content). */
  const stores = {} as Record<
    StoreName,
    { file: string; server: RunningServer; tokens: Partial<Record<Scope, string>> }
  >;
  /** The sample's chain, by seq: for checkpoints. */
  const hashOf = new Map<number, string>();

  async function recordInto(file: string, events: readonly object[]): Promise<void> {
    const result = await runCli(['--store', file, 'record', '--file', '-'], dir, { input: ndjson(events) });
    expect(result.code, result.stderr).toBe(0);
  }

  async function tokenOn(location: string, name: string, scope: Scope): Promise<string> {
    if (!database) return makeToken(location, name, scope);
    const store = await openStore({ location, mode: 'write', durability: 'normal' });
    try {
      return (await store.tokens.create(name, scope)).token;
    } finally {
      await store.close();
    }
  }

  async function serve(
    name: StoreName,
    served: string,
    file: string,
    events: readonly object[],
    scopes: Scope[],
  ): Promise<void> {
    const location = database ? await database() : served;
    // Recorded on two stores, an event needs an id of its own to be the same event on both.
    const same = events.map((e, i) => ('id' in e ? e : { ...e, id: `${name}-${i}` }));
    if (events.length > 0) await recordInto(location, location === file ? events : same);
    if (location !== file) await recordInto(file, same);
    const tokens: Partial<Record<Scope, string>> = {};
    for (const scope of scopes) tokens[scope] = await tokenOn(location, `parity-${scope}`, scope);
    stores[name] = { file, server: await startServer(location, dir), tokens };
  }

  beforeAll(async () => {
    await Promise.all([
      serve('sample', join(dir, 'sample.db'), join(dir, 'sample.db'), SAMPLE, ['read']),
      serve('hostile', join(dir, 'hostile.db'), join(dir, 'hostile.db'), HOSTILE, ['read']),
      serve('empty', join(dir, 'empty.db'), join(dir, 'empty.db'), [], ['read']),
      // Writes: the CLI records into one file, the server into another of the same content.
      serve('writes', join(dir, 'writes-served.db'), join(dir, 'writes.db'), BASE, ['write', 'admin']),
    ]);
    const chain = await runCli(['--store', stores.sample.file, 'list', '--all', '--format', 'ndjson'], dir);
    for (const e of parseNdjson<{ seq: number; hash: string }>(chain.stdout)) hashOf.set(e.seq, e.hash);
    writeFileSync(join(dir, 'large.ndjson'), ndjson(LARGE));
    const badLarge = LARGE.map((e) => JSON.stringify(e));
    badLarge.splice(5990, 0, '{"action": "create", "type": "clustr"}');
    writeFileSync(join(dir, 'large-bad.ndjson'), `${badLarge.join('\n')}\n`);
    // An event of the base recorded again, with other content, late in a batch sent in parts.
    const conflicting = LARGE.map((e) => JSON.stringify({ ...e, id: `x-${e.id}` }));
    conflicting.splice(5500, 0, JSON.stringify({ ...BASE[3], name: 'renamed' }));
    writeFileSync(join(dir, 'large-conflict.ndjson'), `${conflicting.join('\n')}\n`);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(Object.values(stores).map(({ server }) => server.stop()));
  });

  // --- The cases ------------------------------------------------------------------------

  interface Case {
    /** Arguments after `--store <location>`. */
    args: string[];
    /** Default: the sample. */
    on?: StoreName;
    env?: Record<string, string>;
    input?: string | Buffer;
    /**
     * A cursor file or checkpoint of each side's own: absent, in a folder that does not
     * exist, holding `content`, or a checkpoint at a seq (with the sample's own hash there
     * unless another is given).
     */
    state?: {
      flag: '--cursor-file' | '--checkpoint';
      content?: string | { seq: number; hash?: string };
      missingDir?: true;
    };
    /** The server's token; default read (writes: write). */
    scope?: Scope;
    /** Said after the command line in the test's name. */
    why?: string;
  }

  const user = at(10).user;
  const typo = `${user.slice(0, 2)}${user.slice(3)}`.toLowerCase();
  const iso = (ms: number) => new Date(ms).toISOString();

  /**
   * What runs on a store without changing it: list.test's filters and formats, show,
   * stats, tail, cursor files, verify and checkpoints, hostile text, usage errors.
   */
  const READS: Case[] = [
    // The Last Activity card, and list's defaults.
    { args: [] },
    { args: ['list'] },
    // list.test's filters, each against the sample.
    ...[
      ['--user', user.toUpperCase()],
      ['--user', user, '--user', at(20).user],
      ['--action', 'delete'],
      ['--action', 'create,DELETE'],
      ['--type', 'Node Pools', '--type', 'clusters'],
      ['--type', 'variable_groups,domain'],
      ['--account', 'acme', '--account', 'hooli'],
      ['--account', 'ACME'],
      ['--resource-id', at(5).resourceId],
      ['--search', 'GATEWAY'],
      ['--search', 'pi'],
      ['--search', 'delet'],
      ['--since', iso(END - 10 * DAY)],
      ['--until', iso(END - 30 * DAY)],
      ['--since', `@${Math.floor((END - 3 * DAY) / 1000)}`],
      ['--since', '7d'],
      [
        ...['--user', user, '--user', at(30).user, '--action', 'update,create'],
        ...['--type', 'service,deployment,cluster,job', '--search', 'a'],
        ...['--since', iso(END - 35 * DAY), '--until', iso(END - DAY)],
      ],
      ['--account', 'globex', '--type', 'service', '--since', iso(END - 30 * DAY)],
    ].map((filter) => ({ args: ['list', ...filter, '--all', '--format', 'ndjson'] })),
    // The limit and its "Showing N of M" line, order, and more than a server's page (1,000 events).
    { args: ['list', '--format', 'ndjson'] },
    { args: ['list', '--action', 'delete', '--limit', '5', '--format', 'ndjson'] },
    { args: ['list', '--reverse', '--limit', '3', '--format', 'ndjson'] },
    { args: ['list', '--all', '--reverse', '--format', 'csv'] },
    { args: ['list', '--format', 'json', '--limit', '1200'] },
    // --exit-status.
    { args: ['list', '--search', 'no-such-resource-anywhere', '--exit-status'] },
    { args: ['list', '--search', 'no-such-resource-anywhere'] },
    { args: ['list', '--action', 'create', '--exit-status', '--limit', '1'] },
    // A name not in the store: the notes, with the nearest there (the server's GET /v1/users, /v1/accounts).
    { args: ['list', '--user', typo, '--account', 'acmee', '--format', 'ndjson'] },
    { args: ['list', '--user', 'Zzyzx Qwerty', '--exit-status'] },
    { args: ['list', '--user', user, '--user', 'Zzyzx Qwerty', '--limit', '1'] },
    // Formats (TZ=UTC and NO_COLOR throughout, unless --color says otherwise).
    { args: ['list', '--limit', '2'] },
    { args: ['list', '--limit', '3', '--format', 'table'] },
    { args: ['list', '--limit', '7', '--format', 'table', '--absolute'] },
    { args: ['list', '--limit', '3', '--format', 'table', '--color', 'always'] },
    { args: ['list', '--limit', '3', '--json'] },
    { args: ['list', '--limit', '4', '--format', 'csv', '--action', 'update'] },
    // Usage errors: refused alike, whatever the store.
    { args: ['list', '--since', 'bogus'] },
    { args: ['list', '--type', 'clustr'] },
    { args: ['list', '--format', 'xml'] },
    { args: ['list', '--limit', '0'] },
    { args: ['list', '--since', '2026-11-26', '--until', '2026-11-25'] },
    { args: ['list', '--account', ''] },
    { args: ['list', '--limt', '5'] },
    { args: ['stats', '--format', 'csv'] },
    // tail.
    { args: ['tail'] },
    { args: ['tail', '-n', '25', '--format', 'tsv'] },
    { args: ['tail', '-n', '3', '--action', 'update', '--format', 'json'] },
    { args: ['tail', '-n', '4', '--format', 'table'] },
    // show, by seq and by id, and refs that are neither.
    { args: ['show', '3'] },
    { args: ['show', '3', '--json'] },
    { args: ['show', at(2).id] },
    { args: ['show', at(2).id, '--json'] },
    { args: ['show', 'no-such-event'] },
    { args: ['show', '99999'] },
    { args: ['show', '..'] },
    { args: ['show', '%2E'] },
    // stats, with filters and in another zone.
    { args: ['stats'] },
    { args: ['stats', '--json'] },
    { args: ['stats', '--format', 'json', '--type', 'service'] },
    { args: ['stats', '--json', '--action', 'delete', '--since', '20d'] },
    { args: ['stats', '--json'], env: { TZ: 'Asia/Kathmandu' } },
    { args: ['stats', '--format', 'table', '--color', 'always'] },
    // --cursor-file: each side its own file, compared after.
    { args: ['list', '--format', 'ndjson'], state: { flag: '--cursor-file' } },
    { args: ['list', '--format', 'ndjson'], state: { flag: '--cursor-file', content: '1400\n' } },
    { args: ['list', '--limit', '10', '--format', 'ndjson'], state: { flag: '--cursor-file', content: '1000\n' } },
    { args: ['list', '--action', 'update', '--format', 'tsv'], state: { flag: '--cursor-file', content: '1200\n' } },
    { args: ['list'], state: { flag: '--cursor-file', content: 'twelve\n' } },
    { args: ['list'], state: { flag: '--cursor-file', content: '99999\n' } },
    { args: ['list'], state: { flag: '--cursor-file', missingDir: true } },
    { args: ['tail', '--format', 'ndjson'], state: { flag: '--cursor-file' } },
    { args: ['tail', '-n', '5', '--format', 'ndjson'], state: { flag: '--cursor-file', content: '1485\n' } },
    { args: ['tail', '-n', '3', '-f'], state: { flag: '--cursor-file', content: '1485\n' } },
    // verify, and --checkpoint: saved, agreeing (at the head, before it), rewritten, truncated, nowhere.
    { args: ['verify'] },
    { args: ['verify'], state: { flag: '--checkpoint' } },
    { args: ['verify'], state: { flag: '--checkpoint', content: { seq: 1500 } } },
    { args: ['verify'], state: { flag: '--checkpoint', content: { seq: 1000 } } },
    { args: ['verify'], state: { flag: '--checkpoint', content: { seq: 1200, hash: 'a'.repeat(64) } } },
    { args: ['verify'], state: { flag: '--checkpoint', content: { seq: 2000, hash: 'b'.repeat(64) } } },
    { args: ['verify'], state: { flag: '--checkpoint', missingDir: true } },
    // Hostile text: neutralized alike in every output, kept exactly in json.
    ...[
      ['list', '--format', 'table', '--color', 'always'],
      ['list', '--format', 'tsv', '--color', 'always'],
      ['list', '--all', '--format', 'ndjson'],
      ['list', '--all', '--json', '--reverse'],
      ['list', '--all', '--format', 'csv'],
      ['tail', '-n', '20', '--format', 'table', '--absolute'],
      ['show', 'e0'],
      ['show', 'h1'],
      ['show', 'e10', '--json'],
      ['show', '2', '--json'],
      ['list', '--user', 'chloe okafor'],
      ['list', '--user', 'mallory', '--account', 'acme'],
      ['stats'],
      ['verify'],
    ].map((args) => ({ args, on: 'hostile' as const })),
    // Links: a deleted resource is marked and never linked (the server's POST /v1/latest).
    ...[
      ['show', 'u1'],
      ['show', 'c2'],
      ['list', '--format', 'table'],
    ].map((args) => ({
      args,
      on: 'hostile' as const,
      env: { ACTIVITY_LINK_TEMPLATE: 'https://console.example.com/{account}/{type}/{resourceId}' },
    })),
    // A store with no events.
    ...[[], ['list', '--exit-status'], ['list', '--user', 'x'], ['show', '1'], ['stats', '--json'], ['verify']].map(
      (args) => ({ args, on: 'empty' as const }),
    ),
  ];

  const good = { action: 'create', type: 'cluster', name: 'prod', user: 'Jane Doe' };
  const line = (fields: Record<string, unknown>) => JSON.stringify({ ...good, ...fields });
  let nested: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < 40; i++) nested = { deeper: nested };
  /** hostile.test's bad lines, all in two inputs (a refusal names at most 20). */
  const BAD_LINES: (string | Buffer)[] = [
    '{"action":',
    Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    `{"action":"create"\u0000}`,
    line({ name: 'n'.repeat(257) }),
    line({ user: 'u'.repeat(257) }),
    line({ id: 'i'.repeat(129) }),
    line({ id: '' }),
    line({ resourceId: 'r'.repeat(129) }),
    line({ account: 'a'.repeat(129) }),
    line({ details: { blob: 'b'.repeat(70_000) } }),
    line({ name: 'x'.repeat(10 * 1024 * 1024) }),
    line({ details: nested }),
    '{"__proto__":{"admin":true},"action":"create","type":"job","name":"a","user":"b"}',
    line({ role: 'admin' }),
    line({ action: 3 }),
    line({ details: [1, 2] }),
    line({ name: { first: 'a' } }),
    line({ user: 7 }),
    line({ time: '2026-13-45T00:00:00Z' }),
    line({ time: 'yesterday-ish' }),
    line({ type: 'clustr' }),
    line({ action: 'destroy' }),
    '{}',
    '[1,2]',
    '"event"',
    '{"action":"create","type":"job","name":"\\ud800","user":"b"}',
    line({ name: '   ' }),
  ];
  const lines = (parts: (string | Buffer)[]) =>
    Buffer.concat(parts.flatMap((p) => [Buffer.from(p), Buffer.from('\n')]));
  const flags = ['--action', 'create', '--type', 'cluster', '--name', 'prod-eu-1', '--user', 'Jane Doe'];
  const event = { action: 'create', type: 'cluster', name: 'prod-eu-1', user: 'Jane Doe', account: 'acme' };
  /** record with one of `flags` given another value, or one more flag (record.test's refusals). */
  const withFlag = (flag: string, value?: string) => {
    const args = [...flags];
    const i = args.indexOf(flag);
    if (i === -1) args.push(flag, ...(value === undefined ? [] : [value]));
    else args[i + 1] = value ?? '';
    return ['record', ...args];
  };

  /** Records refused: the stores stay as they were, so these run beside the reads. */
  const REFUSED_WRITES: Case[] = [
    // hostile.test's bad input, and record.test's: every bad line named, at most 20, NUL in any field.
    { args: ['record', '--file', '-'], input: lines(BAD_LINES.slice(0, 14)) },
    { args: ['record', '--file', '-'], input: lines(BAD_LINES.slice(14)) },
    {
      args: ['record', '--file', '-'],
      input: [
        JSON.stringify(event),
        '{"action":',
        JSON.stringify({ ...event, type: 'nodepoool' }),
        '',
        JSON.stringify({ ...event, surprise: true }),
        JSON.stringify(event),
        '[]',
      ].join('\n'),
    },
    { args: ['record', '--file', '-'], input: Array.from({ length: 30 }, () => 'nope').join('\n') },
    {
      args: ['record', '--file', '-'],
      input: ndjson([
        { ...event, name: 'a\u0000b' },
        { ...event, user: 'Jane\u0000' },
        { ...event, account: '\u0000' },
        { ...event, resourceId: 'r\u0000' },
        { ...event, id: 'i\u0000' },
        { ...event, details: { note: 'x\u0000' } },
        { ...event, details: { 'k\u0000': 1 } },
      ]),
    },
    // Ids: one already recorded with other content, the same id twice in a batch; in a batch sent in parts.
    { args: ['record', '--file', '-'], input: ndjson([{ ...BASE[3], name: 'renamed' }]) },
    {
      args: ['record', '--file', '-'],
      input: ndjson([
        { ...event, id: 'same' },
        { ...event, id: 'same', name: 'other' },
      ]),
    },
    { args: ['record', '--file', join(dir, 'large-bad.ndjson')], why: 'a bad line near the end of 6,000' },
    {
      args: ['record', '--file', join(dir, 'large-conflict.ndjson')],
      why: 'a taken id at line 5,501, found by the server',
    },
    // From flags.
    { args: ['record', '--type', 'cluster'] },
    { args: withFlag('--type', 'clustr') },
    { args: withFlag('--action', 'destroy') },
    { args: withFlag('--at', 'next tuesday') },
    { args: withFlag('--details', '{not json') },
    { args: withFlag('--details', '[1,2]') },
    { args: withFlag('--details', '{"note":"a\\u0000b"}') },
    { args: withFlag('--name', 'x'.repeat(300)) },
    { args: withFlag('--name', 'n\uFFFD') },
    { args: withFlag('--type', 'x\u001b[2J\u001b[31mred') },
    { args: withFlag('--id', BASE[0]?.id) },
    // The input: missing, a device, beside event flags.
    { args: ['record', '--file', join(dir, 'nope.ndjson')] },
    { args: ['record', '--file', '/dev/zero'] },
    { args: ['record', '--file', '-', '--name', 'x'] },
  ].map((c) => ({ ...c, on: 'writes' as const }));

  const json = ['--format', 'json'];
  /** Records that are taken, in this order, on both sides; then the whole store read back. */
  const WRITES: Case[] = [
    { args: [...withFlag('--id', 'w-1'), '--at', '2026-11-25T17:37:02.123Z', '--details', '{"b":1,"a":2}'] },
    {
      args: [...withFlag('--id', 'w-1'), '--at', '2026-11-25T17:37:02.123Z', '--details', '{"b":1,"a":2}'],
      why: 'again: left unchanged',
    },
    {
      args: [
        ...withFlag('--id', 'w-1').map((a) => (a === 'prod-eu-1' ? 'other' : a)),
        '--at',
        '2026-11-25T17:37:02.123Z',
      ],
      why: 'its id taken by other content: refused',
    },
    // Printed back: a write token may not read (the server refuses it before recording), so an admin one.
    { args: [...withFlag('--id', 'w-2'), '--at', '2026-11-26T08:00:00Z', ...json], scope: 'admin' },
    {
      args: [...withFlag('--id', 'w-2'), '--at', '2026-11-26T08:00:00Z', ...json],
      scope: 'admin',
      why: 'again: printed as first recorded',
    },
    // Local times: --at in the local zone, an event's time without an offset in UTC.
    { args: [...withFlag('--id', 'w-tokyo'), '--at', '2026-11-25T17:37:02'], env: { TZ: 'Asia/Tokyo' } },
    {
      args: ['record', '--file', '-'],
      env: { TZ: 'Asia/Tokyo' },
      input: ndjson([{ ...event, id: 'naive', time: '2026-11-25T17:37:02' }]),
    },
    {
      args: ['record', '--id', 'w-env', '--at', '2026-11-27T00:00:00Z', '--action', 'update', '--type', 'service'],
      env: { ACTIVITY_USER: 'Env User' },
    },
    {
      args: ['record', '--file', '-', '--format', 'ndjson'],
      scope: 'admin',
      input: ndjson([
        { ...event, id: 's-1', time: '2026-11-27T10:00:00Z' },
        { ...event, id: 's-2', action: 'update', details: { replicas: 3 }, time: '2026-11-27T10:01:00Z' },
        { ...event, id: 's-3', action: 'delete', time: '2026-11-27T10:02:00Z' },
      ]),
    },
    {
      args: ['record', '--file', '-'],
      input: `\uFEFF${ndjson([
        { ...event, id: 'bom-1', time: '2026-11-20T10:00:00.000Z' },
        { ...event, id: 'bom-2', action: 'delete', time: '2026-11-20T10:00:00.000Z' },
      ])}`,
    },
    // A batch sent in parts of an upload, then again: nothing new.
    { args: ['record', '--file', join(dir, 'large.ndjson')], why: '6,000 events' },
    { args: ['record', '--file', join(dir, 'large.ndjson')], why: 'again: left unchanged' },
    // The whole store read back: the same events in the same order.
    { args: ['list', '--all', '--reverse', '--format', 'ndjson'], scope: 'admin' },
    { args: ['show', 's-2'], scope: 'admin' },
    { args: ['verify'], scope: 'admin' },
  ];

  // --- Running a case on both sides -----------------------------------------------------

  /** At most this many cases at once (each two CLIs, besides the servers): two cores. */
  const SLOTS = 3;
  let free = SLOTS;
  const waiting: (() => void)[] = [];
  async function slot<T>(run: () => Promise<T>): Promise<T> {
    if (free === 0) await new Promise<void>((resolve) => waiting.push(resolve));
    else free--;
    try {
      return await run();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  }

  let cases = 0;
  const printable = (arg: string) => (/^[\w.,:@/=+%-]+$/.test(arg) ? arg : JSON.stringify(arg));
  /** How a case's state file starts, in its title. */
  const stateOf = ({ flag, content, missingDir }: NonNullable<Case['state']>) =>
    `${flag} ${
      missingDir
        ? '(in no folder)'
        : content === undefined
          ? '(new)'
          : typeof content === 'string'
            ? `(${JSON.stringify(content)})`
            : `(seq ${content.seq}, ${content.hash ? 'another hash' : 'its hash'})`
    }`;
  const title = (c: Case) =>
    [
      ...(c.on && c.on !== 'sample' ? [`[${c.on}]`] : []),
      ...(c.args.length === 0 ? ['(no command)'] : c.args.map(printable)),
      ...(c.state ? [stateOf(c.state)] : []),
      ...Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${v}`),
      ...(c.input === undefined ? [] : [`< ${printable(String(c.input).slice(0, 40))}`]),
    ]
      .join(' ')
      .slice(0, 160) + (c.why ? ` (${c.why})` : '');

  interface Side extends RunResult {
    state?: string;
  }

  /** The same case on the file and through the server, at once, with the places each side names put aside. */
  async function both(c: Case): Promise<{ local: Side; remote: Side }> {
    const store = stores[c.on ?? 'sample'];
    const n = ++cases;
    const side = async (which: 'local' | 'remote'): Promise<Side> => {
      const location = which === 'local' ? store.file : store.server.url;
      const args = ['--store', location, ...c.args];
      let statePath: string | undefined;
      if (c.state) {
        statePath = c.state.missingDir ? join(dir, 'no-such-dir', `${n}-${which}`) : join(dir, `state-${n}-${which}`);
        const { content } = c.state;
        if (typeof content === 'string') writeFileSync(statePath, content);
        else if (content)
          writeFileSync(statePath, JSON.stringify({ seq: content.seq, hash: content.hash ?? hashOf.get(content.seq) }));
        args.push(c.state.flag, statePath);
      }
      const token = store.tokens[c.scope ?? (c.on === 'writes' ? 'write' : 'read')];
      const result = await runCli(args, dir, {
        env: { ACTIVITY_TOKEN: token, NO_COLOR: '1', ...c.env },
        ...(c.input === undefined ? {} : { input: c.input }),
      });
      // Messages name the store (a path, a URL) and the side's own cursor or checkpoint: the same once put aside.
      const aside = (text: string) => {
        let out = text.replaceAll(location, '<store>');
        if (statePath !== undefined) out = out.replaceAll(statePath, '<state>');
        return out;
      };
      let state: string | undefined;
      if (statePath !== undefined && !c.state?.missingDir) {
        try {
          state = readFileSync(statePath, 'utf8');
        } catch {
          state = '(none)';
        }
      }
      return {
        stdout: aside(result.stdout),
        stderr: aside(result.stderr),
        code: result.code,
        ...(state === undefined ? {} : { state }),
      };
    };
    const [local, remote] = await Promise.all([side('local'), side('remote')]);
    return { local, remote };
  }

  /**
   * What a server recorded names the token that recorded it (`recordedBy`, reference
   * "Provenance"), which the chain covers: so its hashes differ from the file's. Those two
   * are put aside, in the writes only; everything else must be the same.
   */
  const provenanceAside = (text: string) =>
    text.replaceAll(/,"recordedBy":"parity-(write|admin)"/g, '').replaceAll(/\b[0-9a-f]{64}\b/g, '<hash>');

  function expectSame(expect: ExpectStatic, local: Side, remote: Side, aside = (text: string) => text) {
    expect({ ...remote, stdout: aside(remote.stdout) }).toEqual({ ...local, stdout: aside(local.stdout) });
  }

  // One test a case, named by its command line in full (a table's `$title` would be cut at 40 characters).
  describe('the same command line on a file and through a server', () => {
    for (const c of [...READS, ...REFUSED_WRITES]) {
      // Concurrent: the context's own expect.
      it.concurrent(title(c), async ({ expect }) => {
        const { local, remote } = await slot(() => both(c));
        expectSame(expect, local, remote);
      });
    }
  });

  describe('records taken on a file and through a server over a copy of it', () => {
    for (const c of WRITES) {
      it(title(c), async () => {
        const { local, remote } = await both({ ...c, on: 'writes' });
        // "Recorded by" in show: the server's token, or "directly".
        const shown = (text: string) =>
          provenanceAside(text).replace(/Recorded by +.*\n/, 'Recorded by <provenance>\n');
        expectSame(expect, local, remote, shown);
      });
    }
  });
}

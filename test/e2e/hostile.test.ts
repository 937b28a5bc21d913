import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, sha256File, tempDir } from '../helpers.js';

const home = tempDir();
const base = join(home, 'base.db');
const good = { action: 'create', type: 'cluster', name: 'prod', user: 'Jane Doe' };
const line = (fields: Record<string, unknown>) => JSON.stringify({ ...good, ...fields });
let nested: Record<string, unknown> = { leaf: true };
for (let i = 0; i < 40; i++) nested = { deeper: nested };

beforeAll(async () => {
  const result = await runCli(
    ['record', '--store', base, '--action', 'create', '--type', 'job', '--name', 'x', '--user', 'y'],
    home,
  );
  expect(result.code).toBe(0);
  mkdirSync(join(home, 'a-directory'));
  writeFileSync(
    join(home, 'not-sqlite.db'),
    'SQLite format 2? no: just text, long enough to look like a file. '.repeat(50),
  );
});

type Case = [kind: string, input: string | Buffer | undefined, args: string[], code: number, message: RegExp];

/** Each kind of bad input: [what, stdin, arguments after the store, exit code, the line's gist]. */
const CASES: Case[] = [
  ['malformed JSON', '{"action":', [], 2, /line 1: not valid JSON/],
  ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), [], 2, /line 1: not valid UTF-8/],
  ['a NUL byte', `{"action":"create"\u0000}`, [], 2, /line 1: not valid JSON/],
  ['a name over 256 characters', line({ name: 'n'.repeat(257) }), [], 2, /"name" is longer than 256/],
  ['a user over 256 characters', line({ user: 'u'.repeat(257) }), [], 2, /"user" is longer than 256/],
  ['an id over 128 characters', line({ id: 'i'.repeat(129) }), [], 2, /"id" is longer than 128/],
  ['an empty id', line({ id: '' }), [], 2, /"id" is empty/],
  ['a resource id over 128 characters', line({ resourceId: 'r'.repeat(129) }), [], 2, /"resourceId" is longer/],
  ['an account over 128 characters', line({ account: 'a'.repeat(129) }), [], 2, /"account" is longer/],
  ['details over 64 KiB', line({ details: { blob: 'b'.repeat(70_000) } }), [], 2, /larger than 64 KiB/],
  ['a 10 MB line', `${line({ name: 'x'.repeat(10 * 1024 * 1024) })}`, [], 2, /line longer than 1 MiB/],
  ['details nested 41 deep', line({ details: nested }), [], 2, /nested deeper than 32/],
  [
    'a __proto__ key',
    '{"__proto__":{"admin":true},"action":"create","type":"job","name":"a","user":"b"}',
    [],
    2,
    /unknown field "__proto__"/,
  ],
  ['an unknown field', line({ role: 'admin' }), [], 2, /unknown field "role"/],
  ['a number for action', line({ action: 3 }), [], 2, /"action" must be a string/],
  ['an array for details', line({ details: [1, 2] }), [], 2, /"details" must be a JSON object/],
  ['an object for name', line({ name: { first: 'a' } }), [], 2, /"name" must be a string/],
  ['a number for user', line({ user: 7 }), [], 2, /"user" must be a string/],
  ['a time out of range', line({ time: '2026-13-45T00:00:00Z' }), [], 2, /line 1: .*time/i],
  ['a malformed time', line({ time: 'yesterday-ish' }), [], 2, /line 1: .*time/i],
  ['an unknown type', line({ type: 'clustr' }), [], 2, /unknown resource type "clustr".*cluster/],
  ['an unknown action', line({ action: 'destroy' }), [], 2, /unknown action "destroy"/],
  ['an empty object', '{}', [], 2, /"action" is required/],
  ['a top-level array', '[1,2]', [], 2, /expected a JSON object, found an array/],
  ['a top-level string', '"event"', [], 2, /expected a JSON object, found a string/],
  ['an unpaired surrogate', '{"action":"create","type":"job","name":"\\ud800","user":"b"}', [], 2, /unpaired/],
  ['a blank name', line({ name: '   ' }), [], 2, /"name" is blank/],
  ['a huge --limit', undefined, ['list', '--limit', '99999999999'], 2, /invalid --limit/],
  ['--since after --until', undefined, ['list', '--since', '2026-11-25', '--until', '2026-11-01'], 2, /since/],
  ['a malformed --since', undefined, ['list', '--since', 'last tuesday-ish'], 2, /--since|time/],
  [
    '--details that is not JSON',
    undefined,
    ['record', '--action', 'create', '--type', 'job', '--name', 'a', '--user', 'b', '--details', '{nope'],
    2,
    /--details is not valid JSON/,
  ],
  ['an unknown --type on list', undefined, ['list', '--type', 'nodepoool'], 2, /unknown resource type "nodepoool"/],
  ['an unknown --format', undefined, ['list', '--format', 'xml'], 2, /unknown format "xml"/],
];

describe('hostile input', () => {
  it(`${CASES.length} kinds of bad input each get exit 2, one clear line, and the store unchanged`, async () => {
    for (const [kind, input, args, code, message] of CASES) {
      const store = join(home, `case-${CASES.findIndex((c) => c[0] === kind)}.db`);
      copyFileSync(base, store);
      const before = sha256File(store);
      const argv = args.length > 0 ? ['--store', store, ...args] : ['record', '--store', store, '--file', '-'];
      const result = await runCli(argv, home, input === undefined ? {} : { input });
      expect({ kind, code: result.code }).toEqual({ kind, code });
      expect(result.stdout, kind).toBe('');
      expect(result.stderr.trimEnd().split('\n'), kind).toHaveLength(1);
      expect(result.stderr, kind).toMatch(/^activity: /);
      expect(result.stderr, kind).toMatch(message);
      expect(sha256File(store), kind).toBe(before);
    }
  }, 120_000);

  it('a directory, a path through a file, or a file that is not SQLite as the store: exit 5, nothing changed', async () => {
    const notSqlite = join(home, 'not-sqlite.db');
    const before = sha256File(notSqlite);
    for (const store of [join(home, 'a-directory'), join(home, 'not-sqlite.db', 'inside.db'), notSqlite]) {
      for (const args of [['list'], ['record', '--action', 'create', '--type', 'job', '--name', 'a', '--user', 'b']]) {
        const result = await runCli(['--store', store, ...args], home);
        expect({ store, args, code: result.code }).toEqual({ store, args, code: 5 });
        expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(result.stderr).not.toMatch(/E[A-Z]+: /); // the OS's reason in words, not Node's code
      }
    }
    expect(sha256File(notSqlite)).toBe(before);
  });

  it('an empty store location or an unknown kind of URL is a usage error; ":memory:" is a file like any other', async () => {
    const record = ['record', '--action', 'create', '--type', 'job', '--name', 'kept', '--user', 'b'];
    for (const store of ['', 'file:', 'ftp://host/x.db']) {
      const result = await runCli(['--store', store, ...record], home);
      expect({ store, code: result.code, lines: result.stderr.trimEnd().split('\n').length }).toEqual({
        store,
        code: 2,
        lines: 1,
      });
    }
    const dir = join(home, 'memory');
    mkdirSync(dir);
    expect((await runCli(['--store', ':memory:', ...record], home, { cwd: dir })).code).toBe(0);
    const listed = await runCli(['list', '--store', 'file::memory:', '--format', 'tsv'], home, { cwd: dir });
    expect(listed.stdout).toContain('\tkept\t');
    expect(existsSync(join(dir, ':memory:'))).toBe(true);
  });
});

/** What users of gh and journalctl reach for: -q, a pager, --no-color, saved filters everywhere, help, hints. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, ndjson, runCli, sampleFile, tempDir } from '../helpers.js';

const home = tempDir();
const store = join(home, 'store.db');
const config = join(home, 'config.json');
const env = { ACTIVITY_CONFIG: config };

const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/** bin/activity with stdout and stderr on a terminal (util-linux script), as a person runs it. */
function onTerminal(args: string[], extra: Record<string, string> = {}): { output: string; code: number | null } {
  const result = spawnSync('script', ['-qec', [BIN, ...args].map(quote).join(' '), '/dev/null'], {
    env: { ...cliEnv(home, { env }), TERM: 'xterm', COLUMNS: '120', ...extra },
    encoding: 'utf8',
    cwd: home,
  });
  return { output: result.stdout.replaceAll('\r\n', '\n'), code: result.status };
}

/** Without its colours: what the person reads. */
function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape sequences are what is removed
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

beforeAll(async () => {
  const { path } = sampleFile(home, 'sample.ndjson', { count: 120, seed: 5, days: 5, end: Date.now() - 60_000 });
  expect((await runCli(['--store', store, 'record', '--file', path], home)).code).toBe(0);
  writeFileSync(
    config,
    JSON.stringify({ filters: { deletes: ['--action', 'delete'], creates: ['--action', 'create'] } }),
  );
});

describe('-q', () => {
  it('silences notices and summaries, never an error', async () => {
    const cut = await runCli(['--store', store, 'list', '-q', '-n', '1'], home);
    expect(cut.code).toBe(0);
    expect(cut.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(cut.stderr).toBe('');
    const recorded = await runCli(
      [
        '-q',
        '--store',
        join(home, 'quiet.db'),
        'record',
        '--action',
        'create',
        '--type',
        'job',
        '--name',
        'j',
        '--user',
        'U',
      ],
      home,
    );
    expect(recorded).toEqual({ code: 0, stdout: '', stderr: '' });
    const refused = await runCli(['--store', store, '-q', 'list', '--since', 'bogus'], home);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^activity: invalid time "bogus"/);
  });
});

describe('the pager', () => {
  it('takes long output on a terminal when PAGER is set, and shows the notices after it', () => {
    const paged = join(home, 'paged.txt');
    const { output, code } = onTerminal(['--store', store, 'list', '-n', '30'], { PAGER: `cat > ${quote(paged)}` });
    expect(code).toBe(0);
    const table = plain(readFileSync(paged, 'utf8'));
    expect(table).toMatch(/^Name\s+Action\s+Created At\s+User/);
    expect(table.split('\n').filter(Boolean)).toHaveLength(31);
    expect(output).toBe('Showing 30 of 120 events. Use --limit or --all for more.\n');
  });

  it('is not used in a pipe, with --no-pager, PAGER=cat, or when none is set', async () => {
    const paged = join(home, 'never.txt');
    const piped = await runCli(['--store', store, 'list', '-n', '3'], home, { env: { PAGER: `cat > ${paged}` } });
    expect(piped.stdout.split('\n').filter(Boolean)).toHaveLength(3);
    const off = onTerminal(['--store', store, '--no-pager', 'list', '-n', '3'], { PAGER: `cat > ${quote(paged)}` });
    expect(plain(off.output)).toMatch(/^Name\s+Action/);
    expect(existsSync(paged)).toBe(false);
    expect(plain(onTerminal(['--store', store, 'list', '-n', '3'], { PAGER: 'cat' }).output)).toMatch(/^Name\s+Action/);
    expect(plain(onTerminal(['--store', store, 'list', '-n', '3']).output)).toMatch(/^Name\s+Action/);
  });
});

describe('colour', () => {
  it('is off with --no-color and on a TERM=dumb terminal', () => {
    expect(onTerminal(['--store', store, 'list', '-n', '3']).output).toContain('\u001b[');
    expect(onTerminal(['--store', store, 'list', '-n', '3', '--no-color']).output).not.toContain('\u001b[');
    expect(onTerminal(['--store', store, 'list', '-n', '3'], { TERM: 'dumb' }).output).not.toContain('\u001b[');
  });
});

describe('saved filters', () => {
  it('work on tail, stats and filter, are listed, completed and deleted', async () => {
    const tail = await runCli(['--store', store, 'tail', '--saved', 'deletes', '--json', 'action'], home, { env });
    const actions = (JSON.parse(tail.stdout) as { action: string }[]).map((e) => e.action);
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['delete']));
    const stats = await runCli(['--store', store, 'stats', '--saved', 'creates', '--json'], home, { env });
    expect(JSON.parse(stats.stdout).byAction).toMatchObject({ update: 0, delete: 0 });
    const listed = await runCli(['filter', '--list'], home, { env });
    expect(listed.stdout).toBe('creates\t--action create\ndeletes\t--action delete\n');
    const deleted = await runCli(['filter', '--delete', 'creates'], home, { env });
    expect(deleted.stderr).toBe('Deleted the saved filter "creates".\n');
    expect((await runCli(['filter', '--list'], home, { env })).stdout).toBe('deletes\t--action delete\n');
    const missing = await runCli(['filter', '--delete', 'creates'], home, { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('activity: no saved filter "creates" — saved filters: deletes\n');
  });
});

describe('filter', () => {
  it('stops at --limit, and --exit-status exits 1 when nothing matched', async () => {
    const input = ndjson(
      Array.from({ length: 10 }, (_, i) => ({
        id: `e-${i}`,
        time: '2026-11-25T17:37:02.123Z',
        action: 'create',
        type: 'job',
        name: `job-${i}`,
        user: 'U',
      })),
    );
    const two = await runCli(['filter', '--type', 'job', '-n', '2', '--json', 'name', '-o', 'ndjson'], home, { input });
    expect(two.stdout).toBe('{"name":"job-0"}\n{"name":"job-1"}\n');
    const none = await runCli(['filter', '--type', 'cluster', '--exit-status'], home, { input });
    expect(none).toEqual({ code: 1, stdout: '', stderr: '' });
  });
});

describe('record', () => {
  it('says to use --file - when events are piped in without it', async () => {
    const input = '{"action":"create","type":"job","name":"j","user":"U"}\n';
    const result = await runCli(['--store', join(home, 'piped.db'), 'record'], home, { input });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'activity: no event given: record takes one event from flags, or NDJSON with --file — to record the NDJSON on stdin: activity record --file -\n',
    );
    expect(existsSync(join(home, 'piped.db'))).toBe(false);
  });

  it('records an event dated in the future as given, and says so', async () => {
    const target = join(home, 'future.db');
    const one = await runCli(
      [
        '--store',
        target,
        'record',
        '--action',
        'create',
        '--type',
        'job',
        '--name',
        'j',
        '--user',
        'U',
        '--at',
        '2030-01-01',
      ],
      home,
    );
    expect(one.code).toBe(0);
    expect(one.stderr).toBe(
      'Recorded 1 event (seq 1).\nnote: the event is dated in the future (more than 5 minutes from now); recorded as given\n',
    );
    const input = ndjson([
      { action: 'create', type: 'job', name: 'a', user: 'U', time: '2031-01-01T00:00:00Z' },
      { action: 'create', type: 'job', name: 'b', user: 'U' },
      { action: 'create', type: 'job', name: 'c', user: 'U', time: new Date(Date.now() + 60_000).toISOString() },
    ]);
    const batch = await runCli(['--store', target, 'record', '--file', '-'], home, { input });
    expect(batch.stderr).toBe(
      'Recorded 3 events (seq 2–4).\nnote: 1 of the 3 events is dated in the future (more than 5 minutes from now); recorded as given\n',
    );
  });
});

describe('help', () => {
  it("activity help <command> is that command's --help; an unknown one is refused with a guess", async () => {
    const help = await runCli(['help', 'tail'], home);
    expect(help.stdout).toBe((await runCli(['tail', '--help'], home)).stdout);
    const unknown = await runCli(['help', 'lsit'], home);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('activity: unknown command "lsit" — did you mean "list"? see activity --help\n');
  });
});

import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../src/core/event.js';
import { stripAnsi } from '../../src/output/width.js';
import { BIN, ndjson, runCli, tempDir } from '../helpers.js';

const home = tempDir();
const store = join(home, 'store.db');
const TEMPLATE = 'https://console.example.com/{account}/{type}/{resourceId}';
const base = { type: 'cluster', account: 'acme', user: 'Jane Doe' };

beforeAll(async () => {
  const input = ndjson([
    { ...base, id: 'c1', action: 'create', name: 'prod eu/1', resourceId: 'cls 1', time: '2026-11-20T10:00:00Z' },
    {
      ...base,
      id: 'u1',
      action: 'update',
      name: 'prod eu/1',
      resourceId: 'cls 1',
      time: '2026-11-21T10:00:00Z',
      details: { replicas: { to: 3, from: 2 }, note: 'evil \u001b]0;title\u0007 \u009b2J \u202e' },
    },
    { ...base, id: 'c2', action: 'create', name: 'gone', resourceId: 'cls-2', time: '2026-11-20T10:00:00Z' },
    { ...base, id: 'd2', action: 'delete', name: 'gone', resourceId: 'cls-2', time: '2026-11-22T10:00:00Z' },
  ]);
  expect((await runCli(['record', '--store', store, '--file', '-'], home, { input })).code).toBe(0);
});

const show = (ref: string, env: Record<string, string> = {}, ...flags: string[]) =>
  runCli(['show', '--store', store, ref, ...flags], home, { env: { ACTIVITY_LINK_TEMPLATE: TEMPLATE, ...env } });

describe('activity show', () => {
  it('shows a row edited outside activity (an action or type code no store writes) as it is, not as "undefined"', async () => {
    const edited = join(home, 'edited.db');
    copyFileSync(store, edited);
    const db = new Database(edited);
    db.exec("UPDATE events SET action = 7, type = '\u001b[31mx' WHERE seq = 1");
    db.close();
    for (const args of [
      ['show', '1'],
      ['list', '--format', 'table', '--color', 'always'],
    ]) {
      const result = await runCli([...args, '--store', edited], home);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).not.toContain('undefined');
      expect(stripAnsi(result.stdout)).toMatch(/\b7 +\[\\x1b\[31mx\]|\[\\x1b\[31mx\] prod eu\/1.* {2}7 {2}/);
      expect(result.stdout).not.toContain('\u001b[31mx');
    }
  });

  it('shows one event in full, by seq or by id, with its link and details pretty-printed', async () => {
    const bySeq = await show('2');
    const byId = await show('u1');
    expect(bySeq).toEqual(byId);
    expect(bySeq.code).toBe(0);
    const out = bySeq.stdout;
    expect(out).toMatch(/^Update {2}\[Cluster\] prod eu\/1\n/);
    expect(out).toMatch(/Time +2026-11-21 10:00:00\.000 \+00:00 \(\d+ days ago\)/);
    expect(out).toMatch(/User +Jane Doe\n/);
    expect(out).toMatch(/Resource ID +cls 1\n/);
    expect(out).toMatch(/Account +acme\n/);
    expect(out).toContain('Link         https://console.example.com/acme/cluster/cls%201\n');
    expect(out).toMatch(/Seq +2\n/);
    expect(out).toMatch(/Hash +[0-9a-f]{64}\n/);
    // JSON's own escapes: the control characters never reach the terminal raw
    expect(out).toContain(
      '    {\n      "note": "evil \\u001b]0;title\\u0007 \\u009b2J \\u202e",\n      "replicas": {\n        "from": 2,',
    );
    expect([...out].filter((ch) => ch !== '\n' && (ch < ' ' || ch === '\u007f'))).toEqual([]);
  });

  it('says when the resource is deleted, and gives no link', async () => {
    const { stdout } = await show('c2');
    expect(stdout).toMatch(/Link +resource deleted — no link\n/);
    expect(stdout).not.toContain('https://');
  });

  it('without a link template, says how to set one', async () => {
    const { stdout } = await show('c1', { ACTIVITY_LINK_TEMPLATE: '' });
    expect(stdout).toMatch(/Link +no link template/);
  });

  it('prints the event as JSON with --json', async () => {
    const { stdout } = await show('2', {}, '--json');
    const event = JSON.parse(stdout) as ActivityEvent;
    expect(event).toMatchObject({ seq: 2, id: 'u1', details: { replicas: { from: 2, to: 3 } } });
  });

  it('a number is a seq, else an id; when it is both, says where the event with that id is', async () => {
    const numbered = join(home, 'numbered.db');
    const input = ndjson([
      { ...base, id: '2', action: 'create', name: 'id-two', time: '2026-11-20T10:00:00Z' },
      { ...base, id: '77', action: 'create', name: 'id-77', time: '2026-11-20T11:00:00Z' },
    ]);
    expect((await runCli(['record', '--store', numbered, '--file', '-'], home, { input })).code).toBe(0);
    const both = await runCli(['show', '--store', numbered, '2', '--json'], home);
    expect(JSON.parse(both.stdout)).toMatchObject({ seq: 2, id: '77' });
    expect(both.stderr).toBe('Showing seq 2; the event with id "2" is seq 1 (activity show 1).\n');
    const idOnly = await runCli(['show', '--store', numbered, '77', '--json'], home);
    expect(JSON.parse(idOnly.stdout)).toMatchObject({ seq: 2, id: '77' });
    expect(idOnly.stderr).toBe('');
  });

  it('refuses an unknown id or seq with one line and exit 2', async () => {
    for (const ref of ['nope', '99']) {
      const result = await show(ref);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(new RegExp(`^activity: no event with id or seq "${ref}" — .*\\n$`));
    }
  });

  it('in list tables: names link to the console on a terminal, deleted resources are marked and never linked', () => {
    const onTerminal = (...flags: string[]) =>
      spawnSync('script', ['-qec', [BIN, 'list', '--store', store, ...flags].join(' '), '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, ACTIVITY_LINK_TEMPLATE: TEMPLATE, NO_COLOR: '', TZ: 'UTC' },
      }).stdout;
    const table = onTerminal();
    const url = 'https://console.example.com/acme/cluster/cls%201';
    expect(table).toContain(`\u001b]8;;${url}\u001b\\prod eu/1\u001b]8;;\u001b\\`);
    expect(table).not.toContain('cls-2'); // the deleted resource's link
    expect(stripAnsi(table)).toMatch(/\[Cluster\] gone \(deleted\)/);
    expect(onTerminal('--color', 'never')).not.toContain('\u001b]8;;');
  });

  it('in list tables piped: no hyperlinks, deleted still marked', async () => {
    const piped = await runCli(['list', '--store', store, '--format', 'table'], home, {
      env: { ACTIVITY_LINK_TEMPLATE: TEMPLATE },
    });
    expect(piped.stdout).not.toContain('\u001b');
    expect(piped.stdout).toMatch(/\[Cluster\] gone \(deleted\)/);
    expect(piped.stdout).toMatch(/\[Cluster\] prod eu\/1 · acme/);
  });

  it('makes the link an OSC 8 hyperlink on a terminal, and plain text with --color never or TERM=dumb', () => {
    const onTerminal = (flags: string[], term = 'xterm-256color') =>
      spawnSync('script', ['-qec', [BIN, 'show', '--store', store, 'c1', ...flags].join(' '), '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, ACTIVITY_LINK_TEMPLATE: TEMPLATE, NO_COLOR: '', TZ: 'UTC', TERM: term },
      }).stdout;
    const url = 'https://console.example.com/acme/cluster/cls%201';
    expect(onTerminal([])).toContain(`\u001b]8;;${url}\u001b\\${url}\u001b]8;;\u001b\\`);
    expect(onTerminal(['--color', 'never'])).not.toContain('\u001b]8;;');
    const dumb = onTerminal([], 'dumb');
    expect(dumb).not.toContain('\u001b]8;;');
    expect(dumb).toContain(url);
  });
});

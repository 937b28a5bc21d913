import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/output/width.js';
import { ATTACK_EVENTS, ATTACKS, BIN, ndjson, parseNdjson, runCli, startCli, tempDir } from '../helpers.js';

const home = tempDir();
const store = join(home, 'store.db');

const events = ATTACK_EVENTS;

/** Any byte a terminal would act on, other than the newline and the tab of tsv. */
const rawControls = (text: string) =>
  [...text].filter((ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return (code < 0x20 && ch !== '\n' && ch !== '\t') || (code >= 0x7f && code <= 0x9f);
  });

beforeAll(async () => {
  expect((await runCli(['record', '--store', store, '--file', '-'], home, { input: ndjson(events) })).code).toBe(0);
});

describe('terminal safety', () => {
  it('table, tsv, tail and show neutralize every control sequence, with columns aligned', async () => {
    const table = await runCli(['list', '--store', store, '--format', 'table', '--absolute'], home);
    const tsv = await runCli(['list', '--store', store, '--format', 'tsv'], home);
    const tail = await runCli(['tail', '--store', store, '-n', '20', '--format', 'table'], home);
    const shows = await Promise.all(events.map((e) => runCli(['show', '--store', store, e.id], home)));
    for (const output of [table.stdout, tsv.stdout, tail.stdout, ...shows.map((s) => s.stdout)]) {
      expect(rawControls(output)).toEqual([]);
    }
    expect(table.stdout).toContain('\\x1b]0;pwned\\x07');
    expect(table.stdout).toContain('\\x9b2J');
    // aligned: every row of the table has its Action column at the same place
    const rows = table.stdout.trimEnd().split('\n');
    const actionAt = rows.map((row) =>
      displayWidth(row.slice(0, row.indexOf('Update') === -1 ? row.indexOf('Action') : row.indexOf('Update'))),
    );
    expect(new Set(actionAt).size).toBe(1);
    // tsv: one line an event, nine columns each
    expect(
      tsv.stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.split('\t').length),
    ).toEqual(events.map(() => 9));
  });

  it('tail -f lines and messages on stderr neutralize them too', async () => {
    const follower = startCli(['tail', '--store', store, '-f', '-n', '20', '--format', 'table'], home);
    await follower.until((out) => out.split('\n').filter((l) => l.includes('Update')).length >= events.length);
    const { stdout } = await follower.stop();
    expect(rawControls(stdout)).toEqual([]);
    const error = await runCli(
      ['record', '--store', store, '--action', 'create', '--type', `x${ATTACKS.csi}`, '--name', 'a', '--user', 'b'],
      home,
    );
    expect(error.code).toBe(2);
    expect(rawControls(error.stderr)).toEqual([]);
    expect(error.stderr).toContain('\\x1b[2J');
  });

  it('on a terminal, json, ndjson, csv and show --json carry nothing raw either; json still reads back the same', () => {
    const onTerminal = (...args: string[]) =>
      spawnSync('script', ['-qec', [BIN, ...args, '--store', store].join(' '), '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, HOME: home, TZ: 'UTC' },
      }).stdout.replace(/\r+\n/g, '\n'); // the terminal's line ends, and csv's own CRLF
    for (const format of ['json', 'ndjson', 'csv']) {
      const shown = onTerminal('list', '--all', '--format', format);
      expect(rawControls(shown), format).toEqual([]);
      expect(shown, format).toContain('osc 52 clipboard');
    }
    const json = JSON.parse(onTerminal('list', '--all', '--json')) as { name: string }[];
    expect(json.map((e) => e.name).sort()).toEqual(events.map((e) => e.name).sort());
    const one = onTerminal('show', 'e10', '--json');
    expect(rawControls(one)).toEqual([]);
    expect(JSON.parse(one).name).toBe(events[10]?.name);
  });

  it('json and ndjson keep every field exactly', async () => {
    const json = JSON.parse(
      (await runCli(['list', '--store', store, '--all', '--json', '--reverse'], home)).stdout,
    ) as {
      name: string;
      account: string;
      user: string;
    }[];
    const ndj = parseNdjson<{ name: string }>(
      (await runCli(['list', '--store', store, '--all', '--format', 'ndjson', '--reverse'], home)).stdout,
    );
    const byName = (list: { name: string }[]) => list.map((e) => e.name).sort();
    const want = events.map((e) => e.name).sort();
    expect(byName(json)).toEqual(want);
    expect(byName(ndj)).toEqual(want);
    expect(json.find((e) => e.name.startsWith('osc 52'))?.account).toBe(ATTACKS['osc 52 clipboard']);
  });
});

/** The command line → typed options layer: what each command is handed, before any work. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli.js';
import { emptyFilter } from '../../src/core/filter.js';
import { tempDir } from '../helpers.js';
import { fakeIo, homeIn, NOW } from './run-in-process.js';

process.env.TZ = 'UTC';

const dir = tempDir();
const config = join(dir, 'config.json');
writeFileSync(config, JSON.stringify({ filters: { mine: ['--user', 'Jane Doe', '--since', '30d'] } }));
const home = { ...homeIn(dir), ACTIVITY_CONFIG: config };
const parse = (argv: string[]) => parseCommandLine(argv, fakeIo(home), { now: NOW });
const filter = (fields: object) => ({ ...emptyFilter(), ...fields });
const DAY = 86_400_000;
const output = { format: undefined, csvRaw: false, absolute: false, fields: undefined };

const TABLE: [argv: string[], command: string, options: object][] = [
  [
    ['list', '--user', 'Jane Doe', '--action', 'delete', '--type', 'cluster', '--since', '7d'],
    'list',
    {
      filter: filter({ users: ['jane doe'], actions: ['delete'], types: ['cluster'], since: NOW - 7 * DAY }),
      limit: 50,
      oldestFirst: false,
      exitStatus: false,
      cursorFile: undefined,
      ...output,
    },
  ],
  [['list', '--all', '--reverse', '--json'], 'list', { limit: undefined, oldestFirst: true, format: 'json' }],
  [['list', '--cursor-file', 'state'], 'list', { limit: undefined, cursorFile: 'state' }],
  [['list', '--cursor-file', 'state', '--limit', '10'], 'list', { limit: 10 }],
  [
    ['list', '--type', 'Node Pools,volumes', '--type', 'cluster', '--account', 'acme', '--search', 'GateWay'],
    'list',
    { filter: filter({ types: ['node-pool', 'volume', 'cluster'], accounts: ['acme'], search: 'gateway' }) },
  ],
  [
    ['list', '--saved', 'mine', '--user', 'Bob', '--since', '1d'],
    'list',
    { filter: filter({ users: ['jane doe', 'bob'], since: NOW - DAY }) },
  ],
  [
    ['list', '--since', '2026-11-01', '--until', '@1795132800'],
    'list',
    {
      filter: filter({ since: Date.parse('2026-11-01T00:00:00Z'), until: 1_795_132_800_000 }),
    },
  ],
  [['tail', '-n', '5', '-f'], 'tail', { count: 5, follow: true, cursorFile: undefined }],
  [['tail'], 'tail', { count: undefined, follow: false }],
  [['tail', '-f', '-n', '0'], 'tail', { count: 0, follow: true }],
  [['record', '--file', '-', '--format', 'ndjson'], 'record', { source: 'file', path: '-', format: 'ndjson' }],
  [
    ['record', '--action', 'create', '--type', 'job', '--name', 'x', '--user', 'Jane Doe', '--at', '5m'],
    'record',
    { source: 'flags', fields: { action: 'create', type: 'job', name: 'x', user: 'Jane Doe', at: '5m' } },
  ],
  [['show', '42', '--json'], 'show', { ref: '42', json: true }],
  [['show', 'ci-7'], 'show', { ref: 'ci-7', json: false }],
  [['stats', '--format', 'table', '--since', '30d'], 'stats', { json: false, bars: true }],
  [['stats'], 'stats', { json: false, bars: undefined }],
  [['verify', '--checkpoint', 'cp'], 'verify', { file: undefined, checkpoint: 'cp' }],
  [
    ['filter', '--file', 'x.ndjson', '--skip-invalid'],
    'filter',
    { file: 'x.ndjson', skipInvalid: true, anyFilterFlag: false },
  ],
  [['filter', '--action', 'delete'], 'filter', { anyFilterFlag: true }],
  [['completion', 'zsh'], 'completion', {}],
  [['store', 'copy', 'a.db', 'postgres://u@h/db'], 'store', { action: 'copy', from: 'a.db', to: 'postgres://u@h/db' }],
  // The conveniences of gh and kubectl: -n, -o, --json <fields>, --saved everywhere.
  [['list', '-n', '5', '-o', 'csv'], 'list', { limit: 5, format: 'csv' }],
  [['list', '--json', 'id,time,user'], 'list', { format: 'json', fields: ['id', 'time', 'user'] }],
  [['list', '-o', 'ndjson', '--json', 'seq,name'], 'list', { format: 'ndjson', fields: ['seq', 'name'] }],
  [['list', '--account', 'ACME'], 'list', { filter: filter({ accounts: ['acme'] }) }],
  [['tail', '--saved', 'mine'], 'tail', { filter: filter({ users: ['jane doe'], since: NOW - 30 * DAY }) }],
  [
    ['stats', '--saved', 'mine', '-o', 'json'],
    'stats',
    { json: true, filter: filter({ users: ['jane doe'], since: NOW - 30 * DAY }) },
  ],
  [
    ['filter', '--saved', 'mine', '-n', '3', '--exit-status'],
    'filter',
    { anyFilterFlag: true, limit: 3, exitStatus: true },
  ],
  [['filter', '--list'], 'filter', { saved: { action: 'list' } }],
  [['filter', '--delete', 'mine'], 'filter', { saved: { action: 'delete', name: 'mine' } }],
  [['show', '--json', '42'], 'show', { ref: '42', json: true, fields: undefined }],
  [['show', '42', '--json', 'seq,hash'], 'show', { ref: '42', json: true, fields: ['seq', 'hash'] }],
  [['record', '--file', '-', '--json', 'seq,id'], 'record', { format: 'json', jsonFields: ['seq', 'id'] }],
];

describe('argv → options', () => {
  it.each(TABLE)('%j', async (argv, command, options) => {
    const parsed = await parse(argv);
    expect(parsed.command).toBe(command);
    if (command === 'completion') expect(parsed.options).toBe('zsh');
    else expect(parsed.options).toMatchObject(options);
  });

  const REFUSED: [argv: string[], message: RegExp][] = [
    [['list', '--limit', '0'], /invalid --limit "0"/],
    [['list', '--since', '7d', '--until', '8d'], /--since 7d is later than --until 8d/],
    [['list', '--type', 'clustr'], /unknown resource type "clustr"/],
    [['list', '--reverse', '--cursor-file', 'x'], /--reverse cannot be combined with --cursor-file/],
    [['list', '--user', ' '], /--user is empty/],
    [['list', '--json', '--format', 'csv'], /--json and --format csv disagree/],
    [['tail', '-f', '--exit-status'], /--exit-status cannot be combined with --follow/],
    [['record', '--file', 'x', '--name', 'y'], /--file cannot be combined with --name/],
    [['show', '1', '--format', 'csv'], /show has no --format csv/],
    [['completion', 'tcsh'], /no completion for shell "tcsh"/],
    [['list', '--json', 'naem'], /--json: unknown field "naem"/],
    [['list', '--json', 'id', '-o', 'csv'], /--json and --format csv disagree/],
    [['list', '--format', 'csv', '-o', 'tsv'], /--format csv and -o tsv disagree/],
    [['list', '--since', '1M'], /invalid time "1M": M could be minutes or months/],
    [['stats', '--saved', 'nope'], /no saved filter "nope"/],
    [['filter', '--list', '--delete', 'mine'], /--list and --delete cannot be combined/],
    [['show'], /missing the event: give its id or seq/],
  ];
  it.each(REFUSED)('refuses %j', async (argv, message) => {
    await expect(parse(argv)).rejects.toThrow(message);
  });
});

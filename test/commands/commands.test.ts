import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ndjson, parseNdjson, tempDir } from '../helpers.js';
import { homeIn, NOW, run, scripted } from './run-in-process.js';

process.env.TZ = 'UTC';

const dir = tempDir();
const home = homeIn(dir);
const store = join(dir, 'store.db');
const MINUTE = 60_000;
const at = (ms: number) => new Date(NOW - ms).toISOString();

const EVENTS = [
  {
    id: 'e1',
    time: at(5 * 24 * 60 * MINUTE),
    action: 'update',
    type: 'node-pool',
    name: 'pool-a',
    account: 'hooli',
    resourceId: 'np-1',
    user: 'Chloé Okafor',
  },
  {
    id: 'e2',
    time: at(180 * MINUTE),
    action: 'create',
    type: 'cluster',
    name: 'prod-eu-1',
    account: 'acme',
    resourceId: 'c-1',
    user: 'Jane Doe',
  },
  {
    id: 'e3',
    time: at(120 * MINUTE),
    action: 'update',
    type: 'service',
    name: 'api',
    account: 'acme',
    resourceId: 'svc-1',
    user: 'Chloé Okafor',
    details: { replicas: { from: 2, to: 3 } },
  },
  {
    id: 'e4',
    time: at(30 * MINUTE),
    action: 'delete',
    type: 'cluster',
    name: 'prod-eu-1',
    account: 'acme',
    resourceId: 'c-1',
    user: 'Jane Doe',
  },
  { id: 'e5', time: at(10 * MINUTE), action: 'create', type: 'project', name: 'website', user: 'Bob Stone' },
];

const plain = { NO_COLOR: '1' };
const activity = (args: string[], t: Parameters<typeof run>[2] = {}) => run(['--store', store, ...args], home, t);

beforeAll(async () => {
  const recorded = await activity(['record', '--file', '-'], { input: ndjson(EVENTS) });
  expect(recorded).toEqual({ code: 0, stdout: '', stderr: 'Recorded 5 events (seq 1–5).\n' });
});

describe('list, in a terminal and in a pipe', () => {
  it('draws the table on a terminal, newest first, times relative to the clock', async () => {
    expect(await activity(['list'], { columns: 100, env: plain })).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'Name                                  Action  Created At      User',
        '[Project] website                     Create  10 minutes ago  Bob Stone',
        '[Cluster] prod-eu-1 (deleted) · acme  Delete  30 minutes ago  Jane Doe',
        '[Service] api · acme                  Update  2 hours ago     Chloé Okafor',
        '[Cluster] prod-eu-1 (deleted) · acme  Create  3 hours ago     Jane Doe',
        '[Node Pool] pool-a · hooli            Update  5 days ago      Chloé Okafor',
        '',
      ].join('\n'),
    });
  });

  it('writes tab-separated lines to a pipe, with absolute times and no header', async () => {
    const { code, stdout } = await activity(['list', '--limit', '2']);
    expect(code).toBe(0);
    expect(stdout).toBe(
      `5\te5\t${at(10 * MINUTE)}\tcreate\tproject\twebsite\t\t\tBob Stone\n` +
        `4\te4\t${at(30 * MINUTE)}\tdelete\tcluster\tprod-eu-1\tc-1\tacme\tJane Doe\n`,
    );
  });

  it('says on stderr when the limit cut the result, on a terminal and in a pipe alike', async () => {
    for (const columns of [undefined, 100]) {
      const { stderr } = await activity(['list', '--limit', '2'], { ...(columns ? { columns } : {}), env: plain });
      expect(stderr).toBe('Showing 2 of 5 events. Use --limit or --all for more.\n');
    }
  });

  it('filters as reference §3 says: users in any case, types in any form, combined with AND', async () => {
    const { stdout } = await activity([
      'list',
      '--user',
      'JANE DOE',
      '--type',
      'Clusters',
      '--action',
      'delete',
      '--json',
    ]);
    expect(parseNdjson(stdout.replace(/^\[|\]\n$/g, '').replaceAll(',\n', '\n')).map((e) => e.id)).toEqual(['e4']);
  });

  it('exits 1 with --exit-status when nothing matched, and says so on a terminal', async () => {
    expect(
      await activity(['list', '--search', 'nothing-like-it', '--exit-status'], { columns: 80, env: plain }),
    ).toEqual({ code: 1, stdout: '', stderr: 'No events match.\n' });
    expect((await activity(['list', '--search', 'nothing-like-it'])).code).toBe(0);
  });

  it('refuses a bad time with one line and exit 2, before touching the store', async () => {
    const { code, stdout, stderr } = await activity(['list', '--since', 'last tuesday']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(2);
    expect(stderr).toMatch(/^activity: invalid time "last tuesday"/);
  });

  it('colours the badges on a terminal unless NO_COLOR, and never in a pipe', async () => {
    const coloured = await activity(['list', '--limit', '1'], { columns: 100 });
    expect(coloured.stdout).toContain('\u001b[42m\u001b[30m Create \u001b[39m\u001b[49m');
    expect((await activity(['list', '--limit', '1'], { columns: 100, env: plain })).stdout).not.toContain('\u001b[');
    expect((await activity(['list', '--format', 'csv'])).stdout).not.toContain('\u001b[');
  });

  it('marks deleted resources in a table when a link template is set, and links the others', async () => {
    const env = { ACTIVITY_LINK_TEMPLATE: 'https://console.example.com/{account}/{type}/{resourceId}' };
    const { stdout } = await activity(['list', '--type', 'cluster,service'], {
      columns: 100,
      env: { ...env, ...plain },
    });
    expect(stdout.split('\n').slice(1, 4)).toEqual([
      expect.stringMatching(/^\[Cluster\] prod-eu-1 \(deleted\) · acme +Delete/),
      expect.stringMatching(/^\[Service\] api · acme +Update/),
      expect.stringMatching(/^\[Cluster\] prod-eu-1 \(deleted\) · acme +Create/),
    ]);
    const linked = await activity(['list', '--type', 'service'], { columns: 100, env });
    expect(linked.stdout).toContain(
      '\u001b]8;;https://console.example.com/acme/service/svc-1\u001b\\api\u001b]8;;\u001b\\',
    );
  });

  it('marks deleted resources without a link template too, in lists and on the card', async () => {
    const list = await activity(['list', '--type', 'cluster'], { columns: 100, env: plain });
    expect(list.stdout.split('\n').slice(1, 3)).toEqual([
      expect.stringMatching(/^\[Cluster\] prod-eu-1 \(deleted\) · acme +Delete/),
      expect.stringMatching(/^\[Cluster\] prod-eu-1 \(deleted\) · acme +Create/),
    ]);
    const card = await activity([], { columns: 100, env: plain });
    expect(card.stdout).toMatch(/\[Cluster\] prod-eu-1 \(deleted\) · acme +Delete/);
    expect(card.stdout).toMatch(/\[Project\] website +Create/);
  });

  it('gives a resource without an account a link with no empty path segment', async () => {
    const env = { ...plain, ACTIVITY_LINK_TEMPLATE: 'https://console.example.com/{account}/{type}/{resourceId}' };
    const shown = await activity(['show', 'e5'], { columns: 100, env });
    expect(shown.stdout).toContain('https://console.example.com/project/website');
    expect(shown.stdout).not.toContain('.com//');
  });

  it('adds the flags given beside --saved to the saved filter', async () => {
    const config = join(dir, 'saved-config.json');
    writeFileSync(config, JSON.stringify({ filters: { chloe: ['--user', 'Chloé Okafor'] } }));
    const env = { ACTIVITY_CONFIG: config };
    const saved = await activity(['list', '--saved', 'chloe', '--format', 'ndjson'], { env });
    expect(parseNdjson(saved.stdout).map((e) => e.id)).toEqual(['e3', 'e1']);
    const narrowed = await activity(['list', '--saved', 'chloe', '--type', 'service', '--format', 'ndjson'], { env });
    expect(parseNdjson(narrowed.stdout).map((e) => e.id)).toEqual(['e3']);
    expect(await activity(['list', '--saved', 'nope'], { env })).toMatchObject({
      code: 2,
      stderr: 'activity: no saved filter "nope" — saved filters: chloe\n',
    });
  });
});

describe('the other commands, in process', () => {
  it('shows the Last Activity card for a bare activity', async () => {
    const { code, stdout } = await activity([], { columns: 80, env: plain });
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('Last Activity');
    expect(stdout).toContain('[Project] website');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('View all: activity list');
  });

  it('tails the last n events oldest first', async () => {
    const { stdout } = await activity(['tail', '-n', '2', '--format', 'ndjson']);
    expect(parseNdjson(stdout).map((e) => e.id)).toEqual(['e4', 'e5']);
  });

  it('shows one event in full, with its console link, or that it has none once deleted', async () => {
    const env = { ...plain, ACTIVITY_LINK_TEMPLATE: 'https://console.example.com/{account}/{type}/{resourceId}' };
    const service = await activity(['show', '3'], { columns: 100, env });
    expect(service.stdout).toContain('  Link         https://console.example.com/acme/service/svc-1\n');
    expect(service.stdout).toContain('  Time         2026-11-25 10:00:00.000 +00:00 (2 hours ago)\n');
    expect(service.stdout).toMatch(/Details\s*\n {4}\{\n {6}"replicas": \{/);
    const cluster = await activity(['show', 'e2'], { columns: 100, env });
    expect(cluster.stdout).toContain('  Link         resource deleted — no link\n');
    expect(await activity(['show', '99'])).toMatchObject({ code: 2, stdout: '' });
  });

  it('counts by action, type, user and day for scripts', async () => {
    const { stdout } = await activity(['stats', '--json']);
    expect(JSON.parse(stdout)).toMatchObject({
      total: 5,
      byAction: { create: 2, update: 2, delete: 1 },
      topUsers: [
        { user: 'Chloé Okafor', events: 2 },
        { user: 'Jane Doe', events: 2 },
        { user: 'Bob Stone', events: 1 },
      ],
    });
  });

  it('verifies the chain and saves a checkpoint, then checks against it', async () => {
    const checkpoint = join(dir, 'checkpoint.json');
    const first = await activity(['verify', '--checkpoint', checkpoint]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Verified 5 events\. Head: seq 5, hash [0-9a-f]{64}\n$/);
    expect(first.stderr).toBe(`Checkpoint saved in ${checkpoint} (seq 5).\n`);
    expect(JSON.parse(readFileSync(checkpoint, 'utf8'))).toMatchObject({ seq: 5 });
    const again = await activity(['verify', '--checkpoint', checkpoint]);
    expect(again.stderr).toBe('The chain agrees with the checkpoint (seq 5).\n');
  });

  it('filters a stream on stdin without any store', async () => {
    const { code, stdout } = await run(['filter', '--action', 'delete', '--format', 'ndjson'], home, {
      input: ndjson(EVENTS),
    });
    expect(code).toBe(0);
    expect(parseNdjson(stdout).map((e) => e.id)).toEqual(['e4']);
  });

  it('prints a completion script that knows every command', async () => {
    const { stdout } = await run(['completion', 'bash'], home);
    for (const command of ['record', 'list', 'tail', 'filter', 'show', 'stats', 'verify', 'completion']) {
      expect(stdout).toContain(command);
    }
  });
});

describe('record, with flags and with questions', () => {
  it('records from flags in a pipe, with a summary on stderr', async () => {
    const target = join(dir, 'record-flags.db');
    const result = await run(
      ['--store', target, 'record', '--action', 'Create', '--type', 'Volumes', '--name', 'data', '--user', 'Jane Doe'],
      home,
    );
    expect(result).toEqual({ code: 0, stdout: '', stderr: 'Recorded 1 event (seq 1).\n' });
    const { stdout } = await run(['--store', target, 'list', '--format', 'ndjson'], home);
    expect(parseNdjson(stdout)[0]).toMatchObject({ action: 'create', type: 'volume', name: 'data', time: at(0) });
  });

  it('names every missing flag when it cannot ask', async () => {
    const result = await run(['--store', join(dir, 'never.db'), 'record', '--action', 'create'], home);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^activity: missing --type, --name, --user — /);
  });

  it('asks on a terminal for what the flags left out', async () => {
    const target = join(dir, 'record-asked.db');
    const prompter = scripted({ select: ['delete', 'domain'], input: ['example.org', 'Jane Doe'] });
    const result = await run(['--store', target, 'record'], home, { columns: 80, prompter, env: plain });
    expect(result.code).toBe(0);
    expect(prompter.asked).toEqual([
      'select: Action',
      'select: Resource type',
      'input: Resource name',
      'input: Your full name',
    ]);
    const { stdout } = await run(['--store', target, 'list', '--format', 'ndjson'], home);
    expect(parseNdjson(stdout)[0]).toMatchObject({ action: 'delete', type: 'domain', name: 'example.org' });
  });
});

describe('filter on a terminal', () => {
  it('builds a filter from the store, shows its events and the command, and saves it', async () => {
    const config = join(dir, 'interactive-config.json');
    const prompter = scripted({
      checkbox: [['Chloé Okafor'], ['service', 'node-pool'], ['update']],
      select: ['30d'],
      input: ['', 'chloe-updates'],
      confirm: [true],
    });
    const result = await activity(['filter'], { columns: 100, prompter, env: { ...plain, ACTIVITY_CONFIG: config } });
    expect(result.code).toBe(0);
    // Users and types offered are those in the store.
    expect(prompter.offered[0]?.map((c) => c.value).sort()).toEqual(['Bob Stone', 'Chloé Okafor', 'Jane Doe']);
    expect(prompter.offered[1]?.map((c) => c.value)).toEqual(['cluster', 'project', 'service', 'node-pool']);
    expect(result.stdout).toContain('[Service] api · acme');
    expect(result.stdout).toContain(
      `The same, as a command:\n  activity list --store ${store} --user 'Chloé Okafor' --action update --type service --type node-pool --since 30d\n`,
    );
    expect(JSON.parse(readFileSync(config, 'utf8')).filters).toEqual({
      'chloe-updates': [
        '--user',
        'Chloé Okafor',
        '--action',
        'update',
        '--type',
        'service',
        '--type',
        'node-pool',
        '--since',
        '30d',
      ],
    });
    expect(result.stderr).toContain('Use it with: activity list --saved chloe-updates');
  });

  it('on a store with no events yet, says so and how to get some, instead of offering empty lists', async () => {
    const prompter = scripted({});
    const empty = join(dir, 'empty.db');
    const result = await run(['--store', empty, 'filter'], home, { columns: 80, prompter, env: plain });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /No events in .*empty\.db yet: nothing to filter\.\nRecord one with: activity record /,
    );
    expect(result.stderr).toContain('activity record --file events.ndjson');
    expect(prompter.offered).toEqual([]);
  });
});

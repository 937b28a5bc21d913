import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, parseNdjson, runCli, sha256File, tempDir } from '../helpers.js';

/**
 * The prompts need a real terminal: each test runs bin/activity inside a tmux pane,
 * reads the screen and types keys, as a person would.
 */
const home = tempDir();
let sessions: string[] = [];
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = (session: string) => tmux('capture-pane', '-p', '-t', session);

async function waitFor(session: string, text: string | RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = screen(session);
    if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${text}; the screen shows:\n${shown}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function start(args: string[]): string {
  const session = `activity-test-${process.pid}-${sessions.length}`;
  sessions.push(session);
  const quoted = [BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const env = `env -i PATH='${process.env.PATH}' HOME='${home}' XDG_CONFIG_HOME='${home}/config' XDG_DATA_HOME='${home}/data' TERM=xterm-256color NO_COLOR=1`;
  tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `${env} ${quoted}; echo "EXIT=$?"; sleep 30`);
  return session;
}

afterEach(() => {
  for (const session of sessions) {
    try {
      tmux('kill-session', '-t', session);
    } catch {
      // already gone
    }
  }
  sessions = [];
});

describe('activity record on a terminal', () => {
  it('asks for the missing fields, with lists for action and type, then records', async () => {
    const store = join(home, 'asked.db');
    const session = start(['record', '--store', store, '--account', 'acme']);
    await waitFor(session, '? Action');
    tmux('send-keys', '-t', session, 'Down', 'Down', 'Enter'); // Delete
    await waitFor(session, '? Resource type');
    tmux('send-keys', '-t', session, 'Down', 'Down', 'Down', 'Enter'); // Service
    await waitFor(session, '? Resource name');
    tmux('send-keys', '-t', session, 'Enter'); // blank: refused, asked again
    await waitFor(session, 'cannot be blank');
    tmux('send-keys', '-t', session, '-l', 'checkout-api');
    tmux('send-keys', '-t', session, 'Enter');
    await waitFor(session, '? Your full name');
    tmux('send-keys', '-t', session, '-l', "Siobhán O'Brien");
    tmux('send-keys', '-t', session, 'Enter');
    expect(await waitFor(session, 'EXIT=')).toContain('EXIT=0');
    const listed = await runCli(['list', '--store', store, '--format', 'ndjson'], home);
    expect(parseNdjson(listed.stdout)).toEqual([
      expect.objectContaining({
        action: 'delete',
        type: 'service',
        name: 'checkout-api',
        user: "Siobhán O'Brien",
        account: 'acme',
      }),
    ]);
  });

  it('Ctrl-C in a prompt exits 130 and writes nothing', async () => {
    const store = join(home, 'interrupted.db');
    await runCli(
      ['record', '--store', store, '--action', 'create', '--type', 'job', '--name', 'a', '--user', 'b'],
      home,
    );
    const before = sha256File(store);
    const session = start(['record', '--store', store, '--type', 'job']);
    await waitFor(session, '? Action');
    tmux('send-keys', '-t', session, 'C-c');
    const shown = await waitFor(session, 'EXIT=');
    expect(shown).toContain('EXIT=130');
    expect(shown).toContain('interrupted; nothing was written');
    expect(sha256File(store)).toBe(before);
  });

  it('--no-input never asks, even on a terminal', async () => {
    const session = start(['record', '--store', join(home, 'no-input.db'), '--no-input', '--type', 'job']);
    const shown = await waitFor(session, 'EXIT=');
    expect(shown).toContain('missing --action, --name, --user');
    expect(shown).toContain('EXIT=2');
  });

  it('shows a table with relative times on a terminal by default', async () => {
    const store = join(home, 'table.db');
    await runCli(
      ['record', '--store', store, '--action', 'create', '--type', 'volume', '--name', 'pg-data', '--user', 'Jane Doe'],
      home,
    );
    const session = start(['list', '--store', store]);
    const shown = await waitFor(session, 'EXIT=');
    expect(shown).toMatch(/Name\s+Action\s+Created At\s+User/);
    expect(shown).toMatch(/\[Volume\] pg-data\s+Create\s+(just now|\d+ seconds? ago)\s+Jane Doe/);
  });
});

describe('activity record checks the flags it was given before asking for more', () => {
  it('refuses a bad --type at once, without prompting', async () => {
    const session = start(['record', '--store', join(home, 'checked.db'), '--type', 'clustr']);
    const shown = await waitFor(session, 'EXIT=');
    expect(shown).toContain('unknown resource type "clustr"');
    expect(shown).toContain('EXIT=2');
    expect(shown).not.toContain('? Action');
  });
});

describe('activity filter on a terminal', () => {
  const store = join(home, 'filter.db');
  const config = join(home, 'config', 'activity', 'config.json');
  const events = [
    { id: 'a', action: 'delete', type: 'cluster', name: 'prod-1', user: 'Chloé Okafor', time: '2026-11-20T10:00:00Z' },
    { id: 'b', action: 'create', type: 'cluster', name: 'prod-2', user: 'Chloé Okafor', time: '2026-11-20T11:00:00Z' },
    { id: 'c', action: 'delete', type: 'volume', name: 'vol-1', user: 'Chloé Okafor', time: '2026-11-20T12:00:00Z' },
    { id: 'd', action: 'delete', type: 'cluster', name: 'prod-3', user: 'Jane Doe', time: '2026-11-20T13:00:00Z' },
  ];

  it('asks for users, types, actions and a range, shows the events and the command, and saves the filter', async () => {
    const input = events.map((e) => JSON.stringify(e)).join('\n');
    expect((await runCli(['record', '--store', store, '--file', '-'], home, { input })).code).toBe(0);
    const session = start(['filter', '--store', store]);
    const keys = async (wait: string | RegExp, ...typed: string[]) => {
      await waitFor(session, wait);
      for (const key of typed) tmux('send-keys', '-t', session, key);
    };
    await keys('? Users', 'Space', 'Enter'); // two users: a list to tick, the most active first
    await keys('? Resource types', 'Space', 'Enter'); // Cluster
    await keys('? Actions', 'Down', 'Down', 'Space', 'Enter'); // Delete
    await keys('? Time range', 'Up', 'Enter'); // Any time
    await keys('? Search', 'Enter');
    const shown = await waitFor(session, '? Save this filter?');
    expect(shown).toMatch(/\[Cluster\] prod-1 \(deleted\)\s+Delete/);
    expect(shown).not.toContain('prod-3');
    const command = /The same, as a command:\n\s+activity list (.*)\n/.exec(shown)?.[1] ?? '';
    expect(command).toBe(`--store ${store} --user 'Chloé Okafor' --action delete --type cluster`);
    await keys('? Save this filter?', 'y', 'Enter');
    await keys('? Name for it', '-l', 'chloe-deletes');
    tmux('send-keys', '-t', session, 'Enter');
    expect(await waitFor(session, 'EXIT=')).toContain('EXIT=0');

    const args = ['--user', 'Chloé Okafor', '--action', 'delete', '--type', 'cluster'];
    const direct = await runCli(['list', '--store', store, '--format', 'ndjson', ...args], home);
    const saved = await runCli(['list', '--store', store, '--format', 'ndjson', '--saved', 'chloe-deletes'], home);
    expect(parseNdjson(direct.stdout).map((e) => e.id)).toEqual(['a']);
    expect(saved.stdout).toBe(direct.stdout);
    const widened = await runCli(
      ['list', '--store', store, '--saved', 'chloe-deletes', '--type', 'volume', '--format', 'ndjson'],
      home,
    );
    expect(parseNdjson(widened.stdout).map((e) => e.id)).toEqual(['c', 'a']);
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({ filters: { 'chloe-deletes': args } });
  });

  it('with many users, narrows the list as a name is typed', async () => {
    const many = join(home, 'many-users.db');
    const names = Array.from({ length: 20 }, (_, i) => `User ${String.fromCharCode(65 + i)}ardy`);
    const input = [...names, 'Chloé Okafor']
      .map((user, i) => JSON.stringify({ action: 'create', type: 'job', name: `job-${i}`, user }))
      .join('\n');
    expect((await runCli(['record', '--store', many, '--file', '-'], home, { input })).code).toBe(0);
    const session = start(['filter', '--store', many]);
    await waitFor(session, '? Users: type to search');
    tmux('send-keys', '-t', session, '-l', 'okaf');
    await waitFor(session, /❯ Chloé Okafor/);
    tmux('send-keys', '-t', session, 'Enter');
    await waitFor(session, '(done: Chloé Okafor)');
    tmux('send-keys', '-t', session, 'Enter');
    for (const prompt of ['? Resource types', '? Actions', '? Time range', '? Search']) {
      await waitFor(session, prompt);
      tmux('send-keys', '-t', session, 'Enter');
    }
    const shown = await waitFor(session, '? Save this filter?');
    expect(shown).toContain(`activity list --store ${many} --user 'Chloé Okafor' --since 1h`);
    // A name saved already is replaced only when asked to.
    const before = JSON.parse(readFileSync(config, 'utf8'));
    tmux('send-keys', '-t', session, 'y', 'Enter');
    await waitFor(session, '? Name for it');
    tmux('send-keys', '-t', session, '-l', 'chloe-deletes');
    tmux('send-keys', '-t', session, 'Enter');
    await waitFor(session, 'A filter "chloe-deletes" is saved already. Replace it?');
    tmux('send-keys', '-t', session, 'Enter'); // no
    await waitFor(session, /Replace it\? No[\s\S]*\? Name for it/);
    tmux('send-keys', '-t', session, '-l', 'okafor-1h');
    tmux('send-keys', '-t', session, 'Enter');
    expect(await waitFor(session, 'EXIT=')).toContain('EXIT=0');
    expect(JSON.parse(readFileSync(config, 'utf8')).filters).toEqual({
      ...before.filters,
      'okafor-1h': ['--user', 'Chloé Okafor', '--since', '1h'],
    });
  });

  it('Ctrl-C in a prompt exits 130 and saves nothing', async () => {
    const before = readFileSync(config, 'utf8');
    const session = start(['filter', '--store', store]);
    await waitFor(session, '? Users');
    tmux('send-keys', '-t', session, 'C-c');
    expect(await waitFor(session, 'EXIT=')).toContain('EXIT=130');
    expect(readFileSync(config, 'utf8')).toBe(before);
  });

  it('without a terminal to ask on, points to activity list', async () => {
    const session = start(['filter', '--store', store, '--no-input']);
    const shown = await waitFor(session, 'EXIT=');
    expect(shown).toContain('activity list');
    expect(shown).toContain('EXIT=2');
    const unknown = await runCli(['list', '--store', store, '--saved', 'nope'], home);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no saved filter "nope"/);
  });
});

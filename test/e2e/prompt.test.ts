import { execFileSync } from 'node:child_process';
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
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const env = `env -i PATH='${process.env.PATH}' HOME='${home}' TERM=xterm-256color NO_COLOR=1`;
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

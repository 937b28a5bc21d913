import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ndjson, runCli, tempDir } from '../helpers.js';

/**
 * Every table in a real terminal (a tmux pane) of 120, 80, 60 and 40 columns: a line
 * longer than the pane wraps, which tmux marks, so the screen read with wrapped lines
 * joined (`capture-pane -J`) has fewer lines than the screen as drawn.
 */
const home = tempDir();
const store = join(home, 'widths.db');
/**
 * A tmux server of this file's own, kept up by a session that outlives the panes: with
 * the shared one, a pane's session started while the server was exiting after the last
 * one ended ("server exited unexpectedly").
 */
const SOCKET = `activity-widths-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
beforeAll(() => {
  tmux('new-session', '-d', '-s', 'keeper', 'sleep 600');
});
afterAll(() => {
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
});
let session = 0;

const MINUTE = 60_000;
const at = (minutes: number) => new Date(Date.now() - minutes * MINUTE).toISOString();
const EVENTS = [
  { action: 'create', type: 'cluster', name: 'prod-eu-1', account: 'acme', user: 'Jane Doe', time: at(300) },
  {
    action: 'update',
    type: 'node-pool',
    name: 'pool-⚡-fast',
    account: 'stark-industries-research',
    user: 'Maximilian Alexander Featherstonehaugh-Smythe',
    time: at(200),
  },
  {
    action: 'update',
    type: 'service',
    name: '支付服务-生产环境',
    account: '株式会社',
    user: '山田 太郎',
    time: at(100),
  },
  { action: 'delete', type: 'variable-group', name: '🚀 launch secrets ✅', user: 'Zoë 👩‍💻 Okafor', time: at(50) },
  { action: 'update', type: 'deployment', name: `api-${'x'.repeat(200)}`, account: 'acme', user: 'Bob', time: at(20) },
  { action: 'create', type: 'project', name: 'website', user: 'Chloé Okafor', time: at(5) },
];

/** Runs the command in a pane `columns` wide; returns the lines as drawn and as they were printed. */
async function inPane(columns: number, args: string[]): Promise<{ drawn: string[]; printed: string[] }> {
  const name = `activity-widths-${process.pid}-${session++}`;
  const quoted = [BIN, '--store', store, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const env = `env -i PATH='${process.env.PATH}' HOME='${home}' XDG_CONFIG_HOME='${home}/config' TERM=xterm-256color LANG=C.UTF-8`;
  tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', '60', `${env} ${quoted}; echo EXIT=$?; sleep 30`);
  try {
    const deadline = Date.now() + 20_000;
    let screen = '';
    while (!/EXIT=\d+/.test(screen)) {
      if (Date.now() > deadline) throw new Error(`timed out; the screen shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      screen = tmux('capture-pane', '-p', '-t', name);
    }
    const lines = (text: string) => text.slice(0, text.indexOf('EXIT=')).trimEnd().split('\n');
    return { drawn: lines(screen), printed: lines(tmux('capture-pane', '-p', '-J', '-t', name)) };
  } finally {
    tmux('kill-session', '-t', name);
  }
}

beforeAll(async () => {
  const recorded = await runCli(['record', '--store', store, '--file', '-'], home, { input: ndjson(EVENTS) });
  expect(recorded.code).toBe(0);
});

describe.each([120, 80, 60, 40])('at %i columns', (columns) => {
  it.each([
    ['list', ['list']],
    ['list --absolute', ['list', '--absolute']],
    ['list, no colour', ['list', '--color', 'never']],
    ['tail', ['tail']],
    ['the card', []],
    ['stats', ['stats']],
  ])('%s: no line wraps', async (_, args) => {
    const { drawn, printed } = await inPane(columns, args);
    expect(printed).toEqual(drawn);
    expect(drawn.length).toBeGreaterThan(3);
  });

  it('list gives the Name column what it needs before the user', async () => {
    const { drawn } = await inPane(columns, ['list', '--color', 'never']);
    const row = (text: string) => drawn.find((line) => line.includes(text)) ?? '';
    // One 200-character name cuts neither the other names nor, on a wide terminal, the users.
    expect(row('prod-eu-1')).toContain(columns >= 80 ? '[Cluster] prod-eu-1 · acme' : 'prod-eu-1');
    expect(row('website')).toContain(columns >= 80 ? '[Project] website' : 'website');
    if (columns >= 80) expect(row('website')).toMatch(/Chloé Okafor$/);
  });
});

it('tail -f fits the terminal too', async () => {
  const name = `activity-widths-${process.pid}-follow`;
  const quoted = [BIN, '--store', store, 'tail', '-f'].map((a) => `'${a}'`).join(' ');
  const env = `env -i PATH='${process.env.PATH}' HOME='${home}' TERM=xterm-256color LANG=C.UTF-8`;
  tmux('new-session', '-d', '-s', name, '-x', '40', '-y', '60', `${env} ${quoted}`);
  try {
    let screen = '';
    const deadline = Date.now() + 20_000;
    while (!screen.includes('website')) {
      if (Date.now() > deadline) throw new Error(`timed out; the screen shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      screen = tmux('capture-pane', '-p', '-t', name);
    }
    expect(tmux('capture-pane', '-p', '-J', '-t', name).trimEnd()).toEqual(screen.trimEnd());
  } finally {
    tmux('kill-session', '-t', name);
  }
});

it('piped, nothing is cut', async () => {
  const result = await runCli(['list', '--store', store, '--format', 'tsv'], home, { env: { COLUMNS: '40' } });
  expect(result.stdout).toContain(`api-${'x'.repeat(200)}`);
  expect(result.stdout).toContain('Maximilian Alexander Featherstonehaugh-Smythe');
});

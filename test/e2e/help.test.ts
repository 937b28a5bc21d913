import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateEvents } from '../../src/sample/generate.js';
import { BIN, ndjson, runCli, tempDir } from '../helpers.js';

const home = tempDir();
const store = join(home, 'store.db');
const bin = join(home, 'bin');
const COMMANDS = ['', 'record', 'list', 'tail', 'filter', 'show', 'stats', 'completion'];

beforeAll(async () => {
  const input = ndjson([...generateEvents({ count: 400, seed: 51, end: Date.now() - 60_000, days: 10 })]);
  expect((await runCli(['record', '--store', store, '--file', '-'], home, { input })).code).toBe(0);
  // `activity` on the PATH, as a user has it
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'activity'), `#!/bin/sh\nexec "${BIN}" "$@"\n`);
  chmodSync(join(bin, 'activity'), 0o755);
});

/** The lines under "Examples:" in a command's --help. */
function examples(command: string): string[] {
  const help = execFileSync(BIN, [...(command ? [command] : []), '--help'], { encoding: 'utf8' });
  const section = help.split('Examples:\n')[1] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .map((line) => line.trim());
}

describe('--help', () => {
  it('every command has examples', () => {
    for (const command of COMMANDS) expect(examples(command).length).toBeGreaterThan(0);
  });

  it('fits 80 columns, but for commands to paste, which stay one line', () => {
    for (const command of [...COMMANDS, 'verify', 'serve', 'token']) {
      const help = execFileSync(BIN, [...(command ? [command] : []), '--help'], { encoding: 'utf8' });
      for (const line of help.split(/Examples:|Install:/)[0]?.split('\n') ?? [])
        expect(line.length, `${command} --help: ${line}`).toBeLessThanOrEqual(80);
    }
  });

  it('every example works when pasted into a shell', () => {
    const cwd = join(home, 'work');
    mkdirSync(cwd, { recursive: true });
    for (const command of COMMANDS) {
      for (const example of examples(command)) {
        // Followers never end: they get a few seconds, then the interrupt a person would send.
        const result = spawnSync('bash', ['-c', `timeout -s INT 4 bash -c ${JSON.stringify(example)}`], {
          cwd,
          encoding: 'utf8',
          input: '',
          env: {
            PATH: `${bin}:${process.env.PATH}`,
            HOME: home,
            XDG_CONFIG_HOME: join(home, 'config'),
            ACTIVITY_STORE: store,
            TZ: 'UTC',
          },
        });
        if (![0, 1, 124].includes(result.status ?? -1)) {
          throw new Error(`"${example}" exited ${result.status}: ${result.stderr}`);
        }
        expect(result.stderr, example).not.toMatch(/activity: /);
      }
    }
  });
});

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir } from '../helpers.js';

const home = tempDir();
const scripts: Record<string, string> = {};

beforeAll(async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const result = await runCli(['completion', shell], home);
    expect(result.code).toBe(0);
    scripts[shell] = result.stdout;
    writeFileSync(join(home, `activity.${shell}`), result.stdout);
  }
});

/** What bash offers for the words typed so far (the last one being completed). */
function complete(...typed: string[]): string[] {
  return completeIn(process.env, ...typed);
}

function completeIn(env: NodeJS.ProcessEnv, ...typed: string[]): string[] {
  const words = ['activity', ...typed].map((w) => `'${w}'`).join(' ');
  const script = `source '${join(home, 'activity.bash')}'; COMP_WORDS=(${words}); COMP_CWORD=${typed.length}; _activity; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', script], { encoding: 'utf8', env })
    .split('\n')
    .filter((w) => w !== '');
}

describe('activity completion', () => {
  it('prints scripts that bash accepts, for bash and zsh', () => {
    for (const shell of ['bash', 'zsh']) {
      execFileSync('bash', ['-n', join(home, `activity.${shell}`)]);
    }
    expect(scripts.zsh).toMatch(/^#compdef activity\n/);
  });

  it('completes commands, options and the values of --action, --type and --format', () => {
    expect(complete('li')).toEqual(['list']);
    expect(complete('')).toEqual(expect.arrayContaining(['record', 'list', 'tail', 'filter', 'show', 'completion']));
    expect(complete('list', '--type', 'no')).toEqual(['node-pool']);
    expect(complete('list', '--action', '')).toEqual(['create', 'update', 'delete']);
    expect(complete('tail', '--format', 'nd')).toEqual(['ndjson']);
    expect(complete('--store', 'x.db', 'list', '--ac')).toEqual(['--action', '--account']);
    expect(complete('tail', '-')).toEqual(expect.arrayContaining(['-f', '--follow', '-n', '--cursor-file']));
    expect(complete('completion', 'z')).toEqual(['zsh']);
  });

  it('completes file names for every option that takes a path', () => {
    writeFileSync(join(home, 'checkpoint-here.json'), '');
    const files = (...typed: string[]) => {
      const words = ['activity', ...typed].map((w) => `'${w}'`).join(' ');
      const script = `cd '${home}'; source activity.bash; COMP_WORDS=(${words}); COMP_CWORD=${typed.length}; _activity; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\n').filter(Boolean);
    };
    for (const option of [['verify', '--checkpoint'], ['verify', '--file'], ['list', '--cursor-file'], ['--store']]) {
      expect(files(...option, 'checkpoint-h'), option.join(' ')).toEqual(['checkpoint-here.json']);
    }
  });

  it('completes the names of saved filters, asking activity itself', () => {
    const bin = join(home, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'activity'), `#!/bin/sh\nexec "${BIN}" "$@"\n`);
    chmodSync(join(bin, 'activity'), 0o755);
    const config = join(home, 'saved.json');
    writeFileSync(
      config,
      JSON.stringify({ filters: { 'chloe-deletes': ['--action', 'delete'], clusters: ['--type', 'cluster'] } }),
    );
    const env = { PATH: `${bin}:${process.env.PATH}`, HOME: home, ACTIVITY_CONFIG: config };
    expect(completeIn(env, 'list', '--saved', 'c')).toEqual(['chloe-deletes', 'clusters']);
    expect(completeIn(env, 'tail', '--saved', 'cl')).toEqual(['clusters']);
    expect(completeIn(env, 'filter', '--delete', 'ch')).toEqual(['chloe-deletes']);
    expect(completeIn(env, 'list', '-o', 'cs')).toEqual(['csv']);
    expect(scripts.fish).toContain("-l saved -x -a '(activity filter --list 2>/dev/null | cut -f1)'");
  });

  it('describes commands and options for fish', () => {
    const fish = scripts.fish ?? '';
    expect(fish).toContain('complete -c activity -n __fish_use_subcommand -a tail -d ');
    expect(fish).toContain("-n '__fish_seen_subcommand_from list' -l type -x -a 'cluster project environment service");
    expect(fish).toContain("complete -c activity -n '__fish_seen_subcommand_from tail' -l follow -s f -d ");
  });

  it('refuses an unknown shell', async () => {
    const result = await runCli(['completion', 'powershell'], home);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^activity: no completion for shell "powershell" — use one of: bash, zsh, fish\n$/);
  });
});

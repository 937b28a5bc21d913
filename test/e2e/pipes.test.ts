import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateEvents } from '../../src/sample/generate.js';
import { BIN, ndjson, runCli, tempDir } from '../helpers.js';

const home = tempDir();

/** Runs bin/activity with its stdout closed before it writes: a reader that went away. */
function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', HOME: home, XDG_DATA_HOME: join(home, 'data'), TZ: 'UTC' },
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a reader that goes away', () => {
  it('ends help, completion and exports quietly, with exit 0 and no stack trace', async () => {
    const store = join(home, 'store.db');
    const input = ndjson([...generateEvents({ count: 3000, seed: 91, end: Date.now(), days: 3 })]);
    expect((await runCli(['record', '--store', store, '--file', '-'], home, { input })).code).toBe(0);
    for (const args of [
      ['--help'],
      ['list', '--help'],
      ['completion', 'bash'],
      ['list', '--store', store, '--all', '--format', 'ndjson'],
      ['list', '--store', store, '--all', '--format', 'tsv'],
    ]) {
      const result = await withClosedStdout(args);
      expect({ args, ...result }).toEqual({ args, code: 0, stderr: '' });
    }
  });

  it('ends tail -f on a quiet store within a second of head exiting, with nothing more to write', async () => {
    const store = join(home, 'quiet.db');
    const input = ndjson([...generateEvents({ count: 5, seed: 92, end: Date.now(), days: 1 })]);
    expect((await runCli(['record', '--store', store, '--file', '-'], home, { input })).code).toBe(0);
    for (const format of ['tsv', 'ndjson']) {
      const started = performance.now();
      const result = spawnSync('sh', ['-c', `'${BIN}' tail -f -n 5 --store '${store}' --format ${format} | head -3`], {
        env: { PATH: process.env.PATH ?? '', HOME: home },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(result.error).toBeUndefined(); // not killed at the timeout
      expect(result.stdout.trimEnd().split('\n')).toHaveLength(3);
      expect(result.stderr).toBe('');
      // Head took its lines at once; the follower then had nothing to write, and still ended.
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });
});

/** Runs bin/activity with its stdout on /dev/full: every write fails with ENOSPC. */
function withFullDisk(args: string[]): { code: number | null; stderr: string } {
  const command = [BIN, ...args].map((a) => `'${a}'`).join(' ');
  const result = spawnSync('sh', ['-c', `${command} > /dev/full`], {
    env: { PATH: process.env.PATH ?? '', HOME: home },
    encoding: 'utf8',
  });
  return { code: result.status, stderr: result.stderr };
}

describe('an output that cannot be written', () => {
  it('is one error line and exit 5 (I/O), and a cursor file stays where it was', async () => {
    const store = join(home, 'full.db');
    const input = ndjson([...generateEvents({ count: 500, seed: 92, end: Date.now(), days: 3 })]);
    expect((await runCli(['record', '--store', store, '--file', '-'], home, { input })).code).toBe(0);
    const cursor = join(home, 'full.cursor');
    for (const args of [
      ['--help'],
      ['completion', 'bash'],
      ['list', '--store', store, '--all', '--format', 'ndjson'],
      ['list', '--store', store],
      ['verify', '--store', store],
      ['list', '--store', store, '--cursor-file', cursor, '--format', 'ndjson'],
    ]) {
      const result = withFullDisk(args);
      expect({ args, ...result }).toEqual({
        args,
        code: 5,
        stderr: 'activity: cannot write the output: ENOSPC: no space left on device, write\n',
      });
    }
    expect(existsSync(cursor)).toBe(false);
    // A record whose events cannot be printed still says that they were recorded.
    const record = ['record', '--store', store, '--action', 'create', '--type', 'job', '--name', 'n', '--user', 'u'];
    const recorded = withFullDisk([...record, '--format', 'json']);
    expect(recorded).toEqual({
      code: 5,
      stderr:
        'Recorded 1 event (seq 501).\nactivity: cannot write the output: ENOSPC: no space left on device, write\n',
    });
  });
});

describe('a stdout that is not a terminal', () => {
  it('takes a large export whole through a slow reader, also when the pipe was made non-blocking', async () => {
    const store = join(home, 'large.db');
    const input = ndjson([...generateEvents({ count: 20_000, seed: 93, end: Date.now(), days: 3 })]);
    expect((await runCli(['record', '--store', store, '--file', '-'], home, { input })).code).toBe(0);
    const expected = (await runCli(['list', '--store', store, '--all', '--format', 'ndjson'], home)).stdout;
    expect(expected.split('\n')).toHaveLength(20_001);
    // Python holds the pipe's other end, reads it slowly, and (the second time) sets the
    // writing end O_NONBLOCK, as some parents leave it: writes then meet EAGAIN.
    const script = `
import os, subprocess, sys, time
r, w = os.pipe()
os.set_blocking(w, sys.argv[1] != "nonblocking")
child = subprocess.Popen(sys.argv[2:], stdout=w)
os.close(w)
out = bytearray()
while True:
    time.sleep(0.002)
    chunk = os.read(r, 16384)
    if not chunk:
        break
    out += chunk
sys.stdout.buffer.write(out)
sys.exit(child.wait())
`;
    for (const mode of ['blocking', 'nonblocking']) {
      const result = spawnSync(
        'python3',
        ['-c', script, mode, BIN, 'list', '--store', store, '--all', '--format', 'ndjson'],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '', HOME: home } },
      );
      expect({ mode, status: result.status, stderr: result.stderr }).toEqual({ mode, status: 0, stderr: '' });
      expect(result.stdout === expected, mode).toBe(true);
    }
  }, 60_000);
});

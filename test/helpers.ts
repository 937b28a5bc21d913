import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { generateEvents, type SampleEvent, type SampleOptions } from '../src/sample/generate.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin', 'activity');

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

export interface RunOptions {
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Another copy of bin/activity to run. */
  bin?: string;
}

/** A fresh directory for one test file, removed afterwards. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'activity-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs the real bin/activity. The environment is reduced to what a user's would hold,
 * with HOME and the XDG directories inside `home`, so no test touches real files.
 */
export function runCli(args: readonly string[], home: string, options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(options.bin ?? BIN, args, { env: cliEnv(home, options), cwd: options.cwd ?? home });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolvePromise({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code,
      }),
    );
    child.stdin.on('error', () => {}); // the CLI may exit before reading all input
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Runs bin/activity with stderr on a pseudo-terminal (util-linux `script`) and stdout
 * to a file: what a terminal shows beside a redirected output.
 */
export async function runWithTerminalStderr(args: readonly string[], home: string): Promise<RunResult> {
  const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
  const outFile = join(home, `stdout-${process.hrtime.bigint()}.txt`);
  const command = [BIN, ...args].map(quote).join(' ');
  const result = await new Promise<RunResult>((resolvePromise, reject) => {
    const child = spawn('script', ['-qec', `${command} > ${quote(outFile)}`, '/dev/null'], {
      env: { ...cliEnv(home, {}), TERM: 'xterm' },
      cwd: home,
    });
    const terminal: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => terminal.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ stdout: '', stderr: Buffer.concat(terminal).toString('utf8'), code }));
    child.stdin.end();
  });
  return { ...result, stdout: readFileSync(outFile, 'utf8') };
}

/** A long-running bin/activity (tail -f): its output so far, a wait for a condition on it, and a way to stop it. */
export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves once `done(stdout)` holds; rejects after `ms`. */
  until(done: (stdout: string) => boolean, ms?: number): Promise<void>;
  /** Resolves once stdout holds `count` lines (counted as they arrive: cheap for large outputs). */
  untilLines(count: number, ms?: number): Promise<void>;
  /** Sends the signal and resolves with everything the process printed and its exit code. */
  stop(signal?: NodeJS.Signals): Promise<RunResult>;
}

export function startCli(args: readonly string[], home: string, options: RunOptions = {}): RunningCli {
  const child = spawn(options.bin ?? BIN, args, { env: cliEnv(home, options), cwd: options.cwd ?? home });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let changed = () => {};
  let lines = 0;
  let lineWaiter = () => {};
  child.stdout.on('data', (chunk: Buffer) => {
    out.push(chunk);
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
    lineWaiter();
    changed();
  });
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const stdout = () => Buffer.concat(out).toString('utf8');
  const stderr = () => Buffer.concat(err).toString('utf8');
  return {
    child,
    stdout,
    stderr,
    until(done, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          changed = () => {};
          reject(new Error(`timed out; stdout so far:\n${stdout().slice(-2000)}\nstderr:\n${stderr()}`));
        }, ms);
        changed = () => {
          if (!done(stdout())) return;
          clearTimeout(timer);
          changed = () => {};
          resolve();
        };
        changed();
      });
    },
    untilLines(count, ms = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          lineWaiter = () => {};
          reject(new Error(`timed out with ${lines} of ${count} lines; stderr:\n${stderr()}`));
        }, ms);
        lineWaiter = () => {
          if (lines < count) return;
          clearTimeout(timer);
          lineWaiter = () => {};
          resolve();
        };
        lineWaiter();
      });
    },
    async stop(signal = 'SIGINT') {
      child.kill(signal);
      const code = await closed;
      return { stdout: stdout(), stderr: stderr(), code };
    },
  };
}

export function cliEnv(home: string, options: RunOptions): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    TZ: 'UTC',
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** What a hostile event field might carry to take over a terminal. */
export const ATTACKS: Record<string, string> = {
  csi: '\u001b[2J\u001b[31mred',
  'osc title': '\u001b]0;pwned\u0007',
  'osc 8 link': '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\',
  'osc 52 clipboard': '\u001b]52;c;cm0gLXJmIH4=\u0007',
  dcs: '\u001bP+q544e\u001b\\',
  '8-bit csi': '\u009b2J',
  'carriage return': 'fine\rEVIL',
  bell: 'ding\u0007',
  backspace: 'abc\b\b\bxyz',
  'start of heading': 'a\u0001b',
  del: 'a\u007fb',
};

/** An event for each attack, the attack in its name, account and user. */
export const ATTACK_EVENTS = Object.entries(ATTACKS).map(([kind, text], i) => ({
  id: `e${i}`,
  action: 'update',
  type: 'service',
  name: `${kind}: ${text}`,
  account: text,
  user: `User ${text}`,
  time: `2026-11-2${i % 5}T10:00:0${i % 10}.000Z`,
}));

export const ndjson = (events: readonly object[]): string => events.map((e) => `${JSON.stringify(e)}\n`).join('');

export const sha256File = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Sample events written to an NDJSON file; returns both. */
export function sampleFile(dir: string, name: string, options: SampleOptions): { path: string; events: SampleEvent[] } {
  const events = [...generateEvents(options)];
  const path = join(dir, name);
  writeFileSync(path, ndjson(events));
  return { path, events };
}

export const parseNdjson = <T = Record<string, unknown>>(text: string): T[] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);

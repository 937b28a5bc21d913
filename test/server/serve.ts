/** A real `activity serve` for tests: the bin/activity process on 127.0.0.1, on a port of its own. */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { Scope } from '../../src/core/token.js';
import { BIN, cliEnv } from '../helpers.js';
import { openSqlite } from '../store/open-sqlite.js';

export interface RunningServer {
  url: string;
  port: number;
  child: ChildProcessWithoutNullStreams;
  /** What the server wrote on stderr so far (its log). */
  log(): string;
  /** SIGTERM (or `signal`), then its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A port nobody listens on now: to start a server on it, stop it and start another on the same. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

export function startServer(
  store: string,
  home: string,
  args: readonly string[] = [],
  port = 0,
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['--store', store, 'serve', '--port', String(port), ...args], { env: cliEnv(home, {}) });
    let log = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      const found = /listening on (\S+)/.exec(log);
      if (found) {
        const url = found[1] as string;
        resolve({
          url,
          port: Number(new URL(url).port),
          child,
          log: () => log,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`activity serve exited (${code}) before listening:\n${log}`)));
  });
}

/** A token made on the store file itself, as an operator bootstraps a server. */
export async function makeToken(store: string, name: string, scope: Scope): Promise<string> {
  const sqlite = openSqlite(store);
  try {
    return (await sqlite.tokens.create(name, scope)).token;
  } finally {
    await sqlite.close();
  }
}

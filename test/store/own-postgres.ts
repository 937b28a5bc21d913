/**
 * A PostgreSQL server of a test's own, to stop and start again without disturbing the
 * shared one: initdb and pg_ctl run as the `postgres` user, so only when this is root on
 * a machine with PostgreSQL's programs (as test/e2e/postgres.test.ts does).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../server/serve.js';

const PG_BIN = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((dir) =>
  existsSync(join(dir, 'initdb')),
);
export const canRunOwnServer = PG_BIN !== undefined && process.getuid?.() === 0;

export interface OwnPostgres {
  /** Its `postgres` database, as user root. */
  url: string;
  stop(): void;
  start(): void;
  remove(): void;
}

export async function ownPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'activity-pg-'));
  chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), -1);
  const port = await freePort();
  const asPostgres = (program: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(PG_BIN as string, program), ...args], { stdio: 'ignore' });
  const pgCtl = (action: string) =>
    asPostgres('pg_ctl', [
      '-D',
      join(dir, 'data'),
      '-l',
      join(dir, 'log'),
      '-m',
      'fast',
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      action,
    ]);
  asPostgres('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'root', '-E', 'UTF8', '--no-sync']);
  pgCtl('start');
  return {
    url: `postgres://root@127.0.0.1:${port}/postgres`,
    stop: () => pgCtl('stop'),
    start: () => pgCtl('start'),
    remove() {
      try {
        pgCtl('stop');
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

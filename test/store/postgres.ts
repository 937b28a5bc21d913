/**
 * PostgreSQL for the tests: a database of their own for each store, made through the
 * `test` database and dropped at the end. Without a server to reach, the tests that
 * need one are skipped, and one line a test run says so and how to run them.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe } from 'vitest';

/** Where the tests make their databases: a database they may create others from. */
export const ADMIN_URL = process.env.ACTIVITY_TEST_POSTGRES ?? 'postgres://root@127.0.0.1:5432/test';

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export const POSTGRES = await reachable();

/** `describe`, or, without PostgreSQL, a skip said in one line a test run (the first file to get here says it). */
export function describeWithPostgres(name: string, tests: () => void): void {
  if (!POSTGRES) {
    try {
      closeSync(openSync(join(tmpdir(), `activity-postgres-tests-skipped-${process.ppid}`), 'wx'));
      console.warn(
        `PostgreSQL tests skipped: cannot reach ${ADMIN_URL.replace(/\/\/[^@/]*@/, '//')}. Run them with a server there ` +
          '(pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start), or set ACTIVITY_TEST_POSTGRES to a database URL',
      );
    } catch {}
  }
  describe.skipIf(!POSTGRES)(name, tests);
}

const prefix = `activity_test_${randomBytes(4).toString('hex')}`;
let made = 0;
const databases: string[] = [];

/** A new empty database, dropped after the test file; its URL. */
export async function freshDatabase(): Promise<string> {
  const name = `${prefix}_${++made}`;
  await admin(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  databases.push(name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.href;
}

/** Runs SQL in the database at `url`. */
export async function sql(url: string, text: string, values?: unknown[]): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

const admin = (text: string) => sql(ADMIN_URL, text);

afterAll(async () => {
  for (const name of databases.splice(0)) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

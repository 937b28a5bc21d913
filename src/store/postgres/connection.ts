/** Connecting to a PostgreSQL store: the pool, its settings, the schema version and migrations, and failures as store errors. */
import pg from 'pg';
import { ActivityError, StoreError } from '../../core/errors.js';
import type { OpenMode, StoreOptions } from '../store.js';
import { MIGRATIONS } from './schema.js';

/** Connections a server's store keeps; a command needs one. */
const SERVER_CONNECTIONS = 10;

/** How long a connection attempt may take before the store is said to be unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Any key: only the migrations take this lock, so two first openings do not both create the schema. */
const MIGRATION_LOCK = 7_266_937_211;

/** bigint (int8) as a JavaScript number: seqs and epoch milliseconds stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The settings of every connection to the store `options.location` names. */
export function clientConfig({ location, durability }: StoreOptions): pg.ClientConfig {
  return {
    connectionString: withLibpqSslModes(location),
    types,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // `normal` is the server's own setting; `full` asks for the commit to be flushed
    // (and, with standbys, confirmed) before it returns (docs/integrity.md).
    options: durability === 'full' ? '-c synchronous_commit=on' : undefined,
  };
}

/**
 * `sslmode` as libpq (and psql, given the same URL) reads it: `require` encrypts without
 * checking the certificate. Without `uselibpqcompat` pg reads these modes as
 * `verify-full`, and prints a warning of several lines that its reading will change.
 */
function withLibpqSslModes(location: string): string {
  const url = URL.parse(location);
  if (url === null || url.searchParams.has('uselibpqcompat')) return location;
  if (!['prefer', 'require', 'verify-ca'].includes(url.searchParams.get('sslmode') ?? '')) return location;
  url.searchParams.set('uselibpqcompat', 'true');
  return url.href;
}

/**
 * libpq's `sslmode=prefer`: encrypted when the server offers it, else not. With it, pg
 * refuses a server without SSL ("The server does not support SSL connections"), which
 * psql given the same URL would reach. The location to try again, unencrypted, after such
 * a refusal; undefined for any other failure or mode.
 */
export function plainAfterPreferredSsl(location: string, error: unknown): string | undefined {
  const url = URL.parse(location);
  if (url === null || url.searchParams.get('sslmode') !== 'prefer') return undefined;
  const cause = (error as { cause?: unknown }).cause ?? error;
  if (!/does not support SSL/i.test(cause instanceof Error ? cause.message : String(cause))) return undefined;
  url.searchParams.set('sslmode', 'disable');
  url.searchParams.delete('uselibpqcompat');
  return url.href;
}

/** Where a URL points, for messages: host, port and database, never the user's password. */
function target(location: string): string {
  try {
    const url = new URL(location);
    const database = decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres';
    return `PostgreSQL at ${url.hostname || 'localhost'}:${url.port || 5432}, database "${database}"`;
  } catch {
    return 'PostgreSQL';
  }
}

/** Driver and server failures as one line that names the store, host and database (exit 5). */
export function storeFailure(location: string, shown: string, error: unknown): ActivityError {
  if (error instanceof ActivityError) return error;
  const code = String((error as { code?: unknown }).code);
  const where = target(location);
  const options = { cause: error };
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ETIMEDOUT'].includes(code)) {
    const reason =
      code === 'ECONNREFUSED' ? 'connection refused' : code === 'ETIMEDOUT' ? 'timed out' : 'host not found';
    return new StoreError(
      `cannot reach ${where}: ${reason}`,
      'check the host and port, and that PostgreSQL runs',
      options,
    );
  }
  if (code === '3D000') {
    return new StoreError(`${where} does not exist`, 'create it first (createdb), or check the URL', options);
  }
  if (code === '28P01' || code === '28000') {
    return new StoreError(`${where} refused the credentials: ${reason(error)}`, 'check the user and password', options);
  }
  const message = reason(error);
  if (/timeout/i.test(message)) {
    return new StoreError(
      `cannot reach ${where}: timed out`,
      'check the host and port, and that PostgreSQL runs',
      options,
    );
  }
  return new StoreError(`store ${shown} failed: ${message}`, `check ${where}`, options);
}

/** The first line of a driver's message, without anything after it (pg's messages are one line; a stack is not). */
const reason = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] || 'unknown error';

/**
 * A pool of connections to the store: one connection for a command, a few for a server.
 * Idle connections that the server closes (a restart) are dropped and made again on the
 * next query.
 */
export function openPool(options: StoreOptions): pg.Pool {
  const pool = new pg.Pool({
    ...clientConfig(options),
    max: options.lifetime === 'server' ? SERVER_CONNECTIONS : 1,
  });
  // An idle connection that fails is removed by the pool; the next query says what went wrong.
  pool.on('error', () => {});
  return pool;
}

/** Brings the schema up to date, or refuses a database written by a newer activity. */
export async function migrate(pool: pg.Pool, shown: string, mode: OpenMode): Promise<void> {
  const client = await pool.connect();
  try {
    const current = await schemaVersion(client);
    if (current > MIGRATIONS.length) throw newerSchema(shown, current);
    // verify must not pass a database that was never a store (a URL naming the wrong one).
    if (current === 0 && mode === 'existing') {
      throw new StoreError(
        `store ${shown} does not exist: the database holds no activity tables`,
        'check the database named in the URL',
      );
    }
    if (current === MIGRATIONS.length) return;
    // A session lock, taken before the transaction: the version is then read by a
    // transaction that begins after another process's migration committed (inside one,
    // a cached catalog look-up could still miss the tables it made).
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const version = await schemaVersion(client);
      if (version > MIGRATIONS.length) throw newerSchema(shown, version);
      if (version === MIGRATIONS.length) return;
      await client.query('BEGIN');
      try {
        if (version === 0) await client.query('CREATE TABLE activity_schema (version integer NOT NULL)');
        for (let v = version; v < MIGRATIONS.length; v++) await client.query(MIGRATIONS[v] ?? '');
        await client.query('DELETE FROM activity_schema');
        await client.query('INSERT INTO activity_schema (version) VALUES ($1)', [MIGRATIONS.length]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    }
  } finally {
    client.release();
  }
}

async function schemaVersion(client: pg.PoolClient): Promise<number> {
  const { rows } = await client.query<{ version: number | null }>(
    "SELECT CASE WHEN to_regclass('activity_schema') IS NULL THEN 0 ELSE NULL END AS version",
  );
  if (rows[0]?.version === 0) return 0;
  const stored = await client.query<{ version: number }>('SELECT max(version) AS version FROM activity_schema');
  return stored.rows[0]?.version ?? 0;
}

const newerSchema = (shown: string, version: number) =>
  new StoreError(
    `store ${shown} has schema version ${version}, newer than this activity knows (${MIGRATIONS.length})`,
    'upgrade activity',
  );

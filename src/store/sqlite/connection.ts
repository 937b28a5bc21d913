/** Opening a SQLite store: the file, its schema version and migrations, and the connection's settings. */
import { existsSync, mkdirSync, type Stats, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { ActivityError, StoreError } from '../../core/errors.js';
import { foldCase } from '../../core/filter.js';
import type { Durability, StoreOptions } from '../store.js';
import { storeFailure } from './failures.js';
import { MIGRATIONS } from './schema.js';

/** How long a writer waits for another one's lock (a large import holds it for seconds) before it gives up. */
const BUSY_TIMEOUT_MS = 60_000;

/** The page cache: index upkeep of large batches stays in memory (docs/store.md). */
export const CACHE_KIB = 16_000;

/** Memory-mapped reads: a fresh process reads its pages from the OS cache without copies. */
const MMAP_BYTES = 1024 * 1024 * 1024;

/** One connection to a store file, with its prepared statements. */
export class Connection {
  private readonly statements = new Map<string, Database.Statement>();
  /** Commits by this connection, so that its own writes invalidate what is cached of the store. */
  ownWrites = 0;
  private mapped = false;

  constructor(
    readonly db: Database.Database,
    readonly location: string,
    /** This connection made the file: it did not exist before. */
    readonly created = false,
  ) {}

  /** Each SQL text is prepared once a connection. */
  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Driver work; any failure becomes a store error that names the store. */
  run<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw storeFailure(this.location, error);
    }
  }

  /**
   * Changes when another connection commits: a look at shared memory, so cheap. A
   * prepared statement: db.pragma() would parse the SQL again at each of a follower's polls.
   */
  dataVersion(): number {
    return this.statement('PRAGMA data_version').pluck().get() as number;
  }

  /** Changes whenever this or another connection commits: what caches of the store's contents key on. */
  version(): string {
    return `${this.dataVersion()}.${this.ownWrites}`;
  }

  /** Memory-mapped reads from here on: for reads bound by CPU, not for exports, whose mapped pages would stay resident. */
  mapReads(): void {
    if (this.mapped) return;
    this.db.pragma(`mmap_size = ${MMAP_BYTES}`);
    this.mapped = true;
  }

  /** A reader of a store that does not exist yet holds an empty database in memory instead. */
  get existsYet(): boolean {
    return this.db.name !== ':memory:';
  }
}

/**
 * The addon, by path: where it sits beside this bundle in a checkout or an install,
 * else where Node resolves it (a hoisted install). Either skips the `bindings` package's
 * search of the file system, and the bundle carries better-sqlite3's JavaScript itself.
 */
export function nativeBinding(): string {
  const beside = join(
    import.meta.dirname,
    '..',
    'node_modules',
    'better-sqlite3',
    'build',
    'Release',
    'better_sqlite3.node',
  );
  if (existsSync(beside)) return beside;
  return process
    .getBuiltinModule('node:module')
    .createRequire(import.meta.url)
    .resolve('better-sqlite3/build/Release/better_sqlite3.node');
}

/** Opens (and in write mode creates) the store file, and brings its schema up to date. */
export function openConnection(
  { location: path, mode, durability, defaultLocation }: StoreOptions,
  busyTimeoutMs = BUSY_TIMEOUT_MS,
): Connection {
  let exists = false;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      throw new StoreError(`store ${path} is a directory, not a store file`, 'give the path of a file with --store');
    }
    exists = true;
  } catch (error) {
    if (error instanceof ActivityError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw storeFailure(path, error);
  }
  if (!exists && mode === 'existing') {
    throw new StoreError(
      `store ${path} does not exist`,
      'check the path given by --store, ACTIVITY_STORE or the config',
    );
  }
  try {
    // A reader of a store that does not exist yet sees an empty one and creates nothing.
    const file = exists || mode === 'write' ? path : ':memory:';
    if (!exists && file !== ':memory:') makeFolder(path, defaultLocation === true);
    const db = new Database(file, { timeout: busyTimeoutMs, nativeBinding: nativeBinding() });
    const connection = new Connection(db, path, !exists && file !== ':memory:');
    try {
      prepare(connection, durability);
    } catch (error) {
      db.close();
      throw error;
    }
    return connection;
  } catch (error) {
    throw storeFailure(path, error);
  }
}

/**
 * The default store's folder is activity's own, made when missing; a folder someone
 * named is not: a mistyped path would otherwise leave new folders behind.
 */
function makeFolder(path: string, isDefault: boolean): void {
  const folder = dirname(path);
  if (isDefault) {
    mkdirSync(folder, { recursive: true });
    return;
  }
  let found: Stats;
  try {
    found = statSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new StoreError(
      `cannot create store ${path}: the folder ${folder} does not exist`,
      `check the path, or create the folder first (mkdir -p ${folder})`,
    );
  }
  if (!found.isDirectory()) throw new StoreError(`cannot create store ${path}: ${folder} is not a folder`);
}

function prepare({ db, location }: Connection, durability: Durability): void {
  // Reading the schema version first fails fast, and writes nothing, on a file that is not SQLite.
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new StoreError(
      `store ${location} has schema version ${version}, newer than this activity knows (${MIGRATIONS.length})`,
      'upgrade activity',
    );
  }
  // Larger pages make index upkeep cheaper (docs/store.md); only a new file can take them.
  if (version === 0) db.pragma('page_size = 16384');
  if (db.name !== ':memory:') db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a committed event survives a crash of the process; FULL adds a
  // disk flush per commit (docs/integrity.md).
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma(`cache_size = -${CACHE_KIB}`);
  // The writer inserts every subject and user before the events that name them. Enforced
  // foreign keys would add nothing but a statement journal to each grouped insert: a copy
  // of every page it touches, in case it must be undone half-way (docs/store.md).
  db.pragma('foreign_keys = OFF');
  db.function('fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldCase(text) : null));
  if (version < MIGRATIONS.length) migrate(db, location, version);
}

function migrate(db: Database.Database, location: string, from: number): void {
  try {
    db.exec('BEGIN IMMEDIATE');
    // Another process may have migrated while we waited for the lock.
    const current = db.pragma('user_version', { simple: true }) as number;
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v] ?? '');
    db.pragma(`user_version = ${MIGRATIONS.length}`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    // An older store that this user may only read: someone who can write it upgrades it once.
    if (from > 0 && String((error as { code?: unknown }).code).startsWith('SQLITE_READONLY')) {
      throw new StoreError(
        `store ${location} is in an older format (schema version ${from}) and needs a one-time upgrade, which needs write access`,
        `run any activity command on it once as a user who can write the file, e.g. activity list --store ${location} --limit 1`,
        { cause: error },
      );
    }
    throw error;
  }
  if (from > 0) db.exec('ANALYZE');
}

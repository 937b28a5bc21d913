import { UsageError } from '../core/errors.js';
import type { ActivityStore, StoreOptions } from './store.js';

/** The kind of store a location names (reference §6): a URL of another scheme is taken for a file here, and refused by openStore. */
export function storeKind(location: string): 'http' | 'postgres' | 'sqlite' {
  if (/^https?:\/\//i.test(location)) return 'http';
  if (/^postgres(ql)?:\/\//i.test(location)) return 'postgres';
  return 'sqlite';
}

/**
 * Opens the store `options.location` names. Each kind's driver is imported only here,
 * when that kind is used, so a command never pays for drivers it does not touch.
 */
export async function openStore(options: StoreOptions): Promise<ActivityStore> {
  const { location } = options;
  // A URL's credentials never reach a message: neither a user:password nor the values
  // of its query (?password=…, ?token=…).
  const shown = location.replace(/\/\/[^@/]*@/, '//…@').replace(/([?&][^=&#]*=)[^&#]*/g, '$1…');
  const kind = storeKind(location);
  if (kind === 'http') {
    const { HttpStore } = await import('./http/http-store.js');
    return new HttpStore(options);
  }
  if (kind === 'postgres') {
    const { PostgresStore } = await import('./postgres/postgres-store.js');
    return PostgresStore.open(options, shown);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location) && !/^file:/i.test(location)) {
    throw new UsageError(
      `unknown kind of store: ${shown}`,
      'give a file path, file:<path>, postgres://… or http(s)://…',
    );
  }
  const path = location.replace(/^file:/i, '');
  if (path === '') throw new UsageError(`--store ${location} names no file`, 'give file:<path>');
  // SQLite reads ":memory:" as a database that vanishes on close: here it is a file name.
  const file = path === ':memory:' ? `./${path}` : path;
  const { SqliteStore } = await import('./sqlite/sqlite-store.js');
  return SqliteStore.open({ ...options, location: file });
}

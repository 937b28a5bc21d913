/** What a SQLite driver failure means to the person who ran the command: always a store error (exit 5). */
import { accessSync, constants, statSync } from 'node:fs';
import { ActivityError, StoreError, systemReason } from '../../core/errors.js';

/** Any driver failure becomes a store error that names the store. */
export function storeFailure(location: string, error: unknown): ActivityError {
  if (error instanceof ActivityError) return error;
  const code = String((error as { code?: unknown }).code);
  if (code.startsWith('SQLITE_BUSY')) {
    return new StoreError(
      `store ${location} is locked: another process held it for as long as this one waited`,
      'try again once the other process is done (fuser or lsof on the file shows which it is)',
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_READONLY')) return readOnlyFailure(location, code, error);
  const message = systemReason(error);
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError(`store ${location} is damaged: ${message}`, 'restore it from a backup you trust', {
      cause: error,
    });
  }
  return new StoreError(`store ${location} failed: ${message}`, 'check the path, its permissions and free disk space', {
    cause: error,
  });
}

/**
 * A store this user cannot write, and why. SQLite keeps a store's write-ahead log and
 * its index beside it (`-wal`, `-shm`), created by whoever opens it first: to read
 * too, and they stay when that was someone who could not write the store.
 */
function readOnlyFailure(location: string, code: string, error: unknown): StoreError {
  const options = { cause: error };
  if (code === 'SQLITE_READONLY_DIRECTORY') {
    return new StoreError(
      `store ${location} cannot be opened: its directory is read-only, and SQLite keeps ${location}-wal and -shm beside it`,
      'give this user write access to the directory, or copy the store elsewhere to read it',
      options,
    );
  }
  const locked = [location, `${location}-wal`, `${location}-shm`].find((file) => {
    try {
      accessSync(file, constants.W_OK);
      return false;
    } catch (denied) {
      return (denied as NodeJS.ErrnoException).code !== 'ENOENT';
    }
  });
  if (locked !== undefined && locked !== location) {
    return new StoreError(
      `store ${location} cannot be written: ${locked} belongs to another user (uid ${statSync(locked).uid})`,
      `a user without write access read the store and left it: remove ${location}-wal and -shm while no one uses the store`,
      options,
    );
  }
  return new StoreError(
    `store ${location} is read-only for this user`,
    'give this user write access to the store and its directory',
    options,
  );
}

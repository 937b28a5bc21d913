import { defaultStorePath } from '../config.js';
import { StoreError } from '../core/errors.js';
import type { ActivityStore, Durability, OpenMode } from './store.js';

/** SPEC §6: `--store`, else ACTIVITY_STORE, else the config's `store`, else the default file. */
export const resolveStoreLocation = (
  given: string | undefined,
  env: NodeJS.ProcessEnv,
  configured: string | undefined,
): string => given || env.ACTIVITY_STORE || configured || defaultStorePath(env);

/**
 * Opens the store a location names. Each kind's driver is imported only here, when
 * that kind is used, so a command never pays for drivers it does not touch.
 */
export async function openStore(
  location: string,
  mode: OpenMode,
  durability: Durability = 'normal',
): Promise<ActivityStore> {
  if (/^postgres(ql)?:\/\//i.test(location) || /^https?:\/\//i.test(location)) {
    throw new StoreError(
      `this build of activity cannot open ${location.replace(/\/\/[^@/]*@/, '//…@')} yet`,
      'use a SQLite store path (the PostgreSQL and remote stores are coming)',
    );
  }
  const path = location.startsWith('file:') ? location.slice('file:'.length) : location;
  const { SqliteStore } = await import('./sqlite.js');
  return SqliteStore.open(path, mode, durability);
}

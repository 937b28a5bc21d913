import { SqliteStore, type SqliteTuning } from '../../src/store/sqlite/sqlite-store.js';
import type { Durability, OpenMode } from '../../src/store/store.js';

/** A SQLite store at `path`, opened as a command would, with the tests' knobs. */
export const openSqlite = (
  path: string,
  mode: OpenMode = 'write',
  { durability = 'normal', ...tuning }: SqliteTuning & { durability?: Durability } = {},
): SqliteStore => SqliteStore.open({ location: path, mode, durability }, tuning);

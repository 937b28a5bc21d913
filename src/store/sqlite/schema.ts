/** The SQLite store's schema: its tables, indexes and migrations (docs/store.md explains each choice). */
import { ACTIONS, type Action, RESOURCE_TYPES, type ResourceType } from '../../core/resource-types.js';

/** The events' secondary indexes; see docs/store.md for what each serves. */
export const EVENT_INDEXES: readonly [name: string, columns: string][] = [
  ['events_by_time', 'time, type, action, user, subject'],
  ['events_by_type', 'type, action, time, user, subject'],
  ['events_by_user', 'user, time, type, action, subject'],
  ['events_by_subject', 'subject, time, type, action, user'],
];

/** The subjects' secondary indexes (the filters on account, resource id and name). */
export const SUBJECT_INDEXES: readonly [name: string, columns: string][] = [
  ['subjects_by_account', 'account'],
  ['subjects_by_resource', 'resource_id'],
  ['subjects_by_name', 'name, events'],
];

export const createIndexes = (table: 'events' | 'subjects'): string =>
  (table === 'events' ? EVENT_INDEXES : SUBJECT_INDEXES)
    .map(([name, columns]) => `CREATE INDEX ${name} ON ${table} (${columns});`)
    .join('\n');

/**
 * Actions and types are stored as small integers, their places in ACTIONS and
 * RESOURCE_TYPES (which therefore only ever grow at the end), and hashes as 32 bytes:
 * recording is bound by the bytes written, and text made rows and index entries a
 * third larger (docs/store.md, "Tables").
 */
export const ACTION_CODE = Object.fromEntries(ACTIONS.map((action, code) => [action, code])) as Record<Action, number>;
export const TYPE_CODE = Object.fromEntries(RESOURCE_TYPES.map((type, code) => [type, code])) as Record<
  ResourceType,
  number
>;

/** A stored code as its name; any other value (someone edited the file) as itself, in text. */
export function nameOf<T extends string>(names: readonly T[], value: unknown): T {
  return (typeof value === 'number' ? names[value] : undefined) ?? (String(value) as T);
}

/** `CASE column WHEN 0 THEN 'create' … ELSE column END`: the names of stored codes, in SQL. */
export const namesInSql = (column: string, names: readonly string[], otherwise = column) =>
  `CASE ${column} ${names.map((name, code) => `WHEN ${code} THEN '${name}'`).join(' ')} ELSE ${otherwise} END`;

/**
 * Version 1's names as codes. Any other value becomes text that is no number (so that
 * the column's integer affinity keeps it text, and verify still finds it changed).
 */
const codesInSql = (column: string, names: readonly string[]) =>
  `CASE ${column} ${names.map((name, code) => `WHEN '${name}' THEN ${code}`).join(' ')} ELSE '!' || quote(${column}) END`;

/**
 * Schema migrations, applied in order; `PRAGMA user_version` holds how many ran.
 *
 * Rows are kept small and each index cheap to extend, because recording speed is
 * bound by index upkeep. The people who act and the things acted on (type, account,
 * resource id and name together: a "subject") repeat across events, so each is stored
 * once and referenced, and so is each name. Times are epoch milliseconds. Each events
 * index leads with one filter's column and `time`, and carries the other filter
 * columns, so that every combination of filters, and every count, is decided inside
 * an index. Absent account and resource id are '' in subjects, so they take part in UNIQUE.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE users (
     id   INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     key  TEXT NOT NULL
   );
   CREATE INDEX users_by_key ON users (key);
   CREATE TABLE names (
     id   INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE
   );
   CREATE TABLE subjects (
     id          INTEGER PRIMARY KEY,
     type        TEXT    NOT NULL,
     account     TEXT    NOT NULL,
     resource_id TEXT    NOT NULL,
     name        INTEGER NOT NULL REFERENCES names (id),
     -- How many events name this subject: counts for search, account and resource
     -- filters without reading their events.
     events      INTEGER NOT NULL DEFAULT 0,
     UNIQUE (type, account, resource_id, name)
   );
   ${createIndexes('subjects')}
   CREATE TABLE events (
     seq     INTEGER PRIMARY KEY,
     id      TEXT    NOT NULL UNIQUE,
     time    INTEGER NOT NULL,
     action  TEXT    NOT NULL,
     type    TEXT    NOT NULL,
     subject INTEGER NOT NULL REFERENCES subjects (id),
     user    INTEGER NOT NULL REFERENCES users (id),
     details TEXT,
     hash    TEXT    NOT NULL
   );
   ${createIndexes('events')}
   -- Substring search over names without reading every row (detail=none keeps it small).
   CREATE VIRTUAL TABLE names_search USING fts5 (
     name, content = 'names', content_rowid = 'id', tokenize = 'trigram', detail = 'none'
   );`,
  // Version 2: actions, types and hashes as codes and bytes (see ACTION_CODE). Only a
  // 64-digit lower-case hex hash becomes bytes: anything else was not written by a
  // store, and stays as it is for verify to find.
  `CREATE TABLE events_v2 (
     seq     INTEGER PRIMARY KEY,
     id      TEXT    NOT NULL UNIQUE,
     time    INTEGER NOT NULL,
     action  INTEGER NOT NULL,
     type    INTEGER NOT NULL,
     subject INTEGER NOT NULL REFERENCES subjects (id),
     user    INTEGER NOT NULL REFERENCES users (id),
     details TEXT,
     hash    BLOB    NOT NULL
   );
   INSERT INTO events_v2 (seq, id, time, action, type, subject, user, details, hash)
     SELECT seq, id, time, ${codesInSql('action', ACTIONS)}, ${codesInSql('type', RESOURCE_TYPES)}, subject, user,
       details,
       CASE WHEN typeof(hash) = 'text' AND length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*' THEN unhex(hash) ELSE hash END
     FROM events ORDER BY seq;
   DROP TABLE events;
   ALTER TABLE events_v2 RENAME TO events;
   ${createIndexes('events')}`,
  // Version 3: provenance and tokens (reference §8). Adding a column rewrites nothing.
  // The recorder's index holds only events a server recorded, so a store written
  // directly pays nothing for it. Tokens are kept as SHA-256 digests, never as
  // themselves; a revoked token's row stays, so that its name, which events carry, is
  // never given to another token.
  `ALTER TABLE events ADD COLUMN recorded_by TEXT;
   CREATE INDEX events_by_recorder ON events (recorded_by, time) WHERE recorded_by IS NOT NULL;
   CREATE TABLE tokens (
     name      TEXT    PRIMARY KEY,
     scope     TEXT    NOT NULL,
     digest    BLOB    NOT NULL UNIQUE,
     created   INTEGER NOT NULL,
     last_used INTEGER,
     revoked   INTEGER
   );`,
  // Version 4: the web page's sessions, each opened with a token and ended with it (a
  // revoked token's sessions end too). Kept as digests, as tokens are.
  `CREATE TABLE sessions (
     digest  BLOB    PRIMARY KEY,
     token   TEXT    NOT NULL REFERENCES tokens (name),
     created INTEGER NOT NULL,
     expires INTEGER NOT NULL
   ) WITHOUT ROWID;`,
];

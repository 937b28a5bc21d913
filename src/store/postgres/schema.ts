/** The PostgreSQL store's schema: its tables, indexes and migrations (docs/store.md, "PostgreSQL"). */

/**
 * The events' secondary indexes, each for a filter (docs/store.md, "PostgreSQL"): made by
 * the first migration, and again after a bulk write (writer.ts).
 */
export const EVENT_INDEXES: readonly [name: string, definition: string][] = [
  ['events_by_time', '(time DESC, seq DESC)'],
  ['events_by_type', '(type, action, time, seq)'],
  ['events_by_action', '(action, time, seq)'],
  // type and action carried along: --user or --account with --type/--action, a page's
  // seqs and its count, are decided in the index alone (docs/scaling.md).
  ['events_by_user', '(user_key, time, seq) INCLUDE (type, action)'],
  ['events_by_account', '(account_key, time, seq) INCLUDE (type, action)'],
  ['events_by_resource', '(resource_id, time, seq)'],
  ['events_by_name', '(name, time, seq)'],
  ['events_by_recorder', '(recorded_by, time) WHERE recorded_by IS NOT NULL'],
];

/**
 * The trigger that keeps `event_names` (each resource name once, for --search) up to date
 * with every insert into events, by any writer (record, a restore, psql): once a statement.
 */
export const NAMES_TRIGGER = 'events_names';
export const createNamesTrigger = (table: string): string =>
  `CREATE TRIGGER ${NAMES_TRIGGER} AFTER INSERT ON ${table} REFERENCING NEW TABLE AS inserted
     FOR EACH STATEMENT EXECUTE FUNCTION activity_event_names();`;

/**
 * The per-day summary (docs/scaling.md, "Counts"): events a UTC day, action, type and
 * account, kept by a trigger on every insert into events (record, restore, COPY, psql),
 * so that a broad filter's count reads a row a day instead of an index entry an event.
 * It counts what was inserted: rows deleted or changed by hand are not taken out.
 */
export const DAY_MS = 86_400_000;
export const COUNTS_TRIGGER = 'events_counts';
/** The start of the UTC day of `time` (epoch ms), floored: days before 1970 too. */
const DAY_OF_TIME = `time - ((time % ${DAY_MS}) + ${DAY_MS}) % ${DAY_MS}`;
/** The same in JavaScript. */
export const dayOf = (time: number): number => time - (((time % DAY_MS) + DAY_MS) % DAY_MS);
/** The summary's rows for the events of `source`, added to what it holds. */
export const addCounts = (source: string): string =>
  // Ordered: concurrent inserts (by psql: writers take the chain lock) lock the rows they add to in one order.
  `INSERT INTO event_counts (day, action, type, account_key, n)
     SELECT ${DAY_OF_TIME}, action, type, account_key, count(*) FROM ${source} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
     ON CONFLICT (day, action, type, account_key) DO UPDATE SET n = event_counts.n + excluded.n`;
export const createCountsTrigger = (table: string): string =>
  `CREATE TRIGGER ${COUNTS_TRIGGER} AFTER INSERT ON ${table} REFERENCING NEW TABLE AS added
     FOR EACH STATEMENT EXECUTE FUNCTION activity_event_counts();`;

export const createIndexes = (table: string, prefix = '', only?: readonly string[]): string =>
  EVENT_INDEXES.filter(([name]) => only === undefined || only.includes(name))
    .map(([name, definition]) => `CREATE INDEX ${prefix}${name} ON ${table} ${definition};`)
    .join('\n');

/**
 * Schema migrations, applied in order; `activity_schema.version` holds how many ran.
 *
 * One row an event, its names beside it: a database others may query with psql reads
 * as the events it holds. The `_key` columns are the case-folded forms the filters
 * match (core/filter.ts foldCase, computed in JavaScript at write time: PostgreSQL's
 * lower() follows the database's collation, not NFC + toLowerCase). Times are epoch
 * milliseconds, hashes 32 bytes, details the canonical JSON text that was hashed (text,
 * not jsonb, which would reorder and respace it). `chain_head` is the one row every
 * writer locks before it reads the head: that lock orders writers on every host.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE EXTENSION IF NOT EXISTS pg_trgm;
   CREATE TABLE events (
     seq         bigint PRIMARY KEY,
     id          text   NOT NULL UNIQUE,
     time        bigint NOT NULL,
     action      text   NOT NULL,
     type        text   NOT NULL,
     name        text   NOT NULL,
     name_key    text   NOT NULL,
     resource_id text,
     account     text,
     account_key text,
     user_name   text   NOT NULL,
     user_key    text   NOT NULL,
     details     text,
     hash        bytea  NOT NULL,
     recorded_by text
   );
   ${createIndexes('events')}
   CREATE TABLE chain_head (
     one  boolean PRIMARY KEY DEFAULT true CHECK (one),
     seq  bigint  NOT NULL,
     hash bytea   NOT NULL
   );
   INSERT INTO chain_head (seq, hash) VALUES (0, decode(repeat('00', 32), 'hex'));
   CREATE TABLE tokens (
     name      text   PRIMARY KEY,
     scope     text   NOT NULL,
     digest    bytea  NOT NULL UNIQUE,
     created   bigint NOT NULL,
     last_used bigint,
     revoked   bigint
   );
   CREATE TABLE sessions (
     digest  bytea  PRIMARY KEY,
     token   text   NOT NULL REFERENCES tokens (name),
     created bigint NOT NULL,
     expires bigint NOT NULL
   );`,
  // Version 2 (docs/scaling.md): the user and account indexes carry type and action;
  // --search looks for names in a table of names, and counts in events_by_name, instead
  // of a trigram index over every event (whose count read every matching row: at 10M
  // events, a sequential scan of the table).
  `DROP INDEX events_by_user, events_by_account;
   ${createIndexes('events', '', ['events_by_user', 'events_by_account'])}
   DROP INDEX IF EXISTS events_name_search;
   CREATE TABLE event_names (name text PRIMARY KEY, name_key text NOT NULL);
   INSERT INTO event_names SELECT DISTINCT name, name_key FROM events;
   CREATE INDEX event_names_search ON event_names USING gin (name_key gin_trgm_ops);
   CREATE FUNCTION activity_event_names() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     INSERT INTO event_names (name, name_key) SELECT DISTINCT name, name_key FROM inserted ON CONFLICT (name) DO NOTHING;
     RETURN NULL;
   END $$;
   ${createNamesTrigger('events')}`,
  // Version 3 (docs/scaling.md, "Counts"): the per-day summary, filled from the events
  // there are. NULLS NOT DISTINCT (PostgreSQL 15): events without an account share a row a
  // day. The account index: --account reads its own rows, not every account's, index-only.
  `CREATE TABLE event_counts (
     day         bigint NOT NULL,
     action      text   NOT NULL,
     type        text   NOT NULL,
     account_key text,
     n           bigint NOT NULL
   );
   CREATE UNIQUE INDEX event_counts_key ON event_counts (day, action, type, account_key) NULLS NOT DISTINCT;
   CREATE INDEX event_counts_by_account ON event_counts (account_key, day) INCLUDE (action, type, n);
   ${addCounts('events')};
   ANALYZE event_counts;
   CREATE FUNCTION activity_event_counts() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     ${addCounts('added')};
     RETURN NULL;
   END $$;
   ${createCountsTrigger('events')}`,
  // Version 4: text in byte order, as SQLite compares it (COLLATE "C"), not the database's
  // locale: the filters only test equality, which is the same in both, and byte order
  // sorts without the locale's rules. A bulk import's index builds took a fifth less.
  // The tables are not rewritten; their indexes are rebuilt.
  `ALTER TABLE events ${[
    'id',
    'action',
    'type',
    'name',
    'name_key',
    'resource_id',
    'account',
    'account_key',
    'user_name',
    'user_key',
    'details',
    'recorded_by',
  ]
    .map((column) => `ALTER COLUMN ${column} TYPE text COLLATE "C"`)
    .join(', ')};
   ALTER TABLE event_counts ALTER COLUMN action TYPE text COLLATE "C", ALTER COLUMN type TYPE text COLLATE "C",
     ALTER COLUMN account_key TYPE text COLLATE "C";
   ALTER TABLE event_names ALTER COLUMN name TYPE text COLLATE "C", ALTER COLUMN name_key TYPE text COLLATE "C";`,
  // Version 5 (uploads.ts): uploads staged in the database, for every server of the store
  // to see. Parts are stored as they came, uncompressed: they are read once, at the commit.
  `CREATE TABLE uploads (
     id      text    PRIMARY KEY,
     owner   text    NOT NULL,
     parts   integer NOT NULL DEFAULT 0,
     bytes   bigint  NOT NULL DEFAULT 0,
     lines   bigint  NOT NULL DEFAULT 0,
     touched bigint  NOT NULL
   );
   CREATE INDEX uploads_by_owner ON uploads (owner);
   CREATE TABLE upload_parts (
     upload text    NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
     part   integer NOT NULL,
     body   bytea   NOT NULL,
     PRIMARY KEY (upload, part)
   );
   ALTER TABLE upload_parts ALTER COLUMN body SET STORAGE EXTERNAL;`,
];

/** The PostgreSQL store's schema: its tables, indexes and migrations (docs/store.md, "PostgreSQL"). */

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
   CREATE INDEX events_by_time ON events (time DESC, seq DESC);
   CREATE INDEX events_by_type ON events (type, action, time, seq);
   CREATE INDEX events_by_action ON events (action, time, seq);
   CREATE INDEX events_by_user ON events (user_key, time, seq);
   CREATE INDEX events_by_account ON events (account_key, time, seq);
   CREATE INDEX events_by_resource ON events (resource_id, time, seq);
   CREATE INDEX events_by_name ON events (name, time, seq);
   CREATE INDEX events_by_recorder ON events (recorded_by, time) WHERE recorded_by IS NOT NULL;
   CREATE INDEX events_name_search ON events USING gin (name_key gin_trgm_ops);
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
];

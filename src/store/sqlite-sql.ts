/**
 * The SQL of the SQLite store: its schema and migrations, and how events are read
 * back. Only sqlite.ts uses it; no driver here.
 */
import type { StoredLink } from '../core/chain.js';
import type { ActivityEvent } from '../core/event.js';
import { ACTIONS, type Action, RESOURCE_TYPES, type ResourceType } from '../core/resource-types.js';
import { formatIsoTime } from '../core/time.js';
import type { EventOrder } from './store.js';

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
 * text made every event and index entry about a third larger, and recording is bounded
 * by the bytes written (measured: 1,000,000 rows and their indexes in 4.9 s instead of
 * 7.6, in a file of 224 MB instead of 323).
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
 * Each event row is kept small, and each index cheap to extend, because recording
 * speed is bounded by index upkeep. The people who act and the things acted on
 * (type, account, resource id and name together: a "subject") repeat across events,
 * so each is stored once and referenced; the filters on account, resource id and name
 * are answered from the small subjects table, then from one index on the events.
 * Names repeat across subjects too (every `api-gateway` of every account), so each
 * name is stored once: a search reads only the distinct names.
 * Times are epoch milliseconds. Each events index leads with one filter's column and
 * `time`, so that filter reads its rows already in time order; each also carries the
 * other filter columns, so every combination of filters, and every count, is decided
 * inside the index and only the rows shown are read from the table.
 * Absent account and resource id are '' in subjects, so they take part in UNIQUE.
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
];

/** A trigram index answers searches of at least three characters. */
export const TRIGRAM = 3;

/**
 * `gateway` → `"gat" AND "ate" AND "tew" AND "way"`: with detail=none (a smaller,
 * faster index) FTS5 has no phrase queries, so every trigram must be present; the
 * substring itself is then checked on the few rows that have them all.
 */
export function trigramQuery(search: string): string {
  const chars = [...search];
  const grams = new Set<string>();
  for (let i = 0; i + TRIGRAM <= chars.length; i++) grams.add(chars.slice(i, i + TRIGRAM).join(''));
  return [...grams].map((gram) => `"${gram.replaceAll('"', '""')}"`).join(' AND ');
}

/** The columns of EVENT_COLUMNS, read as arrays (better-sqlite3's raw mode is faster). */
export type EventRow = [
  seq: number,
  id: string,
  time: number,
  action: unknown,
  type: unknown,
  name: string,
  resourceId: string,
  account: string,
  user: string,
  details: string | null,
  hash: string,
];

/**
 * An event as its JSON text, built by SQLite, field for field what toJson() writes:
 * the time formatted from integer milliseconds (floored, so years before 1970 work).
 * Read as a BLOB, so it reaches stdout as the UTF-8 bytes SQLite made.
 */
export const EVENT_JSON = `CAST(json_object('seq', e.seq, 'id', e.id,
  'time', strftime('%Y-%m-%dT%H:%M:%S', (e.time - (e.time % 1000 + 1000) % 1000) / 1000, 'unixepoch')
    || '.' || printf('%03d', (e.time % 1000 + 1000) % 1000) || 'Z',
  'action', ${namesInSql('e.action', ACTIONS)}, 'type', ${namesInSql('e.type', RESOURCE_TYPES)}, 'name', n.name,
  'resourceId', nullif(s.resource_id, ''), 'account', nullif(s.account, ''), 'user', u.name,
  'details', json(e.details), 'hash', lower(hex(e.hash))) AS BLOB)`;

/**
 * Rows a page of links holds: few, so that a page's links, all alive until the page is
 * checked, stay a small part of the young generation. With 4 MB semi-spaces, pages of
 * 200 outlived their scavenges and verify took twice as long (one thread: 6.6 µs a link,
 * against 3.0 with pages of 100; the same with 16 MB ones).
 */
const LINK_PAGE = 100;

/**
 * Subjects and users whose names verify loads (LinkNames): ids past this are looked up
 * one at a time instead, so that a store with millions of them does not load them all
 * (about 100 bytes each, in every worker).
 */
export const LOADED_NAMES = 250_000;

/**
 * A value for json_array: as it is, or `guarded`, anything but text (someone edited the
 * file) as the number 0.5. json_array refuses only BLOBs; other values of another type
 * become JSON that is no string, so an encoding holding them holds no name it held.
 */
const jsonText = (column: string, guarded: boolean, emptyIsNull = false) => {
  const value = emptyIsNull ? `nullif(${column}, '')` : column;
  return guarded ? `CASE typeof(${column}) WHEN 'text' THEN ${value} ELSE 0.5 END` : value;
};
const subjectNames = (guarded: boolean) =>
  `json_array(${jsonText('n.name', guarded)}, ${jsonText('s.resource_id', guarded, true)}, ${jsonText('s.account', guarded, true)})`;
const userName = (guarded: boolean) => `json_array(${jsonText('u.name', guarded)})`;

/**
 * The names of subjects and users as encodings hold them, `id["name",…]`, a row each,
 * read as they are and, should that fail on a BLOB, `guarded`. One text for them all
 * would be read a little sooner, but V8 keeps a string in two bytes a character when any
 * of it is beyond Latin-1, and with it every encoding built from its names.
 */
const loadSubjectNames = (guarded: boolean) =>
  `SELECT s.id || ${subjectNames(guarded)} FROM subjects s JOIN names n ON n.id = s.name WHERE s.id <= ${LOADED_NAMES}`;
const loadUserNames = (guarded: boolean) =>
  `SELECT u.id || ${userName(guarded)} FROM users u WHERE u.id <= ${LOADED_NAMES}`;

/** The names of one subject or user past those loaded, as `["name",…]`. */
export const SUBJECT_NAMES_OF = `SELECT ${subjectNames(true)} FROM subjects s JOIN names n ON n.id = s.name WHERE s.id = ?`;
export const USER_NAME_OF = `SELECT ${userName(true)} FROM users u WHERE u.id = ?`;

/** The rows of LOAD_SUBJECT_NAMES or LOAD_USER_NAMES by id, each without its brackets, and the highest id. */
export function namesById(rows: readonly string[]): { byId: string[]; through: number } {
  const byId: string[] = [];
  let through = 0;
  for (const row of rows) {
    const open = row.indexOf('[');
    const id = Number(row.slice(0, open));
    byId[id] = row.slice(open + 1, -1);
    through = Math.max(through, id);
  }
  return { byId, through };
}

/**
 * verify reads each event as one line of text, since better-sqlite3 spends more on each
 * value it hands over (a tenth of a microsecond) and on each row array (a third) than
 * SQLite spends reading the row:
 *
 *     hash,[seq,time,subject,user,action,type,"id"]␁details
 *
 * The hash in hex; then, by json_array, integers as they are and text quoted as
 * JSON.stringify quotes it (every code point tested in test/store/sqlite.test.ts); ␁
 * (U+0001), which JSON text never holds raw; the details' stored JSON text last, so
 * nothing it holds can be misread. The names of subjects and users are not joined for
 * each event (three look-ups cost SQLite about a microsecond) but read once (LinkNames).
 *
 * A value of another SQL type than a store writes (someone edited the file) makes a link
 * no store wrote: text or a real where an integer belongs is read as no integer (and
 * being quoted, any comma it holds only moves the slots after it, making them no
 * integers either) and becomes `!` or the number 0.5; BLOB details become `!`. The link
 * breaks, and verify says so (exit 3). A BLOB anywhere else makes json_array fail; the
 * page is then read again `guarded`, with every BLOB as the number 0.5.
 */
function linkLines(guarded: boolean): string {
  const value = (column: string) =>
    guarded ? `CASE typeof(${column}) WHEN 'blob' THEN 0.5 ELSE ${column} END` : column;
  const values = ['e.time', 'e.subject', 'e.user', 'e.action', 'e.type', 'e.id'].map(value).join(', ');
  return `SELECT lower(hex(e.hash)) || ',' || json_array(e.seq, ${values}) || char(1) ||
      iif(typeof(e.details) = 'blob', '!', ifnull(e.details, 'null'))
    FROM events e WHERE e.seq > ? ORDER BY e.seq LIMIT ${LINK_PAGE}`;
}

/** A query as it is and `guarded` (see linkLines), each built once. */
export type GuardedQuery = readonly [plain: string, guarded: string];
const guardedQuery = (sql: (guarded: boolean) => string): GuardedQuery => [sql(false), sql(true)];

export const LINK_LINES = guardedQuery(linkLines);
export const LOAD_SUBJECT_NAMES = guardedQuery(loadSubjectNames);
export const LOAD_USER_NAMES = guardedQuery(loadUserNames);

/** The instants formatIsoTime can write; anything else was not written by a store. */
const MAX_TIME_MS = 8.64e15;

const ACTION_TEXT = ACTIONS.map((action) => `"${action}"`);
const TYPE_TEXT = RESOURCE_TYPES.map((type) => `"${type}"`);

/** The integer written in `text` from `from` to `to`, or NaN for anything else (text, a real, nothing). */
function integerIn(text: string, from: number, to: number): number {
  const negative = text.charCodeAt(from) === 45;
  let i = negative ? from + 1 : from;
  if (i >= to) return Number.NaN;
  let n = 0;
  for (; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    n = n * 10 + digit;
  }
  return negative ? -n : n;
}

/** The names of subjects and users by id, as LinkNames holds them; `!` for an id that names none. */
export interface NamesById {
  subject(id: number): string;
  user(id: number): string;
}

/** A line of LINK_LINES as the link verify checks. */
export function toLink(line: string, names: NamesById): StoredLink {
  const hashEnd = line.indexOf(',');
  const seqEnd = line.indexOf(',', hashEnd + 2);
  const timeEnd = line.indexOf(',', seqEnd + 1);
  const subjectEnd = line.indexOf(',', timeEnd + 1);
  const userEnd = line.indexOf(',', subjectEnd + 1);
  const actionEnd = line.indexOf(',', userEnd + 1);
  const typeEnd = line.indexOf(',', actionEnd + 1);
  const jsonEnd = line.indexOf('\u0001', typeEnd + 1);
  const time = integerIn(line, seqEnd + 1, timeEnd);
  const timeText = Math.abs(time) <= MAX_TIME_MS ? `"${formatIsoTime(time)}"` : '!';
  const subject = names.subject(integerIn(line, timeEnd + 1, subjectEnd));
  const user = names.user(integerIn(line, subjectEnd + 1, userEnd));
  const action = ACTION_TEXT[integerIn(line, userEnd + 1, actionEnd)] ?? '0.5';
  const type = TYPE_TEXT[integerIn(line, actionEnd + 1, typeEnd)] ?? '0.5';
  return {
    seq: integerIn(line, hashEnd + 2, seqEnd),
    hash: line.slice(0, hashEnd),
    // `[seq,` as it is, then the id (the last of the JSON array) and the rest in their order.
    encoding:
      `${line.slice(hashEnd + 1, seqEnd + 1)}${line.slice(typeEnd + 1, jsonEnd - 1)},${timeText},${action},${type},` +
      `${subject},${user},${line.slice(jsonEnd + 1)}]`,
  };
}

export const EVENT_COLUMNS = `e.seq, e.id, e.time, e.action, e.type, n.name, s.resource_id, s.account, u.name AS user,
  e.details, lower(hex(e.hash))`;
/**
 * CROSS JOIN keeps events as the outer loop, and NOT INDEXED makes subjects, names and
 * users be looked up by their primary keys whatever the planner's statistics say. A
 * long-running reader (tail -f) keeps the statistics it loaded: after a bulk import
 * turned a store of three events into a million, those made the planner scan subjects
 * for every event, which took minutes instead of a second.
 */
export const JOIN_NAMES =
  'CROSS JOIN subjects s NOT INDEXED ON s.id = e.subject CROSS JOIN names n NOT INDEXED ON n.id = s.name ' +
  'CROSS JOIN users u NOT INDEXED ON u.id = e.user';
export const SELECT_EVENTS = `SELECT ${EVENT_COLUMNS} FROM events e ${JOIN_NAMES}`;

export const toEvent = (row: EventRow): ActivityEvent => ({
  seq: row[0],
  id: row[1],
  time: formatIsoTime(row[2]),
  action: nameOf(ACTIONS, row[3]),
  type: nameOf(RESOURCE_TYPES, row[4]),
  name: row[5],
  resourceId: row[6] === '' ? null : row[6],
  account: row[7] === '' ? null : row[7],
  user: row[8],
  details: row[9],
  hash: row[10],
});

export const ORDER_BY: Record<EventOrder, string> = {
  newest: 'ORDER BY e.time DESC, e.seq DESC',
  oldest: 'ORDER BY e.time ASC, e.seq ASC',
  seq: 'ORDER BY e.seq ASC',
};

/**
 * The SQLite store's chain as verify reads it (ActivityStore.links): each event as one
 * line of text SQLite builds, turned into its canonical encoding here. better-sqlite3
 * spends more on each value and row it hands over than SQLite spends reading the row,
 * so one string a row halves a verify's work (docs/store.md, "Verify").
 */
import type { StoredLink } from '../../core/chain.js';
import type { SeqRange } from '../../core/query.js';
import { ACTIONS, RESOURCE_TYPES } from '../../core/resource-types.js';
import { formatIsoTime } from '../../core/time.js';
import type { Connection } from './connection.js';

/**
 * Rows a page of links holds: few, so that a page's links, all alive until the page is
 * checked, stay a small part of the young generation (docs/store.md, "Verify").
 */
const LINK_PAGE = 100;

/**
 * Subjects and users whose names are loaded at once: ids past this are looked up one at
 * a time instead, so that a store with millions of them does not load them all (about
 * 100 bytes each, in every verify worker).
 */
const LOADED_NAMES = 250_000;

/** Names of subjects and users past those loaded that are remembered (see ChainLinks.namesOf). */
const LOOKED_UP_NAMES = 50_000;

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
 * The names of subjects and users as encodings hold them, `id["name",…]`, a row each.
 * One text for them all would be read a little sooner, but V8 keeps a string in two
 * bytes a character when any of it is beyond Latin-1, and with it every encoding built
 * from its names.
 */
const loadSubjectNames = (guarded: boolean) =>
  `SELECT s.id || ${subjectNames(guarded)} FROM subjects s JOIN names n ON n.id = s.name WHERE s.id <= ${LOADED_NAMES}`;
const loadUserNames = (guarded: boolean) =>
  `SELECT u.id || ${userName(guarded)} FROM users u WHERE u.id <= ${LOADED_NAMES}`;

/** The names of one subject or user past those loaded, as `["name",…]`. */
const SUBJECT_NAMES_OF = `SELECT ${subjectNames(true)} FROM subjects s JOIN names n ON n.id = s.name WHERE s.id = ?`;
const USER_NAME_OF = `SELECT ${userName(true)} FROM users u WHERE u.id = ?`;

/**
 * verify reads each event as one line of text:
 *
 *     hash,[seq,time,subject,user,action,type,recordedBy,"id"]␁details
 *
 * The hash in hex; then, by json_array, integers as they are and text quoted as
 * JSON.stringify quotes it (every code point tested in test/store/sqlite.test.ts); ␁
 * (U+0001), which JSON text never holds raw; the details' stored JSON text last, so
 * nothing it holds can be misread. The names of subjects and users are not joined for
 * each event but read once (ChainLinks). recordedBy, a token name (no comma, no quote)
 * or null, joins the encoding after the details when it is not null (core/chain.ts).
 *
 * A value of another SQL type than a store writes (someone edited the file) makes a link
 * no store wrote: text or a real where an integer belongs is read as no integer (and
 * being quoted, any comma it holds only moves the slots after it, making them no
 * integers either) and becomes `!` or the number 0.5; BLOB details become `!`. The link
 * breaks, and verify says so (exit 3). A BLOB anywhere else makes json_array fail; the
 * page is then read again `guarded`, with every BLOB as the number 0.5.
 */
function linkLines(guarded: boolean, bounded: boolean): string {
  const value = (column: string) =>
    guarded ? `CASE typeof(${column}) WHEN 'blob' THEN 0.5 ELSE ${column} END` : column;
  const values = ['e.time', 'e.subject', 'e.user', 'e.action', 'e.type', 'e.recorded_by', 'e.id'].map(value).join(', ');
  return `SELECT lower(hex(e.hash)) || ',' || json_array(e.seq, ${values}) || char(1) ||
      iif(typeof(e.details) = 'blob', '!', ifnull(e.details, 'null'))
    FROM events e WHERE e.seq > ?${bounded ? ' AND e.seq <= ?' : ''} ORDER BY e.seq LIMIT ${LINK_PAGE}`;
}

/** A query as it is and `guarded` (see linkLines), each built once. */
type GuardedQuery = readonly [plain: string, guarded: string];

const LINK_LINES = [linkLines(false, false), linkLines(true, false)] as const;
const LINK_LINES_THROUGH = [linkLines(false, true), linkLines(true, true)] as const;
const LOAD_SUBJECT_NAMES = [loadSubjectNames(false), loadSubjectNames(true)] as const;
const LOAD_USER_NAMES = [loadUserNames(false), loadUserNames(true)] as const;

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

/** The names of subjects and users by id, as encodings hold them; `!` for an id that names none. */
interface NamesById {
  subject(id: number): string;
  user(id: number): string;
}

/** A line of LINK_LINES as the link verify checks. */
function toLink(line: string, names: NamesById): StoredLink {
  const hashEnd = line.indexOf(',');
  const seqEnd = line.indexOf(',', hashEnd + 2);
  const timeEnd = line.indexOf(',', seqEnd + 1);
  const subjectEnd = line.indexOf(',', timeEnd + 1);
  const userEnd = line.indexOf(',', subjectEnd + 1);
  const actionEnd = line.indexOf(',', userEnd + 1);
  const typeEnd = line.indexOf(',', actionEnd + 1);
  const recorderEnd = line.indexOf(',', typeEnd + 1);
  const jsonEnd = line.indexOf('\u0001', recorderEnd + 1);
  const time = integerIn(line, seqEnd + 1, timeEnd);
  const timeText = Math.abs(time) <= MAX_TIME_MS ? `"${formatIsoTime(time)}"` : '!';
  const subject = names.subject(integerIn(line, timeEnd + 1, subjectEnd));
  const user = names.user(integerIn(line, subjectEnd + 1, userEnd));
  const action = ACTION_TEXT[integerIn(line, userEnd + 1, actionEnd)] ?? '0.5';
  const type = TYPE_TEXT[integerIn(line, actionEnd + 1, typeEnd)] ?? '0.5';
  const recorder = line.slice(typeEnd + 1, recorderEnd);
  return {
    seq: integerIn(line, hashEnd + 2, seqEnd),
    hash: line.slice(0, hashEnd),
    // `[seq,` as it is, then the id (the last of the JSON array) and the rest in their order.
    encoding:
      `${line.slice(hashEnd + 1, seqEnd + 1)}${line.slice(recorderEnd + 1, jsonEnd - 1)},${timeText},${action},${type},` +
      `${subject},${user},${line.slice(jsonEnd + 1)}${recorder === 'null' ? '' : `,${recorder}`}]`,
  };
}

/** The rows of LOAD_SUBJECT_NAMES or LOAD_USER_NAMES by id, each without its brackets, and the highest id. */
function namesById(rows: readonly string[]): { byId: string[]; through: number } {
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
 * One connection's reader of links. The names of subjects and users are loaded once, on
 * the first read, and serve every range read after it (a verify worker reads many):
 * joining them for each event cost SQLite more than the rest of reading it. Names never
 * change for an id, and an id past those loaded (recorded since) is looked up.
 */
export class ChainLinks {
  private names: NamesById | undefined;

  constructor(
    private readonly connection: Connection,
    /** Ids up to this are loaded at once (tests load none, to take the look-up path). */
    private readonly loadedNames = LOADED_NAMES,
  ) {}

  /**
   * A page of rows at a time, each found by the seq after the last one read: better-sqlite3's
   * `all` costs less a row than its iterator. By rows, not by seq spans: a seq edited to
   * 10^12 must not make verify walk the empty spans up to it.
   */
  async *read(range: SeqRange): AsyncIterable<StoredLink[]> {
    // Mapped: verify is bound by CPU, not memory, and what the mapping keeps resident is clean, shared OS cache.
    this.connection.mapReads();
    const names = this.loaded();
    const bounded = range.throughSeq !== undefined;
    for (let after = range.afterSeq ?? 0; ; ) {
      const lines = this.pluckGuarded(
        bounded ? LINK_LINES_THROUGH : LINK_LINES,
        after,
        ...(bounded ? [range.throughSeq] : []),
      );
      if (lines.length === 0) return;
      const links = lines.map((line) => toLink(line, names));
      yield links;
      after = (links.at(-1) as StoredLink).seq;
    }
  }

  private loaded(): NamesById {
    if (this.names === undefined) {
      const load = (query: GuardedQuery) => namesById(this.loadedNames > 0 ? this.pluckGuarded(query) : []);
      const subjects = load(LOAD_SUBJECT_NAMES);
      const users = load(LOAD_USER_NAMES);
      this.names = {
        subject: this.namesOf(subjects.byId, Math.min(subjects.through, this.loadedNames), SUBJECT_NAMES_OF),
        user: this.namesOf(users.byId, Math.min(users.through, this.loadedNames), USER_NAME_OF),
      };
    }
    return this.names;
  }

  /**
   * The names loaded for an id, or for one past them (recorded since they were read, or
   * past the loaded ones) those `lookUp` finds, remembered for the next event of it.
   */
  private namesOf(loaded: readonly string[], through: number, lookUp: string): (id: number) => string {
    const statement = this.connection.statement(lookUp).pluck();
    const found = new Map<number, string>();
    return (id) => {
      if (id <= through) return loaded[id] ?? '!';
      if (!(id > through)) return '!';
      let names = found.get(id);
      if (names === undefined) {
        const array = this.connection.run(() => statement.get(id) as string | undefined);
        names = array === undefined ? '!' : array.slice(1, -1);
        if (found.size === LOOKED_UP_NAMES) found.clear();
        found.set(id, names);
      }
      return names;
    };
  }

  /**
   * The text rows of a query built as is, or, should that fail on a BLOB (json_array
   * refuses them; see linkLines), `guarded`; any other failure fails again there.
   */
  private pluckGuarded([plain, guarded]: GuardedQuery, ...params: unknown[]): string[] {
    try {
      return this.connection
        .statement(plain)
        .pluck()
        .all(...params) as string[];
    } catch {
      return this.connection.run(
        () =>
          this.connection
            .statement(guarded)
            .pluck()
            .all(...params) as string[],
      );
    }
  }
}

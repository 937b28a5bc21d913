/**
 * The write path of the SQLite store: one batch, one transaction. The tricks that make
 * a large import fast (bulk index rebuilds, grouped inserts, caches of ids) live here,
 * inside the store (docs/store.md, "A large import").
 */
import { realpathSync } from 'node:fs';
import { type BatchItem, hashAt, type RecordSummary } from '../../core/batch.js';
import { keep, remember } from '../../core/cache.js';
import { type ChainHead, chainHash, GENESIS_HASH } from '../../core/chain.js';
import { IntegrityError } from '../../core/errors.js';
import { type ActivityEvent, type NewEvent, sameContent } from '../../core/event.js';
import { foldCase } from '../../core/filter.js';
import { ProblemList } from '../../core/problems.js';
import { restoredEvent } from '../../core/restore.js';
import { CACHE_KIB, type Connection } from './connection.js';
import { ACTION_CODE, createIndexes, EVENT_INDEXES, SUBJECT_INDEXES, TYPE_CODE } from './schema.js';

/**
 * A batch larger than this, and larger than the store it goes into, is written with
 * the secondary indexes of events and subjects dropped and rebuilt before commit,
 * inside the same transaction: sorting all entries once is far cheaper than inserting
 * each into four B-trees. Readers keep seeing the indexed store until the commit.
 */
const BULK_AFTER = 20_000;

/** Events inserted by one statement: one call into SQLite per group rather than per event. */
const GROUP = 50;

/**
 * The page cache while a bulk write builds its indexes, which is also each sorter
 * thread's buffer: small buffers keep the peak memory down.
 */
const SORT_CACHE_KIB = 4_000;

/**
 * Ids of users, names and subjects met in this process: most events repeat one already
 * seen. Bounded, since a larger cache held more memory at an import's peak than it
 * spared time (docs/store.md, "A large import").
 */
const CACHE_LIMIT = 50_000;

/** Bits of SqliteWriter.insertedSubjects (1 MiB). */
const SUBJECT_BITS = 2 ** 23;

const COLUMNS = 'seq, id, time, action, type, subject, user, details, hash, recorded_by';
const ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * A 52-bit fingerprint of what an event acted on: its type, account, resource id and
 * name. Equal subjects have equal fingerprints, and different ones rarely share one:
 * what SqliteWriter.insertedSubjects keeps of each subject it inserted.
 */
export function subjectFingerprint(e: NewEvent): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (const field of [e.type, e.account ?? '', e.resourceId ?? '', e.name]) {
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    a = Math.imul(a ^ 0xffff, 0x01000193); // a separator: ("ab", "c") ≠ ("a", "bc")
    b = Math.imul(b ^ 0xffff, 0x5bd1e995);
  }
  return (a >>> 0) * 0x100000 + (b >>> 12);
}

/**
 * The writes of this process to each store file, one after another. Across processes
 * SQLite's lock orders writers, and a waiting one sleeps in its busy handler; but that
 * sleep blocks this thread, so two connections of one process (two requests of a
 * server) would wait on each other for ever. They queue here instead.
 */
const writesByFile = new Map<string, Promise<unknown>>();

function oneAtATime<T>(file: string, write: () => Promise<T>): Promise<T> {
  const before = writesByFile.get(file) ?? Promise.resolve();
  const done = before.then(write, write);
  const settled = done.catch(() => {});
  writesByFile.set(file, settled);
  void settled.then(() => {
    if (writesByFile.get(file) === settled) writesByFile.delete(file);
  });
  return done;
}

/** Runs `write` in this process's queue of writes to the connection's file, however the file was named. */
export const inWriteQueue = <T>(connection: Connection, write: () => Promise<T>): Promise<T> =>
  oneAtATime(connection.existsYet ? realpathSync(connection.location) : connection.location, write);

/** A subject's id, and the next cached subject of the same key (see SqliteWriter.subjects). */
type CachedSubject = Pick<NewEvent, 'type' | 'account' | 'resourceId' | 'name'> & {
  id: number;
  next: CachedSubject | undefined;
};

/** Subjects kept under one key: a resource id is seldom shared, a name more often. */
const SUBJECTS_A_KEY = 8;
type EventItem = Extract<BatchItem, { event: NewEvent }>;

/** An event placed in the chain, waiting in the current group. */
interface Placed {
  item: EventItem;
  seq: number;
  hash: string;
  subject: number;
}

export class SqliteWriter {
  /** In a bulk write: indexes are rebuilt at the end rather than kept up row by row. */
  private bulk = false;
  private readonly users = new Map<string, number>();
  private readonly names = new Map<string, number>();
  /**
   * Subject ids by resource id, or by name for a resource without one: a string the
   * event already holds, which V8 hashes natively, where building a key of all four
   * fields cost the writer's thread more. Subjects sharing a key are chained.
   */
  private readonly subjects = new Map<string, CachedSubject>();
  /**
   * In a batch that began on an empty store, a bit for the fingerprint of every subject
   * it inserted: a subject whose bit is clear is new, with no need to look for it (a
   * first import of a long history meets a new subject every few events, most of them
   * after the cache is full). A set bit may be another subject's: that one is looked
   * for. Were this wrong, the insert would fail on UNIQUE, not duplicate the subject.
   */
  private insertedSubjects: Uint8Array | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly read: { head(): ChainHead | undefined; byId(id: string): ActivityEvent | undefined },
  ) {}

  private get db() {
    return this.connection.db;
  }

  private statement(sql: string) {
    return this.connection.statement(sql);
  }

  /** See ActivityStore.record. */
  record(chunks: AsyncIterable<readonly BatchItem[]> | Iterable<readonly BatchItem[]>): Promise<RecordSummary> {
    return inWriteQueue(this.connection, () => this.write(chunks));
  }

  private async write(
    chunks: AsyncIterable<readonly BatchItem[]> | Iterable<readonly BatchItem[]>,
  ): Promise<RecordSummary> {
    const db = this.db;
    let began = false;
    try {
      // The write lock is taken before the chain head is read, so two writers can never
      // link to the same head; a waiting writer sleeps in the busy handler, not fails.
      db.exec('BEGIN IMMEDIATE');
      began = true;
      // Other writers may have added subjects since this process last wrote.
      const empty = this.statement('SELECT 1 FROM subjects LIMIT 1').get() === undefined;
      this.insertedSubjects = empty ? new Uint8Array(SUBJECT_BITS / 8) : undefined;
      const batch = new Batch(this, this.read.head() ?? { seq: 0, hash: GENESIS_HASH });
      for await (const chunk of chunks) {
        if (!this.bulk && batch.wantsBulk()) this.beginBulk(batch);
        for (const item of chunk) batch.add(item);
      }
      const summary = batch.finish();
      if (this.bulk) this.rebuildAfterBulk(batch.bulkFrom);
      db.exec('COMMIT');
      began = false;
      return summary;
    } catch (error) {
      if (began && db.inTransaction) db.exec('ROLLBACK');
      // Ids cached during a rolled-back transaction may name rows that no longer exist.
      this.users.clear();
      this.names.clear();
      this.subjects.clear();
      this.insertedSubjects = undefined;
      throw error;
    } finally {
      if (this.bulk) {
        db.pragma('threads = 0');
        db.pragma(`cache_size = -${CACHE_KIB}`);
        this.bulk = false;
      }
    }
  }

  /** See ActivityStore.restore: stored events, checked and written with their own seq and hash. */
  restore(
    chunks: AsyncIterable<readonly ActivityEvent[]> | Iterable<readonly ActivityEvent[]>,
  ): Promise<{ restored: number }> {
    return inWriteQueue(this.connection, () => this.writeStored(chunks));
  }

  private async writeStored(
    chunks: AsyncIterable<readonly ActivityEvent[]> | Iterable<readonly ActivityEvent[]>,
  ): Promise<{ restored: number }> {
    const db = this.db;
    let began = false;
    try {
      db.exec('BEGIN IMMEDIATE');
      began = true;
      // Other writers may have added subjects since this process last wrote.
      this.insertedSubjects = undefined;
      const head = this.read.head() ?? { seq: 0, hash: GENESIS_HASH };
      const added = new Map<number, number>();
      let restored = 0;
      for await (const chunk of chunks) {
        for (const stored of chunk) {
          const event = restoredEvent(head, stored);
          const subject = this.subjectId(event);
          if (!this.insertOne({ item: { line: 0, event }, seq: stored.seq, hash: stored.hash, subject })) {
            throw new IntegrityError(
              `cannot restore the event at seq ${stored.seq}: its id "${stored.id}" is at another seq already`,
              'nothing of this restore was written; verify the source store',
            );
          }
          head.seq = stored.seq;
          head.hash = stored.hash;
          restored++;
          added.set(subject, (added.get(subject) ?? 0) + 1);
          if (added.size >= CACHE_LIMIT) this.countEvents(added);
        }
      }
      this.countEvents(added);
      db.exec('COMMIT');
      began = false;
      return { restored };
    } catch (error) {
      if (began && db.inTransaction) db.exec('ROLLBACK');
      // Ids cached during a rolled-back transaction may name rows that no longer exist.
      this.users.clear();
      this.names.clear();
      this.subjects.clear();
      throw error;
    }
  }

  private beginBulk(batch: Batch): void {
    for (const [name] of [...EVENT_INDEXES, ...SUBJECT_INDEXES]) this.db.exec(`DROP INDEX ${name}`);
    batch.startBulk();
    this.bulk = true;
  }

  /**
   * The end of a bulk write: the indexes dropped for it are built again (the sorter may
   * use helper threads), and the per-subject counts of the events written since
   * `fromSeq` are added in one pass, before the index that holds them exists.
   */
  private rebuildAfterBulk(fromSeq: number): void {
    const db = this.db;
    // Two sorter threads with small buffers: sooner, and in less memory, than one with
    // the full cache, which the appends before needed (docs/store.md, "Choices").
    db.pragma('threads = 2');
    db.pragma(`cache_size = -${SORT_CACHE_KIB}`);
    db.exec(createIndexes('events'));
    // The counts go through a table keyed by subject, so that both sides of the update
    // are looked up by key: as one UPDATE … FROM, the planner, misled by the statistics
    // of a small store, scanned the counts once for each subject (docs/store.md).
    db.exec('CREATE TEMP TABLE added (subject INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
    db.prepare('INSERT INTO temp.added SELECT subject, count(*) FROM events WHERE seq > ? GROUP BY subject').run(
      fromSeq,
    );
    db.exec(
      'UPDATE subjects SET events = events + (SELECT n FROM temp.added WHERE added.subject = subjects.id) ' +
        'WHERE id IN (SELECT subject FROM temp.added)',
    );
    db.exec('DROP TABLE temp.added');
    db.exec(createIndexes('subjects'));
    db.exec("INSERT INTO names_search (names_search) VALUES ('rebuild')");
    // Statistics for the rebuilt indexes, committed with them: a reader that loads the
    // schema right after this commit plans with the store's new size. Sampled, so quick.
    db.pragma('analysis_limit = 1000');
    db.exec('ANALYZE');
  }

  readById(id: string): ActivityEvent | undefined {
    return this.read.byId(id);
  }

  /** Inserts one event unless its id is taken; whether it was inserted. */
  insertOne(p: Placed): boolean {
    const params: unknown[] = [];
    this.pushRow(params, p);
    return (
      this.statement(`INSERT INTO events (${COLUMNS}) VALUES ${ROW} ON CONFLICT (id) DO NOTHING`).run(params)
        .changes === 1
    );
  }

  /** The values of COLUMNS for one event, onto `params`. */
  private pushRow(params: unknown[], p: Placed): void {
    const e = p.item.event;
    params.push(
      p.seq,
      e.id,
      e.instant,
      ACTION_CODE[e.action],
      TYPE_CODE[e.type],
      p.subject,
      this.userId(e.user),
      e.details,
      Buffer.from(p.hash, 'hex'),
      e.recordedBy ?? null,
    );
  }

  /**
   * Inserts a full group in one statement; false, with nothing inserted, when an id of
   * the group was taken (the caller then goes event by event).
   */
  insertGroup(group: readonly Placed[]): boolean {
    const params: unknown[] = [];
    for (const p of group) this.pushRow(params, p);
    // OR IGNORE, plain values and no foreign keys: then nothing in the statement can fail
    // half-way, and SQLite keeps no statement journal (a copy of every page the group
    // touches, a large part of recording into a large store: docs/store.md). A taken id is
    // skipped instead: the group's rows then leave the transaction, and the caller
    // goes event by event.
    const inserted = this.statement(
      `INSERT OR IGNORE INTO events (${COLUMNS}) VALUES ${Array(GROUP).fill(ROW).join(', ')}`,
    ).run(params).changes;
    if (inserted === group.length) return true;
    if (inserted > 0) this.statement('DELETE FROM events WHERE seq >= ?').run((group[0] as Placed).seq);
    return false;
  }

  /** Adds per-subject event counts (outside bulk writes, which count in one pass at the end). */
  countEvents(added: Map<number, number>): void {
    const bump = this.statement('UPDATE subjects SET events = events + ? WHERE id = ?');
    for (const [subject, n] of added) bump.run(n, subject);
    added.clear();
  }

  get inBulk(): boolean {
    return this.bulk;
  }

  userId(name: string): number {
    return remember(
      this.users,
      name,
      () => {
        const found = this.statement('SELECT id FROM users WHERE name = ?').pluck().get(name) as number | undefined;
        return (
          found ??
          Number(
            this.statement('INSERT INTO users (name, key) VALUES (?, ?)').run(name, foldCase(name)).lastInsertRowid,
          )
        );
      },
      CACHE_LIMIT,
    );
  }

  private nameId(name: string): number {
    return remember(
      this.names,
      name,
      () => {
        const found = this.statement('SELECT id FROM names WHERE name = ?').pluck().get(name) as number | undefined;
        if (found !== undefined) return found;
        const id = Number(this.statement('INSERT INTO names (name) VALUES (?)').run(name).lastInsertRowid);
        if (!this.bulk) this.statement('INSERT INTO names_search (rowid, name) VALUES (?, ?)').run(id, name);
        return id;
      },
      CACHE_LIMIT,
    );
  }

  subjectId(e: NewEvent): number {
    const key = e.resourceId ?? e.name;
    const first = this.subjects.get(key);
    for (let known = first; known !== undefined; known = known.next) {
      if (
        known.name === e.name &&
        known.type === e.type &&
        known.account === e.account &&
        known.resourceId === e.resourceId
      ) {
        return known.id;
      }
    }
    const inserted = this.insertedSubjects;
    let id: number;
    if (inserted === undefined) {
      id = this.loadSubjectId(e, false);
    } else {
      const bit = subjectFingerprint(e) % SUBJECT_BITS;
      const byte = bit >>> 3;
      const mask = 1 << (bit & 7);
      id = this.loadSubjectId(e, ((inserted[byte] ?? 0) & mask) === 0);
      inserted[byte] = (inserted[byte] ?? 0) | mask;
    }
    // The newest first, the chain cut short; a full cache drops its oldest half.
    let last = first;
    for (let n = 2; last !== undefined && n < SUBJECTS_A_KEY; n++) last = last.next;
    if (last !== undefined) last.next = undefined;
    const { type, account, resourceId, name } = e;
    keep(this.subjects, key, { id, type, account, resourceId, name, next: first }, CACHE_LIMIT);
    return id;
  }

  private loadSubjectId(e: NewEvent, isNew: boolean): number {
    const account = e.account ?? '';
    const resourceId = e.resourceId ?? '';
    const name = this.nameId(e.name);
    const found = isNew
      ? undefined
      : (this.statement('SELECT id FROM subjects WHERE type = ? AND account = ? AND resource_id = ? AND name = ?')
          .pluck()
          .get(e.type, account, resourceId, name) as number | undefined);
    return (
      found ??
      Number(
        this.statement('INSERT INTO subjects (type, account, resource_id, name) VALUES (?, ?, ?, ?)').run(
          e.type,
          account,
          resourceId,
          name,
        ).lastInsertRowid,
      )
    );
  }
}

/**
 * One record call inside its transaction: places each event in the chain, writes them
 * in groups, and collects problems. Once any problem is found nothing will be written,
 * and the rest of the input is only checked for more.
 */
class Batch {
  readonly summary: RecordSummary = { recorded: 0, unchanged: 0 };
  readonly problems = new ProblemList();
  /** The seq after which a bulk write began. */
  bulkFrom = 0;
  private readonly before: number;
  private group: Placed[] = [];
  /** Events added per subject, flushed as it fills so that memory stays bounded. */
  private readonly added = new Map<number, number>();

  constructor(
    private readonly writer: SqliteWriter,
    /** The last event written: the group waits beyond it. */
    private readonly head: ChainHead,
  ) {
    this.before = head.seq; // seq has no holes: this is the number of events
  }

  wantsBulk(): boolean {
    return !this.problems.any && this.summary.recorded >= BULK_AFTER && this.summary.recorded > this.before;
  }

  startBulk(): void {
    this.writer.countEvents(this.added);
    this.bulkFrom = this.head.seq;
  }

  add(item: BatchItem): void {
    if ('problem' in item) {
      this.flush(); // so that the events before it are checked for taken ids too
      this.problems.add(item.line, item.problem);
      return;
    }
    if (this.problems.any) return;
    const last = this.group.at(-1) ?? this.head;
    const seq = last.seq + 1;
    const hash = hashAt(item, seq, last.hash);
    this.group.push({ item, seq, hash, subject: this.writer.subjectId(item.event) });
    if (this.group.length === GROUP) this.flush();
  }

  finish(): RecordSummary {
    this.flush();
    this.problems.throwIfAny();
    this.writer.countEvents(this.added);
    return this.summary;
  }

  /** Writes the waiting group: in one statement when it is full and no id of it was taken. */
  private flush(): void {
    const group = this.group;
    if (group.length === 0) return;
    this.group = [];
    if (group.length === GROUP && this.writer.insertGroup(group)) {
      for (const placed of group) this.written(placed);
      return;
    }
    for (const placed of group) {
      // Placed again: an event before it in the group may not have been written.
      const seq = this.head.seq + 1;
      const again =
        placed.seq === seq ? placed : { ...placed, seq, hash: chainHash(this.head.hash, seq, placed.item.event) };
      if (this.writer.insertOne(again)) {
        this.written(again);
        continue;
      }
      const e = placed.item.event;
      const existing = this.writer.readById(e.id) as ActivityEvent;
      if (sameContent(e, { ...e, ...existing, time: e.time })) this.summary.unchanged++;
      else {
        // An event of this batch has no seq yet that anyone will ever see.
        const where = existing.seq > this.before ? 'earlier in this input' : `already recorded (seq ${existing.seq})`;
        this.problems.add(placed.item.line, `id "${e.id}" is ${where} with other content`);
      }
    }
  }

  private written(placed: Placed): void {
    this.head.seq = placed.seq;
    this.head.hash = placed.hash;
    this.summary.firstSeq ??= placed.seq;
    this.summary.lastSeq = placed.seq;
    this.summary.recorded++;
    if (!this.writer.inBulk) {
      this.added.set(placed.subject, (this.added.get(placed.subject) ?? 0) + 1);
      if (this.added.size >= CACHE_LIMIT) this.writer.countEvents(this.added);
    }
  }
}

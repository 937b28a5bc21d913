import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { canonicalEncoding, chainHash, GENESIS_HASH, linkHash } from '../../src/core/chain.js';
import { InvalidInputError, StoreError } from '../../src/core/errors.js';
import type { ActivityEvent, NewEvent } from '../../src/core/event.js';
import { validateEvent } from '../../src/core/event.js';
import { type EventFilter, emptyFilter, foldCase, matchesFilter } from '../../src/core/filter.js';
import { ACTIONS, RESOURCE_TYPES } from '../../src/core/resource-types.js';
import { verifyRange } from '../../src/ingest/verify-ranges.js';
import { generateEvents } from '../../src/sample/generate.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import {
  ACTION_CODE,
  createIndexes,
  EVENT_COLUMNS,
  JOIN_NAMES,
  MIGRATIONS,
  namesInSql,
  TYPE_CODE,
} from '../../src/store/sqlite-sql.js';
import type { ActivityStore, BatchItem } from '../../src/store/store.js';
import { sha256File, tempDir } from '../helpers.js';

const dir = tempDir();
let n = 0;
const freshPath = () => join(dir, `store-${++n}.db`);
const NOW = Date.parse('2026-11-25T12:00:00.000Z');

const items = (events: NewEvent[]): BatchItem[][] => [events.map((event, i) => ({ line: i + 1, event }))];
const sample = (count: number, seed = 3) =>
  [...generateEvents({ count, seed, end: NOW, days: 30, users: 40 })].map((e) => validateEvent(e, NOW));

async function all(store: ActivityStore, query: Parameters<ActivityStore['query']>[0]): Promise<ActivityEvent[]> {
  const out: ActivityEvent[] = [];
  for await (const page of store.query(query)) out.push(...page);
  return out;
}

/** Rewrites a store as schema version 1 kept it (actions, types and hashes as text), then runs `edits`. */
function asVersion1(path: string, edits = ''): void {
  const db = new Database(path);
  db.exec(`CREATE TABLE v1 (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, time INTEGER NOT NULL,
      action TEXT NOT NULL, type TEXT NOT NULL, subject INTEGER NOT NULL, user INTEGER NOT NULL, details TEXT,
      hash TEXT NOT NULL);
    INSERT INTO v1 SELECT seq, id, time, ${namesInSql('action', ACTIONS)}, ${namesInSql('type', RESOURCE_TYPES)},
      subject, user, details, lower(hex(hash)) FROM events;
    DROP TABLE events;
    ALTER TABLE v1 RENAME TO events;
    ${createIndexes('events')}
    ${edits}
    PRAGMA user_version = 1;`);
  db.close();
}

/** Whether this process can make a file immutable (root on ext4 with chattr): then even root cannot write it. */
const canFreeze = (() => {
  const probe = join(dir, 'probe');
  writeFileSync(probe, '');
  const frozen = spawnSync('chattr', ['+i', probe]).status === 0;
  if (frozen) spawnSync('chattr', ['-i', probe]);
  return frozen;
})();

describe('SqliteStore', () => {
  it('creates the file and its directories on first write, and gives seq and hash', async () => {
    const path = join(dir, 'nested', 'deeper', 'a.db');
    const store = SqliteStore.open(path, 'write');
    const summary = await store.record(items(sample(3)));
    expect(summary).toEqual({ recorded: 3, unchanged: 0, firstSeq: 1, lastSeq: 3 });
    const events = await all(store, { filter: emptyFilter(), order: 'seq' });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    let previous = GENESIS_HASH;
    for (const e of events) {
      const expected = chainHash(previous, e.seq, e);
      expect(e.hash).toBe(expected);
      previous = e.hash;
    }
    expect(await store.head()).toEqual({ seq: 3, hash: previous });
    await store.close();
    expect(existsSync(path)).toBe(true);
  });

  it('a reader of a missing store sees nothing and creates nothing', async () => {
    const path = join(dir, 'missing', 'none.db');
    const store = SqliteStore.open(path, 'read');
    expect(await all(store, { filter: emptyFilter(), order: 'newest' })).toEqual([]);
    expect(await store.count(emptyFilter())).toBe(0);
    await store.close();
    expect(existsSync(path)).toBe(false);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it("a writer that waited its time for another one's lock says so, and writes nothing", async () => {
    const path = freshPath();
    const store = SqliteStore.open(path, 'write', 'normal', 50);
    await store.record(items(sample(1)));
    const holder = new Database(path);
    holder.exec('BEGIN IMMEDIATE');
    try {
      await expect(store.record(items(sample(1, 2)))).rejects.toThrow(
        `store ${path} is locked: another process held it for as long as this one waited`,
      );
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(await store.count(emptyFilter())).toBe(1);
    await store.close();
  });

  it('continues the chain across separate connections', async () => {
    const path = freshPath();
    const a = SqliteStore.open(path, 'write');
    await a.record(items(sample(2, 1)));
    await a.close();
    const b = SqliteStore.open(path, 'write');
    await b.record(items(sample(2, 2)));
    const events = await all(b, { filter: emptyFilter(), order: 'seq' });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    const third = events[2] as ActivityEvent;
    expect(third.hash).toBe(chainHash(events[1]?.hash ?? '', third.seq, third));
    await b.close();
  });

  it('treats a repeated id with the same content as a no-op, and other content as an error', async () => {
    const store = SqliteStore.open(freshPath(), 'write');
    const event = validateEvent({ id: 'ci-42', action: 'create', type: 'job', name: 'deploy', user: 'CI Bot' }, NOW);
    await store.record(items([event]));
    const again = validateEvent({ ...event, time: '2026-11-26T00:00:00Z', details: null }, NOW + 1000);
    expect(await store.record(items([again]))).toEqual({ recorded: 0, unchanged: 1 });
    const changed = validateEvent({ id: 'ci-42', action: 'delete', type: 'job', name: 'deploy', user: 'CI Bot' }, NOW);
    await expect(store.record(items([changed]))).rejects.toThrow(/already recorded \(seq 1\) with other content/);
    expect(await store.count(emptyFilter())).toBe(1);
    // Twice in one input: the first has no seq anyone will see.
    const twice = [
      { ...changed, id: 'ci-43' },
      { ...changed, id: 'ci-43', name: 'other' },
    ];
    await expect(store.record(items(twice))).rejects.toThrow(
      /line 2: id "ci-43" is earlier in this input with other content/,
    );
    expect(await store.count(emptyFilter())).toBe(1);
    await store.close();
  });

  it('writes nothing when any item of a batch is bad, and names every bad line', async () => {
    const store = SqliteStore.open(freshPath(), 'write');
    await store.record(items(sample(5, 9)));
    const head = await store.head();
    const batch: BatchItem[] = [
      ...sample(3, 10).map((event, i) => ({ line: i + 1, event })),
      { line: 4, problem: 'not valid JSON' },
      { line: 7, problem: 'unknown field "x"' },
    ];
    const error = await store.record([batch]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map((p) => p.line)).toEqual([4, 7]);
    expect(await store.head()).toEqual(head);
    expect(await store.count(emptyFilter())).toBe(5);
    // and the next batch still links to the old head
    await store.record(items(sample(1, 11)));
    expect((await store.head())?.seq).toBe(6);
    await store.close();
  });

  it('uses a chain link computed ahead only where the event takes that place', async () => {
    const store = SqliteStore.open(freshPath(), 'write');
    const [first, second, third] = sample(3, 12) as [NewEvent, NewEvent, NewEvent];
    const ahead = chainHash(GENESIS_HASH, 1, first);
    const forged = 'f'.repeat(64);
    await store.record([
      [
        { line: 1, event: first, link: { seq: 1, previous: GENESIS_HASH, hash: ahead } },
        // predicted from another head, or for another place: the store hashes these itself
        { line: 2, event: second, link: { seq: 2, previous: forged, hash: forged } },
        { line: 3, event: third, link: { seq: 4, previous: forged, hash: forged } },
      ],
    ]);
    const events = await all(store, { filter: emptyFilter(), order: 'seq' });
    let previous = GENESIS_HASH;
    for (const e of events) {
      expect(e.hash).toBe(chainHash(previous, e.seq, e));
      previous = e.hash;
    }
    expect(events[0]?.hash).toBe(ahead);
    await store.close();
  });

  it('writes events in groups, and event by event around an id that was taken', async () => {
    const store = SqliteStore.open(freshPath(), 'write');
    const earlier = sample(3, 17);
    await store.record(items(earlier));
    const batch = sample(120, 18);
    batch.splice(70, 0, earlier[1] as NewEvent); // the same event again: left unchanged
    expect(await store.record(items(batch))).toEqual({ recorded: 120, unchanged: 1, firstSeq: 4, lastSeq: 123 });
    const events = await all(store, { filter: emptyFilter(), order: 'seq' });
    expect(events.map((e) => e.id)).toEqual([...earlier, ...batch.filter((_, i) => i !== 70)].map((e) => e.id));
    let previous = GENESIS_HASH;
    for (const e of events) {
      expect(e.hash).toBe(chainHash(previous, e.seq, e));
      previous = e.hash;
    }
    const conflicting = sample(120, 19);
    conflicting.splice(80, 0, { ...(earlier[2] as NewEvent), action: 'delete', name: 'changed' });
    const error = (await store.record(items(conflicting)).catch((e: unknown) => e)) as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.problems).toEqual([{ line: 81, message: expect.stringMatching(/already recorded \(seq 3\)/) }]);
    expect(await store.count(emptyFilter())).toBe(123);
    await store.close();
  });

  it('writes a batch larger than the store in bulk, with its indexes and counts rebuilt', async () => {
    const path = freshPath();
    const store = SqliteStore.open(path, 'write');
    await store.record(items(sample(100, 13)));
    const batch = sample(25_000, 14);
    await store.record(items(batch));
    const everything = await all(store, { filter: emptyFilter(), order: 'seq' });
    expect(everything).toHaveLength(25_100);
    const account = everything[20_000]?.account ?? '';
    const expected = everything.filter((e) => matchesFilter(e, { ...emptyFilter(), accounts: [account] })).length;
    expect(await store.count({ ...emptyFilter(), accounts: [account] })).toBe(expected);
    await store.close();
    const db = new Database(path, { readonly: true });
    const indexes = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    expect(indexes.sort()).toEqual(
      [
        'events_by_subject',
        'events_by_time',
        'events_by_type',
        'events_by_user',
        'subjects_by_account',
        'subjects_by_name',
        'subjects_by_resource',
        'users_by_key',
      ].sort(),
    );
    // every subject's count is the number of its events
    expect(
      db
        .prepare(
          'SELECT count(*) FROM subjects s WHERE s.events != (SELECT count(*) FROM events e WHERE e.subject = s.id)',
        )
        .pluck()
        .get(),
    ).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('stores each subject once: from an empty store, across batches, beside another writer, past a full cache', async () => {
    const path = freshPath();
    const store = SqliteStore.open(path, 'write');
    const subjectCount = (file = path) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare('SELECT count(*) FROM subjects').pluck().get();
      } finally {
        db.close();
      }
    };
    const on = (name: string, i: number): NewEvent => ({
      ...(sample(1, 40)[0] as NewEvent),
      id: `evt-subject-${i}`,
      type: 'service',
      account: 'acme',
      resourceId: null,
      name,
    });
    // the first batch of an empty store meets its subjects again
    await store.record(items([on('a', 1), on('b', 2), on('a', 3)]));
    expect(subjectCount()).toBe(2);
    // another connection adds a subject; this one, which cached the others, meets it next
    const other = SqliteStore.open(path, 'write');
    await other.record(items([on('c', 4)]));
    await other.close();
    await store.record(items([on('c', 5), on('b', 6)]));
    expect(subjectCount()).toBe(3);
    await store.close();
    // more distinct subjects than the cache holds (50,000), then the first again, in one batch
    const freshFile = freshPath();
    const fresh = SqliteStore.open(freshFile, 'write');
    const many = Array.from({ length: 50_050 }, (_, i) => on(`n${i}`, i));
    many.push(on('n0', 50_050));
    expect((await fresh.record(items(many))).recorded).toBe(50_051);
    await fresh.close();
    expect(subjectCount(freshFile)).toBe(50_050);
  }, 60_000);

  it('leaves the store as it was when a bulk batch fails at its last line', async () => {
    const path = freshPath();
    const store = SqliteStore.open(path, 'write');
    await store.record(items(sample(10, 15)));
    const batch: BatchItem[] = sample(25_000, 16).map((event, i) => ({ line: i + 1, event }));
    batch.push({ line: 25_001, problem: 'not valid JSON' });
    await expect(store.record([batch])).rejects.toThrow(InvalidInputError);
    expect(await store.count(emptyFilter())).toBe(10);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(
      db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").pluck().get(),
    ).toBe(8);
    db.close();
  });

  it('names at most 20 problems but counts them all', async () => {
    const store = SqliteStore.open(freshPath(), 'write');
    const batch = Array.from({ length: 25 }, (_, i) => ({ line: i + 1, problem: 'bad' }));
    const error = (await store.record([batch]).catch((e: unknown) => e)) as InvalidInputError;
    expect(error.problems).toHaveLength(20);
    expect(error.total).toBe(25);
    expect(error.message).toContain('25 invalid lines');
    expect(error.message).toContain('and 5 more');
    await store.close();
  });

  it('answers every filter exactly as the in-memory filter does', async () => {
    const store = SqliteStore.open(freshPath(), 'write');
    await store.record(items(sample(3000, 5)));
    const everything = await all(store, { filter: emptyFilter(), order: 'seq' });
    const someUser = everything[17]?.user ?? '';
    const someAccount = everything[3]?.account ?? '';
    const someResource = everything[99]?.resourceId ?? '';
    const filters: Partial<EventFilter>[] = [
      { users: [foldCase(someUser.toUpperCase())] },
      { users: [foldCase(someUser), foldCase(everything[5]?.user ?? '')] },
      { actions: ['delete'] },
      { types: ['cluster', 'node-pool'] },
      { accounts: [someAccount] },
      { resourceIds: [someResource] },
      { search: 'gate' },
      { search: 'PI-'.toLowerCase() },
      { search: 'del' },
      { search: 'ö' },
      { search: 'zzzz-no-such' },
      { since: NOW - 7 * 86_400_000 },
      { until: NOW - 20 * 86_400_000 },
      { since: NOW - 10 * 86_400_000, until: NOW - 5 * 86_400_000, types: ['service'], actions: ['update'] },
      { users: [foldCase(someUser)], actions: ['create', 'delete'], search: 'a', since: NOW - 25 * 86_400_000 },
      { accounts: [someAccount], types: ['deployment'], search: 'api' },
    ];
    for (const partial of filters) {
      const filter = { ...emptyFilter(), ...partial };
      const expected = everything.filter((e) => matchesFilter(e, filter));
      const newest = await all(store, { filter, order: 'newest' });
      expect(
        newest.map((e) => e.seq).sort((a, b) => a - b),
        JSON.stringify(partial),
      ).toEqual(expected.map((e) => e.seq));
      expect(await store.count(filter)).toBe(expected.length);
      const sorted = [...expected].sort((a, b) => b.time.localeCompare(a.time) || b.seq - a.seq);
      expect(newest.map((e) => e.seq)).toEqual(sorted.map((e) => e.seq));
      const page = await all(store, { filter, order: 'newest', limit: 5 });
      expect(page.map((e) => e.seq)).toEqual(sorted.slice(0, 5).map((e) => e.seq));
      const oldest = await all(store, { filter, order: 'oldest', limit: 5 });
      expect(oldest.map((e) => e.seq)).toEqual(
        [...sorted]
          .reverse()
          .slice(0, 5)
          .map((e) => e.seq),
      );
    }
    expect(everything.length).toBe(3000);
    await store.close();
  });

  it('reads after a seq and up to a seq, in seq order', async () => {
    const store = SqliteStore.open(freshPath(), 'write');
    await store.record(items(sample(20, 6)));
    const page = await all(store, { filter: emptyFilter(), order: 'seq', afterSeq: 5, throughSeq: 9 });
    expect(page.map((e) => e.seq)).toEqual([6, 7, 8, 9]);
    await store.close();
  });

  it("builds each event's canonical encoding in SQL exactly as core/chain.ts does", async () => {
    // json_array must write every string as JSON.stringify does: every BMP code point
    // but the surrogates (validation refuses unpaired ones), and one beyond.
    const db = new Database(':memory:');
    const array = db.prepare('SELECT json_array(?)').pluck();
    const differing: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const text = `a${String.fromCharCode(c)}b`;
      if (array.get(text) !== JSON.stringify([text])) differing.push(c);
    }
    expect(differing).toEqual([]);
    expect(array.get('\u{1f600}"\\')).toBe(JSON.stringify(['\u{1f600}"\\']));
    db.close();
    const hostile = [
      { name: 'quote " backslash \\ tab \t nl \n', account: null, resourceId: null, user: 'Zoë O\'Brien, "Jr"' },
      {
        name: 'esc \u001b[31m bel \u0007 del \u007f',
        account: 'acme\u0000x',
        resourceId: 'r/\u2028\u2029',
        user: 'U\u0085',
      },
      { name: 'ünïcødé 😀', account: '', resourceId: 'id-1', user: 'Jane Doe' },
    ];
    const times = ['0000-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'];
    const store = SqliteStore.open(freshPath(), 'write');
    const events = sample(3).map((e, i) => ({
      ...e,
      ...hostile[i],
      time: times[i] as string,
      details: i === 1 ? null : e.details,
    }));
    await store.record(items(events.map((e) => validateEvent(e, NOW))));
    const stored = await all(store, { filter: emptyFilter(), order: 'seq' });
    // With the names loaded, and with none: each looked up in SQL as past those loaded.
    const none = { subjects: [], subjectsThrough: 0, users: [], usersThrough: 0 };
    for (const names of [await store.linkNames(), none]) {
      const links = [];
      for await (const page of store.links(0, names)) links.push(...page);
      expect(links).toEqual(stored.map((e) => ({ seq: e.seq, hash: e.hash, encoding: canonicalEncoding(e.seq, e) })));
      let previous = GENESIS_HASH;
      for (const link of links) {
        expect(linkHash(previous, link.encoding)).toBe(link.hash);
        previous = link.hash;
      }
    }
    await store.close();
  });

  it('gets one event by id or by seq', async () => {
    const store = SqliteStore.open(freshPath(), 'write');
    await store.record(items(sample(4, 7)));
    const [first] = await all(store, { filter: emptyFilter(), order: 'seq', limit: 1 });
    expect(await store.get({ id: first?.id ?? '' })).toEqual(first);
    expect(await store.get({ seq: 1 })).toEqual(first);
    expect(await store.get({ seq: 99 })).toBeUndefined();
    expect(await store.get({ id: 'nope' })).toBeUndefined();
    await store.close();
  });

  it('uses an index for every filter, and keeps the answer in the index', () => {
    const path = freshPath();
    SqliteStore.open(path, 'write').close();
    const db = new Database(path);
    const plan = (where: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM events e WHERE ${where}`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    expect(plan('e.user IN (1)')).toMatch(/COVERING INDEX events_by_user/);
    expect(plan("e.type IN ('cluster') AND e.action IN ('delete')")).toMatch(/COVERING INDEX events_by_type/);
    expect(plan('e.time >= 5')).toMatch(/COVERING INDEX events_by_time/);
    expect(plan('e.subject IN (SELECT id FROM subjects WHERE account = 1)')).toMatch(
      /COVERING INDEX events_by_subject/,
    );
    expect(plan("e.subject IN (SELECT id FROM subjects WHERE account = 'a')")).toMatch(/subjects_by_account/);
    db.close();
  });

  it('looks up subjects, names and users by key even when the statistics say the tables are tiny', async () => {
    const path = freshPath();
    const store = SqliteStore.open(path, 'write');
    await store.record(items(sample(50, 20)));
    await store.close();
    const db = new Database(path);
    // What a long-running reader still believes after a bulk import made the store large.
    db.exec(`DELETE FROM sqlite_stat1; INSERT INTO sqlite_stat1 VALUES
      ('events', 'sqlite_autoindex_events_1', '3 1'), ('subjects', 'sqlite_autoindex_subjects_1', '3 1 1 1 1');
      ANALYZE sqlite_schema;`);
    // the query of a cursor export or a follower: events after a seq, in seq order
    const sql = `SELECT ${EVENT_COLUMNS} FROM events e NOT INDEXED ${JOIN_NAMES} WHERE e.seq > 3 ORDER BY e.seq`;
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail);
    expect(plan).toEqual([
      'SEARCH e USING INTEGER PRIMARY KEY (rowid>?)',
      'SEARCH s USING INTEGER PRIMARY KEY (rowid=?)',
      'SEARCH n USING INTEGER PRIMARY KEY (rowid=?)',
      'SEARCH u USING INTEGER PRIMARY KEY (rowid=?)',
    ]);
    db.close();
  });

  it('commits with a disk flush each time only when full durability is asked for', async () => {
    const synchronous = (store: SqliteStore) =>
      (store as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true });
    const path = freshPath();
    const normal = SqliteStore.open(path, 'write');
    const full = SqliteStore.open(path, 'write', 'full');
    expect([synchronous(normal), synchronous(full)]).toEqual([1, 2]); // NORMAL, FULL
    await normal.close();
    await full.close();
  });

  it('fails with a store error, and leaves the file alone, when the file is not a store', () => {
    const path = join(dir, 'not-sqlite.db');
    writeFileSync(path, 'this is not a database, just some text that is long enough '.repeat(100));
    const before = sha256File(path);
    expect(() => SqliteStore.open(path, 'read')).toThrow(StoreError);
    expect(() => SqliteStore.open(path, 'write')).toThrow(StoreError);
    expect(sha256File(path)).toBe(before);
  });

  it('fails with a store error when the path is a directory', () => {
    const path = join(dir, 'a-directory');
    mkdirSync(path);
    expect(() => SqliteStore.open(path, 'write')).toThrow(/is a directory/);
  });

  it('refuses a store written by a newer version', () => {
    const path = freshPath();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => SqliteStore.open(path, 'read')).toThrow(/newer than this activity knows/);
  });

  it('stores each action and type under the code it has always had (the lists only grow at the end)', () => {
    expect(ACTION_CODE).toEqual({ create: 0, update: 1, delete: 2 });
    expect(Object.entries(TYPE_CODE)).toEqual(
      [
        'cluster',
        'project',
        'environment',
        'service',
        'job',
        'deployment',
        'dependency',
        'variable-group',
        'domain',
        'node-pool',
        'volume',
        'provider',
        'user',
      ].map((type, code) => [type, code]),
    );
  });

  it('migrates a version-1 store (names and hex text) to codes and bytes: same events, same chain', async () => {
    const path = freshPath();
    const writer = SqliteStore.open(path, 'write');
    await writer.record(items(sample(300)));
    const before = await all(writer, { filter: emptyFilter(), order: 'seq' });
    await writer.close();
    // Version 1 as it was: actions, types and hashes as text. Events 7 and 9 were edited
    // by hand in ways version 2 has no spelling for, which verify must still find.
    asVersion1(
      path,
      `UPDATE events SET action = 'Delete' WHERE seq = 7;
      UPDATE events SET hash = upper(hash) WHERE seq = 9;`,
    );

    const store = SqliteStore.open(path, 'read');
    const after = await all(store, { filter: emptyFilter(), order: 'seq' });
    const edited = (e: ActivityEvent) => e.seq === 7 || e.seq === 9;
    expect(after.filter((e) => !edited(e))).toEqual(before.filter((e) => !edited(e)));
    expect((await verifyRange(store, 0, 300)).broken).toEqual({ seq: 7, kind: 'content changed' });
    expect((await verifyRange(store, 7, 300)).broken).toEqual({ seq: 9, kind: 'content changed' });
    const clean = await verifyRange(store, 10, 300);
    expect(clean).toEqual({ count: 290, broken: undefined, head: await store.head() });
    expect(clean.head).toEqual({ seq: 300, hash: before.at(-1)?.hash });
    await store.close();
    const migrated = new Database(path, { readonly: true });
    expect(migrated.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(
      migrated
        .prepare('SELECT typeof(action), typeof(type), typeof(hash), count(*) FROM events GROUP BY 1, 2, 3')
        .raw()
        .all(),
    ).toEqual([
      ['integer', 'integer', 'blob', 298],
      ['integer', 'integer', 'text', 1],
      ['text', 'integer', 'blob', 1],
    ]);
    migrated.close();
  });

  it.skipIf(!canFreeze)(
    'an older store it may only read: one line saying who can upgrade it, the file untouched',
    async () => {
      const path = freshPath();
      const writer = SqliteStore.open(path, 'write');
      await writer.record(items(sample(5)));
      await writer.close();
      asVersion1(path);
      const before = sha256File(path);
      spawnSync('chattr', ['+i', path]);
      try {
        expect(() => SqliteStore.open(path, 'read')).toThrow(
          expect.objectContaining({
            exitCode: 5,
            message: expect.stringMatching(/is in an older format \(schema version 1\) and needs a one-time upgrade/),
          }),
        );
      } finally {
        spawnSync('chattr', ['-i', path]);
      }
      expect(sha256File(path)).toBe(before);
      const upgraded = SqliteStore.open(path, 'read');
      expect(await upgraded.count(emptyFilter())).toBe(5);
      await upgraded.close();
    },
  );
});

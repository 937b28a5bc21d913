import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { BatchItem } from '../../src/core/batch.js';
import { chainHash, GENESIS_HASH } from '../../src/core/chain.js';
import { InvalidInputError, StoreError } from '../../src/core/errors.js';
import type { ActivityEvent, NewEvent } from '../../src/core/event.js';
import { type EventFilter, emptyFilter, foldCase, matchesFilter } from '../../src/core/filter.js';
import type { EventOrder } from '../../src/core/query.js';
import { ACTIONS, RESOURCE_TYPES } from '../../src/core/resource-types.js';
import { ACTION_CODE, createIndexes, MIGRATIONS, namesInSql, TYPE_CODE } from '../../src/store/sqlite/schema.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { verifyRange } from '../../src/verify/verify-chain.js';
import { sha256File, tempDir } from '../helpers.js';
import { all, items, linksOf, NOW, sample, storeContract } from './contract.js';
import { openSqlite } from './open-sqlite.js';

const dir = tempDir();
let n = 0;
const freshPath = () => join(dir, `store-${++n}.db`);
/** Rewrites a store as schema version 1 kept it (actions, types and hashes as text), then runs `edits`. */
function asVersion1(path: string, edits = ''): void {
  const db = new Database(path);
  db.exec(`CREATE TABLE v1 (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, time INTEGER NOT NULL,
      action TEXT NOT NULL, type TEXT NOT NULL, subject INTEGER NOT NULL, user INTEGER NOT NULL, details TEXT,
      hash TEXT NOT NULL);
    INSERT INTO v1 SELECT seq, id, time, ${namesInSql('action', ACTIONS)}, ${namesInSql('type', RESOURCE_TYPES)},
      subject, user, details, lower(hex(hash)) FROM events;
    DROP TABLE events;
    DROP TABLE sessions;
    DROP TABLE tokens;
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

storeContract('SQLite', {
  async create() {
    const path = freshPath();
    return { store: openSqlite(path), connect: async () => openSqlite(path) };
  },
});

describe('SqliteStore', () => {
  it('the default store makes its own folders; a store named in a missing folder is refused, and nothing is made', async () => {
    const named = join(dir, 'named-missing', 'deeper', 'a.db');
    expect(() => openSqlite(named, 'write')).toThrow(/the folder .*named-missing.* does not exist/);
    expect(existsSync(join(dir, 'named-missing'))).toBe(false);
    const byDefault = join(dir, 'default', 'activity', 'activity.db');
    const store = SqliteStore.open({ location: byDefault, mode: 'write', durability: 'normal', defaultLocation: true });
    await store.record(items(sample(1)));
    await store.close();
    expect(existsSync(byDefault)).toBe(true);
  });

  it('creates the file on first write, and gives seq and hash', async () => {
    const path = join(dir, 'a.db');
    const store = openSqlite(path, 'write');
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
    const store = openSqlite(path, 'read');
    expect(await all(store, { filter: emptyFilter(), order: 'newest' })).toEqual([]);
    expect(await store.count(emptyFilter())).toBe(0);
    await store.close();
    expect(existsSync(path)).toBe(false);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it("a writer that waited its time for another one's lock says so, and writes nothing", async () => {
    const path = freshPath();
    const store = openSqlite(path, 'write', { busyTimeoutMs: 50 });
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

  it('writes events in groups, and event by event around an id that was taken', async () => {
    const store = openSqlite(freshPath(), 'write');
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
    const store = openSqlite(path, 'write');
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
        'events_by_recorder',
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
    const store = openSqlite(path, 'write');
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
    const other = openSqlite(path, 'write');
    await other.record(items([on('c', 4)]));
    await other.close();
    await store.record(items([on('c', 5), on('b', 6)]));
    expect(subjectCount()).toBe(3);
    await store.close();
    // more distinct subjects than the cache holds (50,000), then the first again, in one batch
    const freshFile = freshPath();
    const fresh = openSqlite(freshFile, 'write');
    const many = Array.from({ length: 50_050 }, (_, i) => on(`n${i}`, i));
    many.push(on('n0', 50_050));
    expect((await fresh.record(items(many))).recorded).toBe(50_051);
    await fresh.close();
    expect(subjectCount(freshFile)).toBe(50_050);
  }, 60_000);

  it('tells apart many subjects of one name (or one resource id) in its cache', async () => {
    const path = freshPath();
    const store = openSqlite(path, 'write');
    const base = sample(1, 41)[0] as NewEvent;
    const on = (i: number, round: number, byId: boolean): NewEvent => ({
      ...base,
      id: `evt-shared-${byId}-${round}-${i}`,
      type: i % 2 === 0 ? 'service' : 'job',
      account: `account-${i}`,
      resourceId: byId ? 'shared-id' : null,
      name: byId ? `named-${i}` : 'shared-name',
    });
    const batch = (round: number) =>
      [true, false].flatMap((byId) => Array.from({ length: 20 }, (_, i) => on(i, round, byId)));
    await store.record(items(batch(1)));
    await store.record(items([...batch(2), ...batch(3).reverse()]));
    const events = await all(store, { filter: emptyFilter(), order: 'seq' });
    expect(events.map(({ type, account, resourceId, name }) => ({ type, account, resourceId, name }))).toEqual(
      [...batch(1), ...batch(2), ...batch(3).reverse()].map(({ type, account, resourceId, name }) => ({
        type,
        account,
        resourceId,
        name,
      })),
    );
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM subjects').pluck().get()).toBe(40);
    db.close();
  });

  it('leaves the store as it was when a bulk batch fails at its last line', async () => {
    const path = freshPath();
    const store = openSqlite(path, 'write');
    await store.record(items(sample(10, 15)));
    const batch: BatchItem[] = sample(25_000, 16).map((event, i) => ({ line: i + 1, event }));
    batch.push({ line: 25_001, problem: 'not valid JSON' });
    await expect(store.record([batch])).rejects.toThrow(InvalidInputError);
    expect(await store.count(emptyFilter())).toBe(10);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(
      db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").pluck().get(),
    ).toBe(9);
    db.close();
  });

  it('writes every string in json_array exactly as JSON.stringify does (what the links of verify are built with)', async () => {
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
  });
  it('uses an index for every filter, and keeps the answer in the index: the SQL the store builds', async () => {
    const store = openSqlite(freshPath(), 'write');
    await store.record(items(sample(3000, 21)));
    const [event] = await all(store, { filter: emptyFilter(), order: 'seq', limit: 1 });
    const filter = (partial: Partial<EventFilter>): EventFilter => ({ ...emptyFilter(), ...partial });
    const count = async (partial: Partial<EventFilter>) => (await store.explainCount(filter(partial))).join(' | ');
    const page = async (partial: Partial<EventFilter>, order: EventOrder = 'newest') =>
      (await store.explainQuery({ filter: filter(partial), order, limit: 50 })).join(' | ');
    const user = foldCase(event?.user ?? '');
    expect(await count({ users: [user] })).toMatch(/COVERING INDEX events_by_user/);
    expect(await count({ types: ['cluster'], actions: ['delete'] })).toMatch(/COVERING INDEX events_by_type/);
    expect(await count({ since: NOW - 86_400_000 })).toMatch(/COVERING INDEX events_by_time/);
    expect(await count({ accounts: [event?.account ?? ''], actions: ['update'] })).toMatch(
      /COVERING INDEX events_by_subject/,
    );
    // A page reads its seqs from an index, then only its own rows, each joined by primary key.
    expect(await page({ users: [user] })).toMatch(/COVERING INDEX events_by_user/);
    expect(await page({ accounts: [event?.account ?? ''] })).toMatch(/subjects_by_account.*events_by_subject/);
    expect(await page({ search: 'gateway' })).toMatch(/names_search.*COVERING INDEX events_by_subject/);
    expect(await page({ types: ['service'] }, 'oldest')).toMatch(/COVERING INDEX events_by_type/);
    expect(await page({})).toMatch(/events_by_time/);
    await store.close();
  });

  it('looks up subjects, names and users by key even when the statistics say the tables are tiny', async () => {
    const path = freshPath();
    const writer = openSqlite(path, 'write');
    await writer.record(items(sample(50, 20)));
    await writer.close();
    const db = new Database(path);
    // What a long-running reader still believes after a bulk import made the store large.
    db.exec(`DELETE FROM sqlite_stat1; INSERT INTO sqlite_stat1 VALUES
      ('events', 'sqlite_autoindex_events_1', '3 1'), ('subjects', 'sqlite_autoindex_subjects_1', '3 1 1 1 1');
      ANALYZE sqlite_schema;`);
    db.close();
    // The query of a cursor export or a follower: events after a seq, in seq order.
    const store = openSqlite(path, 'read');
    expect(await store.explainQuery({ filter: emptyFilter(), order: 'seq', afterSeq: 3 })).toEqual([
      'SEARCH e USING INTEGER PRIMARY KEY (rowid>?)',
      'SEARCH s USING INTEGER PRIMARY KEY (rowid=?)',
      'SEARCH n USING INTEGER PRIMARY KEY (rowid=?)',
      'SEARCH u USING INTEGER PRIMARY KEY (rowid=?)',
    ]);
    await store.close();
  });

  it('reads the chain with the names of subjects and users loaded ahead, and with each looked up', async () => {
    const path = freshPath();
    const writer = openSqlite(path, 'write');
    await writer.record(items(sample(400, 22)));
    await writer.close();
    const loaded = openSqlite(path, 'read');
    const lookedUp = openSqlite(path, 'read', { loadedNames: 0 });
    for (const range of [{}, { afterSeq: 150, throughSeq: 260 }]) {
      expect(await linksOf(lookedUp, range)).toEqual(await linksOf(loaded, range));
    }
    await loaded.close();
    await lookedUp.close();
  });

  it('queues writes of two connections in one process, which would otherwise wait on each other for ever', async () => {
    const path = freshPath();
    const [one, two] = [
      openSqlite(path, 'write', { busyTimeoutMs: 200 }),
      openSqlite(path, 'write', { busyTimeoutMs: 200 }),
    ];
    // The first holds the write lock while it waits for its input; the second must not
    // sleep in SQLite's busy handler meanwhile, which would block the input from coming.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* waiting(): AsyncIterable<BatchItem[]> {
      yield items(sample(2, 23))[0] ?? [];
      await held;
      yield items(sample(2, 24))[0] ?? [];
    }
    const first = one.record(waiting());
    const second = two.record(items(sample(3, 25)));
    setTimeout(release, 400);
    expect(await first).toMatchObject({ recorded: 4, firstSeq: 1, lastSeq: 4 });
    expect(await second).toMatchObject({ recorded: 3, firstSeq: 5, lastSeq: 7 });
    await one.close();
    await two.close();
  });

  it('commits with a disk flush each time only when full durability is asked for', async () => {
    const synchronous = (store: SqliteStore) =>
      (store as unknown as { connection: { db: Database.Database } }).connection.db.pragma('synchronous', {
        simple: true,
      });
    const path = freshPath();
    const normal = openSqlite(path, 'write');
    const full = openSqlite(path, 'write', { durability: 'full' });
    expect([synchronous(normal), synchronous(full)]).toEqual([1, 2]); // NORMAL, FULL
    await normal.close();
    await full.close();
  });

  it('fails with a store error, and leaves the file alone, when the file is not a store', () => {
    const path = join(dir, 'not-sqlite.db');
    writeFileSync(path, 'this is not a database, just some text that is long enough '.repeat(100));
    const before = sha256File(path);
    expect(() => openSqlite(path, 'read')).toThrow(StoreError);
    expect(() => openSqlite(path, 'write')).toThrow(StoreError);
    expect(sha256File(path)).toBe(before);
  });

  it('fails with a store error when the path is a directory', () => {
    const path = join(dir, 'a-directory');
    mkdirSync(path);
    expect(() => openSqlite(path, 'write')).toThrow(/is a directory/);
  });

  it('refuses a store written by a newer version', () => {
    const path = freshPath();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openSqlite(path, 'read')).toThrow(/newer than this activity knows/);
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
    const writer = openSqlite(path, 'write');
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

    const store = openSqlite(path, 'read');
    const after = await all(store, { filter: emptyFilter(), order: 'seq' });
    const edited = (e: ActivityEvent) => e.seq === 7 || e.seq === 9;
    expect(after.filter((e) => !edited(e))).toEqual(before.filter((e) => !edited(e)));
    expect((await verifyRange(store, 0, 300)).broken).toEqual({ seq: 7, kind: 'content changed' });
    expect((await verifyRange(store, 7, 300)).broken).toEqual({ seq: 9, kind: 'content changed' });
    const clean = await verifyRange(store, 10, 300);
    expect(clean).toMatchObject({ count: 290, broken: undefined, head: await store.head() });
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
      const writer = openSqlite(path, 'write');
      await writer.record(items(sample(5)));
      await writer.close();
      asVersion1(path);
      const before = sha256File(path);
      spawnSync('chattr', ['+i', path]);
      try {
        expect(() => openSqlite(path, 'read')).toThrow(
          expect.objectContaining({
            exitCode: 5,
            message: expect.stringMatching(/is in an older format \(schema version 1\) and needs a one-time upgrade/),
          }),
        );
      } finally {
        spawnSync('chattr', ['-i', path]);
      }
      expect(sha256File(path)).toBe(before);
      const upgraded = openSqlite(path, 'read');
      expect(await upgraded.count(emptyFilter())).toBe(5);
      await upgraded.close();
    },
  );
});

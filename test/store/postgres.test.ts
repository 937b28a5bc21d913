/** The store contract, unchanged, against the PostgreSQL store: a database of its own for each test. */
import pg from 'pg';
import { expect, it } from 'vitest';
import { GENESIS_HASH, linkHash } from '../../src/core/chain.js';
import type { ActivityEvent } from '../../src/core/event.js';
import { emptyFilter, foldCase } from '../../src/core/filter.js';
import { parseEventStream } from '../../src/ingest/parse-events.js';
import { generateEvents, type SampleEvent } from '../../src/sample/generate.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { ndjson } from '../helpers.js';
import { all, items, linksOf, NOW, sample, storeContract } from './contract.js';
import { describeWithPostgres, freshDatabase, sql } from './postgres.js';

const open = (url: string) => PostgresStore.open({ location: url, mode: 'write', durability: 'normal' }, url);

describeWithPostgres('PostgreSQL store', () => {
  storeContract('PostgreSQL', {
    async create() {
      const url = await freshDatabase();
      return { store: await open(url), connect: () => open(url) };
    },
  });

  it('keeps tokens and sessions as the SQLite store does: digests, names never given twice, sessions ending with their token', async () => {
    const url = await freshDatabase();
    const store = await open(url);
    const other = await open(url);
    try {
      const { token, info } = await store.tokens.create('ci', 'write');
      expect(info).toMatchObject({ name: 'ci', scope: 'write', lastUsed: null });
      await expect(other.tokens.create('ci', 'read')).rejects.toThrow(/a token named "ci" exists/);
      expect((await other.tokens.authenticate(token))?.name).toBe('ci');
      expect(await other.tokens.authenticate(`${token}x`)).toBeUndefined();
      await store.tokens.create('admin', 'admin');
      expect((await other.tokens.list()).map((t) => t.name)).toEqual(['admin', 'ci']);

      const secret = await store.tokens.openSession('ci', Date.now() + 60_000);
      expect((await other.tokens.session(secret))?.name).toBe('ci');
      const ended = await store.tokens.openSession('admin', Date.now() + 60_000);
      await other.tokens.closeSession(ended);
      expect(await store.tokens.session(ended)).toBeUndefined();
      await expect(store.tokens.openSession('nobody', Date.now() + 60_000)).rejects.toThrow(/no live token/);

      await other.tokens.revoke('ci');
      expect(await store.tokens.authenticate(token)).toBeUndefined();
      expect(await store.tokens.session(secret)).toBeUndefined();
      await expect(store.tokens.revoke('ci')).rejects.toThrow(/no token named "ci"/);
      await expect(store.tokens.create('ci', 'read')).rejects.toThrow(/was revoked/);
    } finally {
      await other.close();
      await store.close();
    }
  });

  it("shares one listening connection between a store's followers, each of which sees every commit", async () => {
    const url = await freshDatabase();
    const store = await PostgresStore.open(
      { location: url, mode: 'write', durability: 'normal', lifetime: 'server' },
      url,
    );
    const writer = await open(url);
    const stop = new AbortController();
    try {
      const through = [0, 0, 0];
      const follow = async (i: number) => {
        const seen: ActivityEvent[] = [];
        for await (const step of store.follow(emptyFilter(), 0, stop.signal)) {
          seen.push(...step.events);
          through[i] = step.through;
          if (step.through >= 6) break;
        }
        return seen.map((e) => e.seq);
      };
      const followers = [follow(0), follow(1), follow(2)];
      await writer.record(items(sample(2, 40)));
      for (let waited = 0; through.some((seq) => seq < 2) && waited < 20_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // All three are following now, each waiting for the next commit.
      const database = new URL(url).pathname.slice(1);
      const listening = await sql(
        url,
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%'",
        [database],
      );
      expect(listening[0]?.n).toBe(1);
      for (let i = 1; i < 3; i++) await writer.record(items(sample(2, 40 + i)));
      expect(await Promise.all(followers)).toEqual(Array(3).fill([1, 2, 3, 4, 5, 6]));
    } finally {
      stop.abort();
      await writer.close();
      await store.close();
    }
  });

  it('writes a large first batch into a table of its own and swaps it in, indexed as a migrated one, the chain whole', async () => {
    const url = await freshDatabase();
    const store = await open(url);
    try {
      // The tables' indexes and the triggers on events (the summary's among them), as defined.
      const indexes = async () => [
        ...(
          await sql(url, "SELECT indexdef FROM pg_indexes WHERE tablename IN ('events', 'event_counts') ORDER BY 1")
        ).map((r) => r.indexdef),
        ...(
          await sql(
            url,
            "SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgrelid = 'events'::regclass AND NOT tgisinternal ORDER BY 1",
          )
        ).map((r) => r.def),
      ];
      const migrated = await indexes();
      expect(migrated.join('\n')).toMatch(
        /events_counts AFTER INSERT ON public\.events REFERENCING NEW TABLE AS added/,
      );
      const table = async () => (await sql(url, "SELECT 'events'::regclass::oid AS oid"))[0]?.oid;
      const before = await table();
      const events = sample(30_000, 51);
      // A repeat after the switch of one written before it, with other content: the whole batch is refused.
      const refused = await store
        .record(items([...events, { ...(events[10] as (typeof events)[0]), name: 'changed' }]))
        .catch((e: unknown) => e);
      expect(String(refused)).toMatch(/line 30001: id ".*" is earlier in this input with other content/);
      expect(await store.head()).toBeUndefined();
      expect(await sql(url, "SELECT to_regclass('events_bulk') AS t")).toEqual([{ t: null }]);

      expect(await store.record(items([...events, events[10] as (typeof events)[0]]))).toEqual({
        recorded: 30_000,
        unchanged: 1,
        firstSeq: 1,
        lastSeq: 30_000,
      });
      expect(await indexes()).toEqual(migrated);
      expect(await table()).not.toBe(before);
      await store.record(items(sample(3, 52)));
      let previous = GENESIS_HASH;
      const links = await linksOf(store);
      expect(links.map((l) => l.seq)).toEqual(Array.from({ length: 30_003 }, (_, i) => i + 1));
      for (const link of links) {
        expect(linkHash(previous, link.encoding)).toBe(link.hash);
        previous = link.hash;
      }
      const search = await all(store, { filter: { ...emptyFilter(), search: 'gate' }, order: 'newest', limit: 5 });
      expect(search.length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('migrates a store of schema version 3: text in byte order, its indexes rebuilt and its events found as before; uploads', async () => {
    const url = await freshDatabase();
    const columns = async () =>
      await sql(
        url,
        `SELECT c.relname || '.' || a.attname || ' ' || coalesce(l.collname, '-') AS c FROM pg_attribute a
           JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_collation l ON l.oid = a.attcollation
          WHERE c.relname IN ('events', 'event_counts', 'event_names') AND a.attnum > 0 AND a.atttypid = 'text'::regtype
          ORDER BY 1`,
      );
    const fresh = await open(url);
    const byteOrder = await columns();
    expect(byteOrder.every((r) => String(r.c).endsWith(' C'))).toBe(true);
    await fresh.record(items(sample(500, 54)));
    await fresh.close();
    // Version 3 as it was: the database's own collation.
    await sql(
      url,
      `${byteOrder
        .map((r) => String(r.c).split(' ')[0]?.split('.') ?? [])
        .map(([table, column]) => `ALTER TABLE ${table} ALTER COLUMN ${column} TYPE text COLLATE "default";`)
        .join('\n')}
       DROP TABLE upload_parts, uploads;
       UPDATE activity_schema SET version = 3`,
    );
    expect((await columns()).every((r) => String(r.c).endsWith(' default'))).toBe(true);
    const migrated = await open(url);
    try {
      expect(await sql(url, 'SELECT version FROM activity_schema')).toEqual([{ version: 5 }]);
      expect(await columns()).toEqual(byteOrder);
      const events = await all(migrated, { filter: emptyFilter(), order: 'seq', limit: 500 });
      const someone = events[7] as ActivityEvent;
      const theirs = await all(migrated, {
        filter: { ...emptyFilter(), users: [foldCase(someone.user)] },
        order: 'newest',
        limit: 500,
      });
      expect(theirs.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
        events.filter((e) => e.user === someone.user).map((e) => e.seq),
      );
      expect((await sql(url, 'SELECT count(*)::int AS n FROM pg_index WHERE NOT indisvalid'))[0]?.n).toBe(0);
      expect(typeof (await migrated.uploads.begin('ci'))).toBe('string');
    } finally {
      await migrated.close();
    }
  });

  it('fails a batch whose COPY the server refuses part-way, writes none of it, and records the next', async () => {
    const url = await freshDatabase();
    const store = await open(url);
    try {
      await store.record(items(sample(10, 55)));
      // A row put in by hand (psql) at a seq the next batch will take: its COPY fails there.
      await sql(
        url,
        "INSERT INTO events SELECT 3000, 'by-hand', time, action, type, name, name_key, resource_id, account, account_key, user_name, user_key, details, hash, recorded_by FROM events WHERE seq = 1",
      );
      const refused = await store.record(items(sample(5_000, 56))).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Error);
      expect(await sql(url, 'SELECT count(*)::int AS n, max(seq)::int AS below FROM events WHERE seq < 3000')).toEqual([
        { n: 10, below: 10 },
      ]);
      await sql(url, 'DELETE FROM events WHERE seq = 3000');
      expect((await store.record(items(sample(5_000, 56)))).recorded).toBe(5_000);
      expect((await store.head())?.seq).toBe(5_010);
    } finally {
      await store.close();
    }
  });

  it('keeps uploads in the database: parts through any connection, busy while another holds one, a commit once or not at all', async () => {
    const url = await freshDatabase();
    const [a, b] = [await open(url), await open(url)];
    const lock = new pg.Client({ connectionString: url });
    await lock.connect();
    const parse = (parts: AsyncIterable<Buffer>) =>
      parseEventStream({ stream: parts }, { now: NOW, head: { seq: 0, hash: GENESIS_HASH } });
    const part = (events: readonly SampleEvent[]) => Buffer.from(ndjson(events));
    const inputs = (count: number, seed: number) => [...generateEvents({ count, seed, end: NOW, days: 5 })];
    try {
      const events = inputs(9, 57);
      const id = await a.uploads.begin('ci');
      expect(await a.uploads.add(id, 'ci', part(events.slice(0, 4)), 4)).toBe(4);
      expect(await b.uploads.add(id, 'ci', part(events.slice(4)), 5)).toBe(9);
      await expect(b.uploads.add(id, 'someone else', part(events), 9)).rejects.toMatchObject({ refusal: 'unknown' });

      // Another request holds it (a part or the commit on another server): refused, not waited for.
      await lock.query('BEGIN');
      await lock.query('SELECT 1 FROM uploads WHERE id = $1 FOR UPDATE', [id]);
      await expect(b.uploads.add(id, 'ci', part(events), 9)).rejects.toMatchObject({ refusal: 'busy' });
      await expect(b.uploads.commit(id, 'ci', parse)).rejects.toMatchObject({ refusal: 'busy' });
      await lock.query('ROLLBACK');

      expect(await b.uploads.commit(id, 'ci', parse)).toMatchObject({ recorded: 9, firstSeq: 1, lastSeq: 9 });
      expect((await all(a, { filter: emptyFilter(), order: 'seq' })).map((e) => e.id)).toEqual(events.map((e) => e.id));
      await expect(a.uploads.commit(id, 'ci', parse)).rejects.toMatchObject({ refusal: 'unknown' });
      expect(await sql(url, 'SELECT count(*)::int AS n FROM upload_parts')).toEqual([{ n: 0 }]);

      // A commit with a bad line records nothing and drops the upload.
      const bad = await a.uploads.begin('ci');
      await a.uploads.add(bad, 'ci', Buffer.concat([part(inputs(3, 58)), Buffer.from('{"action":"explode"}\n')]), 4);
      await expect(b.uploads.commit(bad, 'ci', parse)).rejects.toThrow(/line 4/);
      expect((await a.head())?.seq).toBe(9);
      await expect(a.uploads.drop(bad, 'ci')).rejects.toMatchObject({ refusal: 'unknown' });

      // Four open at once for a token; an idle one is dropped as the next begins.
      const open4 = await Promise.all([0, 1, 2, 3].map(() => a.uploads.begin('ci')));
      await expect(b.uploads.begin('ci')).rejects.toMatchObject({ refusal: 'too-many' });
      expect(typeof (await b.uploads.begin('other'))).toBe('string');
      await sql(url, `UPDATE uploads SET touched = touched - 11 * 60000 WHERE id = '${open4[0]}'`);
      await expect(a.uploads.add(open4[0] as string, 'ci', part(events), 9)).rejects.toMatchObject({
        refusal: 'unknown',
      });
      expect(typeof (await b.uploads.begin('ci'))).toBe('string');
      await b.uploads.drop(open4[1] as string, 'ci');
      expect(await sql(url, "SELECT count(*)::int AS n FROM uploads WHERE owner = 'ci'")).toEqual([{ n: 3 }]);
    } finally {
      await lock.end();
      await a.close();
      await b.close();
    }
  });

  it('keeps a large first batch in the events table when others were given rights on it', async () => {
    const url = await freshDatabase();
    const store = await open(url);
    try {
      await sql(url, 'GRANT SELECT ON events TO PUBLIC');
      const table = async () =>
        (
          await sql(
            url,
            "SELECT 'events'::regclass::oid AS oid, relacl::text AS acl FROM pg_class WHERE oid = 'events'::regclass",
          )
        )[0];
      const before = await table();
      expect((await store.record(items(sample(25_000, 53)))).recorded).toBe(25_000);
      expect(await table()).toEqual(before);
    } finally {
      await store.close();
    }
  });
});

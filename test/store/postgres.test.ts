/** The store contract, unchanged, against the PostgreSQL store: a database of its own for each test. */
import { expect, it } from 'vitest';
import { GENESIS_HASH, linkHash } from '../../src/core/chain.js';
import type { ActivityEvent } from '../../src/core/event.js';
import { emptyFilter, foldCase } from '../../src/core/filter.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { all, items, linksOf, sample, storeContract } from './contract.js';
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

  it('migrates a store of schema version 3 to text in byte order, its indexes rebuilt and its events found as before', async () => {
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
       UPDATE activity_schema SET version = 3`,
    );
    expect((await columns()).every((r) => String(r.c).endsWith(' default'))).toBe(true);
    const migrated = await open(url);
    try {
      expect(await sql(url, 'SELECT version FROM activity_schema')).toEqual([{ version: 4 }]);
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

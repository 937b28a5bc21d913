/**
 * The PostgreSQL store's counts from its per-day summary (docs/scaling.md, "Counts"):
 * equal to the plain count of the events, for every filter and range, however the events
 * came in (record, restore, a bulk first import, writers at once, psql).
 */
import pg from 'pg';
import { expect, it } from 'vitest';
import type { NewEvent } from '../../src/core/event.js';
import { type EventFilter, emptyFilter } from '../../src/core/filter.js';
import type { SeqRange } from '../../src/core/query.js';
import { countEvents, countFromSummary } from '../../src/store/postgres/filter-sql.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { all, items, NOW, sample } from './contract.js';
import { describeWithPostgres, freshDatabase, sql } from './postgres.js';

const open = (url: string) => PostgresStore.open({ location: url, mode: 'write', durability: 'normal' }, url);

const DAY = 86_400_000;
/** A midnight (UTC) among the sample's 30 days. */
const MIDNIGHT = Date.parse('2026-11-20T00:00:00.000Z');

/** Sample events, some without an account and some at a midnight exactly or a millisecond before one. */
const events = (count: number, seed: number): NewEvent[] =>
  sample(count, seed).map((e, i) => {
    const instant = i % 97 === 0 ? MIDNIGHT - (i % 3) * DAY : i % 89 === 0 ? MIDNIGHT - 1 + DAY : e.instant;
    return {
      ...e,
      account: i % 7 === 0 ? null : e.account,
      instant,
      time: new Date(instant).toISOString(),
    };
  });

/** Since/until pairs: whole days, partial days at either edge, midnights, empty and reversed ranges. */
const TIMES: [since?: number, until?: number][] = [
  [],
  [MIDNIGHT],
  [MIDNIGHT + 1],
  [MIDNIGHT - 1],
  [MIDNIGHT + 7 * 3_600_000],
  [undefined, MIDNIGHT],
  [undefined, MIDNIGHT + 1],
  [undefined, MIDNIGHT - 1],
  [undefined, MIDNIGHT + 13 * 3_600_000],
  [MIDNIGHT - 5 * DAY, MIDNIGHT],
  [MIDNIGHT - 5 * DAY + 1, MIDNIGHT + 1],
  [MIDNIGHT - 5 * DAY - 1, MIDNIGHT - 1],
  [MIDNIGHT - 3 * DAY + 3_600_000, MIDNIGHT + 2 * DAY + 5 * 3_600_000],
  [MIDNIGHT - 1, MIDNIGHT + DAY + 1],
  [MIDNIGHT + 1, MIDNIGHT + DAY - 1],
  [MIDNIGHT - DAY + 1, MIDNIGHT + DAY - 1],
  [MIDNIGHT, MIDNIGHT + DAY],
  [MIDNIGHT, MIDNIGHT],
  [MIDNIGHT + 5, MIDNIGHT + 5],
  [MIDNIGHT + DAY, MIDNIGHT],
  [MIDNIGHT + 5 * DAY, MIDNIGHT - 2 * DAY + 7],
  [NOW - 40 * DAY, NOW + 40 * DAY],
  [NOW + DAY],
  [undefined, NOW - 40 * DAY],
];

function filters(accounts: string[], actions: string[], types: string[]): EventFilter[] {
  const f = (more: Partial<EventFilter>): EventFilter => ({ ...emptyFilter(), ...more }) as EventFilter;
  const [a, b] = accounts;
  return [
    f({}),
    f({ accounts: [a as string] }),
    f({ accounts: [a as string, b as string] }),
    f({ accounts: ['no such account'] }),
    f({ actions: [actions[0]] as EventFilter['actions'] }),
    f({ types: [types[0]] as EventFilter['types'] }),
    f({ types: types.slice(0, 2) as EventFilter['types'], actions: actions.slice(1) as EventFilter['actions'] }),
    f({
      accounts: [b as string],
      actions: [actions[1]] as EventFilter['actions'],
      types: [types[1]] as EventFilter['types'],
    }),
    // Not from the summary: the exact count, as before.
    f({ users: ['nobody'] }),
    f({ search: 'a' }),
  ];
}

/** Every filter and range's count against the plain count of the events; and the summary against the events grouped. */
/** The per-day summary's rows, and the same grouped from the events: equal when the summary is right. */
const SUMMARY = "SELECT day, action, type, coalesce(account_key, '<null>') AS a, n::bigint FROM event_counts";
const GROUPED =
  "SELECT time - ((time % 86400000) + 86400000) % 86400000 AS day, action, type, coalesce(account_key, '<null>') AS a, count(*)::bigint AS n FROM events GROUP BY 1, 2, 3, 4";

async function expectExactCounts(url: string, store: PostgresStore): Promise<void> {
  expect(await sql(url, `(${SUMMARY} EXCEPT ${GROUPED}) UNION ALL (${GROUPED} EXCEPT ${SUMMARY})`)).toEqual([]);

  const values = async (column: string) =>
    (await sql(url, `SELECT DISTINCT ${column} AS v FROM events WHERE ${column} IS NOT NULL ORDER BY 1`)).map(
      (r) => r.v as string,
    );
  const head = Number((await sql(url, 'SELECT max(seq) AS n FROM events'))[0]?.n ?? 0);
  const ranges: SeqRange[] = [{}, { throughSeq: head - 17 }, { afterSeq: 10, throughSeq: head }];
  let fromSummary = 0;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const filter of filters(await values('account_key'), await values('action'), await values('type'))) {
      for (const [since, until] of TIMES) {
        for (const range of ranges) {
          const f = { ...filter, since, until };
          const plain = countEvents(f, range);
          const [expected] = (await client.query(plain.text, plain.values)).rows;
          if (countFromSummary(f, range) !== undefined) fromSummary++;
          expect(await store.count(f, range), JSON.stringify({ f, range })).toBe(Number(expected?.n));
        }
      }
    }
  } finally {
    await client.end();
  }
  expect(fromSummary).toBeGreaterThan(150);
}

describeWithPostgres('PostgreSQL counts from the per-day summary', () => {
  it('equal the plain count after records, restores and inserts by psql', async () => {
    const url = await freshDatabase();
    const store = await open(url);
    const copy = await open(await freshDatabase());
    try {
      const many = events(3_000, 21);
      await store.record(items(many.slice(0, 1_000)));
      await store.record(items(many.slice(1_000, 1_001)));
      await store.record(items(many.slice(1_001)));
      await expectExactCounts(url, store);

      // A copy, restored in parts: its summary is made by the same trigger.
      const stored = await all(store, { filter: emptyFilter(), order: 'seq' });
      expect(await copy.restore([stored.slice(0, 1_234), stored.slice(1_234)])).toEqual({ restored: 3_000 });
      await expectExactCounts(copy.location, copy);

      // An insert by hand, not through activity (its seqs after the head, as the empty filter's count needs).
      await sql(
        url,
        `INSERT INTO events SELECT 3000 + row_number() OVER (ORDER BY seq), id || '-psql', time + 43200000, action, type, name, name_key, resource_id,
           account, account_key, user_name, user_key, details, hash, recorded_by FROM events WHERE seq % 3 = 0`,
      );
      await expectExactCounts(url, store);
    } finally {
      await copy.close();
      await store.close();
    }
  }, 180_000);

  it('equal the plain count after a bulk first import, and after records that follow it', async () => {
    const url = await freshDatabase();
    const store = await open(url);
    try {
      const before = (await sql(url, "SELECT 'events'::regclass::oid AS oid"))[0]?.oid;
      await store.record(items(events(25_000, 22)));
      expect((await sql(url, "SELECT 'events'::regclass::oid AS oid"))[0]?.oid).not.toBe(before);
      await expectExactCounts(url, store);
      await store.record(items(events(500, 23).map((e) => ({ ...e, id: `${e.id}-after` }))));
      await expectExactCounts(url, store);
    } finally {
      await store.close();
    }
  }, 180_000);

  it('equal the plain count, and every name is searchable, after a bulk first import of more names and summary rows than the writer keeps in memory', async () => {
    const url = await freshDatabase();
    const store = await open(url);
    try {
      // 120,000 names and as many (day, account) pairs: past the 100,000 the writer keeps, the table is scanned instead.
      const many = events(120_000, 26).map((e, i) => ({
        ...e,
        name: `${e.name}-${i}`,
        account: i % 11 === 0 ? null : `Acct-${i}`,
      }));
      await store.record(items(many));
      // The summary row for row as the events group (each value's counts through it are checked above).
      expect(await sql(url, `(${SUMMARY} EXCEPT ${GROUPED}) UNION ALL (${GROUPED} EXCEPT ${SUMMARY})`)).toEqual([]);
      expect(await sql(url, 'SELECT count(*)::int AS n FROM event_counts')).toEqual([
        { n: (await sql(url, `SELECT count(*)::int AS n FROM (${GROUPED}) g`))[0]?.n },
      ]);
      expect(
        await sql(
          url,
          'SELECT (SELECT count(*) FROM event_names)::int AS names, count(DISTINCT name)::int AS used FROM events',
        ),
      ).toEqual([{ names: 120_000, used: 120_000 }]);
    } finally {
      await store.close();
    }
  }, 180_000);

  it('equal the plain count in a store of schema version 2 once migrated, its summary filled from its events', async () => {
    const url = await freshDatabase();
    const store = await open(url);
    await store.record(items(events(2_000, 24)));
    await store.close();
    await sql(
      url,
      `DROP TRIGGER events_counts ON events; DROP FUNCTION activity_event_counts(); DROP TABLE event_counts;
       DROP TABLE upload_parts, uploads;
       UPDATE activity_schema SET version = 2`,
    );
    const migrated = await open(url);
    try {
      expect(await sql(url, 'SELECT version FROM activity_schema')).toEqual([{ version: 5 }]);
      await expectExactCounts(url, migrated);
      await migrated.record(items(events(300, 25).map((e) => ({ ...e, id: `${e.id}-after` }))));
      await expectExactCounts(url, migrated);
    } finally {
      await migrated.close();
    }
  }, 180_000);

  it('equal the plain count after writers at once', async () => {
    const url = await freshDatabase();
    const writers = await Promise.all(Array.from({ length: 4 }, () => open(url)));
    try {
      await Promise.all(
        writers.map(async (writer, w) => {
          for (let batch = 0; batch < 5; batch++) {
            const mine = events(150, 30 + w * 10 + batch).map((e) => ({ ...e, id: `${e.id}-w${w}-b${batch}` }));
            await writer.record(items(mine));
          }
        }),
      );
      expect(await writers[0]?.count(emptyFilter())).toBe(3_000);
      await expectExactCounts(url, writers[0] as PostgresStore);
    } finally {
      for (const writer of writers) await writer.close();
    }
  }, 180_000);
});

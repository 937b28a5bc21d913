/**
 * What every ActivityStore must do, whatever keeps the events (STYLE: one store
 * interface, one contract suite run against each implementation). Only the interface
 * is used here: the SQLite store (sqlite.test.ts), the PostgreSQL store
 * (postgres.test.ts) and the remote store (test/server/remote-contract.test.ts) run it,
 * each with its own factory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchItem } from '../../src/core/batch.js';
import {
  type ChainHead,
  canonicalEncoding,
  chainHash,
  GENESIS_HASH,
  linkHash,
  type StoredLink,
} from '../../src/core/chain.js';
import { ExitCode, InvalidInputError } from '../../src/core/errors.js';
import { type ActivityEvent, type NewEvent, validateEvent } from '../../src/core/event.js';
import { toJson } from '../../src/core/event-json.js';
import { type EventFilter, emptyFilter, foldCase, matchesFilter } from '../../src/core/filter.js';
import { type EventQuery, QUARTER_HOUR_MS, type ResourceRef, type SeqRange } from '../../src/core/query.js';
import { generateEvents } from '../../src/sample/generate.js';
import { type ActivityStore, jsonPages } from '../../src/store/store.js';

export const NOW = Date.parse('2026-11-25T12:00:00.000Z');

export const items = (events: NewEvent[]): BatchItem[][] => [events.map((event, i) => ({ line: i + 1, event }))];

export const sample = (count: number, seed = 3): NewEvent[] =>
  [...generateEvents({ count, seed, end: NOW, days: 30, users: 40 })].map((e) => validateEvent(e, NOW));

export async function all(store: ActivityStore, query: EventQuery): Promise<ActivityEvent[]> {
  const out: ActivityEvent[] = [];
  for await (const page of store.query(query)) out.push(...page);
  return out;
}

const everything = (store: ActivityStore) => all(store, { filter: emptyFilter(), order: 'seq' });

export async function linksOf(store: ActivityStore, range: SeqRange = {}): Promise<StoredLink[]> {
  const links: StoredLink[] = [];
  for await (const page of store.links(range)) links.push(...page);
  return links;
}

/** Each event's link as verify checks it: its seq, its hash and the canonical encoding of its fields. */
const linkOf = (e: ActivityEvent): StoredLink => ({ seq: e.seq, hash: e.hash, encoding: canonicalEncoding(e.seq, e) });

/** The events in seq order form one chain from the first: each hash links to the one before. */
function expectOneChain(events: readonly ActivityEvent[]): void {
  let previous = GENESIS_HASH;
  events.forEach((e, i) => {
    expect(e.seq).toBe(i + 1);
    expect(e.hash).toBe(chainHash(previous, e.seq, e));
    previous = e.hash;
  });
}

/** `events` as a store would hold them after `head`: each with its seq and chain hash. */
export function chained(
  events: readonly NewEvent[],
  head: ChainHead = { seq: 0, hash: GENESIS_HASH },
): ActivityEvent[] {
  let { seq, hash } = head;
  return events.map(({ idGiven: _, instant: __, ...e }) => {
    seq++;
    hash = chainHash(hash, seq, e);
    return { seq, ...e, hash };
  });
}

/** A new, empty store as a factory makes it, and a way to open more connections to the same store. */
export interface StoreUnderTest {
  store: ActivityStore;
  /** Another connection to the same store: to the store, as another process's would be. */
  connect(): Promise<ActivityStore>;
}

/**
 * How an implementation takes part in the contract (kysely's per-dialect initTest and
 * destroyTest are the model): `setup` once before the suite (start a server, create a
 * database), `create` for each test, `teardown` once after it.
 */
export interface StoreFactory {
  setup?(): Promise<void>;
  create(): Promise<StoreUnderTest>;
  teardown?(): Promise<void>;
}

type Body = (under: StoreUnderTest) => Promise<void>;

export function storeContract(name: string, factory: StoreFactory): void {
  /** Runs a test on a new store; every connection it opened is closed however the test ends. */
  const withStore = (body: Body) => async () => {
    const made = await factory.create();
    const opened = [made.store];
    const connect = async () => {
      const store = await made.connect();
      opened.push(store);
      return store;
    };
    try {
      await body({ store: made.store, connect });
    } finally {
      for (const store of opened.reverse()) await store.close();
    }
  };

  describe(`${name}: the ActivityStore contract`, () => {
    beforeAll(async () => factory.setup?.());
    afterAll(async () => factory.teardown?.());

    it(
      'gives each recorded event the next seq and its chain hash, and reports the head',
      withStore(async ({ store }) => {
        expect(await store.head()).toBeUndefined();
        expect(await store.record(items(sample(3)))).toEqual({ recorded: 3, unchanged: 0, firstSeq: 1, lastSeq: 3 });
        const events = await everything(store);
        expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
        expectOneChain(events);
        expect(await store.head()).toEqual({ seq: 3, hash: events[2]?.hash });
      }),
    );

    it(
      'continues one chain across connections',
      withStore(async ({ store, connect }) => {
        await store.record(items(sample(2, 1)));
        const second = await connect();
        await second.record(items(sample(2, 2)));
        const events = await everything(store);
        expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
        expectOneChain(events);
      }),
    );

    it(
      'keeps one chain, each batch whole and in one piece, when writers record at the same time',
      withStore(async ({ store, connect }) => {
        const other = await connect();
        // Batches that arrive in chunks, a turn of the event loop apart: each writer is
        // mid-batch while the others start theirs.
        async function* slowly(events: NewEvent[]): AsyncIterable<BatchItem[]> {
          for (let i = 0; i < events.length; i += 7) {
            await new Promise((resolve) => setImmediate(resolve));
            yield events.slice(i, i + 7).map((event, j) => ({ line: i + j + 1, event }));
          }
        }
        const batches = [sample(40, 21), sample(40, 22), sample(40, 23), sample(3, 24)];
        const summaries = await Promise.all([
          store.record(slowly(batches[0] ?? [])),
          other.record(slowly(batches[1] ?? [])),
          store.record(slowly(batches[2] ?? [])),
          other.record(items(batches[3] ?? [])),
        ]);
        const events = await everything(store);
        expect(events).toHaveLength(123);
        expectOneChain(events);
        summaries.forEach((summary, i) => {
          const batch = batches[i] ?? [];
          expect(summary.recorded).toBe(batch.length);
          // One transaction a batch: its events take one run of seqs, in its order.
          const written = events.slice((summary.firstSeq ?? 0) - 1, summary.lastSeq);
          expect(written.map((e) => e.id)).toEqual(batch.map((e) => e.id));
        });
        expect(await store.head()).toEqual(await other.head());
      }),
    );

    it(
      'treats a repeated id with the same content as a no-op, and other content as an error',
      withStore(async ({ store }) => {
        const event = validateEvent(
          { id: 'ci-42', action: 'create', type: 'job', name: 'deploy', user: 'CI Bot' },
          NOW,
        );
        await store.record(items([event]));
        const again = validateEvent({ ...event, time: '2026-11-26T00:00:00Z', details: null }, NOW + 1000);
        expect(await store.record(items([again]))).toEqual({ recorded: 0, unchanged: 1 });
        const changed = validateEvent(
          { id: 'ci-42', action: 'delete', type: 'job', name: 'deploy', user: 'CI Bot' },
          NOW,
        );
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
      }),
    );

    it(
      'counts what another connection records since: the whole, a range past the head, and a range it has reached',
      withStore(async ({ store, connect }) => {
        const writer = await connect();
        const events = sample(30, 31);
        await writer.record(items(events.slice(0, 10)));
        const filter = { ...emptyFilter(), actions: [events[0]?.action ?? 'create'] };
        const matching = (upTo: number, through = upTo) =>
          events.slice(0, upTo).filter((e, i) => i < through && e.action === filter.actions[0]).length;
        // Asked twice each: a count kept from before must not answer after the store has grown.
        for (let round = 0; round < 2; round++) {
          expect(await store.count(filter)).toBe(matching(10));
          expect(await store.count(filter, { throughSeq: 20 })).toBe(matching(10));
          expect(await store.count(filter, { throughSeq: 5 })).toBe(matching(5));
          expect(await store.count(emptyFilter(), { throughSeq: 20 })).toBe(10);
        }
        await writer.record(items(events.slice(10, 30)));
        expect(await store.count(filter)).toBe(matching(30));
        expect(await store.count(filter, { throughSeq: 20 })).toBe(matching(30, 20));
        expect(await store.count(filter, { throughSeq: 5 })).toBe(matching(5));
        expect(await store.count(emptyFilter(), { throughSeq: 20 })).toBe(20);
        expect(await store.count(emptyFilter(), { afterSeq: 25 })).toBe(5);
      }),
    );

    it(
      'skips events recorded before, and repeats within the input, anywhere in a large batch, the chain unbroken',
      withStore(async ({ store }) => {
        const first = sample(300, 21);
        await store.record(items(first.slice(0, 100)));
        // Events 40, 150 (twice) and 222 of the next batch are already in the store, or earlier in it.
        const next = first.slice(100, 300);
        const batch = [...next.slice(0, 40), first[40] as NewEvent, ...next.slice(40, 150)];
        batch.push(next[149] as NewEvent, ...next.slice(150), first[77] as NewEvent);
        expect(await store.record(items(batch))).toEqual({ recorded: 200, unchanged: 3, firstSeq: 101, lastSeq: 300 });
        const stored = await everything(store);
        expectOneChain(stored);
        expect(stored.map((e) => e.id)).toEqual(first.map((e) => e.id));
      }),
    );

    it(
      'writes nothing when any item of a batch is bad, names every bad line, and counts past 20',
      withStore(async ({ store }) => {
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
        // The next batch still links to the old head.
        await store.record(items(sample(1, 11)));
        expect((await store.head())?.seq).toBe(6);
        const many = Array.from({ length: 25 }, (_, i) => ({ line: i + 1, problem: 'bad' }));
        const tooMany = (await store.record([many]).catch((e: unknown) => e)) as InvalidInputError;
        expect(tooMany.problems).toHaveLength(20);
        expect(tooMany.total).toBe(25);
        expect(tooMany.message).toContain('25 invalid lines');
        expect(tooMany.message).toContain('and 5 more');
      }),
    );

    it(
      'uses a chain link computed ahead only where the event takes that place',
      withStore(async ({ store }) => {
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
        const events = await everything(store);
        let previous = GENESIS_HASH;
        for (const e of events) {
          expect(e.hash).toBe(chainHash(previous, e.seq, e));
          previous = e.hash;
        }
        // Where the event is stored as it was given, the hash computed ahead is the one
        // kept; a server stamps its provenance on it, and so links it itself.
        if (events[0]?.recordedBy === undefined) expect(events[0]?.hash).toBe(ahead);
      }),
    );

    it(
      'names every user and every account of its events, and matches accounts in any case',
      withStore(async ({ store }) => {
        expect(await store.distinct('user')).toEqual([]);
        expect(await store.distinct('account')).toEqual([]);
        const base = sample(300, 9);
        const odd = (name: string, account: string | null, user: string): NewEvent =>
          validateEvent({ action: 'create', type: 'project', name, account, user }, NOW);
        await store.record(
          items([...base, odd('a', 'ACME', 'Chloé Okafor'), odd('b', 'Acme', 'chloé okafor'), odd('c', null, 'Émile')]),
        );
        const events = await everything(store);
        const unique = (values: (string | null)[]) =>
          [...new Set(values.filter((v): v is string => v !== null))].sort();
        expect([...(await store.distinct('user'))].sort()).toEqual(unique(events.map((e) => e.user)));
        expect([...(await store.distinct('account'))].sort()).toEqual(unique(events.map((e) => e.account)));
        const acme = await all(store, { filter: { ...emptyFilter(), accounts: ['acme'] }, order: 'seq' });
        expect(acme.map((e) => e.name)).toEqual(expect.arrayContaining(['a', 'b']));
        expect(acme.every((e) => e.account?.toLowerCase() === 'acme')).toBe(true);
      }),
    );

    it(
      'answers every filter, in every order, with limits and counts, exactly as the in-memory filter does',
      withStore(async ({ store }) => {
        await store.record(items(sample(3000, 5)));
        const events = await everything(store);
        expect(events).toHaveLength(3000);
        const someUser = events[17]?.user ?? '';
        const someAccount = events[3]?.account ?? '';
        const someResource = events[99]?.resourceId ?? '';
        const filters: Partial<EventFilter>[] = [
          {},
          { users: [foldCase(someUser.toUpperCase())] },
          { users: [foldCase(someUser), foldCase(events[5]?.user ?? '')] },
          { users: ['nobody at all'] },
          { actions: ['delete'] },
          { types: ['cluster', 'node-pool'] },
          { accounts: [foldCase(someAccount)] },
          { accounts: [foldCase(someAccount.toUpperCase()), 'no-such-account'] },
          { accounts: ['no-such-account'] },
          { resourceIds: [someResource] },
          { search: 'gate' },
          { search: 'pi-' },
          { search: 'del' },
          { search: 'ö' },
          { search: 'zzzz-no-such' },
          { since: NOW - 7 * 86_400_000 },
          { until: NOW - 20 * 86_400_000 },
          { since: NOW - 10 * 86_400_000, until: NOW - 5 * 86_400_000, types: ['service'], actions: ['update'] },
          { users: [foldCase(someUser)], actions: ['create', 'delete'], search: 'a', since: NOW - 25 * 86_400_000 },
          { accounts: [foldCase(someAccount)], types: ['deployment'], search: 'api' },
        ];
        for (const partial of filters) {
          const filter = { ...emptyFilter(), ...partial };
          const why = JSON.stringify(partial);
          const expected = events.filter((e) => matchesFilter(e, filter));
          const newestFirst = [...expected].sort((a, b) => b.time.localeCompare(a.time) || b.seq - a.seq);
          const seqs = (list: ActivityEvent[]) => list.map((e) => e.seq);
          expect(seqs(await all(store, { filter, order: 'newest' })), why).toEqual(seqs(newestFirst));
          expect(seqs(await all(store, { filter, order: 'oldest' })), why).toEqual(seqs([...newestFirst].reverse()));
          expect(seqs(await all(store, { filter, order: 'seq' })), why).toEqual(seqs(expected));
          expect(seqs(await all(store, { filter, order: 'newest', limit: 5 })), why).toEqual(
            seqs(newestFirst.slice(0, 5)),
          );
          expect(seqs(await all(store, { filter, order: 'oldest', limit: 5 })), why).toEqual(
            seqs([...newestFirst].reverse().slice(0, 5)),
          );
          expect(await store.count(filter), why).toBe(expected.length);
          const range = { afterSeq: 1000, throughSeq: 2000 };
          const inRange = expected.filter((e) => e.seq > 1000 && e.seq <= 2000);
          expect(await store.count(filter, range), why).toBe(inRange.length);
          expect(seqs(await all(store, { filter, order: 'seq', ...range })), why).toEqual(seqs(inRange));
        }
      }),
    );

    it(
      'gives the same events as JSON, byte for byte the canonical serialization, fields in the order of reference §1',
      withStore(async ({ store }) => {
        // Text JSON escapes in more than one way: quotes, backslashes, control characters,
        // line separators, astral characters; details with escapes and numbers of each kind.
        const hostile = [
          { name: 'q " b \\ t \t n \n cr \r bell \u0007 del \u007f', user: 'Zoë \u2028 \u2029 😀' },
          { name: '</script><img src=x onerror=alert(1)>', account: 'ａｃｍｅ', resourceId: '\u00a0\u200b' },
          { name: 'numbers', details: { big: 1e21, small: 1e-7, neg: -0.5, int: 12, s: 'é\u0001"\\/' } },
          { name: 'nested', details: { a: [true, false, null, { b: 'x\ny' }], 'key "q"': {} } },
        ];
        const base = { action: 'update', type: 'service', user: 'Jane Doe' };
        await store.record(
          items([
            ...hostile.map((e, i) => validateEvent({ ...base, ...e, time: `2026-11-2${i}T10:00:00.00${i}Z` }, NOW)),
            ...sample(700, 13),
          ]),
        );
        for (const query of [
          { filter: emptyFilter(), order: 'newest' },
          { filter: { ...emptyFilter(), actions: ['update'] }, order: 'seq', afterSeq: 100 },
          { filter: emptyFilter(), order: 'oldest', limit: 7 },
          { filter: { ...emptyFilter(), search: 'numbers' }, order: 'seq' },
        ] as EventQuery[]) {
          const objects = await all(store, query);
          const texts: string[] = [];
          for await (const page of jsonPages(store, query)) {
            for (const bytes of page) texts.push(Buffer.from(bytes).toString('utf8'));
          }
          // toJson's field order is reference §1's (test/output/output.test.ts); the same bytes, the same order.
          expect(texts).toEqual(objects.map(toJson));
          expect(texts.map((text) => JSON.parse(text))).toEqual(
            objects.map((e) => ({ ...e, details: e.details === null ? null : JSON.parse(e.details) })),
          );
        }
      }),
    );

    it(
      'gets one event by id or by seq',
      withStore(async ({ store }) => {
        await store.record(items(sample(4, 7)));
        const [first] = await all(store, { filter: emptyFilter(), order: 'seq', limit: 1 });
        expect(await store.get({ id: first?.id ?? '' })).toEqual(first);
        expect(await store.get({ seq: 1 })).toEqual(first);
        expect(await store.get({ seq: 99 })).toBeUndefined();
        expect(await store.get({ id: 'nope' })).toBeUndefined();
      }),
    );

    it(
      'finds the latest event of each resource asked for, in one call: by resource id, or by name where it has none',
      withStore(async ({ store }) => {
        const at = (iso: string) => ({ time: iso });
        const base = { type: 'cluster', account: 'acme', user: 'Jane Doe' };
        const input = [
          { ...base, ...at('2026-11-20T10:00:00Z'), action: 'create', name: 'prod', resourceId: 'c-1' },
          { ...base, ...at('2026-11-22T10:00:00Z'), action: 'delete', name: 'prod renamed', resourceId: 'c-1' },
          // recorded later, but happened earlier: time decides
          { ...base, ...at('2026-11-21T10:00:00Z'), action: 'update', name: 'prod', resourceId: 'c-1' },
          { ...base, ...at('2026-11-20T10:00:00Z'), action: 'create', name: 'no-id', resourceId: null },
          { ...base, ...at('2026-11-21T10:00:00Z'), action: 'update', name: 'no-id', resourceId: null },
          {
            ...base,
            ...at('2026-11-23T10:00:00Z'),
            action: 'delete',
            name: 'no-id',
            resourceId: null,
            account: 'other',
          },
        ].map((e) => validateEvent(e, NOW));
        await store.record(items(input));
        const ref = (fields: Partial<ResourceRef>): ResourceRef => ({
          type: 'cluster',
          account: 'acme',
          resourceId: null,
          name: '',
          ...fields,
        });
        const asked = [
          ref({ resourceId: 'c-1', name: 'anything' }),
          ref({ name: 'no-id' }),
          ref({ name: 'no-id', account: 'other' }),
          ref({ name: 'no-id', account: null }),
          ref({ resourceId: 'c-2' }),
          ref({ name: 'no-id' }),
        ];
        const latest = await store.latestOf(asked);
        expect(latest.map((e) => e?.action)).toEqual(['delete', 'update', 'delete', undefined, undefined, 'update']);
        expect(latest[0]).toEqual(await store.get({ seq: 2 }));
        expect(await store.latestOf([])).toEqual([]);
      }),
    );

    it(
      'counts by action, type, top users and quarter hour as the events say',
      withStore(async ({ store }) => {
        await store.record(items(sample(1500, 14)));
        const events = await everything(store);
        const filter = { ...emptyFilter(), types: ['service' as const, 'job' as const], since: NOW - 20 * 86_400_000 };
        const matching = events.filter((e) => matchesFilter(e, filter));
        const tally = (key: (e: ActivityEvent) => string | number) => {
          const counts = new Map<string | number, number>();
          for (const e of matching) counts.set(key(e), (counts.get(key(e)) ?? 0) + 1);
          return counts;
        };
        const counts = await store.stats(filter, 5);
        expect(counts.total).toBe(matching.length);
        expect(counts.byAction).toEqual(Object.fromEntries(tally((e) => e.action)));
        expect(counts.byType).toEqual(Object.fromEntries(tally((e) => e.type)));
        const users = [...tally((e) => e.user)]
          .map(([user, n]) => ({ user: String(user), events: n }))
          .sort((a, b) => b.events - a.events || (a.user < b.user ? -1 : 1));
        expect(counts.topUsers).toEqual(users.slice(0, 5));
        const quarters = [...tally((e) => Math.floor(Date.parse(e.time) / QUARTER_HOUR_MS))].sort(
          (a, b) => Number(a[0]) - Number(b[0]),
        );
        expect([...counts.byQuarterHour].sort((a, b) => a[0] - b[0])).toEqual(quarters);
      }),
    );

    it(
      'gives the chain in any range of seqs, each link with its canonical encoding',
      withStore(async ({ store, connect }) => {
        const hostile = [
          { name: 'quote " backslash \\ tab \t nl \n', account: null, resourceId: null, user: 'Zoë O\'Brien, "Jr"' },
          {
            name: 'esc \u001b[31m bel \u0007 del \u007f',
            account: 'acme\u0001x',
            resourceId: 'r/\u2028',
            user: 'U\u0085',
          },
          { name: 'ünïcødé 😀', account: '', resourceId: 'id-1', user: 'Jane Doe' },
        ];
        const times = ['0000-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'];
        const input = sample(3).map((e, i) => validateEvent({ ...e, ...hostile[i], time: times[i] }, NOW));
        await store.record(items([...input, ...sample(300, 15)]));
        const stored = await everything(store);
        const links = await linksOf(store);
        expect(links).toEqual(stored.map(linkOf));
        let previous = GENESIS_HASH;
        for (const link of links) {
          expect(linkHash(previous, link.encoding)).toBe(link.hash);
          previous = link.hash;
        }
        expect(await linksOf(store, { afterSeq: 250 })).toEqual(stored.slice(250).map(linkOf));
        expect(await linksOf(store, { afterSeq: 100, throughSeq: 220 })).toEqual(stored.slice(100, 220).map(linkOf));
        expect(await linksOf(store, { afterSeq: 303 })).toEqual([]);
        // Recorded after this connection first read the chain, by another one.
        const other = await connect();
        await other.record(items(sample(5, 25).map((e) => ({ ...e, user: 'Someone New', name: 'new-thing' }))));
        const more = (await everything(store)).slice(303);
        expect(more.map((e) => e.user)).toEqual(Array(5).fill('Someone New'));
        expect(await linksOf(store, { afterSeq: 300 })).toEqual([...stored.slice(300), ...more].map(linkOf));
      }),
    );

    it(
      'restores stored events as they are, seq, hash and recordedBy included, and records after them',
      withStore(async ({ store, connect }) => {
        // Optional: a store without it (the remote one) takes no stored events.
        if (store.restore === undefined) return;
        const events = chained(sample(6, 30).map((e, i) => (i % 2 === 0 ? { ...e, recordedBy: 'ci-deploy' } : e)));
        expect(await store.restore([events.slice(0, 4), events.slice(4)])).toEqual({ restored: 6 });
        expect(await everything(store)).toEqual(events);
        expect(await store.head()).toEqual({ seq: 6, hash: events[5]?.hash });
        const other = await connect();
        expect(await other.record(items(sample(1, 31)))).toMatchObject({ firstSeq: 7, lastSeq: 7 });
        const after = await everything(store);
        expectOneChain(after);
        expect(after.slice(0, 6)).toEqual(events);
        expect(await store.restore([])).toEqual({ restored: 0 });
      }),
    );

    it(
      'refuses a restore whose events do not continue the chain, and writes nothing of it',
      withStore(async ({ store }) => {
        if (store.restore === undefined) return;
        await store.record(items(sample(2, 32)));
        const before = await everything(store);
        const head = { seq: 2, hash: before[1]?.hash as string };
        const [first, second, third] = sample(3, 33);
        const good = chained([first, second] as NewEvent[], head);
        const lies: [string, ActivityEvent[]][] = [
          ['a seq skipped', [...good, ...chained([third] as NewEvent[], { seq: 5, hash: good[1]?.hash as string })]],
          ['a hash not linked', [...good, ...chained([third] as NewEvent[], { seq: 4, hash: GENESIS_HASH })]],
          [
            'a name changed after hashing',
            [...good, { ...chained([third] as NewEvent[], good[1])[0], name: 'other' } as ActivityEvent],
          ],
          [
            'a field not as stored',
            [...good, ...chained([{ ...third, type: 'Node Pools' }] as unknown as NewEvent[], good[1])],
          ],
          ['an id taken', [...good, ...chained([{ ...third, id: before[0]?.id }] as NewEvent[], good[1])]],
          ['the head already restored', chained([first] as NewEvent[])],
        ];
        for (const [lie, events] of lies) {
          await expect(store.restore([events.slice(0, 1), events.slice(1)]), lie).rejects.toMatchObject({
            exitCode: ExitCode.integrity,
          });
          expect(await everything(store), lie).toEqual(before);
          expect(await store.head(), lie).toEqual(head);
        }
        expect(await store.restore([good])).toEqual({ restored: 2 });
      }),
    );

    it(
      'follows what another connection records, after a seq, matching a filter, until stopped',
      withStore(async ({ store, connect }) => {
        await store.record(items(sample(10, 16)));
        const writer = await connect();
        const stop = new AbortController();
        const filter = { ...emptyFilter(), actions: ['delete' as const] };
        const seen: ActivityEvent[] = [];
        let through = 0;
        const following = (async () => {
          for await (const step of store.follow(filter, 10, stop.signal)) {
            seen.push(...step.events);
            through = step.through;
            if (through >= 14) stop.abort();
          }
        })();
        const more = sample(4, 17).map((e, i) => ({ ...e, action: i % 2 === 0 ? ('delete' as const) : e.action }));
        for (const event of more) await writer.record(items([event]));
        await following;
        expect(through).toBe(14);
        const recorded = (await everything(store)).slice(10);
        expect(seen).toEqual(recorded.filter((e) => e.action === 'delete'));
      }),
    );
  });
}

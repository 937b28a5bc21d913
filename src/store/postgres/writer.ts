/**
 * The write path of the PostgreSQL store: one batch, one transaction, under the chain
 * lock. Events stream in by COPY, their ids looked up a group at a time where they may
 * be taken, so that a million-event import goes through bounded memory (docs/store.md,
 * "PostgreSQL").
 */
import type pg from 'pg';
import { type BatchItem, hashAt, type RecordSummary } from '../../core/batch.js';
import type { ChainHead } from '../../core/chain.js';
import { type NewEvent, sameContent } from '../../core/event.js';
import { foldCase } from '../../core/filter.js';
import { ProblemList } from '../../core/problems.js';
import { COPY_COLUMNS, CopyIn, copyLine } from './copy-in.js';
import {
  addCounts,
  COUNTS_TRIGGER,
  createCountsTrigger,
  createIndexes,
  createNamesTrigger,
  dayOf,
  EVENT_INDEXES,
  NAMES_TRIGGER,
} from './schema.js';

/** Events checked together for taken ids, in a store that held events before the batch. */
const GROUP = 2_000;

/**
 * A batch into an empty store that grows past this many events goes on into a table of
 * its own without secondary indexes, which are built at the end and the table swapped in:
 * one sort an index instead of a million insertions all over it (docs/store.md). Readers
 * meanwhile read the empty store, and wait only for the swap.
 */
const BULK_AFTER = 5_000;

/** The channel a commit names its new head on (follow listens to it). */
export const CHANNEL = 'activity_events';

/**
 * Memory for a bulk write's index builds (SET LOCAL: this transaction only). The default
 * 64 MB made each btree of a million events an external sort of several passes.
 */
const INDEX_BUILD_MEMORY = '256MB';

type EventItem = Extract<BatchItem, { event: NewEvent }>;

/**
 * The ids a batch into an empty store has written, as bits of a Bloom filter (32 MiB
 * whatever the batch's size): only an id whose bits are all set may be taken, and only
 * such ids are looked up. The look-up of every group's ids had been a seventh of a
 * million-event import. Five probes from two 32-bit hashes of the id: of the benchmark's
 * ids, none of 1,000,000 and 262 of 10,000,000 may have been seen when they had not (a
 * single FNV hash and 16 MiB had made 189 of 1,000,000 and 28,200 of 10,000,000).
 */
class SeenIds {
  private static readonly BITS = 2 ** 28;
  private static readonly PROBES = 5;
  private readonly bits = new Uint32Array(SeenIds.BITS / 32);

  /** Whether `id` may have been added; adds it. */
  addAndCheck(id: string): boolean {
    // FNV-1a and a multiply-xorshift hash side by side, each finished by murmur3's mix.
    let h = 0x811c9dc5;
    let g = 0x9747b28c;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h = Math.imul(h ^ c, 0x01000193);
      g = Math.imul(g ^ c, 0x5bd1e995);
      g ^= g >>> 15;
    }
    h = mix(h);
    const step = mix(g) | 1;
    let seen = true;
    for (let k = 0; k < SeenIds.PROBES; k++) {
      const bit = (h + Math.imul(k, step)) & (SeenIds.BITS - 1);
      const word = bit >>> 5;
      const mask = 1 << (bit & 31);
      const bits = this.bits[word] as number;
      if ((bits & mask) === 0) {
        seen = false;
        this.bits[word] = bits | mask;
      }
    }
    return seen;
  }
}

/** murmur3's finishing mix of a 32-bit hash. */
function mix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/**
 * The names and per-day counts of the events a bulk write places in its own table, kept
 * as they are placed: at its end they go into `event_names` and `event_counts` from
 * here, not from a scan of the new table (1.5 s of a million events). Either is left to
 * the scan once it holds more than LIMIT entries, which bounds its memory.
 */
class BulkSummary {
  private static readonly LIMIT = 100_000;
  /** Folded form by name; undefined once past LIMIT. */
  names: Map<string, string> | undefined = new Map();
  /**
   * Events by day, action, type and folded account (none for none), NUL-separated: NUL is
   * in no field (every store refuses it). Undefined once past LIMIT.
   */
  counts: Map<string, number> | undefined = new Map();

  add(e: NewEvent): void {
    if (this.names !== undefined && !this.names.has(e.name)) {
      this.names.set(e.name, foldCase(e.name));
      if (this.names.size > BulkSummary.LIMIT) this.names = undefined;
    }
    if (this.counts !== undefined) {
      const key = `${dayOf(e.instant)}\u0000${e.action}\u0000${e.type}${e.account === null ? '' : `\u0000${foldCase(e.account)}`}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      if (this.counts.size > BulkSummary.LIMIT) this.counts = undefined;
    }
  }
}

type StoredRow = Pick<NewEvent, 'action' | 'type' | 'name' | 'details'> & {
  seq: number;
  id: string;
  resource_id: string | null;
  account: string | null;
  user_name: string;
};

/** Records `chunks` in the transaction open on `client` (see ActivityStore.record). */
export async function writeBatch(
  client: pg.PoolClient,
  chunks: AsyncIterable<readonly BatchItem[]> | Iterable<readonly BatchItem[]>,
): Promise<RecordSummary> {
  // The chain lock: every writer, on any host, waits here for the one before it to
  // commit, and then reads the head that one left. No two can link to the same head.
  const locked = await client.query<{ seq: number; hash: string }>(
    "SELECT seq, encode(hash, 'hex') AS hash FROM chain_head FOR UPDATE",
  );
  const head: ChainHead = { ...(locked.rows[0] as ChainHead) };
  const before = head.seq;
  const summary: RecordSummary = { recorded: 0, unchanged: 0 };
  const problems = new ProblemList();
  /** Where events go: `events`, or in a bulk write the table that will replace it. */
  let table = 'events';
  // FREEZE into the bulk table, made in this transaction: its rows are written visible
  // to all, pages marked so in the visibility map, and counts can be index-only at once.
  const copy = new CopyIn(
    client,
    () => `COPY ${table} (${COPY_COLUMNS}) FROM STDIN${table === BULK_TABLE ? ' WITH (FREEZE)' : ''}`,
  );
  let bulkAsked = false;
  /** What a bulk write placed in its own table, for the summary tables at its end. */
  const bulk = new BulkSummary();
  /**
   * In a batch into an empty store, which ids may be taken (by this batch): the others
   * are placed as they come, with no look-up. In any other store, any may be.
   */
  const seen = before === 0 ? new SeenIds() : undefined;

  /** Places an event taken by no other at the head of the chain. */
  const place = async (item: EventItem) => {
    if (!bulkAsked && before === 0 && summary.recorded >= BULK_AFTER) {
      bulkAsked = true;
      await copy.end();
      if (await mayReplaceEvents(client)) {
        await beginBulk(client);
        table = BULK_TABLE;
      }
    }
    const seq = head.seq + 1;
    const hash = hashAt(item, seq, head.hash);
    await copy.add(copyLine(item.event, seq, hash));
    if (table === BULK_TABLE) bulk.add(item.event);
    head.seq = seq;
    head.hash = hash;
    summary.firstSeq ??= seq;
    summary.lastSeq = seq;
    summary.recorded++;
  };

  /** Checks a group's ids against the events stored and each other, then places the new ones; once anything is wrong, only checks. */
  const checkAndPlace = async (group: readonly EventItem[]) => {
    // Ids recorded before, by another batch or by an earlier group of this one.
    await copy.end();
    const found = (
      await client.query<StoredRow>(
        `SELECT seq, id, action, type, name, resource_id, account, user_name, details FROM ${table} WHERE id = ANY($1::text[])`,
        [group.map((item) => item.event.id)],
      )
    ).rows;
    const stored = new Map(found.map((row) => [row.id, row]));
    const inGroup = new Map<string, NewEvent>();
    for (const item of group) {
      const e = item.event;
      const earlier = stored.get(e.id);
      if (earlier !== undefined || inGroup.has(e.id)) {
        const same = earlier
          ? sameContent(e, {
              ...e,
              action: earlier.action,
              type: earlier.type,
              name: earlier.name,
              resourceId: earlier.resource_id,
              account: earlier.account,
              user: earlier.user_name,
              details: earlier.details,
            })
          : sameContent(e, inGroup.get(e.id) as NewEvent);
        if (same) summary.unchanged++;
        else {
          // An event of this batch has no seq yet that anyone will ever see.
          const where =
            earlier === undefined || earlier.seq > before
              ? 'earlier in this input'
              : `already recorded (seq ${earlier.seq})`;
          problems.add(item.line, `id "${e.id}" is ${where} with other content`);
        }
        continue;
      }
      inGroup.set(e.id, e);
      if (!problems.any) await place(item);
    }
  };

  let group: EventItem[] = [];
  const flush = async () => {
    if (group.length === 0) return;
    const items = group;
    group = [];
    await checkAndPlace(items);
  };
  try {
    for await (const chunk of chunks) {
      for (const item of chunk) {
        if ('problem' in item) {
          await flush(); // so that the events before it are checked for taken ids too
          problems.add(item.line, item.problem);
        } else if (problems.any) {
          // Nothing will be written: the rest is read for its problems only.
        } else if (seen !== undefined && !seen.addAndCheck(item.event.id) && group.length === 0) {
          await place(item);
        } else {
          // An id that may be taken waits in a group with those after it: one look-up (and
          // one end of the COPY under way) a group, not one each.
          group.push(item);
          if (group.length === GROUP) await flush();
        }
      }
    }
    await flush();
    await copy.end();
  } catch (error) {
    // The connection must be out of COPY for the rollback to run on it.
    await copy.end().catch(() => {});
    throw error;
  }
  problems.throwIfAny();
  if (table !== 'events') await finishBulk(client, bulk);
  if (summary.recorded > 0) {
    await client.query("UPDATE chain_head SET seq = $1, hash = decode($2, 'hex')", [head.seq, head.hash]);
    // Delivered at commit, to every follower on any host; followers also read by seq, so one missed loses nothing.
    await client.query('SELECT pg_notify($1, $2)', [CHANNEL, String(head.seq)]);
  }
  return summary;
}

const BULK_TABLE = 'events_bulk';

/**
 * Whether events may be replaced by a new table without losing what others gave it:
 * grants, triggers, views over it, or an owner other than this user.
 */
async function mayReplaceEvents(client: pg.PoolClient): Promise<boolean> {
  const { rows } = await client.query<{ bare: boolean }>(
    `SELECT c.relacl IS NULL AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
       AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname NOT IN ('${NAMES_TRIGGER}', '${COUNTS_TRIGGER}'))
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refobjid = c.oid AND d.classid = 'pg_rewrite'::regclass)
       AS bare
     FROM pg_class c WHERE c.oid = 'events'::regclass`,
  );
  return rows[0]?.bare === true;
}

/** A table like events with only its keys, holding what this batch wrote so far. */
async function beginBulk(client: pg.PoolClient): Promise<void> {
  await client.query(`CREATE TABLE ${BULK_TABLE} (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  await client.query(
    `ALTER TABLE ${BULK_TABLE} ADD CONSTRAINT ${BULK_TABLE}_pkey PRIMARY KEY (seq), ADD CONSTRAINT ${BULK_TABLE}_id_key UNIQUE (id)`,
  );
  await client.query(`INSERT INTO ${BULK_TABLE} SELECT * FROM events`);
}

/**
 * The bulk table's indexes built, then the table swapped in under events' names: only
 * the swap locks readers out, for the moment until the commit.
 */
async function finishBulk(client: pg.PoolClient, placed: BulkSummary): Promise<void> {
  await client.query(`SET LOCAL maintenance_work_mem = '${INDEX_BUILD_MEMORY}'`);
  await client.query(createIndexes(BULK_TABLE, 'bulk_'));
  await client.query('DROP TABLE events');
  await client.query(`ALTER TABLE ${BULK_TABLE} RENAME TO events`);
  await client.query(`ALTER TABLE events RENAME CONSTRAINT ${BULK_TABLE}_pkey TO events_pkey`);
  await client.query(`ALTER TABLE events RENAME CONSTRAINT ${BULK_TABLE}_id_key TO events_id_key`);
  for (const [name] of EVENT_INDEXES) await client.query(`ALTER INDEX bulk_${name} RENAME TO ${name}`);
  // The bulk table had no trigger: its names and counts are added once, here, to what
  // the trigger added for the events before the switch.
  if (placed.names === undefined) {
    await client.query(
      'INSERT INTO event_names (name, name_key) SELECT DISTINCT name, name_key FROM events ON CONFLICT (name) DO NOTHING',
    );
  } else {
    await client.query(
      'INSERT INTO event_names (name, name_key) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (name) DO NOTHING',
      [[...placed.names.keys()], [...placed.names.values()]],
    );
  }
  await client.query(createNamesTrigger('events'));
  if (placed.counts === undefined) {
    // Rebuilt from all the table holds: the store was empty, so that is this batch.
    await client.query('DELETE FROM event_counts');
    await client.query(addCounts('events'));
  } else {
    const rows = [...placed.counts].map(([key, n]) => {
      const [day, action, type, account] = key.split('\u0000');
      return [Number(day), action, type, account ?? null, n];
    });
    await client.query(
      `INSERT INTO event_counts (day, action, type, account_key, n)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[]) ORDER BY 1, 2, 3, 4
       ON CONFLICT (day, action, type, account_key) DO UPDATE SET n = event_counts.n + excluded.n`,
      [0, 1, 2, 3, 4].map((i) => rows.map((row) => row[i])),
    );
  }
  await client.query(createCountsTrigger('events'));
  // The planner's statistics for the new table and the summaries, committed with them.
  await client.query('ANALYZE events, event_names, event_counts');
}

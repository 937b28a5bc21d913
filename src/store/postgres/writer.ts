/**
 * The write path of the PostgreSQL store: one batch, one transaction, under the chain
 * lock. Events go in by COPY, a group at a time, so that a million-event import streams
 * through bounded memory (docs/store.md, "PostgreSQL").
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { BatchItem, RecordSummary } from '../../core/batch.js';
import { type ChainHead, chainHash } from '../../core/chain.js';
import { type NewEvent, sameContent } from '../../core/event.js';
import { foldCase } from '../../core/filter.js';
import { ProblemList } from '../../core/problems.js';
import { createIndexes, EVENT_INDEXES } from './schema.js';

/** Events checked for taken ids and written together: one look-up and one COPY a group. */
const GROUP = 2_000;

/**
 * A batch into an empty store that grows past this many events goes on into a table of
 * its own without secondary indexes, which are built at the end and the table swapped in:
 * one sort an index instead of a million insertions all over it (docs/store.md). Readers
 * meanwhile read the empty store, and wait only for the swap.
 */
const BULK_AFTER = 20_000;

/** The channel a commit names its new head on (follow listens to it). */
export const CHANNEL = 'activity_events';

const COPY_COLUMNS =
  'seq, id, time, action, type, name, name_key, resource_id, account, account_key, user_name, user_key, details, hash, recorded_by';

type EventItem = Extract<BatchItem, { event: NewEvent }>;

/** A value in COPY's text format: `\N` for null, and backslash, tab and line ends escaped. */
const copyValue = (value: string | number | null): string =>
  value === null
    ? '\\N'
    : typeof value === 'number'
      ? String(value)
      : value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));

function copyLine(e: NewEvent, seq: number, hash: string): string {
  return `${[
    seq,
    e.id,
    e.instant,
    e.action,
    e.type,
    e.name,
    foldCase(e.name),
    e.resourceId,
    e.account,
    e.account === null ? null : foldCase(e.account),
    e.user,
    foldCase(e.user),
    e.details,
    `\\x${hash}`,
    e.recordedBy ?? null,
  ]
    .map(copyValue)
    .join('\t')}\n`;
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
  let group: EventItem[] = [];
  /** Where events go: `events`, or in a bulk write the table that will replace it. */
  let table = 'events';
  let bulkAsked = false;

  /** Places a group's events in the chain and copies them in; once anything is wrong, only checks. */
  const flush = async () => {
    if (group.length === 0) return;
    const items = group;
    group = [];
    if (!bulkAsked && before === 0 && summary.recorded >= BULK_AFTER && !problems.any) {
      bulkAsked = true;
      if (await mayReplaceEvents(client)) {
        await beginBulk(client);
        table = BULK_TABLE;
      }
    }
    // Ids recorded before, by another batch or by an earlier group of this one (written already, in this transaction).
    const found = await client.query<StoredRow>(
      `SELECT seq, id, action, type, name, resource_id, account, user_name, details FROM ${table} WHERE id = ANY($1::text[])`,
      [items.map((item) => item.event.id)],
    );
    const stored = new Map(found.rows.map((row) => [row.id, row]));
    const inGroup = new Map<string, NewEvent>();
    let lines = '';
    for (const item of items) {
      const e = item.event;
      const earlier = stored.get(e.id);
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
        : inGroup.has(e.id) && sameContent(e, inGroup.get(e.id) as NewEvent);
      if (earlier !== undefined || inGroup.has(e.id)) {
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
      const seq = head.seq + 1;
      const link = item.link;
      const hash =
        link !== undefined && link.seq === seq && link.previous === head.hash
          ? link.hash
          : chainHash(head.hash, seq, e);
      lines += copyLine(e, seq, hash);
      head.seq = seq;
      head.hash = hash;
      summary.firstSeq ??= seq;
      summary.lastSeq = seq;
      summary.recorded++;
    }
    if (lines !== '' && !problems.any) {
      await pipeline(Readable.from([lines]), client.query(copyFrom(`COPY ${table} (${COPY_COLUMNS}) FROM STDIN`)));
    }
  };

  for await (const chunk of chunks) {
    for (const item of chunk) {
      if ('problem' in item) {
        await flush(); // so that the events before it are checked for taken ids too
        problems.add(item.line, item.problem);
      } else if (!problems.any) {
        group.push(item);
        if (group.length === GROUP) await flush();
      }
    }
  }
  await flush();
  problems.throwIfAny();
  if (table !== 'events') await finishBulk(client);
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
       AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid)
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
async function finishBulk(client: pg.PoolClient): Promise<void> {
  await client.query(createIndexes(BULK_TABLE, 'bulk_'));
  await client.query('DROP TABLE events');
  await client.query(`ALTER TABLE ${BULK_TABLE} RENAME TO events`);
  await client.query(`ALTER TABLE events RENAME CONSTRAINT ${BULK_TABLE}_pkey TO events_pkey`);
  await client.query(`ALTER TABLE events RENAME CONSTRAINT ${BULK_TABLE}_id_key TO events_id_key`);
  for (const [name] of EVENT_INDEXES) await client.query(`ALTER INDEX bulk_${name} RENAME TO ${name}`);
  // The planner's statistics for the new table, committed with it.
  await client.query('ANALYZE events');
}

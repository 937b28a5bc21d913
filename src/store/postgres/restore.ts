/**
 * Restoring stored events into the PostgreSQL store (ActivityStore.restore): under the
 * chain lock as writer.ts records, COPY in groups, the head moved and notified at the end.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ChainHead } from '../../core/chain.js';
import { IntegrityError } from '../../core/errors.js';
import type { ActivityEvent, NewEvent } from '../../core/event.js';
import { foldCase } from '../../core/filter.js';
import { restoredEvent } from '../../core/restore.js';
import { CHANNEL } from './writer.js';

/** Events sent by one COPY: what writer.ts sends too. */
const GROUP = 2_000;

const COPY_COLUMNS =
  'seq, id, time, action, type, name, name_key, resource_id, account, account_key, user_name, user_key, details, hash, recorded_by';

/** A value in COPY's text format: `\N` for null, and backslash, tab and line ends escaped. */
const copyValue = (value: string | number | null): string =>
  value === null
    ? '\\N'
    : typeof value === 'number'
      ? String(value)
      : value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));

const copyLine = (e: NewEvent, seq: number, hash: string): string =>
  `${[
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

/** Restores `chunks` in the transaction open on `client` (see ActivityStore.restore). */
export async function restoreEvents(
  client: pg.PoolClient,
  chunks: AsyncIterable<readonly ActivityEvent[]> | Iterable<readonly ActivityEvent[]>,
): Promise<{ restored: number }> {
  // The chain lock every writer takes (writer.ts): recording waits for the restore, and the restore for it.
  const locked = await client.query<ChainHead>("SELECT seq, encode(hash, 'hex') AS hash FROM chain_head FOR UPDATE");
  const head: ChainHead = { ...(locked.rows[0] as ChainHead) };
  let restored = 0;
  let lines: string[] = [];
  const flush = async () => {
    if (lines.length === 0) return;
    const group = lines;
    lines = [];
    try {
      await pipeline(
        Readable.from([group.join('')]),
        client.query(copyFrom(`COPY events (${COPY_COLUMNS}) FROM STDIN`)),
      );
    } catch (error) {
      if ((error as { code?: unknown }).code !== '23505') throw error;
      throw new IntegrityError(
        `cannot restore the events up to seq ${head.seq}: an id among them is at another seq already`,
        'nothing of this restore was written; verify the source store',
      );
    }
  };
  for await (const chunk of chunks) {
    for (const stored of chunk) {
      lines.push(copyLine(restoredEvent(head, stored), stored.seq, stored.hash));
      head.seq = stored.seq;
      head.hash = stored.hash;
      restored++;
      if (lines.length === GROUP) await flush();
    }
  }
  await flush();
  if (restored > 0) {
    await client.query("UPDATE chain_head SET seq = $1, hash = decode($2, 'hex')", [head.seq, head.hash]);
    // The planner's statistics, committed with the events, whenever the table holds twice
    // the rows they were taken on (a copy's restores: a few times in all). Planned without
    // them, a page of 200,000 restored events took 130 ms instead of 3.
    const [stats] = (
      await client.query<{ rows: number }>("SELECT reltuples AS rows FROM pg_class WHERE oid = 'events'::regclass")
    ).rows;
    if (head.seq > 2 * Math.max(stats?.rows ?? 0, 0)) await client.query('ANALYZE events');
    // Followers see copied events as they see recorded ones (writer.ts).
    await client.query('SELECT pg_notify($1, $2)', [CHANNEL, String(head.seq)]);
  }
  return { restored };
}

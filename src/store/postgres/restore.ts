/**
 * Restoring stored events into the PostgreSQL store (ActivityStore.restore): under the
 * chain lock as writer.ts records, by COPY, the head moved and notified at the end.
 */
import type pg from 'pg';
import type { ChainHead } from '../../core/chain.js';
import { IntegrityError } from '../../core/errors.js';
import type { ActivityEvent } from '../../core/event.js';
import { restoredEvent } from '../../core/restore.js';
import { COPY_COLUMNS, CopyIn, copyLine } from './copy-in.js';
import { CHANNEL } from './writer.js';

/** Restores `chunks` in the transaction open on `client` (see ActivityStore.restore). */
export async function restoreEvents(
  client: pg.PoolClient,
  chunks: AsyncIterable<readonly ActivityEvent[]> | Iterable<readonly ActivityEvent[]>,
): Promise<{ restored: number }> {
  // The chain lock every writer takes (writer.ts): recording waits for the restore, and the restore for it.
  const locked = await client.query<ChainHead>("SELECT seq, encode(hash, 'hex') AS hash FROM chain_head FOR UPDATE");
  const head: ChainHead = { ...(locked.rows[0] as ChainHead) };
  let restored = 0;
  const copy = new CopyIn(client, () => `COPY events (${COPY_COLUMNS}) FROM STDIN`);
  try {
    for await (const chunk of chunks) {
      for (const stored of chunk) {
        await copy.add(copyLine(restoredEvent(head, stored), stored.seq, stored.hash));
        head.seq = stored.seq;
        head.hash = stored.hash;
        restored++;
      }
    }
    await copy.end();
  } catch (error) {
    // The connection must be out of COPY for the rollback to run on it.
    await copy.end().catch(() => {});
    if ((error as { code?: unknown }).code !== '23505') throw error;
    throw new IntegrityError(
      `cannot restore the events up to seq ${head.seq}: an id among them is at another seq already`,
      'nothing of this restore was written; verify the source store',
    );
  }
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

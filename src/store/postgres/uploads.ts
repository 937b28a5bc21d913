/**
 * Uploads kept in the database (UploadStore): every server of the store sees every
 * upload, so a load balancer may send each part, and the commit, to any of them. A part
 * or a commit holds its upload's row lock; another request on it meanwhile is refused
 * (`busy`) rather than made to wait. The commit records the parts and drops the upload in
 * one transaction: it is done once, or not at all.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { UPLOAD_LIMITS, UploadRefused, type UploadStore, uploadRefused } from '../store.js';
import { writeBatch } from './writer.js';

/** What the uploads need of the store. */
export interface UploadQueries {
  rows<T>(text: string, values?: unknown[]): Promise<T[]>;
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** A connection of its own: a commit reads the parts on it while its transaction writes. */
  connect(): Promise<pg.Client>;
}

interface UploadRow {
  parts: number;
  touched: number;
}

const LOCK_NOT_AVAILABLE = '55P03';

/** The owner's live upload, locked until the transaction ends; refused when another request holds it. */
async function lockUpload(client: pg.PoolClient, id: string, owner: string, now: number): Promise<UploadRow> {
  let row: UploadRow | undefined;
  try {
    [row] = (
      await client.query<UploadRow>(
        'SELECT parts, touched FROM uploads WHERE id = $1 AND owner = $2 FOR UPDATE NOWAIT',
        [id, owner],
      )
    ).rows;
  } catch (error) {
    if ((error as { code?: unknown }).code === LOCK_NOT_AVAILABLE) throw uploadRefused.busy();
    throw error;
  }
  if (row === undefined || row.touched < now - UPLOAD_LIMITS.idleMs) throw uploadRefused.unknown(id);
  return row;
}

/** An upload's parts, in order, read one at a time on a connection of their own. */
async function* readParts(db: UploadQueries, id: string, parts: number): AsyncIterable<Buffer> {
  const client = await db.connect();
  try {
    for (let part = 1; part <= parts; part++) {
      const { rows } = await client.query<{ body: Buffer }>(
        'SELECT body FROM upload_parts WHERE upload = $1 AND part = $2',
        [id, part],
      );
      const body = rows[0]?.body;
      if (body === undefined) throw new Error(`part ${part} of upload ${id} is missing`);
      yield body;
    }
  } finally {
    await client.end().catch(() => {});
  }
}

export function postgresUploads(db: UploadQueries): UploadStore {
  return {
    begin(owner) {
      const now = Date.now();
      return db.transaction(async (client) => {
        // One owner's uploads begin one at a time, on every server: the count holds until the insert.
        await client.query("SELECT pg_advisory_xact_lock(hashtext('activity uploads ' || $1))", [owner]);
        // Idle ones go as new ones come; one a commit is at work on is left to it.
        await client.query(
          'DELETE FROM uploads WHERE id IN (SELECT id FROM uploads WHERE touched < $1 FOR UPDATE SKIP LOCKED)',
          [now - UPLOAD_LIMITS.idleMs],
        );
        const [mine] = (
          await client.query<{ open: number }>('SELECT count(*)::int AS open FROM uploads WHERE owner = $1', [owner])
        ).rows;
        if ((mine?.open ?? 0) >= UPLOAD_LIMITS.open) throw uploadRefused.tooMany(mine?.open ?? 0);
        const id = randomBytes(16).toString('hex');
        await client.query('INSERT INTO uploads (id, owner, touched) VALUES ($1, $2, $3)', [id, owner, now]);
        return id;
      });
    },

    add(id, owner, part, lines) {
      const now = Date.now();
      return db.transaction(async (client) => {
        const upload = await lockUpload(client, id, owner, now);
        const [staged] = (
          await client.query<{ bytes: number }>(
            'SELECT coalesce(sum(bytes), 0)::bigint AS bytes FROM uploads WHERE owner = $1',
            [owner],
          )
        ).rows;
        if ((staged?.bytes ?? 0) + part.length > UPLOAD_LIMITS.bytes) throw uploadRefused.tooLarge();
        await client.query('INSERT INTO upload_parts (upload, part, body) VALUES ($1, $2, $3)', [
          id,
          upload.parts + 1,
          part,
        ]);
        const [updated] = (
          await client.query<{ lines: number }>(
            'UPDATE uploads SET parts = parts + 1, bytes = bytes + $2, lines = lines + $3, touched = $4 WHERE id = $1 RETURNING lines',
            [id, part.length, lines, now],
          )
        ).rows;
        return updated?.lines ?? 0;
      });
    },

    async commit(id, owner, parse) {
      const now = Date.now();
      try {
        return await db.transaction(async (client) => {
          const upload = await lockUpload(client, id, owner, now);
          const summary = await writeBatch(client, parse(readParts(db, id, upload.parts)));
          await client.query('DELETE FROM uploads WHERE id = $1', [id]);
          return summary;
        });
      } catch (error) {
        // A commit that failed drops the upload too (its events are refused as a whole);
        // one refused as busy or unknown leaves it to whoever has it.
        if (!(error instanceof UploadRefused)) {
          await db.rows('DELETE FROM uploads WHERE id = $1 AND owner = $2', [id, owner]).catch(() => {});
        }
        throw error;
      }
    },

    async drop(id, owner) {
      const now = Date.now();
      await db.transaction(async (client) => {
        await lockUpload(client, id, owner, now);
        await client.query('DELETE FROM uploads WHERE id = $1', [id]);
      });
    },
  };
}

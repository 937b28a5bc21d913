/** The PostgreSQL store's tokens (reference §8): digests only, in the `tokens` table, as the SQLite store keeps them. */
import { UsageError } from '../../core/errors.js';
import {
  generateSessionSecret,
  generateToken,
  type NewToken,
  type Scope,
  type StoredToken,
  type TokenInfo,
  tokenConflict,
  tokenDigest,
} from '../../core/token.js';
import type { TokenStore } from '../store.js';
import { NOTE_USE_EVERY_MS, type TokenRow, tokenInfo } from '../token-rows.js';

const COLUMNS = 't.name, t.scope, t.created, t.last_used';

/** What the tokens need of the store: a query, and a transaction. */
export interface Queries {
  rows<T>(text: string, values?: unknown[]): Promise<T[]>;
  transaction<T>(work: (query: <R>(text: string, values?: unknown[]) => Promise<R[]>) => Promise<T>): Promise<T>;
}

export function postgresTokens(db: Queries): TokenStore {
  return {
    async create(name: string, scope: Scope): Promise<NewToken> {
      const token = generateToken();
      const now = Date.now();
      return db.transaction(async (query) => {
        // Names are taken one at a time: two admins creating the same name get one token.
        await query('LOCK TABLE tokens IN SHARE ROW EXCLUSIVE MODE');
        const [taken] = await query<{ revoked: number | null }>('SELECT revoked FROM tokens WHERE name = $1', [name]);
        if (taken !== undefined) {
          throw new UsageError(
            taken.revoked === null ? `a token named "${name}" exists` : `a token named "${name}" was revoked`,
            'give another name: the events a token recorded carry its name, so a name is never given twice',
          );
        }
        await query("INSERT INTO tokens (name, scope, digest, created) VALUES ($1, $2, decode($3, 'hex'), $4)", [
          name,
          scope,
          tokenDigest(token),
          now,
        ]);
        return { token, info: tokenInfo({ name, scope, created: now, last_used: null }) };
      });
    },

    async list(): Promise<TokenInfo[]> {
      const rows = await db.rows<TokenRow>(
        `SELECT ${COLUMNS} FROM tokens t WHERE t.revoked IS NULL ORDER BY t.name COLLATE "C"`,
      );
      return rows.map(tokenInfo);
    },

    async revoke(name: string): Promise<void> {
      const changed = await db.rows('UPDATE tokens SET revoked = $1 WHERE name = $2 AND revoked IS NULL RETURNING 1', [
        Date.now(),
        name,
      ]);
      if (changed.length === 0) throw new UsageError(`no token named "${name}"`, 'see activity token list');
    },

    async authenticate(token: string): Promise<TokenInfo | undefined> {
      const now = Date.now();
      const [row] = await db.rows<TokenRow>(
        `SELECT ${COLUMNS} FROM tokens t WHERE t.digest = decode($1, 'hex') AND t.revoked IS NULL`,
        [tokenDigest(token)],
      );
      if (row === undefined) return undefined;
      if (row.last_used === null || now - row.last_used >= NOTE_USE_EVERY_MS) {
        // Best effort, after the answer.
        void db.rows('UPDATE tokens SET last_used = $1 WHERE name = $2', [now, row.name]).catch(() => {});
      }
      return tokenInfo(row);
    },

    async openSession(tokenName: string, expires: number): Promise<string> {
      const secret = generateSessionSecret();
      const now = Date.now();
      await db.transaction(async (query) => {
        // Ended sessions go as new ones come: the table holds only what may still be used.
        await query('DELETE FROM sessions WHERE expires <= $1', [now]);
        const live = await query('SELECT 1 FROM tokens WHERE name = $1 AND revoked IS NULL FOR SHARE', [tokenName]);
        if (live.length === 0) throw new UsageError(`no live token named "${tokenName}"`);
        await query("INSERT INTO sessions (digest, token, created, expires) VALUES (decode($1, 'hex'), $2, $3, $4)", [
          tokenDigest(secret),
          tokenName,
          now,
          expires,
        ]);
      });
      return secret;
    },

    async session(secret: string): Promise<TokenInfo | undefined> {
      const [row] = await db.rows<TokenRow>(
        `SELECT ${COLUMNS} FROM sessions s JOIN tokens t ON t.name = s.token ` +
          "WHERE s.digest = decode($1, 'hex') AND s.expires > $2 AND t.revoked IS NULL",
        [tokenDigest(secret), Date.now()],
      );
      return row && tokenInfo(row);
    },

    async closeSession(secret: string): Promise<void> {
      await db.rows("DELETE FROM sessions WHERE digest = decode($1, 'hex')", [tokenDigest(secret)]);
    },

    stored(): Promise<StoredToken[]> {
      return db.rows<StoredToken>(
        `SELECT name, scope, encode(digest, 'hex') AS digest, created, last_used AS "lastUsed", revoked
         FROM tokens ORDER BY name COLLATE "C"`,
      );
    },

    restore(tokens: readonly StoredToken[]): Promise<{ added: number }> {
      return db.transaction(async (query) => {
        // As create does: names are taken one at a time.
        await query('LOCK TABLE tokens IN SHARE ROW EXCLUSIVE MODE');
        let added = 0;
        for (const t of tokens) {
          const [held] = await query<{ digest: string }>(
            "SELECT encode(digest, 'hex') AS digest FROM tokens WHERE name = $1",
            [t.name],
          );
          if (held === undefined) {
            await query(
              "INSERT INTO tokens (name, scope, digest, created, last_used, revoked) VALUES ($1, $2, decode($3, 'hex'), $4, $5, $6)",
              [t.name, t.scope, t.digest, t.created, t.lastUsed, t.revoked],
            );
            added++;
          } else if (held.digest !== t.digest) {
            throw tokenConflict(t.name);
          } else {
            await query(
              'UPDATE tokens SET last_used = greatest(last_used, $1::bigint), revoked = coalesce(revoked, $2::bigint) WHERE name = $3',
              [t.lastUsed, t.revoked, t.name],
            );
          }
        }
        return { added };
      });
    },
  };
}

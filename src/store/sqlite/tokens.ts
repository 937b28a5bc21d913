/** The SQLite store's tokens (reference §8): digests only, in the `tokens` table. */
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
import { NOTE_USE_EVERY_MS, type TokenRow, tokenInfo } from '../token-rows.js';
import type { Connection } from './connection.js';
import { storeFailure } from './failures.js';
import { inWriteQueue } from './writer.js';

export class SqliteTokens {
  constructor(private readonly connection: Connection) {}

  async create(name: string, scope: Scope, now: number): Promise<NewToken> {
    const token = generateToken();
    const taken = () =>
      this.connection.statement('SELECT revoked FROM tokens WHERE name = ?').pluck().get(name) as
        | number
        | null
        | undefined;
    return this.write(() => {
      const revoked = taken();
      if (revoked !== undefined) {
        throw new UsageError(
          revoked === null ? `a token named "${name}" exists` : `a token named "${name}" was revoked`,
          'give another name: the events a token recorded carry its name, so a name is never given twice',
        );
      }
      this.connection
        .statement('INSERT INTO tokens (name, scope, digest, created) VALUES (?, ?, unhex(?), ?)')
        .run(name, scope, tokenDigest(token), now);
      return { token, info: tokenInfo({ name, scope, created: now, last_used: null }) };
    });
  }

  async list(): Promise<TokenInfo[]> {
    return this.connection.run(() =>
      (
        this.connection
          .statement('SELECT name, scope, created, last_used FROM tokens WHERE revoked IS NULL ORDER BY name')
          .all() as TokenRow[]
      ).map(tokenInfo),
    );
  }

  async revoke(name: string, now: number): Promise<void> {
    await this.write(() => {
      const changed = this.connection
        .statement('UPDATE tokens SET revoked = ? WHERE name = ? AND revoked IS NULL')
        .run(now, name).changes;
      if (changed === 0) throw new UsageError(`no token named "${name}"`, 'see activity token list');
    });
  }

  async authenticate(token: string, now: number): Promise<TokenInfo | undefined> {
    const row = this.connection.run(
      () =>
        this.connection
          .statement('SELECT name, scope, created, last_used FROM tokens WHERE digest = unhex(?) AND revoked IS NULL')
          .get(tokenDigest(token)) as TokenRow | undefined,
    );
    if (row === undefined) return undefined;
    if (row.last_used === null || now - row.last_used >= NOTE_USE_EVERY_MS) {
      // Best effort, after the answer: a store busy with a large import notes it later.
      void this.write(() =>
        this.connection.statement('UPDATE tokens SET last_used = ? WHERE name = ?').run(now, row.name),
      ).catch(() => {});
    }
    return tokenInfo(row);
  }

  async openSession(tokenName: string, expires: number, now: number): Promise<string> {
    const secret = generateSessionSecret();
    await this.write(() => {
      // Ended sessions go as new ones come: the table holds only what may still be used.
      this.connection.statement('DELETE FROM sessions WHERE expires <= ?').run(now);
      const live = this.connection
        .statement('SELECT 1 FROM tokens WHERE name = ? AND revoked IS NULL')
        .pluck()
        .get(tokenName);
      if (live === undefined) throw new UsageError(`no live token named "${tokenName}"`);
      this.connection
        .statement('INSERT INTO sessions (digest, token, created, expires) VALUES (unhex(?), ?, ?, ?)')
        .run(tokenDigest(secret), tokenName, now, expires);
    });
    return secret;
  }

  async session(secret: string, now: number): Promise<TokenInfo | undefined> {
    const row = this.connection.run(
      () =>
        this.connection
          .statement(
            'SELECT t.name, t.scope, t.created, t.last_used FROM sessions s JOIN tokens t ON t.name = s.token ' +
              'WHERE s.digest = unhex(?) AND s.expires > ? AND t.revoked IS NULL',
          )
          .get(tokenDigest(secret), now) as TokenRow | undefined,
    );
    return row && tokenInfo(row);
  }

  async closeSession(secret: string): Promise<void> {
    await this.write(() =>
      this.connection.statement('DELETE FROM sessions WHERE digest = unhex(?)').run(tokenDigest(secret)),
    );
  }

  async stored(): Promise<StoredToken[]> {
    return this.connection.run(
      () =>
        this.connection
          .statement(
            'SELECT name, scope, lower(hex(digest)) AS digest, created, last_used AS lastUsed, revoked FROM tokens ORDER BY name',
          )
          .all() as StoredToken[],
    );
  }

  async restore(tokens: readonly StoredToken[]): Promise<{ added: number }> {
    return this.write(() => {
      let added = 0;
      for (const t of tokens) {
        const held = this.connection
          .statement('SELECT lower(hex(digest)) FROM tokens WHERE name = ?')
          .pluck()
          .get(t.name) as string | undefined;
        if (held === undefined) {
          this.connection
            .statement(
              'INSERT INTO tokens (name, scope, digest, created, last_used, revoked) VALUES (?, ?, unhex(?), ?, ?, ?)',
            )
            .run(t.name, t.scope, t.digest, t.created, t.lastUsed, t.revoked);
          added++;
        } else if (held !== t.digest) {
          throw tokenConflict(t.name);
        } else {
          this.connection
            .statement(
              'UPDATE tokens SET last_used = max(ifnull(last_used, ?), ifnull(?, last_used)), revoked = coalesce(revoked, ?) WHERE name = ?',
            )
            .run(t.lastUsed, t.lastUsed, t.revoked, t.name);
        }
      }
      return { added };
    });
  }

  /** A write in this process's queue for the file, so that it never waits on a record of its own. */
  private write<T>(work: () => T): Promise<T> {
    return inWriteQueue(this.connection, async () => {
      try {
        return this.connection.db.transaction(work).immediate();
      } catch (error) {
        throw error instanceof UsageError ? error : storeFailure(this.connection.location, error);
      }
    });
  }
}

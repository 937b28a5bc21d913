/** The store contract, unchanged, against the PostgreSQL store: a database of its own for each test. */
import { expect, it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { storeContract } from './contract.js';
import { describeWithPostgres, freshDatabase } from './postgres.js';

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
});

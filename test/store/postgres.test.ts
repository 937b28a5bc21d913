/** The store contract, unchanged, against the PostgreSQL store: a database of its own for each test. */
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
});

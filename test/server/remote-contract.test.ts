/** The store contract, unchanged, against the remote store: a real `activity serve` for each test. */
import { join } from 'node:path';
import { HttpStore } from '../../src/store/http/http-store.js';
import { tempDir } from '../helpers.js';
import { storeContract } from '../store/contract.js';
import { makeToken, type RunningServer, startServer } from './serve.js';

const dir = tempDir();
const servers: RunningServer[] = [];
let made = 0;

storeContract('remote (activity serve)', {
  async create() {
    const path = join(dir, `store-${++made}.db`);
    const token = await makeToken(path, 'contract', 'admin');
    const server = await startServer(path, dir, ['--rate-limit', '0']);
    servers.push(server);
    const open = () => new HttpStore({ location: server.url, mode: 'write', durability: 'normal', token });
    return { store: open(), connect: async () => open() };
  },
  async teardown() {
    await Promise.all(servers.map((server) => server.stop()));
  },
});

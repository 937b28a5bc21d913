/**
 * A long-running writer's checkpoints (docs/store.md, "Checkpoints"): folds the WAL into
 * the store file on a thread of its own, each time it is asked, so that the thread that
 * records never waits for it.
 */

import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { nativeBinding } from './connection.js';

const port = parentPort;
if (port === null) throw new Error('checkpoint worker started outside a worker thread');
const db = new Database((workerData as { path: string }).path, {
  fileMustExist: true,
  timeout: 1000,
  nativeBinding: nativeBinding(),
});

port.on('message', (message: 'checkpoint' | 'close') => {
  if (message === 'close') {
    db.close();
    port.close();
    return;
  }
  try {
    // PASSIVE: copies what no reader still needs, and never waits for writers or readers.
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A busy or failing checkpoint is tried again at the next commit; the WAL stays valid meanwhile.
  }
  port.postMessage('done');
});

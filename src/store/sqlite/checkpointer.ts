import type { Worker } from 'node:worker_threads';
import type { Connection } from './connection.js';

/** Also between commits: what other connections wrote (a token's last use) is folded in too. */
const EVERY_MS = 60_000;

/** SQLite's own threshold, in pages, for the committing connection to take over should the thread fail. */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * Past this many pages in the WAL (64 MiB of 16 KiB pages) the committing connection
 * checkpoints too. Under writes that never pause, the thread's checkpoints are never
 * complete when the next write begins, and only a complete one lets SQLite start the
 * WAL over: it would grow for as long as the writes went on. The connection then copies
 * only what the thread has not.
 */
const WRITER_CHECKPOINTS_PAST = 4096;

export class Checkpointer {
  private readonly worker: Worker;
  private running = false;
  private again = false;
  private readonly exited: Promise<void>;
  private readonly timer: NodeJS.Timeout;

  /** Checkpoints for `writer`'s file; `writer` does them itself again should the thread fail. */
  constructor(writer: Connection) {
    writer.db.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINTS_PAST}`);
    const { Worker } = process.getBuiltinModule('node:worker_threads');
    this.worker = new Worker(new URL('./checkpoint-worker.cjs', import.meta.url), {
      workerData: { path: writer.location },
    });
    this.worker.on('message', () => {
      this.running = false;
      if (this.again) this.request();
    });
    this.worker.on('error', () => {
      if (writer.db.open) writer.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.timer = setInterval(() => this.request(), EVERY_MS);
    this.timer.unref();
  }

  /** A checkpoint soon: now, or after the one that is running. */
  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.again = false;
    this.running = true;
    this.worker.postMessage('checkpoint');
  }

  /** Ends the thread after its checkpoint, its connection closed (an abandoned one would keep its locks). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.worker.postMessage('close');
    await this.exited;
  }
}

import { type FSWatcher, watch } from 'node:fs';

/**
 * How often a follower looks for new commits when it cannot watch the WAL file, and
 * for a second after the WAL last changed. Follow latency is at most this plus the query.
 */
const POLL_MS = 100;

/**
 * How often a follower looks right after the WAL changed: a commit becomes visible
 * only once its writer has updated the WAL's index, a moment after its last write.
 */
const SOON_MS = 5;

/**
 * How often a follower that watches the WAL file looks anyway, should a change go
 * unreported: rarely, since an idle follower's CPU is a benchmark target (bench/RESULTS.md).
 */
const IDLE_POLL_MS = 1000;

/**
 * Wakes a follower when the store's WAL file changes, which every commit of another
 * connection does (inotify on Linux), rather than at every poll. Without a watch (no
 * WAL file yet, a file system that cannot watch) it waits POLL_MS each time.
 */
export class WalWatch {
  private watcher: FSWatcher | undefined;
  private changedAt = Number.NEGATIVE_INFINITY;
  private changed = false;
  private wake: (() => void) | undefined;

  constructor(path?: string) {
    if (path === undefined) return;
    try {
      this.watcher = watch(path, { persistent: false }, () => {
        this.changedAt = Date.now();
        this.changed = true;
        this.wake?.();
      });
      this.watcher.on('error', () => this.close());
    } catch {
      this.watcher = undefined;
    }
  }

  /** Waits until the WAL changes or a poll is due, or `signal` aborts; whether to go on. */
  wait(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (this.changed) {
      this.changed = false;
      return Promise.resolve(true);
    }
    const since = Date.now() - this.changedAt;
    const ms =
      this.watcher === undefined
        ? POLL_MS
        : since < 10 * SOON_MS
          ? SOON_MS
          : since < IDLE_POLL_MS
            ? POLL_MS
            : IDLE_POLL_MS;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        this.changed = false;
        resolve(!signal.aborted);
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      this.wake = done;
    });
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}

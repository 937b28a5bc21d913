/**
 * Uploads staged on the server's own disk, for a store that keeps none (SQLite): a file
 * an upload in a private folder, and its state in this process. Only this server has
 * them: behind a load balancer, the store's own uploads are needed (PostgreSQL's are).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActivityStore, UploadStore } from '../store/store.js';
import { UPLOAD_LIMITS, uploadRefused } from '../store/store.js';

interface Upload {
  owner: string;
  path: string;
  fd: number;
  bytes: number;
  lines: number;
  timer: NodeJS.Timeout;
  /** A part or the commit is at work on it. */
  busy: boolean;
}

/** Bytes of a staged upload read at a time at its commit. */
const READ_BYTES = 1024 * 1024;

export function diskUploads(store: ActivityStore): UploadStore & { close(): void } {
  const uploads = new Map<string, Upload>();
  let folder: string | undefined;
  const drop = (id: string) => {
    const upload = uploads.get(id);
    if (upload === undefined) return;
    uploads.delete(id);
    clearTimeout(upload.timer);
    closeSync(upload.fd);
    rmSync(upload.path, { force: true });
  };
  const idle = (id: string) => setTimeout(() => drop(id), UPLOAD_LIMITS.idleMs).unref();
  /** The owner's upload, not another's, and not busy with another request: now busy with this one. */
  const take = (id: string, owner: string): Upload => {
    const upload = uploads.get(id);
    if (upload === undefined || upload.owner !== owner) {
      throw uploadRefused.unknown(id);
    }
    if (upload.busy) {
      throw uploadRefused.busy();
    }
    upload.busy = true;
    clearTimeout(upload.timer);
    return upload;
  };
  const release = (id: string, upload: Upload) => {
    upload.busy = false;
    upload.timer = idle(id);
  };

  return {
    async begin(owner) {
      const mine = [...uploads.values()].filter((upload) => upload.owner === owner).length;
      if (mine >= UPLOAD_LIMITS.open) {
        throw uploadRefused.tooMany(mine);
      }
      folder ??= mkdtempSync(join(tmpdir(), 'activity-uploads-'));
      const id = randomBytes(16).toString('hex');
      const path = join(folder, id);
      uploads.set(id, {
        owner,
        path,
        fd: openSync(path, 'wx+', 0o600),
        bytes: 0,
        lines: 0,
        timer: idle(id),
        busy: false,
      });
      return id;
    },

    async add(id, owner, part, lines) {
      const upload = take(id, owner);
      try {
        const staged = [...uploads.values()]
          .filter((other) => other.owner === owner)
          .reduce((sum, other) => sum + other.bytes, 0);
        if (staged + part.length > UPLOAD_LIMITS.bytes) throw uploadRefused.tooLarge();
        writeSync(upload.fd, part, 0, part.length, upload.bytes);
        upload.bytes += part.length;
        upload.lines += lines;
        return upload.lines;
      } finally {
        release(id, upload);
      }
    },

    async commit(id, owner, parse) {
      const upload = take(id, owner);
      try {
        const parts = createReadStream('', { fd: upload.fd, start: 0, autoClose: false, highWaterMark: READ_BYTES });
        return await store.record(parse(parts));
      } finally {
        drop(id);
      }
    },

    async drop(id, owner) {
      take(id, owner);
      drop(id);
    },

    close() {
      for (const id of [...uploads.keys()]) drop(id);
      if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    },
  };
}

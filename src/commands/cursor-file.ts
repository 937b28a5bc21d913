import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../core/errors.js';

/**
 * `--cursor-file` (SPEC §2): the highest seq an incremental export has written, as
 * one decimal number and a newline. It moves only after the output was taken, by
 * writing a temporary file beside it and renaming it over the old one, so a crash
 * leaves the old cursor or the new one, never a torn file.
 */
export class CursorFile {
  constructor(readonly path: string) {}

  /** The stored seq; undefined when the file does not exist yet ("from the beginning"). */
  read(): number | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        this.checkWritable();
        return undefined;
      }
      const why = code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
      throw new UsageError(`cannot read cursor file ${this.path}: ${why}`, 'give the path of a file');
    }
    const seq = text.trim();
    if (!/^\d{1,15}$/.test(seq)) {
      throw new UsageError(
        `cursor file ${this.path} is corrupt: expected a seq number, found "${seq.slice(0, 40)}"`,
        'fix it, or delete it to export from the beginning',
      );
    }
    this.checkWritable();
    return Number(seq);
  }

  /** A cursor beyond the store's last seq belongs to another store, or to one since emptied. */
  checkWithin(seq: number, head: number): void {
    if (seq > head) {
      throw new UsageError(
        `cursor file ${this.path} is at seq ${seq}, past the end of the store (seq ${head})`,
        'is it the cursor of another store? delete it to start from the beginning',
      );
    }
  }

  /** Fails before any output when the cursor could not be saved afterwards. */
  private checkWritable(): void {
    checkDirectory(this.path, 'cursor file');
  }

  write(seq: number): void {
    saveFile(this.path, `${seq}\n`, 'cursor file');
  }
}

/** A file's directory must exist before a long run whose result is saved in it. */
export function checkDirectory(path: string, what: string): void {
  const dir = dirname(path);
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new UsageError(`cannot write ${what} ${path}: no directory ${dir}`, 'create it first');
  }
}

/** Replaces a small state file whole: a crash leaves the old one or the new one, never a part. */
export function saveFile(path: string, text: string, what: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(temp, 'w', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new UsageError(`cannot write ${what} ${path}: ${(error as Error).message}`);
  }
}

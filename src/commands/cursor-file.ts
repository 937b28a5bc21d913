import { UsageError } from '../core/errors.js';
import { checkDirectory, readStateFile, saveFile } from '../state-files.js';

/**
 * `--cursor-file` (reference §2): the highest seq an incremental export has written, as
 * one decimal number and a newline. It moves only after the output was taken, by
 * writing a temporary file beside it and renaming it over the old one, so a crash
 * leaves the old cursor or the new one, never a torn file.
 */
export class CursorFile {
  constructor(readonly path: string) {}

  /** The stored seq; undefined when the file does not exist yet ("from the beginning"). */
  read(): number | undefined {
    this.checkWritable();
    const text = readStateFile(this.path, 'cursor file');
    if (text === undefined) return undefined;
    const seq = text.trim();
    if (!/^\d{1,15}$/.test(seq)) {
      throw new UsageError(
        `cursor file ${this.path} is corrupt: expected a seq number, found "${seq.slice(0, 40)}"`,
        'fix it, or delete it to export from the beginning',
      );
    }
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

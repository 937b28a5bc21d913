import {
  accessSync,
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { IoError, systemReason, UsageError } from './core/errors.js';

/**
 * The small files activity keeps state in beside its store: cursors, checkpoints and
 * the config. Read whole, bounded; written whole, atomically.
 */

/** A file's directory must exist, and take files, before a long run whose result is saved in it. */
export function checkDirectory(path: string, what: string): void {
  if (path === '') throw new UsageError(`the ${what} path is empty`, 'give the path of a file');
  const dir = dirname(path);
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new IoError(`cannot write ${what} ${path}: no directory ${dir}`, 'create it first');
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new IoError(`cannot write ${what} ${path}: ${systemReason(error)}`, `check the permissions of ${dir}`);
  }
}

/** State files (cursor, checkpoint, config) hold a few bytes; more is not one of them. */
const STATE_FILE_BYTES = 1024 * 1024;

/**
 * A small state file's text, or undefined when it does not exist. Only a regular file
 * of at most STATE_FILE_BYTES is read: /dev/zero or a FIFO named by mistake would
 * otherwise be read for ever.
 */
export function readStateFile(path: string, what: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new IoError(`cannot read ${what} ${path}: ${systemReason(error)}`, 'check the path and its permissions');
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      const kind = stat.isDirectory() ? 'a directory' : 'not a regular file';
      throw new UsageError(`cannot read ${what} ${path}: it is ${kind}`, 'give the path of a file');
    }
    if (stat.size > STATE_FILE_BYTES) {
      throw new UsageError(`${what} ${path} is too large to be one (${stat.size} bytes)`, 'give the path of a file');
    }
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
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
    throw new IoError(`cannot write ${what} ${path}: ${systemReason(error)}`, 'check the path and its permissions');
  }
}

import { closeSync, createReadStream, fstatSync, openSync, type Stats } from 'node:fs';
import { systemReason, UsageError } from '../core/errors.js';

/**
 * Opens an input file named on the command line, before any store is touched, so a
 * missing or unreadable file fails with nothing done. The caller closes `fd`.
 */
export function openInputFile(path: string): { fd: number; stat: Stats } {
  if (path === '') throw new UsageError('the --file path is empty', 'give an NDJSON file, or - for stdin');
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${systemReason(error)}`, 'give an NDJSON file, or - for stdin');
  }
  const stat = fstatSync(fd);
  // A file, a pipe or a terminal; not /dev/zero, read for ever, nor a disk. node:tty
  // only then: loading it cost every command start-up time.
  const device = (stat.isCharacterDevice() && !process.getBuiltinModule('node:tty').isatty(fd)) || stat.isBlockDevice();
  if (stat.isDirectory() || device) {
    closeSync(fd);
    const kind = device ? 'a device, not a file' : 'a directory';
    throw new UsageError(`cannot read ${path}: it is ${kind}`, 'give an NDJSON file, or - for stdin');
  }
  return { fd, stat };
}

/** NDJSON named on the command line — a path, or `-` for stdin — as bytes, and how to let it go. */
export function ndjsonInput(
  path: string,
  stdin: NodeJS.ReadableStream,
): { stream: AsyncIterable<Buffer>; close: () => void } {
  if (path === '-') return { stream: stdin as AsyncIterable<Buffer>, close: () => {} };
  const { fd } = openInputFile(path);
  return {
    stream: createReadStream('', { fd, autoClose: false, highWaterMark: 64 * 1024 }),
    close: () => closeSync(fd),
  };
}

import { closeSync, createReadStream, fstatSync, openSync, type Stats } from 'node:fs';
import { UsageError } from '../core/errors.js';

/**
 * Opens an input file named on the command line, before any store is touched, so a
 * missing or unreadable file fails with nothing done. The caller closes `fd`.
 */
export function openInputFile(path: string): { fd: number; stat: Stats } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const stat = fstatSync(fd);
  if (stat.isDirectory()) {
    closeSync(fd);
    throw new UsageError(`cannot read ${path}: it is a directory`, 'give an NDJSON file, or - for stdin');
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

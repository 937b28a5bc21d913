/**
 * The process's own streams, as a command needs them. process.stdout and process.stderr
 * load Node's whole streams library when first touched (a fifth of a short command's
 * start-up: docs/architecture.md, "Measured choices"); where the descriptor is a pipe,
 * a socket, a file or /dev/null, a plain synchronous writer does the same job. A
 * terminal keeps Node's stream: it knows the terminal's width, and prompts share it.
 */
import { EventEmitter } from 'node:events';
import { fstatSync, type Stats, statSync, writeSync } from 'node:fs';
import type { Io } from './io.js';

/**
 * Writes to a descriptor that is not a terminal, synchronously, as a blocking pipe
 * makes a C program wait: that is the back-pressure. Errors (EPIPE once the reader is
 * gone) come as a stream's do, as an 'error' event. A descriptor someone made
 * non-blocking (EAGAIN) is handed to Node's stream, which waits on it properly.
 */
export class FdWriter extends EventEmitter {
  readonly isTTY = false;
  private failure: Error | undefined;
  private stream: NodeJS.WritableStream | undefined;

  constructor(
    readonly fd: number,
    private readonly nodeStream: () => NodeJS.WritableStream,
  ) {
    super();
  }

  write(chunk: string | Uint8Array, encoding?: BufferEncoding | Callback, callback?: Callback): boolean {
    const done = typeof encoding === 'function' ? encoding : callback;
    if (this.stream !== undefined) return this.stream.write(chunk, done);
    if (this.failure !== undefined) {
      const failure = this.failure;
      process.nextTick(() => done?.(failure));
      return false;
    }
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(this.fd, bytes, written);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return this.handOver(bytes.subarray(written), done);
      this.failure = error as Error;
      process.nextTick(() => {
        this.emit('error', error);
        done?.(error as Error);
      });
      return false;
    }
    if (done !== undefined) process.nextTick(done);
    return true;
  }

  end(): this {
    return this;
  }

  private handOver(rest: Uint8Array, done: Callback | undefined): boolean {
    const stream = this.nodeStream();
    this.stream = stream;
    for (const event of ['drain', 'error', 'close']) stream.on(event, (...args) => this.emit(event, ...args));
    return stream.write(rest, done);
  }
}

type Callback = (error?: Error | null) => void;

/** Whether a descriptor is one Node's stream would not improve on: a pipe, a socket, a file, /dev/null. */
function plainDescriptor(fd: number): boolean {
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch {
    return false;
  }
  if (stats.isFIFO() || stats.isSocket() || stats.isFile()) return true;
  // A character device is a terminal, unless it is /dev/null (`> /dev/null`, a service's stdout).
  if (!stats.isCharacterDevice()) return false;
  try {
    return statSync('/dev/null').rdev === stats.rdev;
  } catch {
    return false;
  }
}

const writer = (fd: number, stream: () => NodeJS.WritableStream): Io['stdout'] =>
  plainDescriptor(fd) ? (new FdWriter(fd, stream) as unknown as Io['stdout']) : stream();

/** The process's Io: stdout and stderr as above, stdin Node's own, made only if a command reads it. */
export function processIo(): Io {
  return {
    get stdin() {
      return process.stdin;
    },
    stdout: writer(1, () => process.stdout),
    stderr: writer(2, () => process.stderr),
    env: process.env,
  };
}

/** Whether `stream` writes to this process's fd 1 (not a test's stand-in). */
export const isProcessStdout = (stream: unknown): boolean =>
  stream instanceof FdWriter ? stream.fd === 1 : stream === process.stdout;

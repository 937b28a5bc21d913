import { Chalk, type ChalkInstance } from 'chalk';
import { watchStdoutReader } from './reader-gone.js';
import { sanitize } from './sanitize.js';

/** The process's streams and environment, passed in so tests can hand in their own. */
export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export type ColorMode = 'auto' | 'always' | 'never';

/** reference §5: --color, then NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal. */
export function colorEnabled(mode: ColorMode, env: NodeJS.ProcessEnv, stdoutIsTerminal: boolean): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  if (env.NO_COLOR) return false;
  // reference §5: a FORCE_COLOR other than 0 turns it on, the empty one too (as in Node and
  // chalk). `false` is read as Node and chalk read it, not forcing: someone who writes
  // FORCE_COLOR=false does not mean "on". Neither forces colour off.
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stdoutIsTerminal;
}

/** Stdout stopped taking data: its reader went away (`activity list | head`), or a write failed. */
export class OutputClosedError extends Error {}

const FLUSH_AT = 64 * 1024;

/**
 * Where everything the tool prints goes. Data to stdout, buffered and written with
 * back-pressure; messages to stderr, one sanitized line each. One colour decision
 * governs every style.
 */
export class Output {
  readonly chalk: ChalkInstance;
  readonly color: boolean;
  /**
   * OSC 8 hyperlinks: with colour on (reference §5: one decision for every style), on a terminal
   * that supports them: any but a `dumb` one, which shows escape sequences as text.
   */
  readonly hyperlinks: boolean;
  readonly stdoutIsTerminal: boolean;
  readonly stderrIsTerminal: boolean;
  readonly columns: number | undefined;
  /** Data not yet handed to stdout: text and bytes, in order. */
  private pending: (string | Uint8Array)[] = [];
  private pendingLength = 0;
  private closed = false;

  constructor(
    private readonly io: Io,
    color: ColorMode,
  ) {
    this.stdoutIsTerminal = io.stdout.isTTY === true;
    this.stderrIsTerminal = io.stderr.isTTY === true;
    // A terminal of unknown size (0 columns, as under script(1)) is treated as unbounded.
    this.columns = this.stdoutIsTerminal && io.stdout.columns ? io.stdout.columns : undefined;
    this.color = colorEnabled(color, io.env, this.stdoutIsTerminal);
    this.chalk = new Chalk({ level: this.color ? 1 : 0 });
    this.hyperlinks = this.color && this.stdoutIsTerminal && io.env.TERM !== 'dumb';
    // Any failure of stdout stops the output; main() tells a closed pipe (quiet) from
    // a failed write (an error).
    io.stdout.on('error', () => {
      this.closed = true;
    });
  }

  /** Queues data for stdout; resolves once it is accepted, so long exports stay in flat memory. */
  async write(data: string | Uint8Array): Promise<void> {
    this.pending.push(data);
    this.pendingLength += data.length;
    if (this.pendingLength >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.closed) throw new OutputClosedError();
    if (this.pending.length === 0) return;
    const stdout = this.io.stdout;
    let accepted = true;
    for (const chunk of this.pending) accepted = stdout.write(chunk);
    this.pending = [];
    this.pendingLength = 0;
    if (!accepted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          stdout.off('drain', done);
          stdout.off('error', done);
          stdout.off('close', done);
          resolve();
        };
        stdout.on('drain', done);
        stdout.on('error', done);
        stdout.on('close', done);
      });
    } else {
      // A long export is one unbroken chain of promise jobs, which keeps Node from
      // running its nextTick queue; the stream's write callbacks (each holding its
      // chunk) would pile up. Yielding to the event loop once a chunk lets them run.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (this.closed) throw new OutputClosedError();
  }

  /**
   * Flushes, then waits until stdout has taken everything written: only then may a
   * cursor move past it. A closed or failed stdout throws OutputClosedError.
   */
  async settle(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.io.stdout.write('', (error?: Error | null) => (error ? reject(new OutputClosedError()) : resolve()));
    });
    if (this.closed) throw new OutputClosedError();
  }

  /**
   * Calls `onGone` once nobody reads stdout any more, though nothing is being written
   * (a follower of a quiet store); returns the function that stops watching. Only the
   * process's own stdout can be watched.
   */
  watchReader(onGone: () => void): () => void {
    if (this.io.stdout !== process.stdout || this.stdoutIsTerminal) return () => {};
    return watchStdoutReader(() => {
      this.closed = true;
      onGone();
    });
  }

  /** A notice, hint or summary for people: stderr, never mixed into data. */
  message(text: string): void {
    this.io.stderr.write(`${sanitize(text)}\n`);
  }

  /** Something worth knowing that is not an error (`note: …`), on stderr. */
  notice(text: string): void {
    this.message(`note: ${text}`);
  }
}

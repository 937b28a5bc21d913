import { Chalk, type ChalkInstance } from 'chalk';
import { isProcessStdout } from './process-io.js';
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

/**
 * reference §5: --color (or --no-color), then NO_COLOR, then FORCE_COLOR, then whether
 * stdout is a terminal, and not a `dumb` one (which shows escape sequences as text).
 */
export function colorEnabled(mode: ColorMode, env: NodeJS.ProcessEnv, stdoutIsTerminal: boolean): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  if (env.NO_COLOR) return false;
  // reference §5: a FORCE_COLOR other than 0 turns it on, the empty one too (as in Node and
  // chalk). `false` is read as Node and chalk read it, not forcing: someone who writes
  // FORCE_COLOR=false does not mean "on". Neither forces colour off.
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stdoutIsTerminal && env.TERM !== 'dumb';
}

/** How Output behaves beyond colour: `quiet` drops notices and summaries (errors are not its). */
export interface OutputSettings {
  quiet?: boolean;
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
  private readonly quiet: boolean;
  /** Where data goes: stdout, or the pager's input while one runs. */
  private stdout: NodeJS.WritableStream;
  private pager: Pager | undefined;

  constructor(
    private readonly io: Io,
    color: ColorMode,
    { quiet = false }: OutputSettings = {},
  ) {
    this.quiet = quiet;
    this.stdout = io.stdout;
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
    const stdout = this.stdout;
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
      this.stdout.write('', (error?: Error | null) => (error ? reject(new OutputClosedError()) : resolve()));
    });
    if (this.closed) throw new OutputClosedError();
  }

  /**
   * Calls `onGone` once nobody reads stdout any more, though nothing is being written
   * (a follower of a quiet store); returns the function that stops watching. Only the
   * process's own stdout can be watched.
   */
  watchReader(onGone: () => void): () => void {
    if (!isProcessStdout(this.stdout) || this.stdoutIsTerminal) return () => {};
    return watchStdoutReader(() => {
      this.closed = true;
      onGone();
    });
  }

  /**
   * A notice, hint or summary for people: stderr, never mixed into data; none with
   * --quiet. While a pager shows the data, held until it is done, below what it showed.
   */
  message(text: string): void {
    if (this.quiet) return;
    const line = `${sanitize(text)}\n`;
    if (this.pager !== undefined) this.pager.held.push(line);
    else this.io.stderr.write(line);
  }

  /**
   * From here on, data goes through `command` (a pager: `less -FRX`, say), run by the
   * shell on this terminal, until end(). Only for a terminal: a pipe is never paged.
   */
  page(command: string): void {
    if (!this.stdoutIsTerminal || this.pager !== undefined || this.closed) return;
    this.pager = startPager(command, this.io.env);
    this.stdout = this.pager.input;
    this.pager.input.on('error', () => {
      // The pager quit before reading everything (q in less): the output ends, quietly.
      this.closed = true;
    });
  }

  /** Ends the pager's input and waits for the person to leave it; then the messages held for it. */
  async end(): Promise<void> {
    const pager = this.pager;
    if (pager === undefined) return;
    this.pager = undefined;
    this.stdout = this.io.stdout;
    pager.input.end();
    const code = await pager.exited;
    for (const line of pager.held) this.io.stderr.write(line);
    if (code === 127) this.notice(`the pager (${pager.command}) was not found: check PAGER, or use --no-pager`);
  }

  /** Something worth knowing that is not an error (`note: …`), on stderr. */
  notice(text: string): void {
    this.message(`note: ${text}`);
  }
}

interface Pager {
  command: string;
  input: NodeJS.WritableStream;
  exited: Promise<number | null>;
  /** Messages for stderr, shown once the pager is done. */
  held: string[];
}

/**
 * The pager as git runs one: through the shell, on this terminal, with LESS=FRX unless
 * LESS is set (quit when it all fits, keep colours, leave the screen as it was). Ctrl-C
 * is the pager's to handle while it runs (less ignores it): this process ignores it too,
 * rather than die under the pager and leave the terminal to it.
 */
function startPager(command: string, env: NodeJS.ProcessEnv): Pager {
  const { spawn } = process.getBuiltinModule('node:child_process');
  const ignore = () => {};
  process.on('SIGINT', ignore);
  const child = spawn(env.SHELL || '/bin/sh', ['-c', command], {
    stdio: ['pipe', 'inherit', 'inherit'],
    env: { ...env, LESS: env.LESS ?? 'FRX', LV: env.LV ?? '-c' },
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code));
  }).finally(() => process.off('SIGINT', ignore));
  return { command, input: child.stdin, exited, held: [] };
}

/**
 * Commands run in this process, as bin/activity runs them but with fake streams, a fixed
 * clock and scripted answers to prompts (STYLE §11's middle layer): most command
 * behaviour is tested here without spawning, against a real SQLite file.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { main } from '../../src/cli.js';
import type { Choice, Prompter } from '../../src/output/prompt.js';

export const NOW = Date.parse('2026-11-25T12:00:00.000Z');

/** A stream that keeps what is written to it, and says whether it is a terminal. */
class Captured extends Writable {
  private readonly chunks: Buffer[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns: number | undefined,
  ) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    done();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

export interface Terminal {
  /** stdout (and stdin) a terminal of this many columns; piped when absent. */
  columns?: number;
  /** stderr a terminal too (it is when stdout is, unless told). */
  stderrTty?: boolean;
  /** What stdin holds, when it is not a terminal. */
  input?: string;
  env?: Record<string, string>;
  prompter?: Prompter;
  now?: number;
}

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** A home of its own for each test file: config and data directories that are not the user's. */
export function homeIn(dir: string): Record<string, string> {
  mkdirSync(join(dir, 'config'), { recursive: true });
  return { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data') };
}

/** Streams as a process has them: a terminal of `t.columns` columns, or pipes. */
export function fakeIo(home: Record<string, string>, t: Terminal = {}) {
  const tty = t.columns !== undefined;
  const stdout = new Captured(tty, t.columns);
  const stderr = new Captured(t.stderrTty ?? tty, undefined);
  const stdin = Object.assign(Readable.from(tty ? [] : [Buffer.from(t.input ?? '')]), { isTTY: tty });
  return { stdin, stdout, stderr, env: { ...home, ...t.env } };
}

export async function run(argv: readonly string[], home: Record<string, string>, t: Terminal = {}): Promise<Outcome> {
  const io = fakeIo(home, t);
  const { stdout, stderr } = io;
  const code = await main(['node', 'activity', ...argv], io, {
    now: t.now ?? NOW,
    ...(t.prompter ? { prompter: t.prompter } : {}),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Answers given in turn, by the kind of question; each question asked is kept, as `kind: message`. */
export interface Answers {
  select?: string[];
  checkbox?: string[][];
  input?: string[];
  search?: string[];
  confirm?: boolean[];
}

export function scripted(answers: Answers): Prompter & { asked: string[]; offered: Choice[][] } {
  const asked: string[] = [];
  const offered: Choice[][] = [];
  const next = <T>(kind: keyof Answers, message: string, list: T[] | undefined): T => {
    asked.push(`${kind}: ${message}`);
    const answer = list?.shift();
    if (answer === undefined) throw new Error(`no answer scripted for ${kind} "${message}"`);
    return answer;
  };
  return {
    asked,
    offered,
    async select(message, choices) {
      offered.push([...choices]);
      return next('select', message, answers.select);
    },
    async checkbox(message, choices) {
      offered.push([...choices]);
      return next('checkbox', message, answers.checkbox);
    },
    async input(message, validate) {
      const answer = next('input', message, answers.input);
      const verdict = validate?.(answer) ?? true;
      if (verdict !== true) throw new Error(`scripted answer "${answer}" refused: ${verdict}`);
      return answer;
    },
    async search(message, choices) {
      offered.push([...choices]);
      return next('search', message, answers.search);
    },
    async confirm(message) {
      return next('confirm', message, answers.confirm);
    },
  };
}

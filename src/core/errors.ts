/** Longest piece of someone's input a message repeats: enough to recognise it, never a screenful. */
const ECHOED = 60;

/** Input repeated in a message, in quotes, cut short when long: `--action <100,000 characters>` is one line still. */
export const echo = (input: string): string =>
  `"${input.length > ECHOED ? `${input.slice(0, ECHOED)}…" (${input.length} characters)` : `${input}"`}`;

/**
 * Typed errors. Only the entry point turns them into exit codes (reference §9), so a
 * command or the core never decides how the process ends.
 */
export const ExitCode = {
  ok: 0,
  noMatch: 1,
  usage: 2,
  integrity: 3,
  auth: 4,
  store: 5,
  interrupted: 130,
  /** SIGTERM: not in reference §9's table, and 128 + 15 as shells report it. */
  terminated: 143,
} as const;

/** Marks every ActivityError, whichever bundle's copy of the class made it. */
const ACTIVITY_ERROR = Symbol.for('activity.ActivityError');

export class ActivityError extends Error {
  /**
   * The server is a bundle of its own (dist/server.cjs) with its own copy of these
   * classes: an error it throws is still an ActivityError to the CLI's entry point, which
   * takes its exit code. Subclasses keep the usual test.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof asks about, a subclass too
    if (this !== ActivityError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && ACTIVITY_ERROR in value;
  }
  readonly [ACTIVITY_ERROR] = true;
  readonly exitCode: number = ExitCode.usage;
  /** What to do about it, printed under the message. */
  readonly hint: string | undefined;
  constructor(message: string, hint?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** Bad flags or bad input: nothing was written. */
export class UsageError extends ActivityError {
  override readonly exitCode: number = ExitCode.usage;
}

/** One or more NDJSON lines were rejected; `problems` names each (line and reason). */
export class InvalidInputError extends UsageError {
  readonly problems: readonly Problem[];
  readonly total: number;
  constructor(
    problems: readonly Problem[],
    total: number,
    outcome = 'nothing recorded',
    hint = 'fix the lines named and run the same command again',
  ) {
    const shown = problems.map((p) => `line ${p.line}: ${p.message}`).join('; ');
    const more = total > problems.length ? `; and ${total - problems.length} more` : '';
    super(`${total} invalid line${total === 1 ? '' : 's'}, ${outcome}: ${shown}${more}`, hint);
    this.problems = problems;
    this.total = total;
  }
}

/** An error as the reason a line was refused: its message, and its hint in brackets. */
export const describeProblem = (error: ActivityError): string =>
  error.hint ? `${error.message} (${error.hint})` : error.message;

export interface Problem {
  line: number;
  message: string;
}

export class IntegrityError extends ActivityError {
  override readonly exitCode: number = ExitCode.integrity;
}

/** A remote store refused this client: no token, or a wrong, revoked or too weak one (HTTP 401/403). */
export class AuthError extends ActivityError {
  override readonly exitCode: number = ExitCode.auth;
}

/** The store could not be opened, read or written. */
export class StoreError extends ActivityError {
  override readonly exitCode: number = ExitCode.store;
}

/** A file activity must read or write (a cursor, a checkpoint) failed at the OS: I/O, exit 5 as the store's failures. */
export class IoError extends ActivityError {
  override readonly exitCode: number = ExitCode.store;
}

/** An ending that is not a failure worth a message, with its exit code. */
export class QuietExit extends ActivityError {
  constructor(override readonly exitCode: number) {
    super('');
  }
}

/** `--exit-status` with an empty result. */
export class NoMatchError extends QuietExit {
  constructor(message: string) {
    super(ExitCode.noMatch);
    this.message = message;
  }
}

export class InterruptedError extends ActivityError {
  override readonly exitCode: number = ExitCode.interrupted;
}

const SYSTEM_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the name is too long',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
  EIO: 'an input/output error',
};

/** An operating system error in plain words, without Node's code and the path repeated. */
export function systemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code && SYSTEM_REASONS[code]) ?? (error instanceof Error ? error.message : String(error));
}

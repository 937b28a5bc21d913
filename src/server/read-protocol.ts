/** The messages between read-threads.ts and its worker threads (read-worker.ts). */
import {
  ActivityError,
  AuthError,
  IntegrityError,
  InvalidInputError,
  type Problem,
  StoreError,
  UsageError,
} from '../core/errors.js';
import type { EventFilter } from '../core/filter.js';
import type { EventQuery, ResourceRef } from '../core/query.js';

/** The work a thread does: bounded reads, each answered in one message, and parsing a request's batch. */
export type ReadCall =
  | { op: 'query'; query: EventQuery }
  | { op: 'json'; query: EventQuery }
  | { op: 'count'; filter: EventFilter; range: { afterSeq?: number; throughSeq?: number } }
  | { op: 'stats'; filter: EventFilter; users: number }
  | { op: 'latestOf'; resources: readonly ResourceRef[] }
  | { op: 'parse'; body: Uint8Array; now: number };

export type ReadRequest = ReadCall & { id: number };

/** An error as it crosses threads: structured cloning keeps no classes. */
export interface ErrorData {
  kind: string;
  message: string;
  hint: string | undefined;
  problems?: readonly Problem[];
  total?: number;
}

export type ReadReply = { id: number; value: unknown } | { id: number; error: ErrorData };

/** A `json` call's answer: the events' JSON in one buffer (transferred, not copied), and where each ends. */
export interface JsonAnswer {
  bytes: Uint8Array;
  ends: number[];
}

export function errorData(error: unknown): ErrorData {
  if (error instanceof InvalidInputError) {
    return { kind: 'invalid', message: error.message, hint: error.hint, problems: error.problems, total: error.total };
  }
  if (error instanceof ActivityError) {
    const kind =
      error instanceof UsageError
        ? 'usage'
        : error instanceof AuthError
          ? 'auth'
          : error instanceof IntegrityError
            ? 'integrity'
            : 'store';
    return { kind, message: error.message, hint: error.hint };
  }
  // Anything else is the store's failure, not the caller's.
  return { kind: 'store', message: error instanceof Error ? error.message : String(error), hint: undefined };
}

export function errorOf(data: ErrorData): ActivityError {
  switch (data.kind) {
    case 'invalid':
      return new InvalidInputError(data.problems ?? [], data.total ?? 0);
    case 'usage':
      return new UsageError(data.message, data.hint);
    case 'auth':
      return new AuthError(data.message, data.hint);
    case 'integrity':
      return new IntegrityError(data.message, data.hint);
    default:
      return new StoreError(data.message, data.hint);
  }
}

import { echo, UsageError } from './errors.js';
import { JSON_FIELDS } from './event-json.js';
import { randomEventId } from './id.js';
import { type Action, parseAction, parseResourceType, type ResourceType } from './resource-types.js';
import { canonicalInstant, formatIsoTime, type Instant, parseIsoTime } from './time.js';
import { isTokenName, TOKEN_NAME_RULE } from './token.js';

/**
 * One event as the store holds it (reference §1). `details` is kept as its canonical JSON
 * text: that is what is stored and hashed, and JSON output embeds it as it is.
 */
export interface ActivityEvent {
  seq: number;
  id: string;
  /** Canonical ISO 8601 UTC with milliseconds: the form that is stored and hashed. */
  time: string;
  action: Action;
  type: ResourceType;
  name: string;
  resourceId: string | null;
  account: string | null;
  user: string;
  details: string | null;
  hash: string;
  /**
   * The name of the token that recorded the event through a server (reference §8); absent
   * for an event recorded directly into a store. Set by the server, never by a client,
   * and covered by the chain (core/chain.ts).
   */
  recordedBy?: string;
}

type Details = { [key: string]: unknown };

/** A validated event before the store gives it a `seq` and a `hash`. */
export interface NewEvent extends Omit<ActivityEvent, 'seq' | 'hash'> {
  /** Whether `id` came from the input: only such an id can repeat an earlier record. */
  idGiven: boolean;
  /** `time` as epoch milliseconds, which the store keeps. */
  instant: Instant;
}

export const LIMITS = {
  id: 128,
  name: 256,
  user: 256,
  resourceId: 128,
  account: 128,
  detailsBytes: 64 * 1024,
  detailsDepth: 32,
} as const;

const FIELDS = new Set<string>(JSON_FIELDS);

/** Raw field values, as they come from flags or from a JSON object. */
export interface EventInput {
  id?: unknown;
  time?: unknown;
  action?: unknown;
  type?: unknown;
  name?: unknown;
  resourceId?: unknown;
  account?: unknown;
  user?: unknown;
  details?: unknown;
}

const codePoints = (s: string) => {
  let count = 0;
  for (const _ of s) count++;
  return count;
};

function text(field: string, value: unknown, max: number, required: true, nul: Nul): string;
function text(field: string, value: unknown, max: number, required: false, nul: Nul): string | null;
function text(field: string, value: unknown, max: number, required: boolean, nul: Nul): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) throw new UsageError(`"${field}" is required`);
    return null;
  }
  if (typeof value !== 'string') {
    throw new UsageError(`"${field}" must be a string, not ${describe(value)}`, 'give it in double quotes');
  }
  if (!value.isWellFormed()) {
    throw new UsageError(`"${field}" holds an unpaired UTF-16 surrogate`, 'give it as valid Unicode text');
  }
  if (nul === 'refuse' && value.includes('\0')) throw nulIn(`"${field}"`);
  if (value.length > max && codePoints(value) > max) {
    throw new UsageError(`"${field}" is longer than ${max} characters`, `shorten it to ${max} or fewer`);
  }
  if (required && value.trim() === '') {
    throw new UsageError(`"${field}" is blank`, 'give it at least one visible character');
  }
  return value;
}

/**
 * U+0000 in text: refused in new input, since no store may hold it (PostgreSQL's text and
 * jsonb cannot, and every store must take every other's events); kept where a store's
 * events are only checked, as an older version may have recorded it (verify --file).
 */
export type Nul = 'refuse' | 'keep';

const nulIn = (where: string) =>
  new UsageError(`${where} holds a NUL character (U+0000)`, 'remove it: no activity store can hold one');

const describe = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

/** JSON with object keys sorted at every depth: one text per value, whatever the key order. */
export function canonicalJson(value: unknown, nul: Nul = 'refuse', depth = 0): string {
  if (depth > LIMITS.detailsDepth) {
    throw new UsageError(`"details" is nested deeper than ${LIMITS.detailsDepth} levels`, 'flatten it');
  }
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string' && !value.isWellFormed()) {
      throw new UsageError('"details" holds an unpaired UTF-16 surrogate');
    }
    if (nul === 'refuse' && typeof value === 'string' && value.includes('\0')) throw nulIn('"details"');
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new UsageError('"details" holds a non-finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, nul, depth + 1)).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys
    .map((key) => {
      if (!key.isWellFormed()) throw new UsageError('"details" holds an unpaired UTF-16 surrogate');
      if (nul === 'refuse' && key.includes('\0')) throw nulIn('a key of "details"');
      return `${JSON.stringify(key)}:${canonicalJson((value as Details)[key], nul, depth + 1)}`;
    })
    .join(',')}}`;
}

function canonicalDetails(value: unknown, nul: Nul): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`"details" must be a JSON object or null, not ${describe(value)}`);
  }
  // Exports already hold details in canonical form: JSON.stringify writes that form
  // itself, several times faster than building it piece by piece.
  const json = isCanonical(value, nul, 0) ? JSON.stringify(value) : canonicalJson(value, nul);
  if (Buffer.byteLength(json) > LIMITS.detailsBytes) {
    throw new UsageError(
      '"details" is larger than 64 KiB',
      'keep the changed fields there, and link to anything larger',
    );
  }
  return json;
}

/**
 * Whether JSON.stringify(value) writes what canonicalJson would: every object's keys
 * already in sorted order (JSON.stringify keeps their order; integer-like keys come first
 * whatever the input's order, and fail this), and nothing canonicalJson refuses.
 */
function isCanonical(value: unknown, nul: Nul, depth: number): boolean {
  if (depth > LIMITS.detailsDepth) return false;
  if (typeof value === 'string') return value.isWellFormed() && (nul === 'keep' || !value.includes('\0'));
  if (typeof value === 'number') return Number.isFinite(value);
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every((item) => isCanonical(item, nul, depth + 1));
  let previous: string | undefined;
  for (const key of Object.keys(value)) {
    if (previous !== undefined && key <= previous) return false;
    if (!key.isWellFormed() || (nul === 'refuse' && key.includes('\0'))) return false;
    if (!isCanonical((value as Details)[key], nul, depth + 1)) return false;
    previous = key;
  }
  return true;
}

/** Any ISO form → `2026-11-25T17:37:02.123Z` and its instant. Exports are already canonical: a fast path. */
function canonicalTime(text: string): { time: string; instant: Instant } {
  const instant = canonicalInstant(text);
  if (instant !== undefined) return { time: text, instant };
  try {
    const parsed = parseIsoTime(text, { naive: 'utc' });
    return { time: formatIsoTime(parsed), instant: parsed };
  } catch (error) {
    // The flags' grammar (7d, yesterday, @…) is not the field's: say what the field takes.
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(error.message, 'an event\'s "time" is ISO 8601, e.g. 2026-11-25T17:37:02.123Z');
  }
}

/** Checks every field of reference §1 and fills in the defaults (`id`, `time`). */
export function validateEvent(input: EventInput, now: Instant, nul: Nul = 'refuse'): NewEvent {
  // An empty id is refused rather than replaced: `--id "$CI_STEP_ID"` with the variable
  // unset would otherwise record again on every retry.
  if (input.id === '') throw new UsageError('"id" is empty', 'give 1 to 128 characters, or no id to get one made');
  const id = text('id', input.id, LIMITS.id, false, nul);
  let time: { time: string; instant: Instant };
  if (input.time === undefined || input.time === null) {
    time = { time: formatIsoTime(now), instant: now };
  } else if (typeof input.time !== 'string') {
    throw new UsageError(`"time" must be a string, not ${describe(input.time)}`);
  } else {
    time = canonicalTime(input.time);
  }
  if (input.action === undefined || input.action === null) throw new UsageError('"action" is required');
  if (typeof input.action !== 'string')
    throw new UsageError(`"action" must be a string, not ${describe(input.action)}`);
  if (input.type === undefined || input.type === null) throw new UsageError('"type" is required');
  if (typeof input.type !== 'string') throw new UsageError(`"type" must be a string, not ${describe(input.type)}`);
  return {
    id: id ?? randomEventId(time.instant),
    idGiven: id !== null,
    ...time,
    action: parseAction(input.action),
    type: parseResourceType(input.type),
    name: text('name', input.name, LIMITS.name, true, nul),
    resourceId: text('resourceId', input.resourceId, LIMITS.resourceId, false, nul),
    account: text('account', input.account, LIMITS.account, false, nul),
    user: text('user', input.user, LIMITS.user, true, nul),
    details: canonicalDetails(input.details, nul),
  };
}

/**
 * What output formats need of an event: a stored one, or one read from an NDJSON
 * stream, whose `seq` and `hash` are absent unless it came from an export.
 */
export type ShownEvent = Omit<ActivityEvent, 'seq' | 'hash'> & { seq: number | null; hash: string | null };

/** One NDJSON line → an event; every failure is a UsageError naming the problem. */
export function parseEventLine(line: string, now: Instant): NewEvent {
  return validateEvent(parseObjectLine(line), now);
}

/**
 * One line of an export (or of any event stream) → the event, validated as `record`
 * would, keeping the `seq` and `hash` the line carries; unlike record's input, it must
 * have its `id` and `time`.
 */
export function parseExportedLine(
  line: string,
  now: Instant,
  { checkStored = false, nul = 'refuse' }: { checkStored?: boolean; nul?: Nul } = {},
): ExportedEvent {
  const value = parseObjectLine(line) as EventInput & { seq?: unknown; hash?: unknown; recordedBy?: unknown };
  // An exported event carries its id and time; made up here, they would differ run to
  // run, and a --since would match an event that has no time.
  for (const field of ['id', 'time'] as const) {
    if (value[field] === undefined || value[field] === null) {
      throw new UsageError(`"${field}" is missing`, `an exported event has its ${field}`);
    }
  }
  const event = validateEvent(value, now, nul);
  const seq = value.seq ?? null;
  if (seq !== null && !(typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 1)) {
    throw new UsageError(`"seq" must be a whole number from 1 up, not ${JSON.stringify(seq)}`);
  }
  const hash = value.hash ?? null;
  if (hash !== null && !(typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash))) {
    throw new UsageError('"hash" must be 64 lower-case hex digits');
  }
  // Set on the validated object rather than spread into a new one: a copy per filtered line shows in filter's speed.
  const exported = event as ExportedEvent;
  exported.seq = seq;
  exported.hash = hash;
  const recordedBy = value.recordedBy ?? null;
  if (recordedBy !== null) {
    if (typeof recordedBy !== 'string' || !isTokenName(recordedBy)) {
      throw new UsageError('"recordedBy" must be the name of a token', TOKEN_NAME_RULE);
    }
    exported.recordedBy = recordedBy;
  }
  // Only verify asks: re-serializing the details would slow every filtered line.
  exported.asStored = checkStored ? asStored(value, event) : true;
  return exported;
}

/** An event read from a stream, with what the line said of its place in a chain. */
export type ExportedEvent = NewEvent &
  ShownEvent & {
    /** Every field exactly as a store holds it, not only the same once normalized (`Update`, `Node Pools`); checked when asked. */
    asStored: boolean;
  };

const asStored = (value: EventInput, e: NewEvent): boolean =>
  value.action === e.action &&
  value.type === e.type &&
  value.time === e.time &&
  (value.resourceId ?? null) === e.resourceId &&
  (value.account ?? null) === e.account &&
  (value.details === undefined || value.details === null ? null : JSON.stringify(value.details)) === e.details;

function parseObjectLine(line: string): EventInput {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new UsageError(`not valid JSON (${(error as Error).message})`);
  }
  return asEventInput(value);
}

/** A parsed JSON value as an event's fields: an object holding only the fields of reference §1. */
export function asEventInput(value: unknown): EventInput {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`expected a JSON object, found ${describe(value)}`);
  }
  for (const key in value) {
    if (!FIELDS.has(key)) throw new UsageError(`unknown field ${echo(key)}`);
  }
  return value as EventInput;
}

/** Same id, same content: the rule that makes a repeated record a no-op (time is not compared). */
export const sameContent = (a: NewEvent, b: NewEvent): boolean =>
  a.action === b.action &&
  a.type === b.type &&
  a.name === b.name &&
  a.resourceId === b.resourceId &&
  a.account === b.account &&
  a.user === b.user &&
  a.details === b.details;

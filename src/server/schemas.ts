/**
 * The JSON schemas of the API: what each route validates its input with, and what the
 * OpenAPI document (/v1/openapi.json) is generated from. One place, so the two never differ.
 *
 * Response schemas only document: the server writes each answer as it builds it (app.ts
 * sets JSON.stringify as the serializer), so a schema never reshapes or drops a field.
 * The schemas with an `$id` are the document's components, referred to as `{ $ref: 'Name#' }`.
 */

import { LIMITS } from '../core/event.js';
import { FILTER_FIELDS } from '../core/filter-codec.js';
import { ACTIONS, RESOURCE_TYPES } from '../core/resource-types.js';
import { SCOPES } from '../core/token.js';

/** The largest page a client may ask for: enough to stream an export, small enough to hold. */
export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 100;
/** Events one POST /v1/events (or one upload part) may carry. */
export const MAX_BATCH = 10_000;
/** Resources one POST /v1/latest may ask about. */
export const MAX_RESOURCES = 1000;

const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
export const seq = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

/** The filter terms of reference §3 as query parameters: the codec's names, repeatable where a flag is. */
const filterParams = Object.fromEntries(
  FILTER_FIELDS.map((field) => [
    field.param,
    field.many
      ? { type: 'array', items: text(LIMITS.name), maxItems: 100, description: `as ${field.flag} (repeatable)` }
      : { ...text(LIMITS.name), description: `as ${field.flag}` },
  ]),
);

export const filterQuery = {
  type: 'object',
  properties: filterParams,
  additionalProperties: false,
} as const;

export const listQuery = {
  type: 'object',
  properties: {
    ...filterParams,
    order: { type: 'string', enum: ['newest', 'oldest', 'seq'], default: 'newest' },
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE },
    after: { ...seq, description: 'only events with a seq above this (seq order)' },
    through: { ...seq, description: 'only events with a seq up to this' },
    cursor: { ...text(200), description: "the previous page's `next`" },
    deleted: {
      type: 'boolean',
      default: false,
      description:
        "also which of the page's events are of a deleted resource (its latest event a delete): `deleted` in the answer",
    },
    total: {
      type: 'boolean',
      default: false,
      description:
        'also how many events match in all (up to the head the first page was read at): `total` in the answer, or the Activity-Total header with NDJSON; saves a GET /v1/count',
    },
  },
  additionalProperties: false,
} as const;

export const countQuery = {
  type: 'object',
  properties: { ...filterParams, after: seq, through: seq },
  additionalProperties: false,
} as const;

export const statsQuery = {
  type: 'object',
  properties: { ...filterParams, users: { type: 'integer', minimum: 1, maximum: 100_000, default: 10 } },
  additionalProperties: false,
} as const;

export const streamQuery = {
  type: 'object',
  properties: { ...filterParams, after: { ...seq, description: 'resume after this seq (or Last-Event-ID)' } },
  additionalProperties: false,
} as const;

export const chainQuery = {
  type: 'object',
  properties: {
    after: seq,
    through: seq,
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: MAX_PAGE },
    cursor: { ...text(200), description: "the previous page's `next`" },
  },
  additionalProperties: false,
} as const;

const nullableText = (maxLength: number) => ({ type: ['string', 'null'], maxLength }) as const;

/** A schema the document names (components/schemas), by its `$id`. */
export const ref = (name: string) => ({ $ref: `${name}#` }) as const;

/** An event as the API returns it (reference §1), recordedBy only for events a server recorded. */
export const eventSchema = {
  $id: 'Event',
  type: 'object',
  description: 'a recorded event',
  properties: {
    seq: { type: 'integer' },
    id: text(LIMITS.id),
    time: { type: 'string', format: 'date-time' },
    action: { type: 'string', enum: [...ACTIONS] },
    type: { type: 'string', enum: [...RESOURCE_TYPES] },
    name: text(LIMITS.name),
    resourceId: nullableText(LIMITS.resourceId),
    account: nullableText(LIMITS.account),
    user: text(LIMITS.user),
    details: { type: ['object', 'null'] },
    hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    recordedBy: { type: 'string', description: 'the token that recorded it through a server' },
  },
  required: ['seq', 'id', 'time', 'action', 'type', 'name', 'resourceId', 'account', 'user', 'details', 'hash'],
} as const;

/**
 * An event to record, as a route validates it: any object. Its fields are checked by the
 * rules of reference §1 (core/event.ts) after the body is parsed, so that every bad event
 * of a batch is named by its line (its place in an array, counted from 1) in one 400
 * answer; a schema checked first would refuse the batch at its first bad field, with no
 * line. `eventInputDocumented` is what the document shows instead.
 */
export const eventInput = { type: 'object' } as const;

/**
 * An event to record, as the document describes it: the rules core/event.ts checks, in the
 * terms of JSON Schema. Never given to a route to validate with (see `eventInput`).
 */
export const eventInputDocumented = {
  $id: 'EventInput',
  type: 'object',
  description:
    'An event to record. The server checks every field itself and names each bad event by its line ' +
    '(its place in the array or NDJSON body, from 1) in one 400 answer (`problems`); nothing of a batch ' +
    'is recorded unless all of it is valid. No text may hold U+0000 (NUL), in details neither.',
  properties: {
    id: {
      type: 'string',
      minLength: 1,
      maxLength: LIMITS.id,
      description:
        'The unique event id. Absent: one is made (time-sortable). An id recorded before with the same ' +
        'content records nothing (a retry is safe); with other content it is refused.',
    },
    time: {
      type: 'string',
      description:
        'When the action happened, ISO 8601 (without an offset: UTC); stored as UTC with milliseconds. Absent: now.',
      examples: ['2026-11-25T17:37:02.123Z'],
    },
    action: {
      type: 'string',
      enum: [...ACTIONS],
      description: 'Any case is taken (`Delete`); stored lower case.',
    },
    type: {
      type: 'string',
      enum: [...RESOURCE_TYPES],
      description: 'The resource type. Any case, plurals and spaces are taken (`Node Pools`); stored as the slug.',
    },
    name: {
      type: 'string',
      minLength: 1,
      maxLength: LIMITS.name,
      description: 'The resource name; not blank.',
    },
    resourceId: {
      type: ['string', 'null'],
      maxLength: LIMITS.resourceId,
      description: 'The stable id of the resource; empty is null.',
    },
    account: {
      type: ['string', 'null'],
      maxLength: LIMITS.account,
      description: 'The account the resource belongs to; empty is null.',
    },
    user: {
      type: 'string',
      minLength: 1,
      maxLength: LIMITS.user,
      description: 'The full name of the user who acted; not blank.',
    },
    details: {
      type: ['object', 'null'],
      description: `Free JSON (e.g. the changed fields): at most ${LIMITS.detailsBytes / 1024} KiB serialized, ${LIMITS.detailsDepth} levels deep.`,
    },
    seq: { description: 'Ignored: the store sets it (taken so that an export records as it is).' },
    hash: { description: 'Ignored: the store sets it.' },
    recordedBy: { description: 'Ignored: the server sets it to the name of the token that records.' },
  },
  required: ['action', 'type', 'name', 'user'],
  additionalProperties: false,
} as const;

/** The body of POST /v1/events and of an upload's part, as the routes validate it. */
export const recordBody = {
  content: {
    'application/json': {
      schema: { oneOf: [eventInput, { type: 'array', items: eventInput, minItems: 1, maxItems: MAX_BATCH }] },
    },
    'application/x-ndjson': {
      schema: { description: `one event a line, at most ${MAX_BATCH} lines` },
    },
  },
} as const;

/** The same body as the document shows it: each event an EventInput. */
export const recordBodyDocumented = {
  content: {
    'application/json': {
      schema: {
        oneOf: [ref('EventInput'), { type: 'array', items: ref('EventInput'), minItems: 1, maxItems: MAX_BATCH }],
      },
    },
    'application/x-ndjson': {
      schema: { type: 'string', description: `one EventInput a line, at most ${MAX_BATCH} lines` },
    },
  },
} as const;

/** Bodies a route validates loosely, and what the document shows for each instead. */
export const documentedBodies = new Map<unknown, unknown>([[recordBody, recordBodyDocumented]]);

export const recordSummary = {
  $id: 'RecordSummary',
  type: 'object',
  description: 'what a batch did: all of it recorded, or nothing (then the answer is a 400)',
  properties: {
    recorded: { type: 'integer', description: 'events written' },
    unchanged: { type: 'integer', description: 'events whose id was recorded before with the same content' },
    firstSeq: { type: 'integer', description: 'the first seq written, when anything was' },
    lastSeq: { type: 'integer', description: 'the last seq written; the range has no holes' },
  },
  required: ['recorded', 'unchanged'],
} as const;

/** Every refusal's body: a 4xx or a 503. */
export const errorSchema = {
  $id: 'Error',
  type: 'object',
  description: 'a refusal: what is wrong, and what to do',
  properties: {
    error: { type: 'string', description: 'what is wrong, in one line' },
    hint: { type: 'string', description: 'what to do about it' },
    scope: { type: 'string', enum: [...SCOPES], description: 'the scope the route needs (401, 403)' },
    problems: {
      type: 'array',
      description: 'each bad event of a batch, by its line (its place in the body, from 1): the first 20',
      items: {
        type: 'object',
        properties: { line: { type: 'integer' }, message: { type: 'string' } },
        required: ['line', 'message'],
      },
    },
    total: { type: 'integer', description: 'how many lines were refused (problems names the first 20)' },
  },
  required: ['error'],
} as const;

/** A refusal a route answers for a reason of its own, as `response` documents it. */
export const refusal = (why: string) => ({ description: why, ...ref('Error') }) as const;

/** No body: a 204. */
export const noContent = (what: string) => ({ type: 'null', description: what }) as const;

export const pageSchema = {
  type: 'object',
  properties: {
    events: { type: 'array', items: ref('Event') },
    next: { type: ['string', 'null'], description: 'the cursor of the next page; null on the last' },
    total: { type: 'integer', minimum: 0, description: 'how many events match in all, when asked with total=true' },
    through: {
      type: 'integer',
      minimum: 0,
      description:
        'the head the listing was read at: its pages hold nothing newer; a stream from after it misses nothing',
    },
    deleted: {
      type: 'array',
      items: { type: 'integer' },
      description: "the seqs of the page's events whose resource is deleted, when asked with deleted=true",
    },
  },
  required: ['events', 'next', 'through'],
} as const;

/**
 * A list of events as JSON (`schema`), or as NDJSON when the request's Accept asks for
 * it, the next page's cursor then in the Activity-Next header.
 */
export const eventsAnswer = (description: string, schema: object, ndjson: string) =>
  ({
    description,
    content: {
      'application/json': { schema },
      'application/x-ndjson': { schema: { type: 'string', description: ndjson } },
    },
  }) as const;

export const pageAnswer = eventsAnswer(
  'a page of events',
  pageSchema,
  'one Event a line (Accept: application/x-ndjson)',
);

export const tokenInfo = {
  $id: 'TokenInfo',
  type: 'object',
  description: 'a token as the store keeps it: never the token itself',
  properties: {
    name: { type: 'string' },
    scope: { type: 'string', enum: [...SCOPES] },
    created: { type: 'string', format: 'date-time' },
    lastUsed: {
      type: ['string', 'null'],
      format: 'date-time',
      description: 'to the minute (a use is noted at most once a minute); null: never used',
    },
  },
  required: ['name', 'scope', 'created', 'lastUsed'],
} as const;

export const newToken = {
  type: 'object',
  description: 'the new token: `token` is shown in this answer only',
  properties: {
    token: { type: 'string', pattern: '^activity_[A-Za-z0-9_-]{43}$' },
    ...tokenInfo.properties,
  },
  required: ['token', ...tokenInfo.required],
} as const;

/** `{"ok":true}`: /healthz and /readyz. */
export const okAnswer = {
  type: 'object',
  description: 'ok',
  properties: { ok: { type: 'boolean', enum: [true] } },
  required: ['ok'],
} as const;

export const countAnswer = {
  type: 'object',
  description: 'how many events match',
  properties: { count: { type: 'integer', minimum: 0 } },
  required: ['count'],
} as const;

export const headAnswer = {
  type: 'object',
  description: 'the newest link of the chain; seq 0 and hash null while the store is empty',
  properties: {
    seq: { type: 'integer', minimum: 0 },
    hash: { type: ['string', 'null'], pattern: '^[0-9a-f]{64}$' },
  },
  required: ['seq', 'hash'],
} as const;

const countsBy = (field: string, keys: readonly string[]) =>
  ({
    type: 'object',
    description: `events by ${field}; one absent has none`,
    properties: Object.fromEntries(keys.map((key) => [key, { type: 'integer', minimum: 0 }])),
    additionalProperties: false,
  }) as const;

export const statsAnswer = {
  type: 'object',
  description: 'the counts of the events that match',
  properties: {
    total: { type: 'integer', minimum: 0 },
    byAction: countsBy('action', ACTIONS),
    byType: countsBy('type', RESOURCE_TYPES),
    topUsers: {
      type: 'array',
      description: 'the most active users, most events first (ties by name), at most `users`',
      items: {
        type: 'object',
        properties: { user: { type: 'string' }, events: { type: 'integer', minimum: 1 } },
        required: ['user', 'events'],
      },
    },
    byQuarterHour: {
      type: 'array',
      description: 'events per quarter hour that holds any, as [quarter, events]: quarter is floor(epoch ms / 900000)',
      items: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 },
    },
  },
  required: ['total', 'byAction', 'byType', 'topUsers', 'byQuarterHour'],
} as const;

export const latestAnswer = eventsAnswer(
  "each resource's latest event, in the order asked; null for a resource without one",
  {
    type: 'object',
    properties: { events: { type: 'array', items: { oneOf: [ref('Event'), { type: 'null' }] } } },
    required: ['events'],
  },
  'one Event (or null) a line (Accept: application/x-ndjson)',
);

export const uploadAnswer = {
  type: 'object',
  description: 'the upload begun: send its parts to /v1/uploads/{id}/events',
  properties: { id: { type: 'string', pattern: '^[0-9a-f]{32}$' } },
  required: ['id'],
} as const;

export const partAnswer = {
  type: 'object',
  description: 'the part staged',
  properties: { lines: { type: 'integer', description: 'the lines this upload holds so far' } },
  required: ['lines'],
} as const;

export const streamAnswer = {
  description:
    'server-sent events: `event: event` with an Event as `data` and its seq as `id`; `event: through` with ' +
    'the seq the store was read to as `id` and `data`; a comment as heartbeat. Resume with Last-Event-ID.',
  content: { 'text/event-stream': { schema: { type: 'string' } } },
} as const;

export const tokenCreate = {
  type: 'object',
  properties: { name: text(64), scope: { type: 'string', enum: [...SCOPES] } },
  required: ['name', 'scope'],
  additionalProperties: false,
} as const;

export const resourceRef = {
  type: 'object',
  properties: {
    type: { type: 'string', enum: [...RESOURCE_TYPES] },
    name: text(LIMITS.name),
    resourceId: nullableText(LIMITS.resourceId),
    account: nullableText(LIMITS.account),
  },
  required: ['type', 'name', 'resourceId', 'account'],
  additionalProperties: false,
} as const;

export const sessionInfo = {
  type: 'object',
  description: 'signed in: the session cookie (HttpOnly, SameSite=Strict; Secure over HTTPS) is set',
  properties: {
    name: { type: 'string', description: 'the token the session was opened with' },
    expires: { type: 'string', format: 'date-time' },
  },
  required: ['name', 'expires'],
} as const;

export const sessionState = {
  type: 'object',
  description: 'who is signed in, and what the page needs to know of the server',
  properties: {
    name: { type: ['string', 'null'], description: 'the token the request came with, or its session was opened with' },
    session: { type: 'boolean', description: 'whether the request came with the session cookie' },
    linkTemplate: {
      type: ['string', 'null'],
      description: "the console's URL template for links to resources (reference §6), or null",
    },
  },
  required: ['name', 'session', 'linkTemplate'],
} as const;

export const exportAnswer = {
  description:
    'the events, as an attachment: CSV (RFC 4180, a header row, formula cells prefixed with a quote) or NDJSON',
  content: {
    'text/csv': { schema: { type: 'string' } },
    'application/x-ndjson': { schema: { type: 'string', description: 'one Event a line' } },
  },
} as const;

export const exportQuery = {
  type: 'object',
  properties: {
    ...filterParams,
    format: { type: 'string', enum: ['csv', 'ndjson'], default: 'csv' },
    order: { type: 'string', enum: ['newest', 'oldest', 'seq'], default: 'newest' },
  },
  additionalProperties: false,
} as const;

export const distinctAnswer = (key: string) =>
  ({
    type: 'object',
    description: `every ${key.slice(0, -1)} the events name, sorted`,
    properties: { [key]: { type: 'array', items: { type: 'string' } } },
    required: [key],
  }) as const;

export const latestBody = {
  type: 'object',
  properties: { resources: { type: 'array', items: resourceRef, maxItems: MAX_RESOURCES } },
  required: ['resources'],
  additionalProperties: false,
} as const;

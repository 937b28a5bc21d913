/**
 * The JSON schemas of the API: what each route validates its input with, and what the
 * OpenAPI document (/v1/openapi.json) is generated from. One place, so the two never differ.
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

/** An event as the API returns it (reference §1), recordedBy only for events a server recorded. */
export const eventSchema = {
  type: 'object',
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
 * An event to record. The fields are checked by the rules of reference §1 (any case of an
 * action, plural types, ISO times), which a problem names by its line (its place in an
 * array, counted from 1); `seq`, `hash` and `recordedBy` are accepted and ignored, as in
 * an export, since only the store and the server set them.
 */
export const eventInput = { type: 'object', description: 'an event, reference §1' } as const;

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

export const recordSummary = {
  type: 'object',
  properties: {
    recorded: { type: 'integer' },
    unchanged: { type: 'integer' },
    firstSeq: { type: 'integer' },
    lastSeq: { type: 'integer' },
  },
  required: ['recorded', 'unchanged'],
} as const;

export const errorSchema = {
  type: 'object',
  properties: {
    error: { type: 'string' },
    hint: { type: 'string' },
    scope: { type: 'string', enum: [...SCOPES], description: 'the scope the route needs' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        properties: { line: { type: 'integer' }, message: { type: 'string' } },
      },
    },
    total: { type: 'integer', description: 'how many lines were refused (problems names the first 20)' },
  },
  required: ['error'],
} as const;

export const pageSchema = {
  type: 'object',
  properties: {
    events: { type: 'array', items: eventSchema },
    next: { type: ['string', 'null'], description: 'the cursor of the next page; null on the last' },
  },
  required: ['events', 'next'],
} as const;

export const tokenInfo = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    scope: { type: 'string', enum: [...SCOPES] },
    created: { type: 'string', format: 'date-time' },
    lastUsed: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['name', 'scope', 'created', 'lastUsed'],
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

export const distinctAnswer = (key: string) =>
  ({
    type: 'object',
    properties: { [key]: { type: 'array', items: { type: 'string' } } },
    required: [key],
  }) as const;

export const latestBody = {
  type: 'object',
  properties: { resources: { type: 'array', items: resourceRef, maxItems: MAX_RESOURCES } },
  required: ['resources'],
  additionalProperties: false,
} as const;

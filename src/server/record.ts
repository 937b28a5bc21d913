/**
 * Recording through the server: one batch in one request, or a large input in bounded
 * parts staged in the store (or, for a store that keeps none, on the server's disk) and
 * recorded in one transaction at the commit (all-or-nothing, as `record --file` is on a
 * local store).
 */
import { setImmediate } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BatchItem } from '../core/batch.js';
import { GENESIS_HASH } from '../core/chain.js';
import { ActivityError, describeProblem, UsageError } from '../core/errors.js';
import { asEventInput, validateEvent } from '../core/event.js';
import { parseEventLines, readLines } from '../core/ndjson.js';
import { parseEventStream } from '../ingest/parse-events.js';
import { type ActivityStore, UPLOAD_LIMITS, type UploadRefusal, UploadRefused } from '../store/store.js';
import { diskUploads } from './disk-uploads.js';
import { MAX_BATCH, noContent, partAnswer, recordBody, ref, refusal, uploadAnswer } from './schemas.js';

/** Bad input that has an HTTP status of its own (a bad token to sign in with, too large, no such upload, busy); other bad input is a 400. */
export class Refusal extends UsageError {
  constructor(
    readonly status: 401 | 403 | 404 | 409 | 413 | 429,
    message: string,
    hint: string,
  ) {
    super(message, hint);
  }
}

const UPLOAD_STATUS: Record<UploadRefusal, number> = { unknown: 404, busy: 409, 'too-many': 429, 'too-large': 413 };

/** The HTTP status of bad input. */
export const statusOf = (error: UsageError): number =>
  error instanceof Refusal ? error.status : error instanceof UploadRefused ? UPLOAD_STATUS[error.refusal] : 400;

/**
 * Events handed to the store at a time. Between slices the server's thread takes its
 * turn at the sockets, so the next requests' bodies arrive and are parsed on the read
 * threads while this one is written (docs/server.md, "Recording").
 */
const SLICE = 500;

/**
 * The events of a batch, each stamped with the token that records it, in slices. Any
 * chain hash computed ahead is dropped: the store links the events itself, and never on
 * a client's word.
 */
async function* stamped(
  chunks: AsyncIterable<BatchItem[]> | Iterable<BatchItem[]>,
  recordedBy: string,
): AsyncIterable<BatchItem[]> {
  for await (const chunk of chunks) {
    for (const item of chunk) {
      if ('event' in item) {
        item.event.recordedBy = recordedBy;
        delete item.link;
      }
    }
    for (let at = 0; at < chunk.length; at += SLICE) {
      if (at > 0) await setImmediate();
      yield at === 0 && chunk.length <= SLICE ? chunk : chunk.slice(at, at + SLICE);
    }
  }
}

/** A request's body as NDJSON lines: an NDJSON body as it is, a JSON object or array a line each. */
function bodyLines(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  const values = Array.isArray(body) ? body : [body];
  return Buffer.from(`${values.map((value) => JSON.stringify(value)).join('\n')}\n`);
}

/** A JSON body's events, validated: an object or an array of them (each its own "line"). */
function itemsOfJson(body: unknown, now: number): BatchItem[] {
  const values = Array.isArray(body) ? body : [body];
  return values.map((value, index) => {
    try {
      return { line: index + 1, event: validateEvent(asEventInput(value), now) };
    } catch (error) {
      if (!(error instanceof ActivityError)) throw error;
      return { line: index + 1, problem: describeProblem(error) };
    }
  });
}

/** Parses and validates an NDJSON batch: on the calling thread, or where a server's `BatchParser` says. */
export type BatchParser = (body: Buffer, now: number) => Promise<BatchItem[]>;

const parseHere: BatchParser = async (body, now) => {
  const items: BatchItem[] = [];
  for await (const chunk of parseEventLines(readLines([body]), now)) items.push(...chunk);
  return items;
};

async function itemsOfNdjson(body: Buffer, now: number, parse: BatchParser): Promise<BatchItem[]> {
  const items = await parse(body, now);
  if (items.length > MAX_BATCH) {
    throw new Refusal(413, `more than ${MAX_BATCH} events in one request`, 'send them in parts (POST /v1/uploads)');
  }
  return items;
}

export function recordRoutes(app: FastifyInstance, store: ActivityStore, parse: BatchParser = parseHere): void {
  app.addContentTypeParser(
    ['application/x-ndjson', 'application/ndjson'],
    { parseAs: 'buffer' },
    (_request, body, done) => done(null, body),
  );
  const owner = (request: FastifyRequest) => (request.token as { name: string }).name;

  app.post(
    '/v1/events',
    {
      config: { scope: 'write' },
      schema: {
        summary: 'Record one event or a batch, all-or-nothing',
        body: recordBody,
        response: {
          200: ref('RecordSummary'),
          400: refusal('an invalid event: `problems` names each bad one by its line, and nothing is recorded'),
          413: refusal(`more than ${MAX_BATCH} events (NDJSON)`),
        },
      },
    },
    async (request) => {
      const now = Date.now();
      if (request.body === undefined || request.body === null) {
        throw new UsageError(
          'the request has no body',
          'send one event as a JSON object, an array of them, or NDJSON with Content-Type: application/x-ndjson',
        );
      }
      const items = Buffer.isBuffer(request.body)
        ? await itemsOfNdjson(request.body, now, parse)
        : itemsOfJson(request.body, now);
      return store.record(stamped([items], owner(request)));
    },
  );

  const staged = store.uploads;
  const disk = staged === undefined ? diskUploads(store) : undefined;
  const uploads = staged ?? (disk as NonNullable<typeof disk>);
  const uploadId = (request: FastifyRequest) => (request.params as { id: string }).id;
  const unknownUpload = refusal('no upload of this id for this token (or it was dropped after 10 idle minutes)');
  const busyUpload = refusal('the upload is busy with another request: send its parts one at a time');
  const idParams = {
    type: 'object',
    properties: { id: { type: 'string', pattern: '^[0-9a-f]{32}$' } },
    required: ['id'],
  } as const;

  app.post(
    '/v1/uploads',
    {
      config: { scope: 'write' },
      schema: {
        summary: 'Begin an upload: parts sent after it are recorded at its commit',
        response: {
          201: uploadAnswer,
          429: refusal(`this token has ${UPLOAD_LIMITS.open} uploads open: commit or delete one first`),
        },
      },
    },
    async (request, reply) => reply.code(201).send({ id: await uploads.begin(owner(request)) }),
  );

  app.post(
    '/v1/uploads/:id/events',
    {
      config: { scope: 'write' },
      schema: {
        summary: "Add a part's events to an upload (checked at the commit)",
        params: idParams,
        body: recordBody,
        response: {
          200: partAnswer,
          404: unknownUpload,
          409: busyUpload,
          413: refusal(`a token's open uploads would hold more than ${UPLOAD_LIMITS.bytes / 1024 ** 3} GiB together`),
        },
      },
    },
    async (request) => {
      const bytes = bodyLines(request.body);
      const lines = bytes.reduce((n, byte) => n + (byte === 0x0a ? 1 : 0), 0) + (bytes.at(-1) === 0x0a ? 0 : 1);
      const ended = bytes.at(-1) === 0x0a ? bytes : Buffer.concat([bytes, Buffer.from('\n')]);
      return { lines: await uploads.add(uploadId(request), owner(request), ended, lines) };
    },
  );

  app.post(
    '/v1/uploads/:id/commit',
    {
      config: { scope: 'write' },
      schema: {
        summary: 'Record every event of an upload in one transaction, or none',
        params: idParams,
        response: {
          200: ref('RecordSummary'),
          400: refusal(
            'an invalid event: `problems` names each bad one by its line in the upload, and nothing is recorded',
          ),
          404: unknownUpload,
          409: busyUpload,
        },
      },
    },
    async (request) =>
      uploads.commit(uploadId(request), owner(request), (parts) =>
        stamped(
          parseEventStream({ stream: parts }, { now: Date.now(), head: { seq: 0, hash: GENESIS_HASH } }),
          owner(request),
        ),
      ),
  );

  app.delete(
    '/v1/uploads/:id',
    {
      config: { scope: 'write' },
      schema: {
        summary: 'Drop an upload unrecorded',
        params: idParams,
        response: { 204: noContent('dropped'), 404: unknownUpload, 409: busyUpload },
      },
    },
    async (request, reply) => {
      await uploads.drop(uploadId(request), owner(request));
      return reply.code(204).send();
    },
  );

  app.addHook('onClose', async () => disk?.close());
}

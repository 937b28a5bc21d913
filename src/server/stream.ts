/**
 * GET /v1/stream: the events as they commit, pushed as server-sent events. Each event's
 * `id:` is its seq; a `through` message says how far the store was read past events the
 * filter skipped, so a client resuming with Last-Event-ID neither misses nor repeats one.
 */
import type { FastifyInstance } from 'fastify';
import { UsageError } from '../core/errors.js';
import { toJson } from '../core/event-json.js';
import type { ActivityStore } from '../store/store.js';
import type { ServerOptions } from './app.js';
import { requestFilter } from './request-filter.js';
import { streamAnswer, streamQuery } from './schemas.js';

/** How often, at most, a stream asks whether its token is still allowed. */
const RECHECK_MS = 1000;
/** How often a stream with nothing to send asks. */
const QUIET_RECHECK_MS = 5000;

/** The streams a server has open: closed at shutdown, so that clients resume from another. */
export interface Streams {
  closeAll(): void;
}

export function streamRoute(
  app: FastifyInstance,
  store: ActivityStore,
  options: Pick<ServerOptions, 'heartbeatMs' | 'slowClientMs'>,
): Streams {
  const open = new Set<AbortController>();
  let closing = false;
  app.get(
    '/v1/stream',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'New events as they commit (text/event-stream), resumable with Last-Event-ID or ?after=',
        description:
          'Starts after the newest event, or after `after` or Last-Event-ID (which wins). HEAD answers the headers only.',
        querystring: streamQuery,
        response: { 200: streamAnswer },
        headers: {
          type: 'object',
          properties: {
            'last-event-id': {
              type: 'string',
              pattern: '^[0-9]{1,15}$',
              description: 'the last `id` received: resume after this seq, with no gap and no duplicate',
            },
          },
        },
      },
    },
    async (request, reply) => {
      const filter = requestFilter(request, Date.now());
      const lastEventId = request.headers['last-event-id'];
      const given = lastEventId === undefined ? (request.query as { after?: number }).after : Number(lastEventId);
      if (given !== undefined && !Number.isSafeInteger(given)) throw new UsageError('invalid Last-Event-ID');
      let sent = given ?? (await store.head())?.seq ?? 0;

      if (request.method === 'HEAD') {
        return reply.type('text/event-stream; charset=utf-8').header('cache-control', 'no-store').send();
      }
      // Shutting down: a client that reconnected meanwhile (a browser's EventSource does at
      // once) is told to come back, not kept, which would hold the shutdown for ever.
      if (closing) {
        reply.hijack();
        reply.raw.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' });
        reply.raw.end(JSON.stringify({ error: 'the server is shutting down', hint: 'try again in a moment' }));
        return;
      }
      const abort = new AbortController();
      open.add(abort);
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // nginx and others buffer responses unless told not to.
        'x-accel-buffering': 'no',
      });
      request.raw.socket.setTimeout(0);
      response.on('close', () => abort.abort());

      /** Writes, and when the client lags, waits for it a while, then drops it: nothing is buffered without bound. */
      const send = async (text: string): Promise<void> => {
        if (response.write(text) || abort.signal.aborted) return;
        const drained = await new Promise<boolean>((resolve) => {
          const settle = (value: boolean) => () => {
            clearTimeout(timer);
            response.off('drain', onDrain);
            abort.signal.removeEventListener('abort', onAbort);
            resolve(value);
          };
          const onDrain = settle(true);
          const onAbort = settle(true);
          const timer = setTimeout(settle(false), options.slowClientMs);
          response.once('drain', onDrain);
          abort.signal.addEventListener('abort', onAbort, { once: true });
        });
        if (!drained) {
          request.log.warn({ path: '/v1/stream', token: request.token?.name ?? null }, 'slow stream client dropped');
          response.destroy();
          abort.abort();
        }
      };
      // The token is asked about again as the stream goes on: a revoked one is cut off
      // within a second of its next event or heartbeat, and its client's reconnect refused.
      let checked = performance.now();
      const allowed = async (): Promise<boolean> => {
        if (performance.now() - checked < RECHECK_MS) return true;
        checked = performance.now();
        // A check the store cannot answer (it is down) keeps the stream, which waits for
        // the store as its follow does; the token is asked again at the next check.
        const still = await request.stillAllowed?.().catch((error: Error) => {
          request.log.warn({ err: error.message }, 'stream token check failed');
          return true;
        });
        if (still !== false) return true;
        request.log.info(
          { path: '/v1/stream', token: request.token?.name ?? null },
          'stream of a revoked token closed',
        );
        abort.abort();
        return false;
      };
      const heartbeat = setInterval(async () => {
        if (await allowed()) void send(': heartbeat\n\n');
      }, options.heartbeatMs);
      // A quiet stream too: revoked, it ends within seconds, not at its next event.
      const recheck = setInterval(() => void allowed(), QUIET_RECHECK_MS);
      const started = performance.now();
      try {
        await send(`retry: 1000\nid: ${sent}\nevent: through\ndata: ${sent}\n\n`);
        for await (const step of store.follow(filter, sent, abort.signal)) {
          if (!(await allowed())) break;
          for (const event of step.events) await send(`id: ${event.seq}\nevent: event\ndata: ${toJson(event)}\n\n`);
          if (step.through > sent) await send(`id: ${step.through}\nevent: through\ndata: ${step.through}\n\n`);
          sent = Math.max(sent, step.through, step.events.at(-1)?.seq ?? 0);
        }
      } catch (error) {
        request.log.error({ err: (error as Error).message }, 'stream failed');
      } finally {
        clearInterval(heartbeat);
        clearInterval(recheck);
        open.delete(abort);
        response.end();
        request.log.info(
          {
            method: request.method,
            path: '/v1/stream',
            status: 200,
            ms: Math.round(performance.now() - started),
            token: request.token?.name ?? null,
          },
          'stream closed',
        );
      }
    },
  );
  return {
    closeAll: () => {
      closing = true;
      for (const abort of open) abort.abort();
    },
  };
}

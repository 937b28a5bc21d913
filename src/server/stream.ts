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
import { streamQuery } from './schemas.js';

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
  app.get(
    '/v1/stream',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'New events as they commit (text/event-stream), resumable with Last-Event-ID or ?after=',
        querystring: streamQuery,
        headers: {
          type: 'object',
          properties: { 'last-event-id': { type: 'string', pattern: '^[0-9]{1,15}$' } },
        },
      },
    },
    async (request, reply) => {
      const filter = requestFilter(request, Date.now());
      const lastEventId = request.headers['last-event-id'];
      const given = lastEventId === undefined ? (request.query as { after?: number }).after : Number(lastEventId);
      if (given !== undefined && !Number.isSafeInteger(given)) throw new UsageError('invalid Last-Event-ID');
      let sent = given ?? (await store.head())?.seq ?? 0;

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
          const timer = setTimeout(() => resolve(false), options.slowClientMs);
          response.once('drain', () => {
            clearTimeout(timer);
            resolve(true);
          });
          abort.signal.addEventListener('abort', () => resolve(true), { once: true });
        });
        if (!drained) {
          request.log.warn({ path: '/v1/stream', token: request.token?.name ?? null }, 'slow stream client dropped');
          response.destroy();
          abort.abort();
        }
      };
      const heartbeat = setInterval(() => void send(': heartbeat\n\n'), options.heartbeatMs);
      const started = performance.now();
      try {
        await send(`retry: 1000\nid: ${sent}\nevent: through\ndata: ${sent}\n\n`);
        for await (const step of store.follow(filter, sent, abort.signal)) {
          for (const event of step.events) await send(`id: ${event.seq}\nevent: event\ndata: ${toJson(event)}\n\n`);
          if (step.through > sent) await send(`id: ${step.through}\nevent: through\ndata: ${step.through}\n\n`);
          sent = Math.max(sent, step.through, step.events.at(-1)?.seq ?? 0);
        }
      } catch (error) {
        request.log.error({ err: (error as Error).message }, 'stream failed');
      } finally {
        clearInterval(heartbeat);
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
      for (const abort of open) abort.abort();
    },
  };
}

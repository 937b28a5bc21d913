/**
 * The Activity Log page (src/web/): its files at `/`, the sign-in that trades a token
 * for a session cookie, and exports of a filter as CSV or NDJSON. The page then speaks
 * the same /v1 API as any client, authenticated by its cookie.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CSV_HEADER, csvCells, csvLine } from '../core/event-csv.js';
import { filterFromParams } from '../core/filter-codec.js';
import { eventsPageHref, LOG_FIRST_PAGE } from '../core/page-request.js';
import type { EventOrder, EventQuery } from '../core/query.js';
import { allows, isWellFormedToken } from '../core/token.js';
import { type ActivityStore, jsonPages } from '../store/store.js';
import { Refusal } from './record.js';
import { requestFilter } from './request-filter.js';
import * as schema from './schemas.js';

export interface WebOptions {
  /** The built page's folder (dist/web), or undefined when it was not built. */
  root: string | undefined;
  /** How long a session lasts. */
  sessionMs: number;
  /** The console's URL template (reference §6), for the page's links; none: names only. */
  linkTemplate: string | undefined;
  /** The server speaks HTTPS itself: its cookies are Secure. */
  https: boolean;
}

export const SESSION_COOKIE = 'activity_session';

/**
 * Everything the page loads is its own: no inline script or style, no other origin, no
 * framing. Event fields are only ever text in it (src/web), and this holds if one ever
 * were not.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/** The built page's files, read once: they are small, and never change while the server runs. */
function loadAssets(root: string | undefined): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (root === undefined) return assets;
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return assets;
  }
  for (const name of names) {
    const type = TYPES[name.slice(name.lastIndexOf('.'))];
    if (type === undefined) continue;
    const body = readFileSync(join(root, name));
    assets.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` });
  }
  return assets;
}

/**
 * The log's HTML, naming the two answers its script asks for first (who is signed in, and
 * the first page of the address's filter), so the browser asks for them while it loads
 * the script, not after.
 */
function logHtml(template: Buffer, url: string): string {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const firstPage = eventsPageHref(filterFromParams(new URLSearchParams(query)), LOG_FIRST_PAGE);
  const preload = (href: string) =>
    `<link rel="preload" as="fetch" crossorigin="anonymous" href="${href.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}">`;
  return template
    .toString()
    .replace('<link rel="stylesheet"', `${preload('/v1/session')}\n${preload(firstPage)}\n<link rel="stylesheet"`);
}

/** A cookie of the request, by name. */
export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at !== -1 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** Whether the browser reached us over HTTPS (here, or through a proxy that says so). */
const overHttps = (request: FastifyRequest, https: boolean) =>
  https ||
  String(request.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    ?.trim() === 'https';

function sessionCookie(request: FastifyRequest, https: boolean, value: string, maxAgeSeconds: number): string {
  const secure = overHttps(request, https) ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

export function webRoutes(
  app: FastifyInstance,
  stores: { reads: ActivityStore; writes: ActivityStore },
  options: WebOptions,
): void {
  const assets = loadAssets(options.root);

  const sendAsset = (request: FastifyRequest, reply: FastifyReply, name: string) => {
    const asset = assets.get(name);
    if (asset === undefined) {
      const missing = assets.size === 0 ? 'the page was not built (npm run build)' : `no file ${JSON.stringify(name)}`;
      return reply.code(404).headers(PAGE_HEADERS).type('text/plain; charset=utf-8').send(missing);
    }
    // The icon is asked for again at each change of address (a filter); it can wait a day to change.
    const caching = name === 'favicon.svg' ? 'max-age=86400' : 'no-cache';
    reply.headers(PAGE_HEADERS).header('etag', asset.etag).header('cache-control', caching).type(asset.type);
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.send(asset.body);
  };

  // The page itself, at its two kinds of address: the log (its filters in the query) and one event.
  const page = { config: { scope: null }, schema: { hide: true } } as const;
  app.get('/', page, (request, reply) => {
    const html = assets.get('index.html');
    if (html === undefined) return sendAsset(request, reply, 'index.html');
    return reply
      .headers(PAGE_HEADERS)
      .header('cache-control', 'no-cache')
      .type(html.type)
      .send(logHtml(html.body, request.url));
  });
  app.get('/events/:seq', page, (request, reply) => sendAsset(request, reply, 'index.html'));
  app.get('/assets/:name', page, (request, reply) =>
    sendAsset(request, reply, (request.params as { name: string }).name),
  );

  app.post(
    '/v1/session',
    {
      config: { scope: null },
      schema: {
        summary: 'Sign in: a token (read or admin scope) for a session cookie the page then uses',
        description: 'The token is sent in the body, never in a URL; the session may only read.',
        body: {
          type: 'object',
          properties: { token: { type: 'string', maxLength: 200 } },
          required: ['token'],
          additionalProperties: false,
        },
        response: {
          201: schema.sessionInfo,
          401: schema.refusal('not a token, or an unknown or revoked one'),
          403: schema.refusal('a write-only token, which cannot read the log'),
        },
      },
    },
    async (request, reply) => {
      const { token } = request.body as { token: string };
      const given = token.trim();
      if (!isWellFormedToken(given)) {
        throw new Refusal(401, 'that is not a token', 'paste a token made by activity token create (activity_…)');
      }
      const info = await stores.reads.tokens.authenticate(given);
      if (info === undefined) throw new Refusal(401, 'unknown or revoked token', 'ask an admin for a new one');
      if (!allows(info.scope, 'read')) {
        throw new Refusal(
          403,
          `token "${info.name}" has ${info.scope} scope, which cannot read the log`,
          'use a read token',
        );
      }
      const expires = Date.now() + options.sessionMs;
      const secret = await stores.writes.tokens.openSession(info.name, expires);
      reply.header('set-cookie', sessionCookie(request, options.https, secret, Math.floor(options.sessionMs / 1000)));
      return reply.code(201).send({ name: info.name, expires: new Date(expires).toISOString() });
    },
  );

  app.get(
    '/v1/session',
    {
      config: { scope: 'read' },
      schema: {
        summary: "Who is signed in (the token's name), and what the page needs to know of the server",
        response: { 200: schema.sessionState },
      },
    },
    async (request) => ({
      name: request.token?.name ?? null,
      session: request.session !== undefined,
      linkTemplate: options.linkTemplate ?? null,
    }),
  );

  app.delete(
    '/v1/session',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Sign out: the session ends, here and on every server of the store',
        response: { 204: schema.noContent('signed out; the cookie is cleared') },
      },
    },
    async (request, reply) => {
      if (request.session !== undefined) await stores.writes.tokens.closeSession(request.session);
      reply.header('set-cookie', sessionCookie(request, options.https, '', 0));
      return reply.code(204).send();
    },
  );

  app.get(
    '/v1/export',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Every event matching the filters as a CSV or NDJSON file, streamed',
        querystring: schema.exportQuery,
        response: { 200: schema.exportAnswer },
      },
    },
    async (request, reply) => {
      const q = request.query as { format: 'csv' | 'ndjson'; order: EventOrder };
      const query: EventQuery = { filter: requestFilter(request, Date.now()), order: q.order };
      const csv = q.format === 'csv';
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'content-type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
        'content-disposition': `attachment; filename="activity-${new Date().toISOString().slice(0, 10)}.${q.format}"`,
        'cache-control': 'no-store',
        ...PAGE_HEADERS,
      });
      const started = performance.now();
      let ok = true;
      const write = async (chunk: string | Uint8Array) => {
        if (response.write(chunk)) return;
        await new Promise<void>((resolve) => {
          const done = () => {
            response.off('drain', done);
            response.off('close', done);
            resolve();
          };
          response.on('drain', done);
          response.on('close', done);
        });
      };
      try {
        if (csv) {
          await write(CSV_HEADER);
          for await (const page of stores.reads.query(query)) {
            if (response.destroyed) break;
            // Formula cells neutralized (reference §5): a spreadsheet must not run what an event's fields hold.
            await write(page.map((event) => csvLine(csvCells(event), false)).join(''));
          }
        } else {
          for await (const page of jsonPages(stores.reads, query)) {
            if (response.destroyed) break;
            await write(Buffer.concat(page.flatMap((line) => [line, NEWLINE])));
          }
        }
      } catch (error) {
        ok = false;
        request.log.error({ err: (error as Error).message }, 'export failed');
        response.destroy();
      } finally {
        response.end();
        request.log.info(
          {
            method: request.method,
            path: '/v1/export',
            status: ok ? 200 : 500,
            ms: Math.round(performance.now() - started),
            token: request.token?.name ?? null,
          },
          'request',
        );
      }
    },
  );
}

const NEWLINE = Buffer.from('\n');

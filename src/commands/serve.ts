import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import type { Context } from '../context.js';
import { echo, StoreError, systemReason, UsageError } from '../core/errors.js';
import { urlTemplate } from './resource-urls.js';

export interface ServeOptions {
  host: string;
  port: number;
  rateLimit: number;
  readThreads: number;
  tls?: { certFile: string; keyFile: string };
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('serve the store over HTTP(S) to activity clients (--store http://…) and to any HTTP client')
    .option('--host <address>', 'the address to listen on', '127.0.0.1')
    .option('--port <port>', 'the port to listen on (0: any free one)', '8080')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM), with --tls-key')
    .option('--tls-key <file>', 'the private key (PEM) of --tls-cert')
    .option('--rate-limit <n>', 'requests a token may make a minute (0: no limit)', '6000')
    .option(
      '--read-threads <n>',
      'threads answering reads, each with its own connection (0: none; default: one a core, up to 4)',
    )
    .addHelpText(
      'after',
      `
The store is a SQLite file (or a PostgreSQL URL): make an admin token on it
first. Clients then use --store http://host:8080 with a token (docs/server.md).

Examples:
  activity token create --store /var/lib/activity/activity.db --name admin --scope admin
  activity serve --store /var/lib/activity/activity.db --host 0.0.0.0 --port 8080`,
    );
}

/** More threads than this only add connections: the server's own thread becomes the bound. */
const MAX_READ_THREADS = 4;

const whole = (value: string, flag: string, max: number): number => {
  if (!/^\d{1,9}$/.test(value) || Number(value) > max) {
    throw new UsageError(`invalid ${flag} ${echo(value)}`, `give a whole number from 0 to ${max}`);
  }
  return Number(value);
};

export function parseServeOptions(flags: {
  host?: string;
  port?: string;
  tlsCert?: string;
  tlsKey?: string;
  rateLimit?: string;
  readThreads?: string;
}): ServeOptions {
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together', 'give both files, or neither for plain HTTP');
  }
  return {
    host: flags.host ?? '127.0.0.1',
    port: whole(flags.port ?? '8080', '--port', 65_535),
    rateLimit: whole(flags.rateLimit ?? '6000', '--rate-limit', 100_000_000),
    readThreads:
      flags.readThreads === undefined
        ? Math.min(MAX_READ_THREADS, process.getBuiltinModule('node:os').availableParallelism())
        : whole(flags.readThreads, '--read-threads', 64),
    ...(flags.tlsCert && flags.tlsKey ? { tls: { certFile: flags.tlsCert, keyFile: flags.tlsKey } } : {}),
  };
}

/**
 * The server is a bundle of its own beside the CLI's (scripts/build.mjs), required here
 * only: no other command loads the HTTP framework or the routes at start-up.
 */
const loadServer = (): typeof import('../server/serve.js') =>
  process.getBuiltinModule('node:module').createRequire(import.meta.url)(
    './server.cjs',
  ) as typeof import('../server/serve.js');

export async function runServe(ctx: Context, options: ServeOptions): Promise<void> {
  const store = ctx.storeOptions('write');
  if (/^https?:\/\//i.test(store.location)) {
    throw new UsageError(
      'activity serve serves a file or a PostgreSQL store, not another server',
      'give --store <path>',
    );
  }
  const read = (file: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new StoreError(`cannot read ${file}: ${systemReason(error)}`);
    }
  };
  const https = options.tls && { cert: read(options.tls.certFile), key: read(options.tls.keyFile) };
  const { serve, DEFAULT_SERVER_OPTIONS } = loadServer();
  await serve(
    store,
    { host: options.host, port: options.port },
    {
      ...DEFAULT_SERVER_OPTIONS,
      rateLimit: options.rateLimit,
      readThreads: options.readThreads,
      log: ctx.io.stderr,
      // The page is built beside this bundle (scripts/build.mjs); its links use the same template as tables.
      web: { ...DEFAULT_SERVER_OPTIONS.web, root: join(import.meta.dirname, 'web'), linkTemplate: urlTemplate(ctx) },
      ...(https ? { https } : {}),
    },
    (url) =>
      ctx.io.stderr.write(
        `activity serve: listening on ${url} (store ${store.location}); the Activity Log page is at ${url}/\n`,
      ),
  );
}

/** Runs the server until SIGTERM or SIGINT, then shuts down without losing what is in flight. */
import { StoreError } from '../core/errors.js';
import { openStore } from '../store/open.js';
import type { StoreOptions } from '../store/store.js';
import { buildServer, type ServerOptions } from './app.js';
import { ReadThreads } from './read-threads.js';

export { DEFAULT_SERVER_OPTIONS } from './app.js';

export interface Listen {
  host: string;
  port: number;
}

/**
 * Serves `store` on `listen`. `ready` hears the address once the server accepts
 * connections. On a signal: stop accepting, end the event streams (their clients resume
 * elsewhere or after a restart), let requests in flight finish (a batch commits or rolls
 * back whole), close the store.
 */
export async function serve(
  store: StoreOptions,
  listen: Listen,
  options: ServerOptions,
  ready: (url: string) => void,
): Promise<void> {
  // A server lives long and makes garbage fast (each batch parsed, cloned from a thread,
  // written): V8 let its heaps grow to several times what was live before collecting.
  // Growing them by a fifth at a time kept a server under ingest about 60 MB smaller, at
  // the same speed (bench/RESULTS.md); set before the read threads start, which share it.
  process.getBuiltinModule('node:v8').setFlagsFromString('--heap-growing-percent=20');
  // Writes on a connection of their own: a reader never sees a batch that is still being written.
  const opened = { ...store, lifetime: 'server' } as const;
  const writes = await openStore({ ...opened, mode: 'write' });
  const reads =
    options.readThreads > 0
      ? await ReadThreads.open({ ...opened, mode: 'read' }, options.readThreads)
      : await openStore({ ...opened, mode: 'read' });
  try {
    const parse = reads instanceof ReadThreads ? reads.parse.bind(reads) : undefined;
    const { app, streams } = await buildServer({ reads, writes, ...(parse ? { parse } : {}) }, options);
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    await app.listen({ host: listen.host, port: listen.port }).catch((error: NodeJS.ErrnoException) => {
      const where = `${listen.host}:${listen.port}`;
      if (error.code === 'EADDRINUSE') {
        throw new StoreError(
          `cannot listen on ${where}: the port is in use`,
          'stop what uses it, or give another --port',
        );
      }
      if (error.code === 'EACCES') {
        throw new StoreError(
          `cannot listen on ${where}: not allowed`,
          'ports below 1024 need privileges: give --port 8080',
        );
      }
      if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        throw new StoreError(`cannot listen on ${where}: no such address here`, 'give --host 127.0.0.1 or 0.0.0.0');
      }
      throw error;
    });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : listen.port;
    const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
    ready(`${options.https ? 'https' : 'http'}://${host}:${port}`);
    await stopped;
    streams.closeAll();
    await app.close();
  } finally {
    await reads.close();
    await writes.close();
  }
}

import type { Context } from '../context.js';
import { ExitCode } from '../core/errors.js';

/**
 * Ctrl-C and SIGTERM around a write. Before the commit they end the process at once, as
 * they would by default (the transaction goes with it, and SQLite rolls it back as after
 * a kill -9, which test/e2e/durability.test.ts covers), saying that nothing was
 * recorded: an import may be waiting on input that never comes, so there is nothing to
 * unwind to. Once the write is committed they are ignored until the command ends, its
 * store closed (which may take a while after a large import: SQLite refreshes its
 * statistics): a signal arriving then must not report as failed, and so get retried,
 * events that are recorded. The one place besides bin/ that ends the process, for that reason.
 */
export function guardCommit(ctx: Pick<Context, 'io' | 'close'>): { committed(): void; end(): Promise<void> } {
  const { io } = ctx;
  let done = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (done) return;
    io.stderr.write('activity: interrupted: nothing was recorded\n');
    process.exit(signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    committed: () => {
      done = true;
    },
    end: async () => {
      try {
        await ctx.close();
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    },
  };
}

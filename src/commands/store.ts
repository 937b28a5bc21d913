import { Command } from 'commander';
import type { Context } from '../context.js';
import type { ChainHead } from '../core/chain.js';
import { IntegrityError, UsageError } from '../core/errors.js';
import type { ActivityEvent } from '../core/event.js';
import { emptyFilter } from '../core/filter.js';
import { formatCount } from '../output/events.js';
import { openStore } from '../store/open.js';
import type { ActivityStore, OpenMode, StoreOptions } from '../store/store.js';
import { verifyChain } from '../verify/verify-chain.js';

export interface StoreCopyOptions {
  action: 'copy';
  from: string;
  to: string;
}

/**
 * Events a restore call writes, in one transaction: an interrupted copy keeps every
 * chunk before the one it was writing, and memory holds one chunk.
 */
const CHUNK = 10_000;

export function storeCommand(): Command {
  return new Command('store')
    .description('move a store: copy every event, as it is, and the tokens into another')
    .argument('<copy>', 'what to do')
    .argument('[from]', 'the store to copy: a path, file:<path>, postgres://… or http(s)://…')
    .argument('[to]', 'the store to copy into: a path, file:<path> or postgres://…, empty or an earlier copy of <from>')
    .addHelpText(
      'after',
      `
Every event keeps its seq, id, time, hash and recordedBy, and both chains are
verified at the end; tokens are copied as digests (web sessions are not). An
interrupted copy, or one of a source that has grown since, is resumed by running
it again: only the events the target lacks are copied. A target holding other
events is refused (exit 2) and left as it was. --store is not used.

Examples:
  activity store copy ~/.local/share/activity/activity.db postgres://activity@db.internal/activity
  activity store copy postgres://activity@db.internal/activity backup.db`,
    );
}

export function parseStoreOptions(action: string, from: string | undefined, to: string | undefined): StoreCopyOptions {
  if (action !== 'copy') throw new UsageError(`unknown store action "${action}"`, 'use copy');
  if (from === undefined || to === undefined || from === '' || to === '') {
    throw new UsageError(
      'store copy needs the store to copy and the store to copy into',
      'e.g. activity store copy activity.db postgres://…/activity',
    );
  }
  return { action, from, to };
}

export async function runStore(ctx: Context, { from, to }: StoreCopyOptions): Promise<void> {
  const { durability, token } = ctx.storeOptions('read');
  const optionsOf = (location: string, mode: OpenMode): StoreOptions => ({
    location,
    mode,
    durability,
    ...(token === undefined ? {} : { token }),
  });
  const source = await openStore(optionsOf(from, 'existing'));
  let target: ActivityStore | undefined;
  try {
    target = await openStore(optionsOf(to, 'write'));
    if (target.restore === undefined) {
      throw new UsageError(
        `cannot copy into ${target.location}: a server records new events itself, it does not take stored ones`,
        "copy into the server's store: its SQLite file or PostgreSQL URL",
      );
    }
    const sourceHead = await source.head();
    const targetHead = await target.head();
    await checkPrefix(source, sourceHead, target, targetHead);
    // Tokens first, so that a target holding another token of a name is refused with nothing written.
    const tokens = await copyTokens(source, target);
    if (sourceHead === undefined) {
      ctx.out.message(`No events in ${source.location}: nothing to copy.`);
      if (tokens !== undefined) ctx.out.message(tokens);
      return;
    }
    const after = targetHead?.seq ?? 0;
    const progress = ctx.out.stderrIsTerminal
      ? (n: number) => ctx.io.stderr.write(`\rcopied ${formatCount(n)} events…`)
      : undefined;
    let copied = 0;
    for await (const chunk of chunks(source, after, sourceHead.seq)) {
      copied += (await target.restore([chunk])).restored;
      progress?.(copied);
    }
    if (progress !== undefined && copied > 0) ctx.io.stderr.write('\r\u001b[K');
    await verifyBoth(sourceHead, [source, optionsOf(from, 'read')], [target, optionsOf(to, 'read')]);
    const verified = `both chains verify (head seq ${sourceHead.seq}, hash ${sourceHead.hash})`;
    ctx.out.message(
      copied === 0
        ? `Nothing to copy: ${target.location} holds every event of ${source.location} already; ${verified}`
        : `Copied ${formatCount(copied)} event${copied === 1 ? '' : 's'} (seq ${formatCount(after + 1)}–${formatCount(sourceHead.seq)}) ` +
            `from ${source.location} to ${target.location}; ${verified}`,
    );
    if (tokens !== undefined) ctx.out.message(tokens);
  } finally {
    await target?.close();
    await source.close();
  }
}

/**
 * The source's tokens, as digests: the clients of a server moved to the target keep
 * theirs, and a name that events carry stays taken there. Sessions are not copied: a
 * browser signs in again. What was copied, for the person moving the store.
 */
async function copyTokens(source: ActivityStore, target: ActivityStore): Promise<string | undefined> {
  if (source.tokens.stored === undefined) {
    return `tokens are not copied from ${source.location}: a server never hands out their digests; copy from its store`;
  }
  const tokens = await source.tokens.stored();
  if (tokens.length === 0 || target.tokens.restore === undefined) return undefined;
  const { added } = await target.tokens.restore(tokens);
  if (added === 0) return undefined;
  const revoked = tokens.filter((t) => t.revoked !== null).length;
  return `Copied ${added} token${added === 1 ? '' : 's'} (${revoked} of the source's ${tokens.length} revoked): clients keep theirs; web sessions are not copied (people sign in again).`;
}

/**
 * A target may hold only what an earlier copy of this source left: the source's events up
 * to the target's head, which has the source's hash at that seq (a hash covers every
 * event before it; both chains are verified after the copy).
 */
async function checkPrefix(
  source: ActivityStore,
  sourceHead: ChainHead | undefined,
  target: ActivityStore,
  targetHead: ChainHead | undefined,
): Promise<void> {
  if (targetHead === undefined) return;
  const refuse = (why: string) =>
    new UsageError(
      `cannot copy into ${target.location}: ${why}; nothing was copied`,
      `copy into an empty store, or into one an earlier copy of ${source.location} left`,
    );
  if (targetHead.seq > (sourceHead?.seq ?? 0)) {
    throw refuse(
      `it holds ${formatCount(targetHead.seq)} events, more than ${source.location} (${formatCount(sourceHead?.seq ?? 0)})`,
    );
  }
  const same = await source.get({ seq: targetHead.seq });
  if (same?.hash !== targetHead.hash) {
    throw refuse(`its events are not those of ${source.location} (its event at seq ${targetHead.seq} differs)`);
  }
}

/** The source's events after `after` through `through`, in seq order, CHUNK at a time. */
async function* chunks(source: ActivityStore, after: number, through: number): AsyncIterable<ActivityEvent[]> {
  let chunk: ActivityEvent[] = [];
  for await (const page of source.query({
    filter: emptyFilter(),
    order: 'seq',
    afterSeq: after,
    throughSeq: through,
  })) {
    for (const event of page) {
      chunk.push(event);
      if (chunk.length === CHUNK) {
        yield chunk;
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Both chains verified as `activity verify` does, through the source's head as it was
 * when the copy began (either may have grown since), each ending on that head.
 */
async function verifyBoth(
  head: ChainHead,
  ...stores: readonly (readonly [ActivityStore, StoreOptions])[]
): Promise<void> {
  for (const [store, options] of stores) {
    const { broken, head: verified } = await verifyChain(store, options, head.seq);
    if (broken !== undefined) {
      throw new IntegrityError(
        `the chain of ${store.location} does not verify: broken at seq ${broken.seq} (${broken.kind})`,
        'run activity verify on it for the details',
      );
    }
    if (verified?.seq !== head.seq || verified.hash !== head.hash) {
      throw new IntegrityError(
        `the chain of ${store.location} does not end on the source's head (seq ${head.seq}, hash ${head.hash})`,
        'run activity verify on both stores',
      );
    }
  }
}

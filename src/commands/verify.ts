import { Command } from 'commander';
import type { Context } from '../context.js';
import { type ChainHead, canonicalEncoding, type StoredLink } from '../core/chain.js';
import { ActivityError, describeProblem, IntegrityError, UsageError } from '../core/errors.js';
import { parseExportedLine } from '../core/event.js';
import { readLines } from '../core/ndjson.js';
import { type ChainVerdict, checkpointBreak, verifyExport } from '../core/verify.js';
import { formatCount } from '../output/events.js';
import { checkDirectory, readStateFile, saveFile } from '../state-files.js';
import type { ActivityStore } from '../store/store.js';
import { verifyChain } from '../verify/verify-chain.js';
import { ndjsonInput } from './input-file.js';

export interface VerifyOptions {
  file: string | undefined;
  checkpoint: string | undefined;
}

export function verifyCommand(): Command {
  return new Command('verify')
    .description("check the store's hash chain (or an export's), from the first event to the head")
    .option('--file <path|->', 'verify an NDJSON export (each event with its seq and hash) instead of the store')
    .option('--checkpoint <file>', 'save the head here when absent; otherwise also fail if history before it changed')
    .addHelpText(
      'after',
      `
Examples:
  activity verify
  activity verify --checkpoint activity.checkpoint
  activity list --all --format ndjson > export.ndjson && activity verify --file export.ndjson`,
    );
}

export const parseVerifyOptions = (flags: { file?: string; checkpoint?: string }): VerifyOptions => ({
  file: flags.file,
  checkpoint: flags.checkpoint,
});

function readCheckpoint(path: string): ChainHead | undefined {
  const text = readStateFile(path, 'checkpoint');
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as ChainHead;
    if (Number.isSafeInteger(value.seq) && value.seq >= 0 && /^[0-9a-f]{64}$/.test(value.hash)) return value;
  } catch {
    // reported below
  }
  throw new UsageError(`checkpoint ${path} is corrupt`, 'it holds {"seq": N, "hash": "…"}; delete it to start again');
}

export async function runVerify(ctx: Context, options: VerifyOptions): Promise<void> {
  const checkpoint = options.checkpoint === undefined ? undefined : readCheckpoint(options.checkpoint);
  if (options.checkpoint !== undefined && checkpoint === undefined) checkDirectory(options.checkpoint, 'checkpoint');
  const ofFile = options.file !== undefined;
  // What to do when the chain does not hold: a store is restored, an export made again.
  const remedy = ofFile
    ? 'the export was changed after it was made: export it again from the store, and verify the store'
    : 'restore the store from a backup you trust';
  const { verdict, hashAtCheckpoint } =
    options.file === undefined ? await verifyStore(ctx, checkpoint) : await verifyFile(ctx, options.file, checkpoint);
  const { count, head, broken } = verdict;
  if (broken?.kind === 'read two ways') {
    throw new IntegrityError(
      `the store gave two different histories: the chain from seq ${broken.seq} on did not join the one before it when read again`,
      "a store's past never changes: do not trust this one; verify against a checkpoint you saved before",
    );
  }
  if (broken !== undefined) {
    throw new IntegrityError(
      `chain broken at seq ${broken.seq}: ${broken.kind}`,
      `${formatCount(head?.seq ?? 0)} events before it verified; ${remedy}`,
    );
  }
  if (checkpoint !== undefined) {
    const disagreement = checkpointBreak(checkpoint, verdict, hashAtCheckpoint);
    if (disagreement === 'rewritten') {
      throw new IntegrityError(
        `history rewritten: the event at seq ${checkpoint.seq} no longer has the checkpoint's hash`,
        remedy,
      );
    }
    if (disagreement === 'truncated') {
      throw new IntegrityError(
        `the ${ofFile ? 'export' : 'store'} ends at seq ${head?.seq ?? 0}, before the checkpoint's seq ${checkpoint.seq}: it was truncated`,
        remedy,
      );
    }
    ctx.out.message(`The chain agrees with the checkpoint (seq ${checkpoint.seq}).`);
  } else if (options.checkpoint !== undefined && head !== undefined) {
    saveFile(options.checkpoint, `${JSON.stringify(head)}\n`, 'checkpoint');
    ctx.out.message(`Checkpoint saved in ${options.checkpoint} (seq ${head.seq}).`);
  } else if (options.checkpoint !== undefined) {
    ctx.out.message('No checkpoint saved: there are no events yet.');
  }
  await ctx.out.write(
    head === undefined
      ? 'No events.\n'
      : `Verified ${formatCount(count)} event${count === 1 ? '' : 's'}. Head: seq ${head.seq}, hash ${head.hash}\n`,
  );
  await ctx.out.flush();
}

/** A chain's verdict, and the hash it holds at the checkpoint's seq (when it holds one there). */
interface Checked {
  verdict: ChainVerdict;
  hashAtCheckpoint: string | undefined;
}

/** A long chain is checked range by range in worker threads, a short one here. */
async function verifyStore(ctx: Context, checkpoint: ChainHead | undefined): Promise<Checked> {
  const store = await ctx.store('existing');
  const head = await store.head();
  if (head === undefined)
    return { verdict: { count: 0, head: undefined, broken: undefined }, hashAtCheckpoint: undefined };
  const progress = progressLine(ctx);
  try {
    // The checkpoint's hash is taken from the chain as verified, never asked for apart
    // from it: a server could answer that one question truthfully and serve another chain.
    // A store whose older events were dropped (retention) starts after the checkpoint saved
    // at the last dropped one: its first link must follow that hash (docs/scaling.md).
    const from =
      checkpoint !== undefined && checkpoint.seq > 0 && (await firstSeq(store)) === checkpoint.seq + 1
        ? checkpoint
        : undefined;
    const verdict = await verifyChain(
      store,
      ctx.storeOptions('read'),
      head.seq,
      progress?.update,
      from === undefined ? checkpoint?.seq : undefined,
      from,
    );
    if (from !== undefined) return { verdict, hashAtCheckpoint: from.hash };
    return { verdict, hashAtCheckpoint: verdict.broken === undefined ? verdict.marked : undefined };
  } finally {
    progress?.clear();
  }
}

/** The seq of the store's oldest event (1 unless older events were dropped). */
async function firstSeq(store: ActivityStore): Promise<number | undefined> {
  for await (const page of store.links({ afterSeq: 0 })) return page[0]?.seq;
  return undefined;
}

/** "verified N events…" on a terminal's stderr, at most every 100,000 events. */
function progressLine(ctx: Context): { update: (checked: number) => void; clear: () => void } | undefined {
  if (!ctx.out.stderrIsTerminal) return undefined;
  let shown = 0;
  return {
    update: (checked) => {
      if (checked - shown < 100_000) return;
      shown = checked;
      ctx.io.stderr.write(`\rverified ${formatCount(checked)} events…`);
    },
    clear: () => {
      if (shown > 0) ctx.io.stderr.write('\r\u001b[K');
    },
  };
}

/** An export's links, read and checked line by line as an export of a store must be, then verified as one chain. */
async function verifyFile(ctx: Context, path: string, checkpoint: ChainHead | undefined): Promise<Checked> {
  const { stream, close } = ndjsonInput(path, ctx.io.stdin);
  const links: StoredLink[] = [];
  try {
    for await (const lines of readLines(stream)) {
      for (const entry of lines) {
        if ('problem' in entry) throw new UsageError(`${path}: line ${entry.line}: ${entry.problem}`, EXPORT_HINT);
        let e: ReturnType<typeof parseExportedLine>;
        try {
          // An export of a store an older version wrote may hold U+0000: its chain is checked all the same.
          e = parseExportedLine(entry.text, ctx.now, { checkStored: true, nul: 'keep' });
        } catch (error) {
          if (!(error instanceof ActivityError)) throw error;
          throw new UsageError(`${path}: line ${entry.line}: ${describeProblem(error)}`, EXPORT_HINT);
        }
        if (e.seq === null || e.hash === null) {
          throw new UsageError(`${path}: line ${entry.line} has no seq and hash`, EXPORT_HINT);
        }
        // A field not as a store writes it ("Update", "Node Pools") was edited after the
        // export, even when it means the same: its link is made not to hold, so that it
        // is found where it is, as a content change.
        const encoding = canonicalEncoding(e.seq, e);
        links.push({ seq: e.seq, hash: e.hash, encoding: e.asStored ? encoding : `${encoding} ` });
      }
    }
  } finally {
    close();
  }
  const checked = verifyExport(links, checkpoint);
  if (checked.kind === 'unanchored') {
    const { first } = checked;
    throw new IntegrityError(
      `${path} starts at seq ${first}: the events before it, which its first hash depends on, are not in it`,
      `verify a whole export (activity list --all --format ndjson), or give the --checkpoint saved at seq ${first - 1}`,
    );
  }
  const { verdict, hashAt } = checked;
  return {
    verdict,
    hashAtCheckpoint: verdict.broken === undefined && checkpoint !== undefined ? hashAt(checkpoint.seq) : undefined,
  };
}

const EXPORT_HINT = 'verify an NDJSON export made by activity list --format ndjson, each event with its seq and hash';

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import type { Context } from '../context.js';
import { ActivityError, describeProblem, IntegrityError, UsageError } from '../core/errors.js';
import { parseExportedLine } from '../core/event.js';
import { emptyFilter } from '../core/filter.js';
import { readLines } from '../core/ndjson.js';
import { type ChainedEvent, ChainVerifier } from '../core/verify.js';
import { linksHold, PARALLEL_FROM } from '../ingest/verify-ranges.js';
import { formatCount } from '../output/events.js';
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

interface Checkpoint {
  seq: number;
  hash: string;
}

function readCheckpoint(path: string): Checkpoint | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read checkpoint ${path}: ${(error as Error).message}`);
  }
  try {
    const value = JSON.parse(text) as Checkpoint;
    if (Number.isSafeInteger(value.seq) && value.seq >= 0 && /^[0-9a-f]{64}$/.test(value.hash)) return value;
  } catch {
    // reported below
  }
  throw new UsageError(`checkpoint ${path} is corrupt`, 'it holds {"seq": N, "hash": "…"}; delete it to start again');
}

export async function runVerify(ctx: Context, options: VerifyOptions): Promise<void> {
  const checkpoint = options.checkpoint === undefined ? undefined : readCheckpoint(options.checkpoint);
  const verifier =
    options.file === undefined ? await verifyStore(ctx, checkpoint) : await verifyFile(ctx, options.file);
  const broken = verifier.finish();
  if (broken !== undefined) {
    throw new IntegrityError(
      `chain broken at seq ${broken.seq}: ${broken.kind}`,
      `${formatCount(verifier.head?.seq ?? 0)} events before it verified; restore the store from a backup you trust`,
    );
  }
  const head = verifier.head;
  if (checkpoint !== undefined) {
    if ((head?.seq ?? 0) < checkpoint.seq) {
      throw new IntegrityError(
        `the store ends at seq ${head?.seq ?? 0}, before the checkpoint's seq ${checkpoint.seq}: it was truncated`,
      );
    }
  } else if (options.checkpoint !== undefined && head !== undefined) {
    const temp = `${options.checkpoint}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(head)}\n`);
    renameSync(temp, options.checkpoint);
  }
  await ctx.out.write(
    head === undefined
      ? 'No events.\n'
      : `Verified ${formatCount(verifier.count)} event${verifier.count === 1 ? '' : 's'}. Head: seq ${head.seq}, hash ${head.hash}\n`,
  );
  await ctx.out.flush();
}

async function verifyStore(ctx: Context, checkpoint: Checkpoint | undefined): Promise<ChainVerifier> {
  const store = await ctx.store('read');
  const progress = ctx.out.stderrIsTerminal
    ? (n: number) => ctx.io.stderr.write(`\rverified ${formatCount(n)} events…`)
    : undefined;
  // A long chain is checked range by range in worker threads; only a chain found broken
  // is walked again from the start, to name where and how.
  const head = await store.head();
  if (head !== undefined && head.seq >= PARALLEL_FROM) {
    const holds = await linksHold(ctx.storeLocation, head.seq, progress);
    if (progress) ctx.io.stderr.write('\r\u001b[K');
    if (holds) {
      if (checkpoint !== undefined && checkpoint.seq <= head.seq) {
        const saved = await store.get({ seq: checkpoint.seq });
        if (saved !== undefined) checkRewrite(saved.seq, saved.hash, checkpoint);
      }
      return ChainVerifier.whole(head);
    }
  }
  const verifier = new ChainVerifier();
  for await (const page of store.query({ filter: emptyFilter(), order: 'seq' })) {
    for (const e of page) {
      verifier.add(e);
      if (checkpoint !== undefined) checkRewrite(e.seq, e.hash, checkpoint);
    }
    if (progress && verifier.count % 100_000 < page.length) progress(verifier.count);
  }
  if (progress) ctx.io.stderr.write('\r\u001b[K');
  return verifier;
}

function checkRewrite(seq: number, hash: string, checkpoint: Checkpoint): void {
  if (seq === checkpoint.seq && hash !== checkpoint.hash) {
    throw new IntegrityError(
      `history rewritten: the event at seq ${seq} no longer has the checkpoint's hash`,
      'restore the store from a backup you trust',
    );
  }
}

/** An export may come in any order (list is newest first): its events are put in seq order first. */
async function verifyFile(ctx: Context, path: string): Promise<ChainVerifier> {
  const { stream, close } = ndjsonInput(path, ctx.io.stdin);
  const events: ChainedEvent[] = [];
  try {
    for await (const lines of readLines(stream)) {
      for (const entry of lines) {
        if ('problem' in entry) throw new UsageError(`${path}: line ${entry.line}: ${entry.problem}`);
        let e: ReturnType<typeof parseExportedLine>;
        try {
          e = parseExportedLine(entry.text, ctx.now);
        } catch (error) {
          if (!(error instanceof ActivityError)) throw error;
          throw new UsageError(`${path}: line ${entry.line}: ${describeProblem(error)}`);
        }
        if (e.seq === null || e.hash === null) {
          throw new UsageError(
            `${path}: line ${entry.line} has no seq and hash`,
            'verify an export made by activity list',
          );
        }
        events.push({ ...e, seq: e.seq, hash: e.hash });
      }
    }
  } finally {
    close();
  }
  events.sort((a, b) => a.seq - b.seq);
  // An export that starts after seq 1 is checked from its first event on.
  const verifier = new ChainVerifier();
  for (const [i, e] of events.entries()) {
    if (i === 0 && e.seq > 1) verifier.trust(e);
    else verifier.add(e);
  }
  return verifier;
}

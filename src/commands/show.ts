import { Command } from 'commander';
import type { Context } from '../context.js';
import { UsageError } from '../core/errors.js';
import type { ActivityEvent } from '../core/event.js';
import { formatPage } from '../output/formats.js';
import { renderEventDetails } from '../output/show.js';
import { type FormatFlags, parseFormat } from './options.js';
import { resourceUrls, urlTemplate } from './resource-urls.js';

export interface ShowOptions {
  ref: string;
  json: boolean;
}

export function showCommand(): Command {
  const command = new Command('show')
    .description('one event in full: times, user, resource, its link, details, seq and hash')
    .argument('<id|seq>', 'the event id, or its seq number')
    .option('--format <format>', 'json for the event as JSON (default: the full view)')
    .option('--json', 'same as --format json');
  return command.addHelpText(
    'after',
    `
Examples:
  activity show 1
  activity show "$(activity list --limit 1 --format tsv | cut -f2)"      # the latest event, by its id
  activity show 1 --json | jq .details`,
  );
}

export function parseShowOptions(ref: string, flags: FormatFlags): ShowOptions {
  const format = parseFormat(flags, { formats: ['table', 'json'], command: 'show' });
  return { ref, json: format === 'json' };
}

export async function runShow(ctx: Context, options: ShowOptions): Promise<void> {
  const store = await ctx.store('read');
  const event = await find(ctx, options.ref);
  if (options.json) {
    await ctx.out.write(formatPage([event], 'ndjson', true, { terminal: ctx.out.stdoutIsTerminal }));
    await ctx.out.flush();
    return;
  }
  const [url = { kind: 'no-template' }] = await resourceUrls(store, urlTemplate(ctx), [event]);
  await ctx.out.write(
    renderEventDetails(event, {
      chalk: ctx.out.chalk,
      now: ctx.now,
      url,
      hyperlinks: ctx.out.hyperlinks,
    }),
  );
  await ctx.out.flush();
}

/** By seq when the reference is a number and such a seq exists, else by id. */
async function find(ctx: Context, ref: string): Promise<ActivityEvent> {
  const store = await ctx.store('read');
  const trimmed = ref.trim();
  const bySeq = /^\d{1,15}$/.test(trimmed) ? await store.get({ seq: Number(trimmed) }) : undefined;
  const byId = await store.get({ id: ref });
  if (bySeq !== undefined && byId !== undefined && byId.seq !== bySeq.seq) {
    // A numeric id (a CI pipeline's, say) that is also a seq: say which was shown, and how to get the other.
    ctx.out.message(
      `Showing seq ${bySeq.seq}; the event with id "${ref}" is seq ${byId.seq} (activity show ${byId.seq}).`,
    );
  }
  const event = bySeq ?? byId;
  if (event === undefined) {
    throw new UsageError(
      `no event with id or seq "${ref}"`,
      'find it with activity list (the tsv columns are seq, then id)',
    );
  }
  return event;
}

import { Command } from 'commander';
import type { Context } from '../context.js';
import { UsageError } from '../core/errors.js';
import type { ActivityEvent } from '../core/event.js';
import { JSON_FIELDS, type JsonField } from '../core/event-json.js';
import { formatPage } from '../output/formats.js';
import { renderEventDetails } from '../output/show.js';
import { type FormatFlags, parseFormat, parseJsonFields } from './options.js';
import { resourceUrls, urlTemplate } from './resource-urls.js';

export interface ShowOptions {
  ref: string;
  json: boolean;
  /** With --json: only these fields. */
  fields: readonly JsonField[] | undefined;
}

export function showCommand(): Command {
  const command = new Command('show')
    .description('one event in full: times, user, resource, its link, details, seq and hash')
    // Optional to commander: `show --json 42` hands the reference to --json's value (see parseShowOptions).
    .argument('[id|seq]', 'the event id, or its seq number')
    .usage('[options] <id|seq>')
    .option('--format <format>', 'json for the event as JSON (default: the full view)')
    .option('-o, --output <format>', 'same as --format')
    .option('--json [fields]', `same as --format json; with fields, only those: ${JSON_FIELDS.join(', ')}`);
  return command.addHelpText(
    'after',
    `
Examples:
  activity show 1
  activity show "$(activity list --limit 1 --format tsv | cut -f2)"      # the latest event, by its id
  activity show 1 --json | jq .details`,
  );
}

export function parseShowOptions(ref: string | undefined, flags: FormatFlags): ShowOptions {
  // `show --json 42`: the optional value took the event's reference.
  if (ref === undefined && typeof flags.json === 'string')
    return parseShowOptions(flags.json, { ...flags, json: true });
  if (ref === undefined) throw new UsageError('missing the event: give its id or seq', 'e.g. activity show 42');
  const format = parseFormat(flags, { formats: ['table', 'json'], command: 'show' });
  return { ref, json: format === 'json', fields: parseJsonFields(flags) };
}

export async function runShow(ctx: Context, options: ShowOptions): Promise<void> {
  const store = await ctx.store('read');
  const event = await find(ctx, options.ref);
  if (options.json) {
    await ctx.out.write(
      formatPage([event], 'ndjson', true, { terminal: ctx.out.stdoutIsTerminal, fields: options.fields }),
    );
    await ctx.out.flush();
    return;
  }
  const [url = { kind: 'no-template' }] = await resourceUrls(store, urlTemplate(ctx), [event]);
  ctx.page();
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

import { saveFilter } from '../config.js';
import type { Context } from '../context.js';
import { ActivityError, UsageError } from '../core/errors.js';
import { emptyFilter } from '../core/filter.js';
import { type FilterText, filterToArgs } from '../core/filter-codec.js';
import { ACTION_LABELS, ACTIONS, RESOURCE_TYPES, TYPE_LABELS } from '../core/resource-types.js';
import { parseTime } from '../core/time.js';
import type { Choice, Prompter } from '../output/prompt.js';
import { sanitize } from '../output/sanitize.js';
import { parseListOptions, runList } from './list.js';
import { shellQuote } from './options.js';

/** Up to this many users are a list to tick; more are searched by typing. */
const TICK_LIST_USERS = 15;

/**
 * `activity filter` on a terminal with no filter flags: the Activity Log page's
 * drop-downs as prompts — users and types from those in the store, actions, a time
 * range and search text — then the matching events, the `activity list` command that
 * gives them, and an offer to save the filter for `activity list --saved <name>`.
 */
export async function runInteractiveFilter(ctx: Context): Promise<void> {
  if (!ctx.canPrompt) {
    throw new UsageError(
      'activity filter asks for a filter only on a terminal (without --no-input)',
      'give the filter as flags to activity list, e.g. activity list --type cluster --since 7d; or pipe NDJSON into activity filter',
    );
  }
  const store = await ctx.store('read');
  const present = await store.stats(emptyFilter(), 100_000);
  if (present.total === 0) {
    // Nothing to pick from: say how to get events, rather than offer empty lists.
    ctx.out.message(`No events in ${store.location} yet: nothing to filter.`);
    ctx.out.message(
      'Record one with: activity record --action create --type cluster --name prod-eu-1 --user "Jane Doe"',
    );
    ctx.out.message('or import NDJSON with: activity record --file events.ndjson');
    return;
  }
  const ask = ctx.prompter;

  const flags: FilterText = {};
  const users = await pickUsers(
    ask,
    present.topUsers.map((u) => u.user),
  );
  if (users.length > 0) flags.user = users;
  const types = await ask.checkbox(
    'Resource types (space to pick; none: any)',
    RESOURCE_TYPES.filter((t) => (present.byType[t] ?? 0) > 0).map((t) => ({ value: t, name: TYPE_LABELS[t] })),
  );
  if (types.length > 0) flags.type = types;
  const actions = await ask.checkbox(
    'Actions (space to pick; none: any)',
    ACTIONS.map((a) => ({ value: a, name: ACTION_LABELS[a] })),
  );
  if (actions.length > 0) flags.action = actions;
  Object.assign(flags, await pickRange(ask, ctx.now));
  const search = (await ask.input('Search names and actions (empty: no search)')).trim();
  if (search !== '') flags.search = search;

  const args = filterToArgs(flags);
  await runList(ctx, parseListOptions(flags, ctx.now));
  // The store it was given by flag goes into the command too: run elsewhere, it would read another one.
  const storeFlag = ctx.options.store === undefined ? [] : ['--store', ctx.options.store];
  const command = ['activity', 'list', ...storeFlag, ...args].map(shellQuote).join(' ');
  await ctx.out.write(`\nThe same, as a command:\n  ${command}\n\n`);
  await ctx.out.flush();
  if (args.length === 0 || !(await ask.confirm('Save this filter?', false))) return;
  const saved = ctx.config.filters ?? {};
  let name: string;
  do {
    name = (
      await ask.input('Name for it', (value) =>
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value.trim()) ? true : 'letters, digits, . _ - (at most 64)',
      )
    ).trim();
  } while (
    saved[name] !== undefined &&
    !(await ask.confirm(`A filter "${name}" is saved already. Replace it?`, false))
  );
  const path = saveFilter(ctx.io.env, name, args);
  ctx.out.message(`Saved as "${name}" in ${path}. Use it with: activity list --saved ${shellQuote(name)}`);
}

async function pickUsers(ask: Prompter, users: readonly string[]): Promise<string[]> {
  const choices: Choice[] = users.map((user) => ({ value: user, name: sanitize(user) }));
  if (choices.length === 0) return [];
  if (choices.length <= TICK_LIST_USERS) return ask.checkbox('Users (space to pick; none: anyone)', choices);
  // Many users: type to narrow the list, enter to add one; "done" goes on.
  const chosen: string[] = [];
  for (;;) {
    const left = choices.filter((c) => !chosen.includes(c.value));
    const done = {
      value: '\u0000done',
      name: chosen.length === 0 ? '(anyone)' : `(done: ${chosen.map(sanitize).join(', ')})`,
    };
    const pick = await ask.search('Users: type to search, enter to add', [done, ...left]);
    if (pick === done.value) return chosen;
    chosen.push(pick);
  }
}

const RANGES: readonly Choice[] = [
  { value: '1h', name: 'Last hour' },
  { value: '24h', name: 'Last 24 hours' },
  { value: '7d', name: 'Last 7 days' },
  { value: '30d', name: 'Last 30 days' },
  { value: 'custom', name: 'Custom…' },
  { value: '', name: 'Any time' },
];

async function pickRange(ask: Prompter, now: number): Promise<Pick<FilterText, 'since' | 'until'>> {
  const range = await ask.select('Time range', RANGES);
  if (range === '') return {};
  if (range !== 'custom') return { since: range };
  const check = (value: string, optional: boolean) => {
    if (optional && value.trim() === '') return true;
    try {
      parseTime(value.trim(), now);
      return true;
    } catch (error) {
      return error instanceof ActivityError ? `${error.message}${error.hint ? ` — ${error.hint}` : ''}` : String(error);
    }
  };
  const since = (await ask.input('Since (2026-11-01, 3d, "3 hours ago", yesterday…)', (v) => check(v, false))).trim();
  const until = (
    await ask.input('Until (empty: now)', (v) => {
      const valid = check(v, true);
      if (valid !== true || v.trim() === '') return valid;
      return parseTime(v.trim(), now) > parseTime(since, now) ? true : 'must be later than the start';
    })
  ).trim();
  return until === '' ? { since } : { since, until };
}

import { Command } from 'commander';
import type { Context } from '../context.js';
import type { EventFilter } from '../core/filter.js';
import { type FilterText, parseFilter } from '../core/filter-codec.js';
import { renderStats, statsReport } from '../output/stats.js';
import { addFilterOptions, type FormatFlags, parseFormat } from './options.js';
import { noteUnknownNames } from './unknown-names.js';

export const TOP_USERS = 10;

export interface StatsOptions {
  filter: EventFilter;
  json: boolean;
  /** Bar charts even when stdout is not a terminal (--format table). */
  bars: boolean | undefined;
}

export function statsCommand(): Command {
  const command = new Command('stats')
    .description('counts of the matching events by action, type, user (top 10) and day')
    .option('--format <format>', 'table (bar charts) or json (default: charts on a terminal, plain text otherwise)')
    .option('-o, --output <format>', 'same as --format')
    .option('--json', 'same as --format json');
  addFilterOptions(command);
  return command.addHelpText(
    'after',
    `
Examples:
  activity stats --since 30d
  activity stats --account acme --type cluster,node-pool --since 2026-11-01
  activity stats --since 7d --json | jq .topUsers`,
  );
}

export function parseStatsOptions(flags: FilterText & FormatFlags, now: number): StatsOptions {
  const format = parseFormat(flags, { formats: ['table', 'json'], command: 'stats' });
  return { filter: parseFilter(flags, now), json: format === 'json', bars: format === 'table' ? true : undefined };
}

export async function runStats(ctx: Context, options: StatsOptions): Promise<void> {
  const store = await ctx.store('read');
  const report = statsReport(await store.stats(options.filter, TOP_USERS));
  if (report.total === 0) await noteUnknownNames(ctx, store, options.filter);
  ctx.page();
  const text = options.json
    ? `${JSON.stringify(report, null, 2)}\n`
    : renderStats(report, {
        chalk: ctx.out.chalk,
        bars: options.bars ?? ctx.out.stdoutIsTerminal,
        columns: ctx.out.columns,
      });
  await ctx.out.write(text);
  await ctx.out.flush();
}

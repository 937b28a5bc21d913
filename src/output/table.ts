import type { ChalkInstance } from 'chalk';
import type { ActivityEvent } from '../core/event.js';
import { type Action, TYPE_LABELS } from '../core/resource-types.js';
import { formatLocalTime } from '../core/time.js';
import { relativeTime } from './relative-time.js';
import { sanitize } from './sanitize.js';
import { displayWidth, truncate } from './width.js';

/**
 * Our own column layout rather than cli-table3: laying out 50 rows with it cost
 * 26–35 ms here, a third of the start-up budget of a list, for features (wrapping,
 * spans, borders) this table does not use.
 */
export function renderColumns(rows: readonly string[][], maxWidths: readonly (number | undefined)[] = []): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  }
  maxWidths.forEach((max, i) => {
    if (max !== undefined && (widths[i] ?? 0) > max) widths[i] = max;
  });
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell + ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(cell))),
        )
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

const BADGE_COLORS: Record<Action, (c: ChalkInstance) => ChalkInstance> = {
  create: (c) => c.bgGreen.black,
  update: (c) => c.bgBlue.white,
  delete: (c) => c.bgRed.white,
};

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** `Create` / `Update` / `Delete`, as a coloured badge when colour is on. */
export const actionBadge = (action: Action, c: ChalkInstance): string =>
  c.level > 0 ? BADGE_COLORS[action](c)(` ${capitalize(action)} `) : capitalize(action);

export interface EventTableOptions {
  chalk: ChalkInstance;
  now: number;
  absolute?: boolean;
  /** Terminal width; the Name column gives way first when rows are too wide. */
  columns?: number;
  header?: boolean;
}

const NAME_MIN = 24;

export function renderEventTable(events: readonly ActivityEvent[], options: EventTableOptions): string {
  const c = options.chalk;
  const when = (e: ActivityEvent) =>
    options.absolute ? formatLocalTime(Date.parse(e.time)) : relativeTime(Date.parse(e.time), options.now);
  const widest = (cells: string[]) => Math.max(0, ...cells.map(displayWidth));
  const times = events.map(when);
  const users = events.map((e) => sanitize(e.user));
  const actionWidth = c.level > 0 ? 8 : 6;
  const fixed = actionWidth + widest(times) + widest(users) + 6;
  const nameMax = options.columns ? Math.max(NAME_MIN, options.columns - fixed - 1) : undefined;

  const nameCell = (e: ActivityEvent) => {
    const label = `[${TYPE_LABELS[e.type]}] `;
    const account = e.account === null ? '' : ` · ${sanitize(e.account)}`;
    let name = sanitize(e.name);
    if (nameMax !== undefined) name = truncate(name, Math.max(8, nameMax - displayWidth(label + account)));
    return `${c.cyan(label)}${name}${c.dim(account)}`;
  };
  const rows = events.map((e, i) => [nameCell(e), actionBadge(e.action, c), times[i] ?? '', users[i] ?? '']);
  if (options.header !== false) rows.unshift(['Name', 'Action', 'Created At', 'User'].map((h) => c.bold(h)));
  return renderColumns(rows);
}

import type { ChalkInstance } from 'chalk';
import type { ResourceUrl } from '../core/console-url.js';
import type { ShownEvent } from '../core/event.js';
import { ACTION_LABELS, type Action, type ResourceType, TYPE_LABELS } from '../core/resource-types.js';
import { formatLocalTime } from '../core/time.js';
import { hyperlink } from './hyperlink.js';
import { relativeTime } from './relative-time.js';
import { sanitize } from './sanitize.js';
import { displayWidth, truncate } from './width.js';

/**
 * Our own column layout rather than cli-table3, whose layout took a third of a list's
 * start-up budget for features this table does not use (docs/architecture.md, "Measured choices").
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

/**
 * `Create` / `Update` / `Delete`, as a coloured badge when colour is on. A value no
 * store writes (a row edited outside activity) is shown as it is, escaped, uncoloured.
 */
/** A type's display name; a value no store writes, as it is, escaped. */
export const typeLabel = (type: ResourceType): string => TYPE_LABELS[type] ?? sanitize(String(type));

export function actionBadge(action: Action, c: ChalkInstance): string {
  const label = ACTION_LABELS[action] ?? sanitize(String(action));
  const color = BADGE_COLORS[action];
  return c.level > 0 && color !== undefined ? color(c)(` ${label} `) : label;
}

export interface EventTableOptions {
  chalk: ChalkInstance;
  now: number;
  absolute?: boolean;
  /** Terminal width; the Name column gives way first when rows are too wide. */
  columns?: number;
  header?: boolean;
  /** Each row's console URL, when a URL template is configured: deleted ones are marked. */
  urls?: readonly ResourceUrl[];
  /** Whether URLs become OSC 8 hyperlinks (Output.hyperlinks). */
  hyperlinks?: boolean;
}

const NAME_MIN = 20;
const NAME_STUB = 12;
const USER_MIN = 10;

export function renderEventTable(events: readonly ShownEvent[], options: EventTableOptions): string {
  const c = options.chalk;
  const when = (e: ShownEvent) =>
    options.absolute ? formatLocalTime(Date.parse(e.time)) : relativeTime(Date.parse(e.time), options.now);
  const widest = (cells: string[]) => Math.max(0, ...cells.map(displayWidth));
  const times = events.map(when);
  let users = events.map((e) => sanitize(e.user));
  const actionWidth = c.level > 0 ? 8 : 6;
  // Room left for Name and User once Action, Created At and the gaps are placed.
  const room = options.columns === undefined ? undefined : options.columns - actionWidth - widest(times) - 6;
  let nameMax: number | undefined;
  if (room !== undefined) {
    const userMax = Math.max(USER_MIN, Math.min(widest(users), room - NAME_MIN));
    users = users.map((user) => truncate(user, userMax));
    nameMax = Math.max(NAME_MIN, room - widest(users));
  }

  const rows = events.map((e, i) => [
    nameCell(e, { chalk: c, url: options.urls?.[i], hyperlinks: options.hyperlinks, width: nameMax }),
    actionBadge(e.action, c),
    times[i] ?? '',
    users[i] ?? '',
  ]);
  if (options.header !== false) rows.unshift(TABLE_HEADER.map((h) => c.bold(h)));
  return renderColumns(rows);
}

/** The columns of reference §5's table. */
export const TABLE_HEADER = ['Name', 'Action', 'Created At', 'User'] as const;

/**
 * The Name cell: type label, resource name (a hyperlink, or struck through once deleted)
 * and the account, dimmed. Given a width, the name gives way first, down to a
 * readable stub, then the account: the cell never outgrows it.
 */
export function nameCell(
  e: ShownEvent,
  options: { chalk: ChalkInstance; url?: ResourceUrl; hyperlinks?: boolean; width?: number },
): string {
  const c = options.chalk;
  const label = `[${typeLabel(e.type)}] `;
  const url = options.url;
  const deleted = url?.kind === 'deleted' ? ' (deleted)' : '';
  let account = e.account === null ? '' : ` · ${sanitize(e.account)}`;
  let name = sanitize(e.name) + deleted;
  if (options.width !== undefined) {
    const room = Math.max(2, options.width - displayWidth(label));
    const stub = Math.min(displayWidth(name), NAME_STUB, room);
    name = truncate(name, Math.max(stub, room - displayWidth(account)));
    const left = room - displayWidth(name);
    account = left >= 5 ? truncate(account, left) : '';
  }
  if (url?.kind === 'deleted') name = c.strikethrough.dim(name);
  else if (url?.kind === 'url' && options.hyperlinks) name = hyperlink(url.url, name);
  return `${c.cyan(label)}${name}${c.dim(account)}`;
}

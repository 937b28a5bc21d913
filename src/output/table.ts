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

/** The Name column is not cut below this while the times can take their short forms, nor below NAME_NARROW while User can be left out. */
const NAME_MIN = 16;
const NAME_NARROW = 10;
/** The User column is not cut below this; under it, it is left out. */
const USER_MIN = 8;
/** The share of the room a long user name keeps beside long names: one long name does not cut every user to USER_MIN. */
const USER_SHARE = 0.3;
/** A name is not cut below this while its type label or account can give way. */
const NAME_STUB = 12;
const GAP = 2;

/** The widths of a table's columns on a terminal: what is left for Name and User, and how the others are shown. */
export interface TableLayout {
  /** The Name column's width; undefined: as wide as it needs (no terminal width). */
  name: number | undefined;
  /** The User column's width; undefined: as wide as it needs; 0: left out, too narrow a terminal. */
  user: number | undefined;
  /** Times in their short forms (`5m ago`, a local time without its offset): a narrow terminal. */
  shortTimes: boolean;
}

/**
 * How `columns` are shared (reference §5): Action and Created At keep their widths, and
 * Name gets what it needs first, User keeping its share of what is left (USER_SHARE,
 * at least USER_MIN). On a narrower terminal times take their short forms, then Name
 * goes down to NAME_NARROW, and only then is User left out. `names` and `users` are
 * the widest cells (for a followed table, the widths to expect).
 */
export function tableLayout(
  columns: number | undefined,
  widest: { names: number; users: number; action: number; times: (short: boolean) => number },
): TableLayout {
  if (columns === undefined) return { name: undefined, user: undefined, shortTimes: false };
  const room = (short: boolean, withUser: boolean) =>
    columns - widest.action - Math.max(TIME_HEADER.length, widest.times(short)) - GAP * (withUser ? 3 : 2);
  for (const [shortTimes, nameMin] of [
    [false, NAME_MIN],
    [true, NAME_MIN],
    [true, NAME_NARROW],
  ] as const) {
    const left = room(shortTimes, true);
    const userNeed = Math.min(widest.users, Math.max(USER_MIN, Math.floor(left * USER_SHARE)));
    if (left - userNeed < Math.min(widest.names, nameMin)) continue;
    const name = Math.min(widest.names, left - userNeed);
    return { name, user: Math.min(widest.users, left - name), shortTimes };
  }
  return { name: Math.max(1, room(true, false)), user: 0, shortTimes: true };
}

const TIME_HEADER = 'Created At';

/** A row's Created At: relative to `now` or absolute, in its short form on a narrow terminal. */
export function createdAt(time: string, options: { absolute?: boolean; now: number; short: boolean }): string {
  const at = Date.parse(time);
  if (options.absolute) {
    const text = formatLocalTime(at);
    // Without its offset the local time still reads back (reference §4: local time).
    return options.short ? text.replace(/ [+-]\d\d:\d\d$/, '') : text;
  }
  const text = relativeTime(at, options.now);
  return options.short ? shortRelative(text) : text;
}

const SHORT_UNITS: Record<string, string> = { second: 's', minute: 'm', hour: 'h', day: 'd', month: 'mo', year: 'y' };

/** `10 minutes ago` as `10m ago`, `in 3 years` as `in 3y`. */
const shortRelative = (text: string) =>
  text.replace(
    /(\d+) (second|minute|hour|day|month|year)s?/,
    (_, n: string, unit: string) => `${n}${SHORT_UNITS[unit]}`,
  );

export function renderEventTable(events: readonly ShownEvent[], options: EventTableOptions): string {
  const c = options.chalk;
  const header = options.header !== false;
  const names = events.map((e, i) => nameCell(e, { chalk: c, url: options.urls?.[i], hyperlinks: options.hyperlinks }));
  const timesOf = (short: boolean) =>
    events.map((e) => createdAt(e.time, { absolute: options.absolute, now: options.now, short }));
  const widestOf = (cells: readonly string[], title: string) =>
    Math.max(header ? title.length : 0, ...cells.map(displayWidth));
  const users = events.map((e) => sanitize(e.user));
  const layout = tableLayout(options.columns, {
    names: widestOf(names, 'Name'),
    users: widestOf(users, 'User'),
    action: Math.max(ACTION_HEADER.length, c.level > 0 ? 8 : 6),
    times: (short) => widestOf(timesOf(short), TIME_HEADER),
  });
  const times = timesOf(layout.shortTimes);
  const rows = events.map((e, i) => {
    const name =
      layout.name === undefined
        ? (names[i] as string)
        : nameCell(e, { chalk: c, url: options.urls?.[i], hyperlinks: options.hyperlinks, width: layout.name });
    const row = [name, actionBadge(e.action, c), times[i] as string];
    if (layout.user !== 0)
      row.push(layout.user === undefined ? (users[i] as string) : truncate(users[i] as string, layout.user));
    return row;
  });
  if (header) rows.unshift(TABLE_HEADER.slice(0, layout.user === 0 ? 3 : 4).map((h) => c.bold(h)));
  return renderColumns(rows);
}

const ACTION_HEADER = 'Action';

/** The columns of reference §5's table. */
export const TABLE_HEADER = ['Name', ACTION_HEADER, TIME_HEADER, 'User'] as const;

/** Type labels for a narrow Name cell. */
const SHORT_LABELS: Record<ResourceType, string> = {
  cluster: 'Clu',
  project: 'Proj',
  environment: 'Env',
  service: 'Svc',
  job: 'Job',
  deployment: 'Dep',
  dependency: 'Dpd',
  'variable-group': 'Var',
  domain: 'Dom',
  'node-pool': 'Pool',
  volume: 'Vol',
  provider: 'Prov',
  user: 'User',
};

/**
 * The Name cell: type label, resource name (a hyperlink, or struck through and marked
 * once deleted) and the account, dimmed. Given a width, the others give way to the
 * name: the account is cut, then left out, then the type label takes its short form;
 * only then is the name cut. The cell never outgrows the width.
 */
export function nameCell(
  e: ShownEvent,
  options: { chalk: ChalkInstance; url?: ResourceUrl; hyperlinks?: boolean; width?: number },
): string {
  const c = options.chalk;
  const url = options.url;
  const deleted = url?.kind === 'deleted' ? ' (deleted)' : '';
  let label = `[${typeLabel(e.type)}] `;
  let account = e.account === null ? '' : ` · ${sanitize(e.account)}`;
  let name = sanitize(e.name) + deleted;
  const width = options.width;
  if (width !== undefined && displayWidth(label + name + account) > width) {
    const nameNeed = Math.min(displayWidth(name), NAME_STUB);
    const accountRoom = width - displayWidth(label) - displayWidth(name);
    if (accountRoom >= 5) account = truncate(account, accountRoom);
    else {
      account = '';
      if (displayWidth(label) + nameNeed > width) label = `[${SHORT_LABELS[e.type] ?? typeLabel(e.type)}] `;
      if (displayWidth(label) + Math.min(nameNeed, 8) > width) label = '';
      name = truncate(name, width - displayWidth(label));
    }
  }
  if (url?.kind === 'deleted') name = c.strikethrough.dim(name);
  else if (url?.kind === 'url' && options.hyperlinks) name = hyperlink(url.url, name);
  return `${c.cyan(label)}${name}${c.dim(account)}`;
}

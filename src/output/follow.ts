import type { ChalkInstance } from 'chalk';
import type { ResourceUrl } from '../core/console-url.js';
import type { ShownEvent } from '../core/event.js';
import { formatLocalTime } from '../core/time.js';
import { relativeTime } from './relative-time.js';
import { sanitize } from './sanitize.js';
import { actionBadge, nameCell, TABLE_HEADER } from './table.js';
import { displayWidth, truncate } from './width.js';

/** The Name column of a followed table: wide enough for most names, fixed so that rows align. */
const NAME_WIDTH = 44;
const NAME_MIN = 20;
/** Room kept for the User column when the terminal is narrow. */
const USER_ROOM = 20;
/** The widest relative time, `59 seconds ago`, and the widest absolute one. */
const RELATIVE_WIDTH = 14;
const ABSOLUTE_WIDTH = formatLocalTime(0).length;

export interface FollowTableOptions {
  chalk: ChalkInstance;
  /** Terminal width, when stdout is one. */
  columns?: number;
  absolute?: boolean;
  hyperlinks?: boolean;
  /** The clock each row's relative time is told against: rows are printed as they come. */
  clock: () => number;
}

/**
 * reference §5's table for `tail -f`, which cannot be redrawn as events arrive: the same
 * columns (Name, Action, Created At, User) in fixed widths, the header once, then a
 * row for each event as it comes, its time relative to when it is printed (or
 * absolute, with --absolute).
 */
export class FollowTable {
  private readonly widths: [name: number, action: number, time: number];

  constructor(private readonly options: FollowTableOptions) {
    const action = options.chalk.level > 0 ? 8 : 6;
    const time = options.absolute ? ABSOLUTE_WIDTH : RELATIVE_WIDTH;
    const name =
      options.columns === undefined
        ? NAME_WIDTH
        : Math.max(NAME_MIN, Math.min(NAME_WIDTH, options.columns - action - time - USER_ROOM - 6));
    this.widths = [name, action, time];
  }

  header(): string {
    const c = this.options.chalk;
    return this.row(TABLE_HEADER.map((h) => c.bold(h)));
  }

  render(events: readonly ShownEvent[], urls?: readonly ResourceUrl[]): string {
    const { chalk, absolute, hyperlinks } = this.options;
    const now = this.options.clock();
    let text = '';
    events.forEach((e, i) => {
      const at = Date.parse(e.time);
      text += this.row([
        nameCell(e, { chalk, url: urls?.[i], hyperlinks, width: this.widths[0] }),
        actionBadge(e.action, chalk),
        absolute ? formatLocalTime(at) : relativeTime(at, now),
        sanitize(e.user),
      ]);
    });
    return text;
  }

  /** Cells padded to the fixed widths; the last one cut to the terminal's width. */
  private row(cells: readonly string[]): string {
    let line = '';
    cells.forEach((cell, i) => {
      const width = this.widths[i];
      if (width === undefined) {
        const room = this.options.columns === undefined ? undefined : this.options.columns - displayWidth(line);
        line += room === undefined ? cell : truncate(cell, Math.max(4, room));
      } else {
        line += `${cell}${' '.repeat(Math.max(0, width - displayWidth(cell)))}  `;
      }
    });
    return `${line.trimEnd()}\n`;
  }
}

import type { ChalkInstance } from 'chalk';
import type { ResourceUrl } from '../core/console-url.js';
import type { ShownEvent } from '../core/event.js';
import { formatLocalTime } from '../core/time.js';
import { sanitize } from './sanitize.js';
import { actionBadge, createdAt, nameCell, TABLE_HEADER, type TableLayout, tableLayout } from './table.js';
import { displayWidth, truncate } from './width.js';

/** What a followed table expects: names this wide, users this wide (it cannot know what will come). */
const NAME_WIDTH = 44;
const USER_WIDTH = 20;
/** The widest times: relative (`59 seconds ago`), short (`just now`), absolute with and without offset. */
const RELATIVE_WIDTH = 14;
const SHORT_RELATIVE_WIDTH = 8;
/** Measured when first asked: the local time zone's data loads at the first local date. */
const absoluteWidth = (short: boolean) => formatLocalTime(0).length - (short ? ' +00:00'.length : 0);

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
 * columns (Name, Action, Created At, User) in fixed widths laid out as list's are, the
 * header once, then a row for each event as it comes, its time relative to when it is
 * printed (or absolute, with --absolute).
 */
export class FollowTable {
  private readonly layout: TableLayout;
  private readonly widths: [name: number, action: number, time: number];

  constructor(private readonly options: FollowTableOptions) {
    const action = options.chalk.level > 0 ? 8 : 6;
    const timeWidth = (short: boolean) =>
      options.absolute ? absoluteWidth(short) : short ? SHORT_RELATIVE_WIDTH : RELATIVE_WIDTH;
    this.layout = tableLayout(options.columns, {
      names: NAME_WIDTH,
      users: USER_WIDTH,
      action,
      times: timeWidth,
    });
    this.widths = [
      this.layout.name ?? NAME_WIDTH,
      action,
      Math.max('Created At'.length, timeWidth(this.layout.shortTimes)),
    ];
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
      text += this.row([
        nameCell(e, { chalk, url: urls?.[i], hyperlinks, width: this.widths[0] }),
        actionBadge(e.action, chalk),
        createdAt(e.time, { absolute, now, short: this.layout.shortTimes }),
        sanitize(e.user),
      ]);
    });
    return text;
  }

  /** Cells padded to the fixed widths; the user cut to its width, or left out on a narrow terminal. */
  private row(cells: readonly string[]): string {
    let line = '';
    cells.forEach((cell, i) => {
      const width = this.widths[i];
      if (width !== undefined) line += `${cell}${' '.repeat(Math.max(0, width - displayWidth(cell)))}  `;
      else if (this.layout.user === undefined) line += cell;
      else if (this.layout.user > 0) line += truncate(cell, this.layout.user);
    });
    return `${line.trimEnd()}\n`;
  }
}

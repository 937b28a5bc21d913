import type { ChalkInstance } from 'chalk';
import type { ShownEvent } from '../core/event.js';
import { TYPE_LABELS } from '../core/resource-types.js';
import { formatLocalDay, formatTimeOfDay } from '../core/time.js';
import { sanitize } from './sanitize.js';
import { actionBadge } from './table.js';
import { displayWidth, truncate } from './width.js';

/** The Name column of a followed event: wide enough for most names, fixed so that lines align. */
const NAME_WIDTH = 44;
const NAME_MIN = 20;

/**
 * `tail -f` on a terminal: a table cannot be redrawn as events arrive, so each event is
 * one line in fixed columns — local time of day, the action badge, type and name with
 * the account, the user — and a line naming the date whenever the day changes.
 */
export class FollowLines {
  private day: string | undefined;

  constructor(
    private readonly chalk: ChalkInstance,
    private readonly columns: number | undefined,
  ) {}

  render(events: readonly ShownEvent[]): string {
    let text = '';
    for (const e of events) {
      const at = Date.parse(e.time);
      const day = formatLocalDay(at);
      if (day !== this.day) {
        this.day = day;
        text += `${this.chalk.dim(`── ${day} ──`)}\n`;
      }
      text += `${this.line(e, formatTimeOfDay(at))}\n`;
    }
    return text;
  }

  private line(e: ShownEvent, time: string): string {
    const c = this.chalk;
    const badge = actionBadge(e.action, c);
    const badgeWidth = c.level > 0 ? 8 : 6;
    const user = sanitize(e.user);
    // time, badge, and the gaps between the four columns
    const fixed = 8 + 2 + badgeWidth + 2 + 2;
    const nameWidth =
      this.columns === undefined
        ? NAME_WIDTH
        : Math.max(NAME_MIN, Math.min(NAME_WIDTH, this.columns - fixed - Math.min(displayWidth(user), 20)));
    const label = `[${TYPE_LABELS[e.type]}] `;
    const account = e.account === null ? '' : ` · ${sanitize(e.account)}`;
    const room = Math.max(4, nameWidth - displayWidth(label));
    let name = sanitize(e.name);
    let shownAccount = account;
    if (displayWidth(name) + displayWidth(account) > room) {
      // The account gives way first, then the name.
      name = truncate(name, room);
      const left = room - displayWidth(name);
      shownAccount = left >= 5 ? truncate(account, left) : '';
    }
    const cell = `${c.cyan(label)}${name}${c.dim(shownAccount)}`;
    const padding = ' '.repeat(Math.max(0, nameWidth - displayWidth(cell)));
    const paddedBadge = badge + ' '.repeat(Math.max(0, badgeWidth - displayWidth(badge)));
    let line = `${c.dim(time)}  ${paddedBadge}  ${cell}${padding}  ${user}`;
    if (this.columns !== undefined && displayWidth(line) > this.columns) {
      const userRoom = Math.max(4, this.columns - (displayWidth(line) - displayWidth(user)));
      line = `${c.dim(time)}  ${paddedBadge}  ${cell}${padding}  ${truncate(user, userRoom)}`;
    }
    return line;
  }
}

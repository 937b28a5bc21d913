import type { ChalkInstance } from 'chalk';
import { type EventCounts, QUARTER_HOUR_MS } from '../core/query.js';
import { ACTION_LABELS, ACTIONS, type Action, RESOURCE_TYPES, type ResourceType } from '../core/resource-types.js';
import { formatLocalDay } from '../core/time.js';
import { formatCount } from './events.js';
import { sanitize } from './sanitize.js';
import { typeLabel } from './table.js';
import { displayWidth, truncate } from './width.js';

/** `activity stats` as data: what --format json prints, and what the charts draw. */
export interface StatsReport {
  total: number;
  byAction: Record<Action, number>;
  byType: { type: string; events: number }[];
  topUsers: { user: string; events: number }[];
  /** Local days from the first to the last with events, with 0 for the quiet ones. */
  perDay: { day: string; events: number }[];
}

/** Days are local (TZ is honoured): the counts come in quarter hours, which no time zone splits. */
export function statsReport(counts: EventCounts): StatsReport {
  const days = new Map<string, number>();
  let first: number | undefined;
  let last: number | undefined;
  for (const [quarter, events] of counts.byQuarterHour) {
    const instant = quarter * QUARTER_HOUR_MS;
    const day = formatLocalDay(instant);
    days.set(day, (days.get(day) ?? 0) + events);
    first = first === undefined ? instant : Math.min(first, instant);
    last = last === undefined ? instant : Math.max(last, instant);
  }
  const perDay: StatsReport['perDay'] = [];
  if (first !== undefined && last !== undefined) {
    // Every day in between, quiet ones too, so that the chart's gaps show.
    const cursor = new Date(first);
    cursor.setHours(12, 0, 0, 0);
    for (
      let day = formatLocalDay(cursor.getTime());
      day <= formatLocalDay(last);
      day = formatLocalDay(cursor.getTime())
    ) {
      perDay.push({ day, events: days.get(day) ?? 0 });
      cursor.setDate(cursor.getDate() + 1);
    }
  }
  return {
    total: counts.total,
    byAction: Object.fromEntries(ACTIONS.map((a) => [a, counts.byAction[a] ?? 0])) as Record<Action, number>,
    byType: RESOURCE_TYPES.map((type) => ({ type, events: counts.byType[type] ?? 0 }))
      .filter((t) => t.events > 0)
      .sort((a, b) => b.events - a.events || a.type.localeCompare(b.type)),
    topUsers: counts.topUsers,
    perDay,
  };
}

interface Row {
  label: string;
  events: number;
  color?: (text: string) => string;
}

const ACTION_COLORS: Record<Action, (c: ChalkInstance) => (text: string) => string> = {
  create: (c) => c.green,
  update: (c) => c.blue,
  delete: (c) => c.red,
};

/**
 * The report as text: horizontal bar charts on a terminal (`bars`), aligned plain
 * columns otherwise. Labels are sanitized: user names come from events.
 */
export function renderStats(
  report: StatsReport,
  options: { chalk: ChalkInstance; bars: boolean; columns: number | undefined },
): string {
  const c = options.chalk;
  const sections: [string, Row[]][] = [
    [
      'By action',
      ACTIONS.map((a) => ({ label: ACTION_LABELS[a], events: report.byAction[a], color: ACTION_COLORS[a](c) })),
    ],
    ['By type', report.byType.map((t) => ({ label: typeLabel(t.type as ResourceType), events: t.events }))],
    [
      `Top ${report.topUsers.length} users`,
      report.topUsers.map((u) => ({ label: sanitize(u.user), events: u.events })),
    ],
    ['Per day', report.perDay.map((d) => ({ label: d.day, events: d.events }))],
  ];
  const rows = sections.flatMap(([, r]) => r);
  const countWidth = Math.max(1, ...rows.map((r) => formatCount(r.events).length));
  let labelWidth = Math.min(32, Math.max(0, ...rows.map((r) => displayWidth(r.label))));
  // A row is two spaces, the label, two, the bar, two and the count: on a narrow terminal
  // the label gives way to a bar of 10, down to 8 columns, then the bar down to 1.
  const columns = options.columns ?? 80;
  if (options.bars) labelWidth = Math.max(Math.min(labelWidth, 8), Math.min(labelWidth, columns - countWidth - 16));
  const barRoom = Math.max(1, Math.min(50, columns - labelWidth - countWidth - 6));
  let text = `${c.bold(`${formatCount(report.total)} event${report.total === 1 ? '' : 's'}`)}\n`;
  for (const [title, sectionRows] of sections) {
    if (sectionRows.length === 0) continue;
    text += `\n${c.bold(title)}\n`;
    const max = Math.max(1, ...sectionRows.map((r) => r.events));
    for (const row of sectionRows) {
      const label = truncate(row.label, labelWidth);
      const padded = label + ' '.repeat(labelWidth - displayWidth(label));
      const count = formatCount(row.events).padStart(countWidth);
      if (!options.bars) {
        text += `  ${padded}  ${count}\n`;
        continue;
      }
      const length = row.events === 0 ? 0 : Math.max(1, Math.round((row.events / max) * barRoom));
      const bar = '█'.repeat(length);
      text += `  ${padded}  ${(row.color ?? c.cyan)(bar)}${' '.repeat(barRoom - length)}  ${count}\n`;
    }
  }
  return text;
}

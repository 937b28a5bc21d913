import type { ShownEvent } from '../core/event.js';
import { type EventTableOptions, renderEventTable } from './table.js';

/** The dashboard's Last Activity card: the newest events and the way to see them all. */
export function renderLastActivityCard(events: readonly ShownEvent[], options: EventTableOptions): string {
  const c = options.chalk;
  const title = `${c.bold('Last Activity')}\n`;
  if (events.length === 0) {
    return `${title}No activity recorded yet.\n${c.dim("Record one: activity record --action create --type project --name demo --user 'Jane Doe'")}\n`;
  }
  return `${title}${renderEventTable(events, { ...options, header: false })}${c.dim('View all: activity list')}\n`;
}

import type { Problem } from './errors.js';
import { ActivityError, describeProblem } from './errors.js';
import { parseExportedLine, type ShownEvent } from './event.js';
import { type EventFilter, isEmptyFilter, matchesFilter } from './filter.js';
import type { Line } from './ndjson.js';
import type { Instant } from './time.js';

/**
 * `activity filter`'s work on some numbered lines of a stream: each line validated as
 * an exported event, kept when it matches. Pure, so it runs the same on the main
 * thread and in the filter workers.
 */
export function filterLines(
  lines: readonly Line[],
  filter: EventFilter,
  now: Instant,
): { events: ShownEvent[]; problems: Problem[] } {
  const events: ShownEvent[] = [];
  const problems: Problem[] = [];
  const everything = isEmptyFilter(filter);
  for (const entry of lines) {
    if ('problem' in entry) {
      problems.push({ line: entry.line, message: entry.problem });
      continue;
    }
    try {
      const event = parseExportedLine(entry.text, now);
      if (everything || matchesFilter(event, filter)) events.push(event);
    } catch (error) {
      if (!(error instanceof ActivityError)) throw error;
      problems.push({ line: entry.line, message: describeProblem(error) });
    }
  }
  return { events, problems };
}

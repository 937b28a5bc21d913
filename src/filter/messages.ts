import type { ShownEvent } from '../core/event.js';
import type { Line } from '../core/ndjson.js';
import type { Action, ResourceType } from '../core/resource-types.js';
import type { FlatValues } from '../workers/pool.js';

const SHOWN_SLOTS = 12;

/** Events as output shows them (with seq and hash, or nulls), flat: id, time, action, type, name, resourceId, account, user, details, seq, hash, recordedBy. */
export function encodeShown(events: readonly ShownEvent[]): FlatValues {
  const flat: FlatValues = [];
  for (const e of events) {
    flat.push(
      e.id,
      e.time,
      e.action,
      e.type,
      e.name,
      e.resourceId,
      e.account,
      e.user,
      e.details,
      e.seq,
      e.hash,
      e.recordedBy ?? null,
    );
  }
  return flat;
}

export function decodeShown(flat: FlatValues): ShownEvent[] {
  const events: ShownEvent[] = [];
  for (let i = 0; i < flat.length; i += SHOWN_SLOTS) {
    const recordedBy = flat[i + 11] as string | null;
    events.push({
      id: flat[i] as string,
      time: flat[i + 1] as string,
      action: flat[i + 2] as Action,
      type: flat[i + 3] as ResourceType,
      name: flat[i + 4] as string,
      resourceId: flat[i + 5] as string | null,
      account: flat[i + 6] as string | null,
      user: flat[i + 7] as string,
      details: flat[i + 8] as string | null,
      seq: flat[i + 9] as number | null,
      hash: flat[i + 10] as string | null,
      ...(recordedBy === null ? {} : { recordedBy }),
    });
  }
  return events;
}

/** Numbered lines, flat: line and text, or -line and the problem found reading it. */
export function encodeLines(lines: readonly Line[]): FlatValues {
  const flat: FlatValues = [];
  for (const entry of lines) {
    if ('problem' in entry) flat.push(-entry.line, entry.problem);
    else flat.push(entry.line, entry.text);
  }
  return flat;
}

export function decodeLines(flat: FlatValues): Line[] {
  const lines: Line[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const line = flat[i] as number;
    lines.push(line < 0 ? { line: -line, problem: flat[i + 1] as string } : { line, text: flat[i + 1] as string });
  }
  return lines;
}

/** How the SQLite store reads events back: as rows for objects, or as JSON text built by SQLite. */
import type { ActivityEvent } from '../../core/event.js';
import type { EventOrder } from '../../core/query.js';
import { ACTIONS, RESOURCE_TYPES } from '../../core/resource-types.js';
import { formatIsoTime } from '../../core/time.js';
import { nameOf, namesInSql } from './schema.js';

/** The columns of EVENT_COLUMNS, read as arrays (better-sqlite3's raw mode is faster). */
export type EventRow = [
  seq: number,
  id: string,
  time: number,
  action: unknown,
  type: unknown,
  name: string,
  resourceId: string,
  account: string,
  user: string,
  details: string | null,
  hash: string,
  recordedBy: string | null,
];

export const EVENT_COLUMNS = `e.seq, e.id, e.time, e.action, e.type, n.name, s.resource_id, s.account, u.name AS user,
  e.details, lower(hex(e.hash)), e.recorded_by`;

/**
 * An event as its JSON text, built by SQLite, byte for byte what core/event-json.ts
 * writes: the time formatted from integer milliseconds (floored, so years before 1970
 * work). Read as a BLOB, so it reaches stdout as the UTF-8 bytes SQLite made.
 */
const JSON_FIELDS = `'seq', e.seq, 'id', e.id,
  'time', strftime('%Y-%m-%dT%H:%M:%S', (e.time - (e.time % 1000 + 1000) % 1000) / 1000, 'unixepoch')
    || '.' || printf('%03d', (e.time % 1000 + 1000) % 1000) || 'Z',
  'action', ${namesInSql('e.action', ACTIONS)}, 'type', ${namesInSql('e.type', RESOURCE_TYPES)}, 'name', n.name,
  'resourceId', nullif(s.resource_id, ''), 'account', nullif(s.account, ''), 'user', u.name,
  'details', json(e.details), 'hash', lower(hex(e.hash))`;

// recordedBy only for an event a server recorded, last, as toJson writes it.
export const EVENT_JSON = `CAST(CASE WHEN e.recorded_by IS NULL THEN json_object(${JSON_FIELDS})
  ELSE json_object(${JSON_FIELDS}, 'recordedBy', e.recorded_by) END AS BLOB)`;

/**
 * CROSS JOIN keeps events as the outer loop, and NOT INDEXED makes subjects, names and
 * users be looked up by their primary keys whatever the planner's statistics say: a
 * long-running reader keeps the statistics it loaded, which may be a tiny store's
 * (docs/store.md, "Indexes").
 */
export const JOIN_NAMES =
  'CROSS JOIN subjects s NOT INDEXED ON s.id = e.subject CROSS JOIN names n NOT INDEXED ON n.id = s.name ' +
  'CROSS JOIN users u NOT INDEXED ON u.id = e.user';

export const SELECT_EVENTS = `SELECT ${EVENT_COLUMNS} FROM events e ${JOIN_NAMES}`;

export function toEvent(row: EventRow): ActivityEvent {
  const event: ActivityEvent = {
    seq: row[0],
    id: row[1],
    time: formatIsoTime(row[2]),
    action: nameOf(ACTIONS, row[3]),
    type: nameOf(RESOURCE_TYPES, row[4]),
    name: row[5],
    resourceId: row[6] === '' ? null : row[6],
    account: row[7] === '' ? null : row[7],
    user: row[8],
    details: row[9],
    hash: row[10],
  };
  if (row[11] !== null) event.recordedBy = row[11];
  return event;
}

export const ORDER_BY: Record<EventOrder, string> = {
  newest: 'ORDER BY e.time DESC, e.seq DESC',
  oldest: 'ORDER BY e.time ASC, e.seq ASC',
  seq: 'ORDER BY e.seq ASC',
};

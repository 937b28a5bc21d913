/** What a store checks of each event it is asked to restore (ActivityStore.restore). */
import { type ChainHead, canonicalEncoding, chainHash } from './chain.js';
import { ActivityError, describeProblem, IntegrityError } from './errors.js';
import { type ActivityEvent, type NewEvent, validateEvent } from './event.js';
import { isTokenName } from './token.js';

/**
 * `e` as a store writes it, after checking that it continues the chain at `head`: its
 * seq the head's + 1, its hash chainHash(head's hash, seq, e), and its fields as a store
 * holds them (a valid event in its stored form: what another store may write as it is).
 * A source that lies, or a target that moved on meanwhile, is an IntegrityError: nothing
 * of the call is written. U+0000 is let through, as verify lets it: an older store may
 * hold it, and a store that cannot (PostgreSQL) fails on it (exit 5).
 */
export function restoredEvent(head: ChainHead, e: ActivityEvent): NewEvent {
  const seq = head.seq + 1;
  const refuse = (why: string, hint = 'nothing of this restore was written; verify the source store') =>
    new IntegrityError(`cannot restore the event at seq ${e.seq}: ${why}`, hint);
  if (e.seq !== seq) {
    throw refuse(
      `the store's head is seq ${head.seq}, so the next event must be seq ${seq}`,
      'nothing of this restore was written; did another process record into the store meanwhile?',
    );
  }
  if (e.recordedBy !== undefined && !isTokenName(e.recordedBy)) throw refuse('its recordedBy is no token name');
  let event: NewEvent;
  try {
    event = validateEvent({ ...e, details: e.details === null ? null : JSON.parse(e.details) }, 0, 'keep');
  } catch (error) {
    if (error instanceof SyntaxError) throw refuse('its details are not JSON');
    if (!(error instanceof ActivityError)) throw error;
    throw refuse(`it is not a valid event: ${describeProblem(error)}`);
  }
  if (e.recordedBy !== undefined) event.recordedBy = e.recordedBy;
  const encoding = canonicalEncoding(seq, event);
  if (encoding !== canonicalEncoding(seq, e)) throw refuse('its fields are not in the form a store holds them');
  if (chainHash(head.hash, seq, event) !== e.hash) {
    throw refuse(`its hash is not the chain's link from seq ${head.seq} (hash ${head.hash})`);
  }
  return event;
}

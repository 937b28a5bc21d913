/** A token as the local stores keep it, a row of their `tokens` table: what both read it as. */
import { formatIsoTime } from '../core/time.js';
import type { Scope, TokenInfo } from '../core/token.js';

/** A use is written down at most this often a token: a busy client must not make every request a write. */
export const NOTE_USE_EVERY_MS = 60_000;

export type TokenRow = { name: string; scope: Scope; created: number; last_used: number | null };

export const tokenInfo = (row: TokenRow): TokenInfo => ({
  name: row.name,
  scope: row.scope,
  created: formatIsoTime(row.created),
  lastUsed: row.last_used === null ? null : formatIsoTime(row.last_used),
});

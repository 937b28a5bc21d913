import { hash } from 'node:crypto';

/** The link before the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields that are hashed, in their stored form (`details` as canonical JSON text). */
export interface ChainFields {
  seq: number;
  id: string;
  time: string;
  action: string;
  type: string;
  name: string;
  resourceId: string | null;
  account: string | null;
  user: string;
  details: string | null;
}

/**
 * The canonical encoding (docs/integrity.md): a JSON array of the fields in a fixed
 * order, strings as JSON.stringify writes them, details as canonical JSON (keys
 * sorted, no spaces). Key order or spacing in the input cannot change it.
 */
export const canonicalEncoding = (e: ChainFields): string =>
  `${JSON.stringify([e.seq, e.id, e.time, e.action, e.type, e.name, e.resourceId, e.account, e.user]).slice(0, -1)},${e.details ?? 'null'}]`;

/** hash = SHA-256(previous hash in hex, "\n", canonical encoding), in hex. */
export const chainHash = (previousHash: string, e: ChainFields): string =>
  hash('sha256', `${previousHash}\n${canonicalEncoding(e)}`, 'hex');

import { sha256Hex } from './sha256.js';

/** The link before the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields that are hashed, in their stored form (`details` as canonical JSON text). */
export interface ChainFields {
  id: string;
  time: string;
  action: string;
  type: string;
  name: string;
  resourceId: string | null;
  account: string | null;
  user: string;
  details: string | null;
  recordedBy?: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/** JSON.stringify for a string or null, without its cost for the common plain string. */
const quote = (s: string | null): string => (s === null ? 'null' : NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);

/**
 * The canonical encoding (docs/integrity.md): a JSON array of the fields in a fixed
 * order — seq, id, time, action, type, name, resourceId, account, user, details, and
 * then recordedBy for an event a server recorded — strings as JSON.stringify writes
 * them, details as canonical JSON (keys sorted, no spaces). Key order or spacing in the
 * input cannot change it; and an event recorded directly keeps the encoding it had
 * before servers existed.
 */
export const canonicalEncoding = (seq: number, e: ChainFields): string =>
  `[${seq},${quote(e.id)},${quote(e.time)},${quote(e.action)},${quote(e.type)},${quote(e.name)},` +
  `${quote(e.resourceId)},${quote(e.account)},${quote(e.user)},${e.details ?? 'null'}` +
  `${e.recordedBy === undefined ? '' : `,${quote(e.recordedBy)}`}]`;

/**
 * Hashes done in plain JavaScript before node:crypto is loaded: loading it costs a few
 * percent of recording one event, and this many hashes cost less than that.
 */
const HASHES_BEFORE_CRYPTO = 64;

let hashes = 0;
let sha256: ((data: string) => string) | undefined;

/** hash = SHA-256(previous hash in hex, "\n", canonical encoding), in hex. */
export function linkHash(previousHash: string, encoding: string): string {
  const data = `${previousHash}\n${encoding}`;
  if (sha256 === undefined) {
    if (++hashes <= HASHES_BEFORE_CRYPTO) return sha256Hex(data);
    const { hash } = process.getBuiltinModule('node:crypto');
    sha256 = (text) => hash('sha256', text, 'hex');
  }
  return sha256(data);
}

export const chainHash = (previousHash: string, seq: number, e: ChainFields): string =>
  linkHash(previousHash, canonicalEncoding(seq, e));

/** The newest link of a chain: the place and hash the next event links to. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** A stored event as verify sees it: its place, its stored hash and its canonical encoding. */
export interface StoredLink {
  seq: number;
  hash: string;
  encoding: string;
}

/**
 * The tokens of reference §8: what a server's clients present, what each scope allows,
 * and the form a token takes. A store keeps only each token's SHA-256 digest.
 */
import { echo, UsageError } from './errors.js';

export type Scope = 'read' | 'write' | 'admin';

export const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

/** A token as a store lists it: never the token itself. */
export interface TokenInfo {
  name: string;
  scope: Scope;
  /** ISO 8601 UTC. */
  created: string;
  /** ISO 8601 UTC, to the minute (the server notes a use at most once a minute), or null. */
  lastUsed: string | null;
}

/**
 * A token as a store keeps it, for a copy of the store (`activity store copy`): its
 * digest, never the token. Times are epoch milliseconds.
 */
export interface StoredToken {
  name: string;
  scope: Scope;
  /** SHA-256 of the token, in hex. */
  digest: string;
  created: number;
  lastUsed: number | null;
  revoked: number | null;
}

/** A token restored under a name the store holds for another token: one name would stand for two. */
export const tokenConflict = (name: string): UsageError =>
  new UsageError(
    `the target holds another token named "${name}" than the source; nothing was copied`,
    'copy into an empty store',
  );

/** A token just made: the secret, shown once, and what is kept of it. */
export interface NewToken {
  token: string;
  info: TokenInfo;
}

/**
 * The prefix of every token: secret scanners (and people) can tell a leaked one at a
 * glance, and a client can tell a token from a mistyped flag value.
 */
export const TOKEN_PREFIX = 'activity_';

/** 32 random bytes (256 bits), as base64url: 43 characters after the prefix. */
const TOKEN_FORM = /^activity_[A-Za-z0-9_-]{43}$/;

export const isWellFormedToken = (token: string): boolean => TOKEN_FORM.test(token);

/**
 * Token names are shown in logs, provenance and `show`: plain words, so they need no
 * escaping anywhere and cannot pass for anything else.
 */
const NAME_FORM = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const TOKEN_NAME_RULE = 'a token name is 1 to 64 letters, digits, dots, dashes or underscores';

export const isTokenName = (name: string): boolean => NAME_FORM.test(name);

export function parseTokenName(name: string): string {
  if (!isTokenName(name)) throw new UsageError(`invalid token name ${echo(name)}`, TOKEN_NAME_RULE);
  return name;
}

export function parseScope(value: string): Scope {
  const scope = value.toLowerCase();
  if ((SCOPES as readonly string[]).includes(scope)) return scope as Scope;
  throw new UsageError(`invalid scope ${echo(value)}`, 'use read, write or admin');
}

/**
 * Whether a token of `scope` may do what needs `needed`: admin does everything; read
 * does every read; write only records (a CI recorder reads nothing back).
 */
export const allows = (scope: Scope, needed: Scope): boolean => scope === 'admin' || scope === needed;

/** A new token from the operating system's CSPRNG. */
export function generateToken(): string {
  const { randomBytes } = process.getBuiltinModule('node:crypto');
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** A web page's session secret: 256 bits from the CSPRNG, base64url, held in a cookie only. */
export function generateSessionSecret(): string {
  return process.getBuiltinModule('node:crypto').randomBytes(32).toString('base64url');
}

const SESSION_FORM = /^[A-Za-z0-9_-]{43}$/;
export const isWellFormedSession = (secret: string): boolean => SESSION_FORM.test(secret);

/** What a store keeps of a token: its SHA-256, in hex. */
export function tokenDigest(token: string): string {
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha256').update(token).digest('hex');
}

import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * API keys for the curation mutations. The configuration holds only each key's SHA-256
 * (`API_KEYS=name:role:sha256hex,...`), so neither the repository nor the environment of a
 * deployment ever contains a usable key.
 */

export const ROLES = ['curator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKey {
  /** Who holds the key; recorded as the actor of every change made with it. */
  name: string;
  role: Role;
  /** The SHA-256 of the key, as 64 lower-case hex digits. */
  sha256: string;
}

/** Who is asking: nobody in particular, or the holder of a valid key. */
export type Viewer = { kind: 'anonymous' } | { kind: 'key'; name: string; role: Role };

export const ANONYMOUS: Viewer = Object.freeze({ kind: 'anonymous' });

/** An admin may do all a curator may, and merge entities besides. */
const RANK: Record<Role, number> = { curator: 1, admin: 2 };

export function hasRole(viewer: Viewer, role: Role): boolean {
  return viewer.kind === 'key' && RANK[viewer.role] >= RANK[role];
}

export class ApiKeyConfigError extends Error {
  override name = 'ApiKeyConfigError';
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Parses `name:role:sha256hex,...`; an empty string means "no keys" (nobody can write). */
export function parseApiKeys(spec: string): ApiKey[] {
  const keys: ApiKey[] = [];
  for (const raw of spec.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [name, role, hash, ...rest] = raw.split(':');
    if (name === undefined || role === undefined || hash === undefined || rest.length > 0) {
      throw new ApiKeyConfigError(`API_KEYS entries are name:role:sha256hex; got an entry with ${raw.split(':').length} parts.`);
    }
    if (!NAME.test(name)) throw new ApiKeyConfigError(`API_KEYS: the name "${name}" may hold only letters, digits, dot, underscore and hyphen.`);
    if (!(ROLES as readonly string[]).includes(role)) throw new ApiKeyConfigError(`API_KEYS: the role of "${name}" must be one of ${ROLES.join(', ')}; got "${role}".`);
    // The entry is never echoed whole: a pasted key instead of its hash must not reach a log.
    if (!SHA256_HEX.test(hash.toLowerCase())) throw new ApiKeyConfigError(`API_KEYS: the key of "${name}" must be given as its SHA-256 (64 hex digits), never as the key itself.`);
    if (keys.some((key) => key.name === name)) throw new ApiKeyConfigError(`API_KEYS: the name "${name}" is given twice.`);
    keys.push({ name, role: role as Role, sha256: hash.toLowerCase() });
  }
  return keys;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export type Authentication = { kind: 'none' } | { kind: 'valid'; viewer: Viewer } | { kind: 'invalid' };

/**
 * Reads `Authorization: Bearer <key>`. No header is an anonymous reader; a header that is
 * not a known key is invalid (and is refused rather than read as anonymous, so that a client
 * with a mistyped key learns of it at once). Hashes are compared in constant time.
 */
export function authenticate(header: string | undefined, keys: readonly ApiKey[]): Authentication {
  if (header === undefined || header.trim() === '') return { kind: 'none' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return { kind: 'invalid' };
  const presented = Buffer.from(hashApiKey(match[1]), 'hex');
  let found: ApiKey | undefined;
  for (const key of keys) {
    // Every key is compared, found or not, so the time taken says nothing about which matched.
    if (timingSafeEqual(presented, Buffer.from(key.sha256, 'hex'))) found = key;
  }
  return found ? { kind: 'valid', viewer: { kind: 'key', name: found.name, role: found.role } } : { kind: 'invalid' };
}

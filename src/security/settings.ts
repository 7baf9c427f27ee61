import type { ApiKey } from './apiKeys';
import { defaultCurationPolicy, type CurationPolicy } from './curationPolicy';
import { DEFAULT_HTTP_TIMEOUTS, DEFAULT_RATE_LIMIT } from './defaults';
import type { RateLimitSettings } from './rateLimit';

/** What the API needs to be safe on the internet; src/config.ts reads it from the environment. */
export interface SecurityOptions {
  /** The keys that may curate; none means nobody can write. */
  apiKeys: readonly ApiKey[];
  /** Requests per client, or null for no limit. */
  rateLimit: RateLimitSettings | null;
  /** The deny-list and the documents that curation writes are checked against. */
  curationPolicy: CurationPolicy;
  /** "Did you mean ...?" in validation errors (they reveal the schema). */
  fieldSuggestions: boolean;
  /** Node's server.requestTimeout: the whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** Node's server.headersTimeout: the headers must arrive within this. */
  headersTimeoutMs: number;
  /** How long a stop waits for in-flight requests before closing their connections. */
  shutdownGraceMs: number;
}

/** The options in force when a caller gives none: no keys, the shipped deny-list, default limits. */
export function securityDefaults(production: boolean, given: Partial<SecurityOptions> = {}): SecurityOptions {
  return {
    apiKeys: given.apiKeys ?? [],
    rateLimit: given.rateLimit === undefined ? DEFAULT_RATE_LIMIT : given.rateLimit,
    curationPolicy: given.curationPolicy ?? defaultCurationPolicy(),
    fieldSuggestions: given.fieldSuggestions ?? !production,
    requestTimeoutMs: given.requestTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.requestTimeoutMs,
    headersTimeoutMs: given.headersTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.headersTimeoutMs,
    shutdownGraceMs: given.shutdownGraceMs ?? DEFAULT_HTTP_TIMEOUTS.shutdownGraceMs,
  };
}

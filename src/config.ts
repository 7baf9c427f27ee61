import { DEFAULT_RESPONSE_CACHE, type ResponseCacheSettings } from './graphql/responseCache';
import { ApiKeyConfigError, parseApiKeys, type ApiKey } from './security/apiKeys';
import { configuredDenyListPath } from './security/denyList';
import type { RateLimitSettings } from './security/rateLimit';
import { DEFAULT_HTTP_TIMEOUTS, DEFAULT_RATE_LIMIT } from './security/defaults';
import { DEFAULT_TRANSACTION_TIMEOUT_MS } from './domain/limits';

/**
 * The service's configuration: read from the environment once, checked, typed and frozen.
 * Every variable is listed in the README's Configuration section. It parses the settings of
 * security and the response cache, so it sits above them; only main.ts and cli/ read it, and
 * the data layer takes the fields it needs by their shape (db/driver/connect.ts).
 */

export interface LocalNeo4jConfig {
  /** Where the project's own Neo4j keeps jars, data, logs and its generated password. */
  home: string;
  boltPort: number;
  heapMb: number;
  pageCacheMb: number;
}

export interface Config {
  production: boolean;
  host: string;
  port: number;
  /** An external database; when null, the project starts its own local Neo4j. */
  neo4jUri: string | null;
  neo4jUser: string;
  /** The password given in NEO4J_PASSWORD; null means "the local server's generated one". */
  neo4jPassword: string | null;
  neo4jDatabase: string | undefined;
  local: LocalNeo4jConfig;
  /** The dataset loaded at start (a YAML file or folder), or null for none. */
  seedPath: string | null;
  introspection: boolean;
  /** `extensions.db` (how many Cypher queries a response ran, and for how long); off in production unless asked for. */
  queryStats: boolean;
  /** "Did you mean ...?" in validation errors; off in production unless asked for. */
  fieldSuggestions: boolean;
  /** The API keys that may curate, as name, role and SHA-256 (API_KEYS). */
  apiKeys: readonly ApiKey[];
  /** Requests per client (API key or address); null when RATE_LIMIT_PER_MINUTE=0. */
  rateLimit: Readonly<RateLimitSettings> | null;
  /** The deny-list of victims' and survivors' names (hashed), checked by every write. */
  denyListPath: string;
  http: Readonly<HttpTimeouts>;
  /** How long a request waits for a pooled Neo4j connection before it fails with 503. */
  neo4jAcquisitionTimeoutMs: number;
  /** How long transient Neo4j errors are retried before a request fails. */
  neo4jMaxRetryMs: number;
  /** How long Neo4j lets one transaction run before it ends it (the driver's timeout on every transaction). */
  neo4jTransactionTimeoutMs: number;
  /** The cache of answers to repeated identical reads (RESPONSE_CACHE=off turns it off). */
  responseCache: Readonly<ResponseCacheSettings>;
}

export interface HttpTimeouts {
  /** Node's server.requestTimeout. */
  requestTimeoutMs: number;
  /** Node's server.headersTimeout. */
  headersTimeoutMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${raw}".`);
  }
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false; got "${raw}".`);
}

const URI_SCHEMES = ['neo4j://', 'neo4j+s://', 'neo4j+ssc://', 'bolt://', 'bolt+s://', 'bolt+ssc://'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Readonly<Config> {
  const production = env.NODE_ENV === 'production';
  const neo4jUri = env.NEO4J_URI ? env.NEO4J_URI : null;
  if (neo4jUri && !URI_SCHEMES.some((scheme) => neo4jUri.startsWith(scheme))) {
    throw new ConfigError(`NEO4J_URI must start with one of ${URI_SCHEMES.join(', ')}; got "${neo4jUri}".`);
  }
  if (neo4jUri && !env.NEO4J_PASSWORD) {
    throw new ConfigError('NEO4J_URI is set, so NEO4J_PASSWORD must be set too.');
  }
  const seed = env.SEED_DATA ?? 'data/seed';
  let apiKeys: ApiKey[];
  try {
    apiKeys = parseApiKeys(env.API_KEYS ?? '');
  } catch (error) {
    throw new ConfigError(error instanceof ApiKeyConfigError ? error.message : String(error));
  }
  const perMinute = integer(env, 'RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT.perMinute, 0, 10_000_000);
  const burst = integer(env, 'RATE_LIMIT_BURST', DEFAULT_RATE_LIMIT.burst, 1, 10_000_000);
  const http = {
    requestTimeoutMs: integer(env, 'HTTP_REQUEST_TIMEOUT_MS', DEFAULT_HTTP_TIMEOUTS.requestTimeoutMs, 1_000, 600_000),
    headersTimeoutMs: integer(env, 'HTTP_HEADERS_TIMEOUT_MS', DEFAULT_HTTP_TIMEOUTS.headersTimeoutMs, 1_000, 600_000),
  };
  const neo4jAcquisitionTimeoutMs = integer(env, 'NEO4J_ACQUISITION_TIMEOUT_MS', 5_000, 100, 600_000);
  const neo4jMaxRetryMs = integer(env, 'NEO4J_MAX_RETRY_MS', 2_000, 0, 600_000);
  // A request waiting on Neo4j must fail with 503 before the HTTP server gives up on it.
  if (neo4jAcquisitionTimeoutMs + neo4jMaxRetryMs >= http.requestTimeoutMs) {
    throw new ConfigError(
      `NEO4J_ACQUISITION_TIMEOUT_MS + NEO4J_MAX_RETRY_MS (${neo4jAcquisitionTimeoutMs + neo4jMaxRetryMs}) must be shorter than HTTP_REQUEST_TIMEOUT_MS (${http.requestTimeoutMs}).`,
    );
  }
  const neo4jTransactionTimeoutMs = integer(env, 'NEO4J_TRANSACTION_TIMEOUT_MS', DEFAULT_TRANSACTION_TIMEOUT_MS, 100, 600_000);
  // A statement must be ended by Neo4j, and answered QUERY_TIMEOUT, before the request's own
  // deadline (http/requestSignal.ts) cancels it from outside.
  if (neo4jTransactionTimeoutMs >= http.requestTimeoutMs) {
    throw new ConfigError(`NEO4J_TRANSACTION_TIMEOUT_MS (${neo4jTransactionTimeoutMs}) must be shorter than HTTP_REQUEST_TIMEOUT_MS (${http.requestTimeoutMs}).`);
  }
  if (http.headersTimeoutMs > http.requestTimeoutMs) {
    throw new ConfigError(`HTTP_HEADERS_TIMEOUT_MS (${http.headersTimeoutMs}) must not be longer than HTTP_REQUEST_TIMEOUT_MS (${http.requestTimeoutMs}).`);
  }
  const config: Config = {
    production,
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 4000, 0, 65535),
    neo4jUri,
    neo4jUser: env.NEO4J_USER || 'neo4j',
    neo4jPassword: env.NEO4J_PASSWORD || null,
    neo4jDatabase: env.NEO4J_DATABASE || undefined,
    local: {
      home: env.NEO4J_HOME_DIR || `${cwd}/.neo4j/dev`,
      boltPort: integer(env, 'NEO4J_BOLT_PORT', 7687, 1, 65535),
      heapMb: integer(env, 'NEO4J_HEAP_MB', 1024, 256, 16384),
      pageCacheMb: integer(env, 'NEO4J_PAGECACHE_MB', 512, 64, 16384),
    },
    seedPath: seed === '' || seed === 'none' ? null : seed,
    introspection: boolean(env, 'GRAPHQL_INTROSPECTION', !production),
    queryStats: boolean(env, 'GRAPHQL_QUERY_STATS', !production),
    fieldSuggestions: boolean(env, 'GRAPHQL_FIELD_SUGGESTIONS', !production),
    apiKeys: Object.freeze(apiKeys.map((key) => Object.freeze(key))),
    rateLimit: perMinute === 0 ? null : Object.freeze({ perMinute, burst }),
    denyListPath: configuredDenyListPath(env, cwd),
    http: Object.freeze(http),
    neo4jAcquisitionTimeoutMs,
    neo4jMaxRetryMs,
    neo4jTransactionTimeoutMs,
    responseCache: Object.freeze({
      enabled: boolean(env, 'RESPONSE_CACHE', DEFAULT_RESPONSE_CACHE.enabled),
      ttlMs: integer(env, 'RESPONSE_CACHE_TTL_MS', DEFAULT_RESPONSE_CACHE.ttlMs, 100, 86_400_000),
      maxEntries: integer(env, 'RESPONSE_CACHE_MAX_ENTRIES', DEFAULT_RESPONSE_CACHE.maxEntries, 1, 10_000_000),
      maxBytes: integer(env, 'RESPONSE_CACHE_MAX_MB', DEFAULT_RESPONSE_CACHE.maxBytes / (1024 * 1024), 1, 65_536) * 1024 * 1024,
    }),
  };
  return Object.freeze({ ...config, local: Object.freeze(config.local) });
}

/**
 * Defaults shared by src/config.ts (the environment) and src/security/settings.ts (a server
 * started without configuration, as the tests start it). No imports: config reads it early.
 */

/**
 * Generous for one client, so that no test and no person exploring is ever limited, while a
 * script hammering the API is slowed to 50 requests a second.
 */
export const DEFAULT_RATE_LIMIT = Object.freeze({ perMinute: 3_000, burst: 1_000 });

export const DEFAULT_HTTP_TIMEOUTS = Object.freeze({ requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, shutdownGraceMs: 10_000 });

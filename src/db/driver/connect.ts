import type { Config } from '../../config';
import { Database } from './database';
import { ensureLocalNeo4j } from '../../neo4j-server/localServer';

/**
 * The database the configuration names: NEO4J_URI when set (Docker, Aura, a cluster), and
 * otherwise the project's own local Neo4j, started or reused.
 */
export async function connectDatabase(config: Readonly<Config>, log: (message: string) => void): Promise<Database> {
  if (config.neo4jUri) {
    return Database.connect({ uri: config.neo4jUri, user: config.neo4jUser, password: config.neo4jPassword ?? '', database: config.neo4jDatabase, ...timeouts(config) });
  }
  const local = await ensureLocalNeo4j({ ...config.local, password: config.neo4jPassword, log });
  return Database.connect({ uri: local.uri, user: local.user, password: local.password, database: config.neo4jDatabase, ...timeouts(config) });
}

/** Kept shorter than the HTTP request timeout (src/config.ts checks), so an outage answers 503. */
function timeouts(config: Readonly<Config>): { connectionAcquisitionTimeoutMs: number; maxTransactionRetryTimeMs: number } {
  return { connectionAcquisitionTimeoutMs: config.neo4jAcquisitionTimeoutMs, maxTransactionRetryTimeMs: config.neo4jMaxRetryMs };
}

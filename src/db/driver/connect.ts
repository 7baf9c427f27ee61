import { Database } from './database';
import { ensureLocalNeo4j, type LocalNeo4jOptions } from '../../neo4j-server/localServer';

/**
 * What connecting needs of the configuration. src/config.ts's Config has these fields; the
 * data layer names only them, because config.ts sits above it (it parses every layer's settings).
 */
export interface ConnectionSettings {
  neo4jUri: string | null;
  neo4jUser: string;
  /** null means "the local server's generated one". */
  neo4jPassword: string | null;
  neo4jDatabase: string | undefined;
  local: Readonly<Pick<LocalNeo4jOptions, 'home' | 'boltPort' | 'heapMb' | 'pageCacheMb'>>;
  neo4jAcquisitionTimeoutMs: number;
  neo4jMaxRetryMs: number;
  neo4jTransactionTimeoutMs: number;
}

/**
 * The database the configuration names: NEO4J_URI when set (Docker, Aura, a cluster), and
 * otherwise the project's own local Neo4j, started or reused.
 */
export async function connectDatabase(config: Readonly<ConnectionSettings>, log: (message: string) => void): Promise<Database> {
  if (config.neo4jUri) {
    return Database.connect({ uri: config.neo4jUri, user: config.neo4jUser, password: config.neo4jPassword ?? '', database: config.neo4jDatabase, ...timeouts(config) });
  }
  const local = await ensureLocalNeo4j({ ...config.local, password: config.neo4jPassword, log });
  return Database.connect({ uri: local.uri, user: local.user, password: local.password, database: config.neo4jDatabase, ...timeouts(config) });
}

/** Kept shorter than the HTTP request timeout (src/config.ts checks), so an outage answers 503. */
function timeouts(config: Readonly<ConnectionSettings>): { connectionAcquisitionTimeoutMs: number; maxTransactionRetryTimeMs: number; transactionTimeoutMs: number } {
  return { connectionAcquisitionTimeoutMs: config.neo4jAcquisitionTimeoutMs, maxTransactionRetryTimeMs: config.neo4jMaxRetryMs, transactionTimeoutMs: config.neo4jTransactionTimeoutMs };
}

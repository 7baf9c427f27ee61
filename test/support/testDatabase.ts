import { freePort } from '../../src/net';
import { Database } from '../../src/db/driver/database';

/** The database the integration tests use, as globalSetup published it in the environment. */
export function testDatabaseSettings(): { uri: string; user: string; password: string } {
  const uri = process.env.TEST_NEO4J_URI;
  const password = process.env.TEST_NEO4J_PASSWORD;
  if (!uri || !password) throw new Error('TEST_NEO4J_URI is not set: run integration tests through jest (globalSetup starts Neo4j).');
  return { uri, user: process.env.TEST_NEO4J_USER ?? 'neo4j', password };
}

export function connectTestDatabase(): Database {
  return Database.connect(testDatabaseSettings());
}

export { freePort };

/**
 * A token unique to this test run, for ids and names that must not collide with others. The
 * random part comes first: tokens made a moment apart would otherwise share their leading
 * characters, and the fuzzy name matcher would take one test's "<token> Ministry" for another's.
 */
export function uniqueToken(): string {
  const random = Math.random().toString(36).slice(2, 8).padEnd(6, '0');
  return `t${random}${Date.now().toString(36)}`;
}

import { createServer } from 'node:net';
import { Database } from '../../src/db/database';

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

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A token unique to this test run, for ids and names that must not collide with others. */
export function uniqueToken(): string {
  return `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

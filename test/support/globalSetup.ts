import { rmSync } from 'node:fs';
import path from 'node:path';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import { Database } from '../../src/db/driver/database';
import { migrate } from '../../src/db/driver/migrations';
import { ingest } from '../../src/ingest/ingest';
import { waitForDatabase } from '../../src/db/driver/readiness';
import { ensureLocalNeo4j } from '../../src/neo4j-server/localServer';
import { projectRoot } from '../../src/projectRoot';
import { freePort } from './testDatabase';

/**
 * Starts a Neo4j of the tests' own (its own data folder and a free port, so it never touches
 * the graph `npm start` serves), migrates it and loads the seed graph. With NEO4J_URI set,
 * the tests use that database instead.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  if (process.env.NEO4J_URI) {
    process.env.TEST_NEO4J_URI = process.env.NEO4J_URI;
    process.env.TEST_NEO4J_USER = process.env.NEO4J_USER ?? 'neo4j';
    process.env.TEST_NEO4J_PASSWORD = process.env.NEO4J_PASSWORD ?? '';
  } else {
    const home = path.join(projectRoot(), '.neo4j', `test-${process.pid}`);
    rmSync(home, { recursive: true, force: true });
    const port = await freePort();
    const server = await ensureLocalNeo4j({ home, boltPort: port, heapMb: 1024, pageCacheMb: 256, log: (m) => process.stderr.write(`[test neo4j] ${m}\n`) });
    process.env.TEST_NEO4J_URI = server.uri;
    process.env.TEST_NEO4J_USER = server.user;
    process.env.TEST_NEO4J_PASSWORD = server.password;
    process.env.TEST_NEO4J_HOME = home;
    process.env.TEST_NEO4J_PORT = String(port);
  }
  const db = Database.connect({ uri: process.env.TEST_NEO4J_URI, user: process.env.TEST_NEO4J_USER ?? 'neo4j', password: process.env.TEST_NEO4J_PASSWORD ?? '' });
  try {
    await waitForDatabase(db);
    await migrate(db);
    await ingest(db, new CypherCatalog(), path.join(projectRoot(), 'data', 'seed'));
  } finally {
    await db.close();
  }
  process.stderr.write(`\n[test neo4j] ready at ${process.env.TEST_NEO4J_URI} with the seed graph in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}

import { rmSync } from 'node:fs';
import { stopLocalNeo4j } from '../../src/neo4j-server/localServer';

/** Stops the tests' own Neo4j and removes its data; a given NEO4J_URI is left alone. */
export default async function globalTeardown(): Promise<void> {
  const home = process.env.TEST_NEO4J_HOME;
  if (!home) return;
  await stopLocalNeo4j(home);
  if (!process.env.KEEP_TEST_NEO4J) rmSync(home, { recursive: true, force: true });
}

import { rmSync } from 'node:fs';
import path from 'node:path';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import { Database } from '../../src/db/driver/database';
import { migrate } from '../../src/db/driver/migrations';
import { waitForDatabase } from '../../src/db/driver/readiness';
import { ingest } from '../../src/ingest/ingest';
import { ensureLocalNeo4j, portAnswers, stopLocalNeo4j, type LocalNeo4jOptions } from '../../src/neo4j-server/localServer';
import { projectRoot } from '../../src/projectRoot';
import { syntheticWorld, writeFixture } from '../support/fixtures';
import { CURATOR, startTestApi, type TestApi } from '../support/testApi';
import { waitFor } from '../support/waitFor';
import { recordFigure } from '../support/figures';
import { freePort, uniqueToken } from '../support/testDatabase';

/**
 * A Neo4j of this test's own (never the shared test instance), stopped and started again
 * with the same folder and port while the API runs over it.
 */
const home = path.join(projectRoot(), '.neo4j', `outage-${process.pid}`);
let neo4j: LocalNeo4jOptions;
let db: Database;
let api: TestApi;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

const QUERY = '{ countries { id } projects(first: 5) { totalCount } }';
const token = uniqueToken();

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  rmSync(home, { recursive: true, force: true });
  neo4j = { home, boltPort: await freePort(), heapMb: 512, pageCacheMb: 64 };
  const server = await ensureLocalNeo4j(neo4j);
  neo4j.password = server.password;
  // The driver settings the service runs with (src/config.ts defaults).
  db = Database.connect({ uri: server.uri, user: server.user, password: server.password, connectionAcquisitionTimeoutMs: 5_000, maxTransactionRetryTimeMs: 2_000 });
  await waitForDatabase(db);
  await migrate(db);
  const world = syntheticWorld(token, 3);
  const fixture = writeFixture(world.files, world.documents);
  await ingest(db, new CypherCatalog(), fixture.datasetDir, { documentsDir: fixture.documentsDir });
  api = await startTestApi({ db, rateLimit: null });
}, 180_000);

afterAll(async () => {
  await api?.close();
  await db?.close();
  await stopLocalNeo4j(home);
  rmSync(home, { recursive: true, force: true });
  process.off('unhandledRejection', onUnhandled);
}, 120_000);

describe('when Neo4j goes away and comes back', () => {
  it('answers while Neo4j is up', async () => {
    const response = await api.gql<{ projects: { totalCount: number } }>(QUERY);
    expect(response.status).toBe(200);
    expect(response.body.data?.projects.totalCount).toBeGreaterThanOrEqual(3);
  });

  it('fails fast with 503 and DATABASE_UNAVAILABLE while Neo4j is stopped, says it is not ready, and keeps running', async () => {
    expect(await stopLocalNeo4j(home)).toBe(true);
    expect(await portAnswers(neo4j.boltPort)).toBe(false);

    const started = Date.now();
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => api.gql(QUERY)),
      api.gql('mutation($i: CreateEntityInput!) { createEntity(input: $i) { entity { id } } }', {
        i: { type: 'PERSON', id: `person:${token}-x`, name: `${token} X`, evidence: { document: `${token}.txt`, excerpt: 'x' } },
      }, CURATOR),
    ]);
    const failMs = Date.now() - started;
    recordFigure('outage: time to fail 11 concurrent requests (ms)', failMs);
    expect(failMs).toBeLessThan(5_000);
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
      expect(answer.text).not.toMatch(/ECONNREFUSED|bolt:|127\.0\.0\.1/);
    }

    const readyStarted = Date.now();
    const ready = await fetch(`${api.baseUrl}/readyz`);
    recordFigure('outage: /readyz answer while down (ms)', Date.now() - readyStarted);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { neo4j: string } }).checks.neo4j).toBe('unavailable');
    expect((await fetch(`${api.baseUrl}/healthz`)).status).toBe(200);
  }, 60_000);

  it('recovers by itself within seconds once Neo4j is back, with no promise rejection left unhandled', async () => {
    await ensureLocalNeo4j(neo4j);
    const boltUp = Date.now();
    await waitFor(async () => (await api.gql(QUERY)).status === 200, 30_000, 'the API to answer again');
    const recoverMs = Date.now() - boltUp;
    recordFigure('outage: recovery after Neo4j answers again (ms)', recoverMs);
    expect(recoverMs).toBeLessThan(30_000);
    expect((await fetch(`${api.baseUrl}/readyz`)).status).toBe(200);
    expect(unhandled).toEqual([]);
  }, 180_000);
});

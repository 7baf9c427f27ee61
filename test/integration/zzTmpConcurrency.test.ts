import { CypherCatalog } from '../../src/db/cypher/catalog';
import { newQueryStats } from '../../src/db/driver/database';
import { createRepositories } from '../../src/db/repositories';
import { ingest } from '../../src/ingest/ingest';
import { curationWorld, writeFixture } from '../support/fixtures';
import { connectTestDatabase, uniqueToken } from '../support/testDatabase';

it('tmp: concurrent links', async () => {
  const db = connectTestDatabase();
  const token = uniqueToken();
  const world = curationWorld(token);
  const fixture = writeFixture(world.files, world.documents);
  const catalog = new CypherCatalog();
  await ingest(db, catalog, fixture.datasetDir, { documentsDir: fixture.documentsDir });
  const actor = { name: 'x', role: 'curator' };
  for (let n = 0; n < 60; n++) await createRepositories(db, catalog, newQueryStats()).curation.createEntity(actor, 'Organisation', `org:${token}-c${n}`, { name: `${token} Load ${n}`, kind: 'FOUNDATION' }, { document: world.ref, excerpt: `Listed ${n}` });
  const times: number[] = [];
  const errors: string[] = [];
  const started = Date.now();
  await Promise.all(Array.from({ length: 60 }, async (_v, n) => {
    const t = Date.now();
    const stats = newQueryStats();
    try {
      await createRepositories(db, catalog, stats).curation.link(actor, 'PARTNERED_WITH', `project:${token}-project`, `org:${token}-c${n}`, { role: 'load' }, { document: world.ref, excerpt: `Partner ${n}` });
    } catch (e) { errors.push(String(e)); }
    times.push(Date.now() - t);
  }));
  console.log('total', Date.now() - started, 'max', Math.max(...times), 'errors', errors.length, errors[0]);
  const t = Date.now();
  const stats = newQueryStats();
  await createRepositories(db, catalog, stats).curation.link(actor, 'PARTNERED_WITH', `project:${token}-project`, `org:${token}-c0`, { role: 'load' }, { document: world.ref, excerpt: `Partner again` });
  console.log('single link ms', Date.now() - t, 'queries', stats.queries);
  await db.close();
}, 300000);

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toPlain } from '../../src/db/conversions';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import { Database } from '../../src/db/driver/database';
import { migrate } from '../../src/db/driver/migrations';
import { waitForDatabase } from '../../src/db/driver/readiness';
import { loadAtStartup } from '../../src/ingest/startupLoad';
import { ensureLocalNeo4j, stopLocalNeo4j } from '../../src/neo4j-server/localServer';
import { projectRoot } from '../../src/projectRoot';
import { curationWorld, writeFixture } from '../support/fixtures';
import { ADMIN, CURATOR, startTestApi, type TestApi } from '../support/testApi';
import { freePort, uniqueToken } from '../support/testDatabase';

/**
 * The curated work in the record, end to end on a database of this test's own: the seed and a
 * small world loaded as start-up loads them, curated through the API (an alias and a property,
 * a link with a changed role, an unlink, a merge, a retraction), exported with
 * `npm run curation:export`'s program, the database emptied of every node (but the records of
 * its migrations), and start-up run
 * again with the overlay: the whole graph (every node, relationship and property, audit events
 * and redirects included) is the same as before.
 */

const token = uniqueToken();
const world = curationWorld(token);
const fixture = writeFixture(world.files, world.documents);
// One documents folder for the seed's documents and the world's.
const seedDocuments = path.join(projectRoot(), 'data', 'documents');
for (const name of readdirSync(seedDocuments)) copyFileSync(path.join(seedDocuments, name), path.join(fixture.documentsDir, name));
const id = { ministry: `org:${token}-ministry`, agency: `org:${token}-agency`, directorate: `org:${token}-directorate`, project: `project:${token}-project` };
const ev = (excerpt: string) => ({ document: world.doc, excerpt });

const home = path.join(projectRoot(), '.neo4j', `roundtrip-${process.pid}`);
let server: { uri: string; user: string; password: string };
let db: Database;
let api: TestApi;
const catalog = new CypherCatalog();
const startup = (curatedPath: string | null) =>
  loadAtStartup(db, catalog, { seedPath: path.join(projectRoot(), 'data', 'seed'), datasets: [fixture.datasetDir], curatedPath, documentsDir: fixture.documentsDir, log: () => {} });

/** The whole graph, canonically: every node with its labels and properties, every relationship with its ends' keys. */
async function dumpAll(): Promise<string[]> {
  const canonical = (props: Record<string, unknown>) => Object.fromEntries(Object.keys(props).filter((k) => k !== 'loadedAt').sort().map((k) => [k, toPlain(props[k])]));
  const key = (labels: string[], props: Record<string, unknown>) => `${[...labels].sort().join(':')}/${String(toPlain(props.id ?? props.key ?? props.from ?? props.path ?? ''))}`;
  const nodes = await db.read('MATCH (n) RETURN labels(n) AS labels, properties(n) AS props', {});
  const rels = await db.read('MATCH (a)-[r]->(b) RETURN labels(a) AS al, properties(a) AS ap, type(r) AS type, labels(b) AS bl, properties(b) AS bp, properties(r) AS props', {});
  return [
    ...nodes.records.map((r) => JSON.stringify([[...(r.get('labels') as string[])].sort(), canonical(r.get('props') as Record<string, unknown>)])),
    ...rels.records.map((r) =>
      JSON.stringify([key(r.get('al') as string[], r.get('ap') as Record<string, unknown>), r.get('type'), key(r.get('bl') as string[], r.get('bp') as Record<string, unknown>), canonical(r.get('props') as Record<string, unknown>)]),
    ),
  ].sort();
}

beforeAll(async () => {
  rmSync(home, { recursive: true, force: true });
  server = await ensureLocalNeo4j({ home, boltPort: await freePort(), heapMb: 512, pageCacheMb: 128 });
  db = Database.connect({ uri: server.uri, user: server.user, password: server.password });
  await waitForDatabase(db);
  await migrate(db);
  await startup(null);
  api = await startTestApi({ db, documentsDir: fixture.documentsDir });
}, 180_000);

afterAll(async () => {
  await api?.close();
  await db?.close();
  await stopLocalNeo4j(home);
  rmSync(home, { recursive: true, force: true });
}, 90_000);

it('reproduces the curated graph from the seed and the exported overlay on an emptied database', async () => {
  const ok = async (query: string, variables: Record<string, unknown>, key = CURATOR) => {
    const answer = await api.gql(query, variables, key);
    expect(answer.body.errors).toBeUndefined();
    return answer;
  };
  await ok(`mutation($id: ID!, $input: UpdateEntityInput!, $evidence: EvidenceInput!) { updateEntity(id: $id, input: $input, evidence: $evidence) { entity { id } } }`, {
    id: id.ministry,
    input: { aliases: [`${token} Min`], kind: 'OTHER_PUBLIC_SECTOR' },
    evidence: ev(world.say.ministry),
  });
  const LINK = `mutation($input: LinkInput!) { link(input: $input) { linked } }`;
  await ok(LINK, { input: { from: id.project, to: id.agency, type: 'IMPLEMENTED_BY', role: 'PARTNER', evidence: ev(world.say.implemented) } });
  await ok(LINK, { input: { from: id.project, to: id.ministry, type: 'PARTNERED_WITH', evidence: ev(world.say.funded) } });
  await ok(`mutation($input: UnlinkInput!) { unlink(input: $input) { linked } }`, { input: { from: id.project, to: id.directorate, type: 'BENEFITS', evidence: ev(world.say.benefits) } });
  await ok(`mutation($keep: ID!, $remove: ID!, $evidence: EvidenceInput!) { mergeEntities(keep: $keep, remove: $remove, evidence: $evidence) { entity { id } } }`, { keep: id.agency, remove: id.directorate, evidence: ev(world.say.same) }, ADMIN);
  const claims = await ok(`query($id: ID!) { node(id: $id) { ... on Organisation { claims(field: KIND) { id origin { kind } } } } }`, { id: id.ministry });
  const seedKind = (claims.body.data as { node: { claims: Array<{ id: string; origin: { kind: string } }> } }).node.claims.find((c) => c.origin.kind === 'DATASET')!;
  await ok(`mutation($claimId: ID!, $evidence: EvidenceInput!) { retractClaim(claimId: $claimId, evidence: $evidence) { entity { id } } }`, { claimId: seedKind.id, evidence: ev(world.say.ministry) });
  const before = await dumpAll();
  expect(before.some((row) => row.startsWith('[["Redirect"]'))).toBe(true);
  expect(before.some((row) => row.startsWith('[["LinkClaims"]'))).toBe(true);
  expect(before.some((row) => row.includes(`${token} Min`))).toBe(true);

  // `npm run curation:export`, the program itself, against this database.
  const out = mkdtempSync(path.join(tmpdir(), 'mgg-roundtrip-curated-'));
  const exported = spawnSync(process.execPath, [path.join(projectRoot(), 'dist', 'src', 'cli', 'curationExport.js'), '--out', out], {
    env: { ...process.env, NEO4J_URI: server.uri, NEO4J_USER: server.user, NEO4J_PASSWORD: server.password },
    encoding: 'utf8',
  });
  expect(exported.stderr).not.toMatch(/Error/);
  expect(exported.status).toBe(0);
  expect(exported.stdout).toMatch(/Wrote \d+ entities, \d+ relationships, 1 redirects and \d+ audit events/);
  expect(readdirSync(out).sort()).toEqual(expect.arrayContaining(['entities.yaml', 'links.yaml', 'redirects.yaml']));

  // Empty: no node is left but the migrations' records (the schema stays, as a migrated fresh database has it).
  await db.write((tx) => tx.run('MATCH (n) WHERE NOT n:Migration DETACH DELETE n'));
  expect((await dumpAll()).every((row) => row.startsWith('[["Migration"]'))).toBe(true);

  await startup(out);
  const after = await dumpAll();
  const missing = before.filter((row) => !after.includes(row));
  const extra = after.filter((row) => !before.includes(row));
  expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  expect(after).toEqual(before);
}, 240_000);

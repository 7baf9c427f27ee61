import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import type { Database } from '../../src/db/driver/database';
import { GraphWriter } from '../../src/db/repositories/graphWriter';
import { DatasetError } from '../../src/ingest/datasetErrors';
import { changedNothing, ingest } from '../../src/ingest/ingest';
import { defaultDocumentsDir } from '../../src/projectRoot';
import { planDataset } from '../../src/ingest/plan';
import { readDataset } from '../../src/ingest/readDataset';
import { collapseWhitespace } from '../../src/domain/text';
import { projectRoot } from '../../src/projectRoot';
import { syntheticWorld, writeFixture } from '../support/fixtures';
import { connectTestDatabase, uniqueToken } from '../support/testDatabase';

let db: Database;
const catalog = new CypherCatalog();

async function count(cypher: string, params: Record<string, unknown> = {}): Promise<number> {
  const result = await db.read(cypher, params);
  return Number(result.records[0]?.get(0));
}

async function graphSize(): Promise<{ nodes: number; rels: number }> {
  return { nodes: await count('MATCH (n) RETURN count(n)'), rels: await count('MATCH ()-[r]->() RETURN count(r)') };
}

beforeAll(() => {
  db = connectTestDatabase();
});
afterAll(async () => {
  await db.close();
});

describe('npm run ingest', () => {
  it('loads a dataset, and a second load changes nothing', async () => {
    const token = uniqueToken();
    const world = syntheticWorld(token, 5);
    const fixture = writeFixture(world.files, world.documents);
    const first = await ingest(db, catalog, fixture.datasetDir, { documentsDir: fixture.documentsDir });
    expect(first.report.nodes.Project).toMatchObject({ created: 5, updated: 0 });
    expect(first.report.relationships.FUNDED_BY).toMatchObject({ created: 5 });
    const before = await graphSize();
    const second = await ingest(db, catalog, fixture.datasetDir, { documentsDir: fixture.documentsDir });
    expect(changedNothing(second.report)).toBe(true);
    expect(second.report.nodes.Project).toMatchObject({ unchanged: 5 });
    expect(await graphSize()).toEqual(before);
  });

  it('shows what would change in a dry run and writes nothing', async () => {
    const token = uniqueToken();
    const world = syntheticWorld(token, 3);
    const fixture = writeFixture(world.files, world.documents);
    const before = await graphSize();
    const result = await ingest(db, catalog, fixture.datasetDir, { documentsDir: fixture.documentsDir, dryRun: true });
    expect(result.report.dryRun).toBe(true);
    expect(result.report.nodes.Project?.created).toBe(3);
    expect(await graphSize()).toEqual(before);
  });

  it('removes relationships the dataset no longer gives, and marks donors by their funding', async () => {
    const token = uniqueToken();
    const world = syntheticWorld(token, 2);
    const fixture = writeFixture(world.files, world.documents);
    await ingest(db, catalog, fixture.datasetDir, { documentsDir: fixture.documentsDir });
    expect(await count('MATCH (o:Donor {id: $id}) RETURN count(o)', { id: `org:${token}-org-0` })).toBe(1);

    const edited = world.files['world.yaml'] as { projects: Array<{ fundedBy: unknown[] }> };
    for (const project of edited.projects) project.fundedBy = [];
    const fixture2 = writeFixture(world.files, world.documents);
    const result = await ingest(db, catalog, fixture2.datasetDir, { documentsDir: fixture2.documentsDir });
    expect(result.report.relationships.FUNDED_BY?.removed).toBe(2);
    expect(await count('MATCH (o:Donor {id: $id}) RETURN count(o)', { id: `org:${token}-org-0` })).toBe(0);
  });

  it('leaves the graph as it was when the load fails part-way', async () => {
    const token = uniqueToken();
    const world = syntheticWorld(token, 4);
    const fixture = writeFixture(world.files, world.documents);
    const planned = planDataset(readDataset(fixture.datasetDir));
    // A property Neo4j refuses (a map), on the last relationship: the nodes and most
    // relationships have already been written in the transaction when it fails.
    const last = planned.plan.relationships[planned.plan.relationships.length - 1]!;
    (last.props as Record<string, unknown>).broken = { nested: true };
    const before = await graphSize();
    await expect(new GraphWriter(db, catalog).write(planned.plan, { dryRun: false, batchSize: 1 })).rejects.toThrow();
    expect(await graphSize()).toEqual(before);
    expect(await count('MATCH (n:Entity) WHERE n.id CONTAINS $token RETURN count(n)', { token })).toBe(0);
  });

  it('refuses a malformed dataset with file, entry and field, and touches nothing', async () => {
    const token = uniqueToken();
    const world = syntheticWorld(token, 2);
    const projects = (world.files['world.yaml'] as { projects: Array<Record<string, unknown>> }).projects;
    projects[1]!.start = 'sometime in 2017';
    const fixture = writeFixture(world.files, world.documents);
    const before = await graphSize();
    const error = await ingest(db, catalog, fixture.datasetDir, { documentsDir: fixture.documentsDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    const issue = (error as DatasetError).issues[0];
    expect(issue).toMatchObject({ entry: 'projects[1]', id: `project:${token}-p-001`, field: 'start' });
    expect(issue?.file).toMatch(/world\.yaml$/);
    expect(issue?.message).toMatch(/YYYY, YYYY-MM or YYYY-MM-DD/);
    expect(await graphSize()).toEqual(before);
  });
});

describe('the seed graph', () => {
  it('gives every entity at least one piece of evidence', async () => {
    expect(await count('MATCH (e:Entity) RETURN count(e)')).toBeGreaterThan(0);
    expect(await count('MATCH (e:Entity) WHERE NOT (e)-[:EVIDENCED_BY]->(:Source) RETURN count(e)')).toBe(0);
  });

  it('gives every relationship evidence', async () => {
    expect(
      await count("MATCH ()-[r]->() WHERE NOT type(r) IN ['EVIDENCED_BY'] AND (r.evidenceDocuments IS NULL OR size(r.evidenceDocuments) = 0 OR size(r.evidenceDocuments) <> size(r.evidenceExcerpts)) RETURN count(r)"),
    ).toBe(0);
  });

  it('holds only excerpts that occur verbatim in their documents', async () => {
    const result = await db.read('MATCH (:Entity)-[r:EVIDENCED_BY]->(s:Source) WHERE coalesce(s.curated, false) = false RETURN s.id AS document, r.excerpt AS excerpt', {});
    const seed = readDataset(path.join(projectRoot(), 'data', 'seed'));
    const seedDocuments = new Set(seed.sources.filter((s) => !s.entry.curated).map((s) => s.entry.id));
    const onRelationships = await db.read(
      'MATCH ()-[r]->() WHERE r.evidenceDocuments IS NOT NULL UNWIND range(0, size(r.evidenceDocuments) - 1) AS i RETURN r.evidenceDocuments[i] AS document, r.evidenceExcerpts[i] AS excerpt',
      {},
    );
    const rows = [...result.records, ...onRelationships.records]
      .map((r) => ({ document: String(r.get('document')), excerpt: String(r.get('excerpt')) }))
      .filter((r) => seedDocuments.has(r.document));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const text = collapseWhitespace(readFileSync(path.join(defaultDocumentsDir(), row.document), 'utf8'));
      expect(text).toContain(collapseWhitespace(row.excerpt));
    }
  });
});

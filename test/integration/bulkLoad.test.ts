import { CypherCatalog } from '../../src/db/cypher/catalog';
import { QueryRunner } from '../../src/db/driver/queryRunner';
import { refreshAllDonorLabels } from '../../src/db/repositories/donorLabels';
import { ingestDataset } from '../../src/ingest/ingest';
import { readDataset } from '../../src/ingest/readDataset';
import { curationWorld, writeFixture } from '../support/fixtures';
import { CURATOR, startTestApi, type TestApi } from '../support/testApi';
import { uniqueToken } from '../support/testDatabase';

/**
 * The bulk load (WriteOptions.bulk) against a graph that holds curated knowledge: entities
 * that exist go through the claims-merging path, so a bulk load never overwrites or drops a
 * curated claim, and never brings back a link a curator took away; entities that do not exist
 * are created with their evidence and relationships.
 */

const token = uniqueToken();
const world = curationWorld(token);
const seed = writeFixture(world.files, world.documents);
const id = {
  ministry: `org:${token}-ministry`,
  agency: `org:${token}-agency`,
  directorate: `org:${token}-directorate`,
  project: `project:${token}-project`,
  newcomer: `org:${token}-newcomer`,
};
const ev = (excerpt: string) => ({ document: world.doc, excerpt });

/** Another file: a contradiction about the ministry, and an organisation the graph does not have, part of it. */
const more = writeFixture(
  {
    'more.yaml': {
      sources: [{ id: world.doc, title: `${token} report` }],
      organisations: [
        { id: id.ministry, name: `${token} Ministry`, kind: 'LOCAL_GOVERNMENT', evidence: [ev(world.say.ministry)] },
        { id: id.newcomer, name: `${token} Newcomer`, kind: 'FOUNDATION', evidence: [ev(world.say.foundation)], partOf: [{ id: id.ministry, evidence: [ev(world.say.foundation)] }] },
      ],
    },
  },
  world.documents,
);

const UPDATE = `mutation($id: ID!, $input: UpdateEntityInput!, $evidence: EvidenceInput!) { updateEntity(id: $id, input: $input, evidence: $evidence) { entity { id } } }`;
const UNLINK = `mutation($input: UnlinkInput!) { unlink(input: $input) { linked } }`;
const CLAIMS = `query($id: ID!) { node(id: $id) { ... on Organisation { id kind aliases claims(field: KIND) { value preferred origin { kind file } } } } }`;

interface OrgAnswer {
  node: { id: string; kind: string; aliases: string[]; claims: Array<{ value: string; preferred: boolean; origin: { kind: string; file: string | null } }> } | null;
}

let api: TestApi;
const catalog = new CypherCatalog();

/** A dataset folder loaded in bulk through the ingestion path (every check on). */
const bulk = (fixture: { datasetDir: string; documentsDir: string }) => ingestDataset(api.db, catalog, readDataset(fixture.datasetDir), { documents: fixture.documentsDir, bulk: true });

async function count(cypher: string, params: Record<string, unknown>): Promise<number> {
  const result = await api.db.read(cypher, params);
  return Number(result.records[0]?.get(0));
}

beforeAll(async () => {
  api = await startTestApi({ documentsDir: seed.documentsDir });
  await bulk(seed);
}, 60_000);
afterAll(async () => {
  await api.close();
});

describe('a bulk load into a graph with curated knowledge', () => {
  it('creates what does not exist, then merges into what does without overwriting a curated value or bringing back an unlinked link', async () => {
    expect(await count('MATCH (p:Project {id: $id})-[:BENEFITS]->(:Organisation {id: $to}) RETURN count(*)', { id: id.project, to: id.directorate })).toBe(1);
    expect((await api.gql(UPDATE, { id: id.ministry, input: { aliases: [`${token} Min`], kind: 'OTHER_PUBLIC_SECTOR' }, evidence: ev(world.say.ministry) }, CURATOR)).body.errors).toBeUndefined();
    expect((await api.gql(UNLINK, { input: { from: id.project, to: id.directorate, type: 'BENEFITS', evidence: ev(world.say.benefits) } }, CURATOR)).body.errors).toBeUndefined();

    // The same file again, in bulk: everything exists, nothing curated changes.
    const again = await bulk(seed);
    expect(again.report.nodes.Organisation).toEqual(expect.objectContaining({ created: 0 }));
    expect(await count('MATCH (p:Project {id: $id})-[:BENEFITS]->(:Organisation {id: $to}) RETURN count(*)', { id: id.project, to: id.directorate })).toBe(0);

    // A contradicting file with a newcomer, in bulk.
    const contradicting = await bulk(more);
    expect(contradicting.report.nodes.Organisation).toEqual(expect.objectContaining({ created: 1, updated: 1 }));
    expect(contradicting.report.relationships.PART_OF).toEqual(expect.objectContaining({ created: 1 }));
    expect(contradicting.report.conflicts).toEqual(expect.arrayContaining([expect.objectContaining({ entityId: id.ministry, field: 'kind' })]));

    const ministry = (await api.gql<OrgAnswer>(CLAIMS, { id: id.ministry }, CURATOR)).body.data!.node!;
    expect(ministry.kind).toBe('OTHER_PUBLIC_SECTOR');
    expect(ministry.aliases).toContain(`${token} Min`);
    expect(ministry.claims.map((c) => [c.value, c.preferred, c.origin.kind, c.origin.file])).toEqual([
      ['OTHER_PUBLIC_SECTOR', true, 'CURATION', null],
      ['LOCAL_GOVERNMENT', false, 'DATASET', 'dataset/more.yaml'],
      ['GOVERNMENT', false, 'DATASET', 'dataset/world.yaml'],
    ]);
    expect(await count('MATCH (:Organisation {id: $id})-[:PART_OF]->(:Organisation {id: $to}) RETURN count(*)', { id: id.newcomer, to: id.ministry })).toBe(1);
    expect(await count('MATCH (:Organisation {id: $id})-[:EVIDENCED_BY]->(:Source) RETURN count(*)', { id: id.newcomer })).toBe(1);
  });
});

describe('the :Donor labels that end a bulk load', () => {
  const donors = async () =>
    (await api.db.read<{ id: string }>('MATCH (o:Donor) WHERE o.id IN $ids RETURN o.id AS id ORDER BY id', { ids: [id.ministry, id.agency] })).records.map((r) => r.get('id'));
  /** The labels made wrong both ways: the funder without it, an organisation that funds nothing with it. */
  const spoil = () => api.db.write((tx) => tx.run('MATCH (m:Organisation {id: $ministry}) REMOVE m:Donor WITH count(*) AS _ MATCH (a:Organisation {id: $agency}) SET a:Donor', { ministry: id.ministry, agency: id.agency }));

  it('are set on every funder and taken from every other organisation, a few organisations per transaction', async () => {
    expect(await donors()).toEqual([id.ministry]);
    await spoil();
    expect(await donors()).toEqual([id.agency]);
    // Pages of 3 organisations: every page reached, whatever else the shared database holds.
    const changed = await refreshAllDonorLabels(new QueryRunner(api.db, catalog), 3);
    expect(changed).toBeGreaterThanOrEqual(2);
    expect(await donors()).toEqual([id.ministry]);
  });

  it('are put right by a bulk load', async () => {
    await spoil();
    await bulk(seed);
    expect(await donors()).toEqual([id.ministry]);
  });
});

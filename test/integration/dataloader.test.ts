import { CypherCatalog } from '../../src/db/cypher/catalog';
import { ingest } from '../../src/ingest/ingest';
import { syntheticWorld, writeFixture } from '../support/fixtures';
import { connectTestDatabase, uniqueToken } from '../support/testDatabase';
import { startTestApi, type TestApi } from '../support/testApi';

const token = uniqueToken();
let api: TestApi;

const RELATIONSHIP_FIELDS = ['sources', 'fundedBy', 'implementedBy', 'beneficiaries', 'partners', 'countries', 'legalFrameworks', 'people'];

const PAGE_QUERY = `query Page($text: String!, $first: Int) {
  projects(filter: { text: $text }, first: $first) {
    totalCount
    nodes {
      id
      sources { document excerpt }
      fundedBy { id name }
      implementedBy { id }
      beneficiaries { id }
      partners { id }
      countries { id isoCode }
      legalFrameworks { id }
      people { id }
    }
  }
}`;

const NESTED_QUERY = `query Nested($text: String!, $first: Int) {
  projects(filter: { text: $text }, first: $first) {
    nodes { id fundedBy { id parent { id } units { id } country { id } sources { excerpt } } }
  }
}`;

beforeAll(async () => {
  const world = syntheticWorld(token, 60);
  const fixture = writeFixture(world.files, world.documents);
  const db = connectTestDatabase();
  await ingest(db, new CypherCatalog(), fixture.datasetDir, { documentsDir: fixture.documentsDir });
  await db.close();
  api = await startTestApi();
});

afterAll(async () => {
  await api.close();
});

describe('relationship fields load through per-request DataLoaders', () => {
  it('runs the same small number of Cypher queries for 10 and for 50 projects with every relationship field', async () => {
    const ten = await api.gql<{ projects: { nodes: unknown[] } }>(PAGE_QUERY, { text: token, first: 10 });
    const fifty = await api.gql<{ projects: { nodes: unknown[] } }>(PAGE_QUERY, { text: token, first: 50 });
    expect(ten.body.errors).toBeUndefined();
    expect(fifty.body.errors).toBeUndefined();
    expect(ten.body.data?.projects.nodes).toHaveLength(10);
    expect(fifty.body.data?.projects.nodes).toHaveLength(50);
    const queriesTen = ten.body.extensions?.db?.queries ?? NaN;
    const queriesFifty = fifty.body.extensions?.db?.queries ?? NaN;
    expect(queriesFifty).toBe(queriesTen);
    // one page query, then at most one query per relationship field
    expect(queriesFifty).toBeLessThanOrEqual(RELATIONSHIP_FIELDS.length + 1);
  });

  it('keeps the count flat one level deeper too', async () => {
    const five = await api.gql(NESTED_QUERY, { text: token, first: 5 });
    const fifty = await api.gql(NESTED_QUERY, { text: token, first: 50 });
    expect(five.body.errors).toBeUndefined();
    expect(fifty.body.extensions?.db?.queries).toBe(five.body.extensions?.db?.queries);
    expect(fifty.body.extensions?.db?.queries).toBeLessThanOrEqual(1 + 1 + 4);
  });

  it('reports the cost of every response in extensions.db outside production', async () => {
    const response = await api.gql('{ countries { id } }');
    expect(response.body.extensions?.db?.queries).toBe(1);
    expect(response.body.extensions?.db?.ms).toBeGreaterThan(0);
  });
});

describe('pages of an organisation\'s projects', () => {
  const donor = `org:${token}-org-0`;
  type Funded = { organisation: { projectsFunded: { totalCount?: number; nodes: Array<{ id: string }>; pageInfo?: { hasNextPage: boolean } } } };

  it('give the same page with or without the count, and count only when asked', async () => {
    const counted = await api.gql<Funded>('query($id: ID!) { organisation(id: $id) { projectsFunded(first: 7) { totalCount nodes { id } pageInfo { hasNextPage } } } }', { id: donor });
    const plain = await api.gql<Funded>('query($id: ID!) { organisation(id: $id) { projectsFunded(first: 7) { nodes { id } } } }', { id: donor });
    const paged = await api.gql<Funded>('query($id: ID!) { organisation(id: $id) { projectsFunded(first: 7) { nodes { id } pageInfo { hasNextPage } } } }', { id: donor });
    expect(counted.body.errors).toBeUndefined();
    expect(counted.body.data!.organisation.projectsFunded.totalCount).toBe(60);
    expect(counted.body.data!.organisation.projectsFunded.pageInfo?.hasNextPage).toBe(true);
    expect(plain.body.data!.organisation.projectsFunded.nodes).toHaveLength(7);
    expect(plain.body.data!.organisation.projectsFunded.nodes).toEqual(counted.body.data!.organisation.projectsFunded.nodes);
    expect(paged.body.data!.organisation.projectsFunded.pageInfo?.hasNextPage).toBe(true);
  });

  it('tell the last page from the others without counting', async () => {
    const last = await api.gql<Funded>('query($id: ID!) { organisation(id: $id) { projectsFunded(first: 100) { nodes { id } pageInfo { hasNextPage } } } }', { id: donor });
    expect(last.body.data!.organisation.projectsFunded.nodes).toHaveLength(60);
    expect(last.body.data!.organisation.projectsFunded.pageInfo?.hasNextPage).toBe(false);
  });
});

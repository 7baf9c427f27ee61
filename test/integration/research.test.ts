import { deriveStatus, todayUtc } from '../../src/domain/projectStatus';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import { ingest } from '../../src/ingest/ingest';
import { parsePartialDate } from '../../src/domain/partialDate';
import { syntheticWorld, writeFixture } from '../support/fixtures';
import { connectTestDatabase, uniqueToken } from '../support/testDatabase';
import { startTestApi, type TestApi } from '../support/testApi';

/**
 * The research query surface on a world the test writes: composed filters, orderings and
 * paging, relationships from both ends with evidence, statistics, search. Expected answers
 * are computed from the fixture itself.
 */
const token = uniqueToken();
const COUNT = 17;
const DONORS = 55;
const world = syntheticWorld(token, COUNT, DONORS);
interface FixtureProject {
  id: string;
  name: string;
  status: string;
  start: string;
  end: string;
  fundedBy: Array<{ id: string }>;
}
const projects = (world.files['world.yaml'] as { projects: FixtureProject[] }).projects;
let api: TestApi;

async function ok<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await api.gql<T>(query, variables);
  expect(response.body.errors).toBeUndefined();
  return response.body.data as T;
}

async function ids(filter: Record<string, unknown>): Promise<string[]> {
  const data = await ok<{ projects: { nodes: Array<{ id: string }> } }>('query($f: ProjectFilter) { projects(filter: $f, first: 100) { nodes { id } } }', { f: { and: [{ text: token }, filter] } });
  return data.projects.nodes.map((n) => n.id).sort();
}

const expected = (predicate: (p: FixtureProject) => boolean) => projects.filter(predicate).map((p) => p.id).sort();
const first = (p: FixtureProject) => parsePartialDate(p.start)!.first;
const last = (p: FixtureProject) => parsePartialDate(p.end)!.last;

beforeAll(async () => {
  const fixture = writeFixture(world.files, world.documents);
  const db = connectTestDatabase();
  await ingest(db, new CypherCatalog(), fixture.datasetDir, { documentsDir: fixture.documentsDir });
  await db.close();
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('composable filters', () => {
  it('combine with and, or and not', async () => {
    const donor7 = `${token} Donor 007`;
    // The stated status: the fixture's projects all ended long ago, so their status today is COMPLETED.
    expect(await ids({ or: [{ fundedBy: donor7 }, { statedStatus: 'COMPLETED' }] })).toEqual(expected((p) => p.fundedBy.some((f) => f.id.endsWith('donor-007')) || p.status === 'COMPLETED'));
    expect(await ids({ not: { statedStatus: 'COMPLETED' } })).toEqual(expected((p) => p.status !== 'COMPLETED'));
    expect(await ids({ and: [{ statedStatus: 'ONGOING' }, { not: { fundedBy: donor7 } }] })).toEqual(expected((p) => p.status === 'ONGOING' && !p.fundedBy.some((f) => f.id.endsWith('donor-007'))));
  });

  it('find projects whose period overlaps a range, and by start and end ranges', async () => {
    const [from, to] = ['2013-03-01', '2014-02-01'];
    expect(await ids({ activeDuring: { from, to } })).toEqual(expected((p) => first(p) <= to && last(p) >= from));
    expect(await ids({ startDate: { from: '2012-01-01', to: '2014-12-31' } })).toEqual(expected((p) => first(p) >= '2012-01-01' && first(p) <= '2014-12-31'));
    expect(await ids({ endDate: { to: '2012-12-31' } })).toEqual(expected((p) => last(p) <= '2012-12-31'));
  });

  it('match an organisation by id as well as by name, and include its units unless told not to', async () => {
    expect(await ids({ fundedBy: `org:${token}-org-0` })).toEqual(expected(() => true));
    // org-1 and org-2 are units of org-0: a project benefiting org-2 benefits org-0 with its units,
    // which organisation filters include by default since issue 14.
    expect(await ids({ benefits: `${token} Organisation 0` })).toEqual(expected(() => true));
    expect(await ids({ benefits: `${token} Organisation 0`, includeUnits: true })).toEqual(expected(() => true));
    expect(await ids({ benefits: `${token} Organisation 0`, includeUnits: false })).toEqual([]);
  });

  it('filter organisations by kind, country, part-of, donor status and text', async () => {
    const data = await ok<{ organisations: { totalCount: number; nodes: Array<{ id: string }> } }>(
      'query($f: OrganisationFilter) { organisations(filter: $f, first: 100) { totalCount nodes { id } } }',
      { f: { text: token, kind: 'government', partOf: `${token}O0`, country: 'QZ', isDonor: false } },
    );
    expect(data.organisations.nodes.map((n) => n.id).sort()).toEqual([`org:${token}-org-1`, `org:${token}-org-2`]);
    const donors = await ok<{ donors: { totalCount: number } }>('query($f: OrganisationFilter) { donors(filter: $f) { totalCount } }', { f: { text: token } });
    expect(donors.donors.totalCount).toBe(DONORS + 1);
  });
});

describe('ordering', () => {
  const walk = async (orderBy: Array<{ field: string; direction: string }>): Promise<Array<{ id: string; startDate: string | null; name: string }>> => {
    const seen: Array<{ id: string; startDate: string | null; name: string }> = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const data: { projects: { nodes: Array<{ id: string; startDate: string | null; name: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await ok(
        'query($f: ProjectFilter, $o: [ProjectOrder!], $after: String) { projects(filter: $f, orderBy: $o, first: 3, after: $after) { nodes { id name startDate } pageInfo { hasNextPage endCursor } } }',
        { f: { text: token }, o: orderBy, after },
      );
      seen.push(...data.projects.nodes);
      if (!data.projects.pageInfo.hasNextPage) break;
      after = data.projects.pageInfo.endCursor;
    }
    return seen;
  };

  it.each([
    ['NAME', 'ASC'],
    ['NAME', 'DESC'],
    ['START_DATE', 'ASC'],
    ['START_DATE', 'DESC'],
    ['END_DATE', 'DESC'],
    ['BUDGET', 'ASC'],
  ])('walks every match exactly once with first: 3 ordered by %s %s', async (field, direction) => {
    const seen = await walk([{ field, direction }]);
    expect(seen.map((n) => n.id).sort()).toEqual(projects.map((p) => p.id).sort());
    expect(new Set(seen.map((n) => n.id)).size).toBe(COUNT);
    if (field === 'START_DATE') {
      const dates = seen.map((n) => n.startDate!);
      const sorted = [...dates].sort();
      expect(dates).toEqual(direction === 'ASC' ? sorted : sorted.reverse());
    }
    if (field === 'NAME') {
      const names = seen.map((n) => n.name);
      const sorted = [...names].sort();
      expect(names).toEqual(direction === 'ASC' ? sorted : sorted.reverse());
    }
  });

  it('orders organisations by how many projects they fund', async () => {
    const data = await ok<{ organisations: { nodes: Array<{ id: string; projectsFunded: { totalCount: number } }> } }>(
      `{ organisations(filter: { text: "${token}" }, orderBy: [{ field: PROJECTS_FUNDED, direction: DESC }], first: 5) { nodes { id projectsFunded { totalCount } } } }`,
    );
    expect(data.organisations.nodes[0]?.id).toBe(`org:${token}-org-0`);
    const counts = data.organisations.nodes.map((n) => n.projectsFunded.totalCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });
});

describe('relationships from both ends', () => {
  it('pages an organisation\'s funded projects, filtered, with the evidence of each tie', async () => {
    const data = await ok<{ organisation: { projectsFunded: { totalCount: number; edges: Array<{ node: { id: string }; type: string; evidence: Array<{ document: string; excerpt: string }> }> } } }>(
      `{ organisation(id: "org:${token}-org-0") { projectsFunded(filter: { statedStatus: ONGOING }, first: 100) { totalCount edges { node { id } type evidence { document excerpt } } } } }`,
    );
    const connection = data.organisation.projectsFunded;
    expect(connection.totalCount).toBe(projects.filter((p) => p.status === 'ONGOING').length);
    for (const edge of connection.edges) {
      expect(edge.type).toBe('FUNDED_BY');
      expect(edge.evidence[0]?.document).toBe(world.doc);
      expect(world.documents[world.doc]).toContain(edge.evidence[0]!.excerpt);
    }
  });

  it('gives every relationship field a connection twin whose edges carry role and evidence', async () => {
    const data = await ok<{ project: { implementedByConnection: { totalCount: number; edges: Array<{ role: string; node: { id: string }; evidence: Array<{ excerpt: string }> }> } } }>(
      `{ project(id: "${projects[0]!.id}") { implementedByConnection { totalCount edges { role node { id } evidence { excerpt } } } } }`,
    );
    expect(data.project.implementedByConnection).toEqual({
      totalCount: 1,
      edges: [{ role: 'LEAD', node: { id: `org:${token}-org-1` }, evidence: [{ excerpt: `${token} Project 0 is implemented by Organisation 1.` }] }],
    });
  });

  it('lists a country\'s and a framework\'s projects', async () => {
    const data = await ok<{ legalFrameworks: { nodes: Array<{ projects: { totalCount: number } }> } }>(
      `{ legalFrameworks(filter: { name: "${token} law" }) { nodes { projects { totalCount } } } }`,
    );
    expect(data.legalFrameworks.nodes[0]?.projects.totalCount).toBe(COUNT);
  });
});

describe('projectStats', () => {
  it('agrees with the lists: each donor\'s count is its projectsFunded totalCount', async () => {
    const data = await ok<{ projectStats: Array<{ key: string; count: number; entity: { id: string } | null }> }>(
      `{ projectStats(filter: { text: "${token}" }, groupBy: DONOR) { key count entity { id } } }`,
    );
    expect(data.projectStats.length).toBe(DONORS + 1);
    for (const bucket of data.projectStats.slice(0, 5)) {
      const list = await ok<{ projects: { totalCount: number } }>('query($f: ProjectFilter) { projects(filter: $f) { totalCount } }', { f: { text: token, fundedBy: bucket.key } });
      expect(bucket.count).toBe(list.projects.totalCount);
      expect(bucket.entity?.id).toBe(bucket.key);
    }
  });

  it('groups by status and by start year, summing to the total', async () => {
    for (const groupBy of ['STATUS', 'START_YEAR']) {
      const data = await ok<{ projectStats: Array<{ key: string; count: number }> }>(`{ projectStats(filter: { text: "${token}" }, groupBy: ${groupBy}) { key count } }`);
      expect(data.projectStats.reduce((sum, b) => sum + b.count, 0)).toBe(COUNT);
    }
    const status = await ok<{ projectStats: Array<{ key: string; count: number }> }>(`{ projectStats(filter: { text: "${token}" }, groupBy: STATUS) { key count } }`);
    // Grouped by the status today (src/domain/projectStatus.ts): the stated one unless the dates say otherwise.
    const today = todayUtc();
    const statusToday = (p: (typeof projects)[number]) =>
      deriveStatus(p.status === 'ONGOING' || p.status === 'COMPLETED' ? p.status : null, parsePartialDate(p.start)?.first ?? null, parsePartialDate(p.end)?.last ?? null, today).status;
    const keys = [...new Set(projects.map(statusToday))].sort();
    expect(status.projectStats).toEqual(keys.map((key) => ({ key, count: projects.filter((p) => statusToday(p) === key).length })));
  });
});

describe('search', () => {
  it('narrows by type and highlights the match', async () => {
    const data = await ok<{ search: Array<{ type: string; entity: { id: string }; highlight: string; matchedField: string }> }>(
      `{ search(query: "donor 012 ${token}", types: [ORGANISATION], first: 3) { type entity { id } highlight matchedField } }`,
    );
    expect(data.search.every((hit) => hit.type === 'ORGANISATION')).toBe(true);
    expect(data.search[0]?.entity.id).toBe(`org:${token}-donor-012`);
    expect(data.search[0]?.matchedField).toBe('name');
    expect(data.search[0]?.highlight).toBe(`<mark>${token}</mark> <mark>Donor</mark> <mark>012</mark>`);
  });

  it('ignores word order', async () => {
    const a = await ok<{ search: Array<{ entity: { id: string } }> }>(`{ search(query: "${token} donor 031", first: 1) { entity { id } } }`);
    const b = await ok<{ search: Array<{ entity: { id: string } }> }>(`{ search(query: "031 donor ${token}", first: 1) { entity { id } } }`);
    expect(a.search[0]?.entity.id).toBe(`org:${token}-donor-031`);
    expect(b.search[0]?.entity.id).toBe(a.search[0]?.entity.id);
  });
});

describe('cost stays flat', () => {
  it('runs as many Cypher queries for 50 organisations with their projects as for 5', async () => {
    const query = `query($n: Int) { organisations(filter: { text: "${token}" }, first: $n) {
      nodes { id projectsFunded(first: 5) { totalCount nodes { id fundedBy { id } } } projectsImplemented { totalCount nodes { id } } parent { id } units { id } } } }`;
    const five = await api.gql<{ organisations: { nodes: unknown[] } }>(query, { n: 5 });
    const fifty = await api.gql<{ organisations: { nodes: unknown[] } }>(query, { n: 50 });
    expect(five.body.errors).toBeUndefined();
    expect(fifty.body.data?.organisations.nodes).toHaveLength(50);
    expect(fifty.body.extensions?.db?.queries).toBe(five.body.extensions?.db?.queries);
    expect(fifty.body.extensions?.db?.queries).toBeLessThanOrEqual(6);
  });
});

describe('search ranking', () => {
  it('puts an entity whose name or acronym is exactly the query before partial matches', async () => {
    const data = await ok<{ search: Array<{ entity: { id: string } }> }>(`{ search(query: "${token}O1", first: 3) { entity { id } } }`);
    expect(data.search[0]?.entity.id).toBe(`org:${token}-org-1`);
  });
});

import { CypherCatalog } from '../../src/db/cypher/catalog';
import { ingest } from '../../src/ingest/ingest';
import { parsePartialDate } from '../../src/domain/partialDate';
import { syntheticWorld, writeFixture } from '../support/fixtures';
import { connectTestDatabase, uniqueToken } from '../support/testDatabase';
import { startTestApi, type TestApi } from '../support/testApi';

/**
 * Every query of the contract, on a world of projects this test writes itself, so the
 * expected answers follow from the fixture rather than being typed in.
 */
const token = uniqueToken();
const COUNT = 24;
const world = syntheticWorld(token, COUNT);
interface FixtureProject {
  id: string;
  name: string;
  status: string;
  start: string;
  end: string;
}
const fixtureProjects = (world.files['world.yaml'] as { projects: FixtureProject[] }).projects;
let api: TestApi;

interface ProjectsData {
  projects: { totalCount: number; nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ cursor: string }> };
}

async function projectIds(filter: Record<string, unknown>): Promise<string[]> {
  const response = await api.gql<ProjectsData>(
    'query($filter: ProjectFilter) { projects(filter: $filter, first: 100) { totalCount nodes { id } pageInfo { hasNextPage endCursor } edges { cursor } } }',
    { filter },
  );
  expect(response.body.errors).toBeUndefined();
  const page = response.body.data!.projects;
  expect(page.totalCount).toBe(page.nodes.length);
  return page.nodes.map((n) => n.id).filter((id) => id.includes(token)).sort();
}

function expectedActiveOn(date: string): string[] {
  return fixtureProjects
    .filter((p) => parsePartialDate(p.start)!.first <= date && parsePartialDate(p.end)!.last >= date)
    .map((p) => p.id)
    .sort();
}

const allIds = fixtureProjects.map((p) => p.id).sort();

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

describe('projects(filter:)', () => {
  it('finds projects benefiting an organisation by acronym, ignoring case', async () => {
    expect(await projectIds({ benefits: `${token}O2`.toLowerCase() })).toEqual(allIds);
  });

  it('finds projects by a funder, an implementer, a country (name or ISO code) and a framework', async () => {
    expect(await projectIds({ fundedBy: `${token} organisation 0` })).toEqual(allIds);
    expect(await projectIds({ implementedBy: `${token.toUpperCase()} ORGANISATION 1` })).toEqual(allIds);
    expect(await projectIds({ country: 'qz', text: token })).toEqual(allIds);
    expect(await projectIds({ country: 'republic of QZLAND', text: token })).toEqual(allIds);
    expect(await projectIds({ alignedWith: `${token} law` })).toEqual(allIds);
  });

  it('finds nothing for an organisation in a different role', async () => {
    expect(await projectIds({ fundedBy: `${token}O2` })).toEqual([]);
  });

  it('treats a date known to the year as the whole year, and to the month as the whole month', async () => {
    for (const date of ['2010-01-01', '2011-06-30', '2011-07-01', '2015-03-15']) {
      const found = await projectIds({ activeOn: date, text: token });
      expect(found).toEqual(expectedActiveOn(date));
    }
    expect(expectedActiveOn('2011-06-30').length).toBeGreaterThan(expectedActiveOn('2011-07-01').length);
  });

  it('combines fields with AND', async () => {
    const expected = fixtureProjects
      .filter((p) => p.status === 'ONGOING' && expectedActiveOn('2012-02-01').includes(p.id))
      .map((p) => p.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(await projectIds({ statedStatus: 'ONGOING', activeOn: '2012-02-01', benefits: `${token}O2` })).toEqual(expected);
  });

  it('searches free text over titles, acronyms and descriptions', async () => {
    expect(await projectIds({ text: `${token} project 007` })).toEqual([fixtureProjects[7]!.id]);
    expect(await projectIds({ text: `synthetic ${token}` })).toEqual(allIds);
  });

  it('refuses a malformed date with a clear error', async () => {
    const response = await api.gql('{ projects(filter: { activeOn: "2018" }) { totalCount } }');
    expect(response.body.errors?.[0]?.message).toMatch(/Date/);
  });
});

describe('connections', () => {
  it('walks every match exactly once with first and after, and counts them all', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const response: Awaited<ReturnType<typeof api.gql<ProjectsData>>> = await api.gql<ProjectsData>(
        'query($after: String, $text: String) { projects(filter: { text: $text }, first: 5, after: $after) { totalCount nodes { id } edges { cursor } pageInfo { hasNextPage endCursor } } }',
        { after, text: token },
      );
      const page = response.body.data!.projects;
      expect(page.totalCount).toBe(COUNT);
      expect(page.edges.at(-1)?.cursor ?? null).toBe(page.pageInfo.endCursor);
      seen.push(...page.nodes.map((n) => n.id));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(COUNT / 5));
    expect(seen.slice().sort()).toEqual(allIds);
    expect(new Set(seen).size).toBe(COUNT);
  });

  it('refuses more than 100 at once', async () => {
    const response = await api.gql('{ organisations(first: 101) { totalCount } }');
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists donors: organisations that fund a project', async () => {
    const response = await api.gql<{ donors: { nodes: Array<{ id: string; isDonor: boolean }>; totalCount: number } }>('{ donors(first: 100) { totalCount nodes { id isDonor } } }');
    const ids = response.body.data!.donors.nodes.map((n) => n.id);
    expect(ids).toContain(`org:${token}-org-0`);
    expect(ids).not.toContain(`org:${token}-org-1`);
    expect(response.body.data!.donors.nodes.every((n) => n.isDonor)).toBe(true);
  });

  it('lists legal frameworks and countries', async () => {
    const response = await api.gql<{ legalFrameworks: { nodes: Array<{ id: string; kind: string }> }; countries: Array<{ id: string; isoCode: string }> }>(
      '{ legalFrameworks(first: 100) { nodes { id kind } } countries { id isoCode } }',
    );
    expect(response.body.data!.legalFrameworks.nodes).toContainEqual({ id: `lf:${token}-law`, kind: 'LAW' });
    expect(response.body.data!.countries).toContainEqual({ id: 'country:QZ', isoCode: 'QZ' });
  });
});

describe('single entities', () => {
  it('finds an entity by global id through node(id:)', async () => {
    const response = await api.gql<{ node: { __typename: string; id: string; name: string } }>(`{ node(id: "org:${token}-org-1") { __typename id ... on Organisation { name parent { id } } } }`);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.node).toMatchObject({ __typename: 'Organisation', id: `org:${token}-org-1`, parent: { id: `org:${token}-org-0` } });
  });

  it('finds an organisation by name or acronym and shows its units and evidence', async () => {
    const response = await api.gql<{ organisation: { id: string; units: Array<{ id: string }>; sources: Array<{ document: string; excerpt: string }> } }>(
      `{ organisation(name: "${token}o0") { id units { id } sources { document excerpt } } }`,
    );
    const org = response.body.data!.organisation;
    expect(org.id).toBe(`org:${token}-org-0`);
    expect(org.units.map((u) => u.id).sort()).toEqual([`org:${token}-org-1`, `org:${token}-org-2`]);
    expect(org.sources).toEqual([{ document: world.doc, excerpt: `${token} Organisation 0 is an organisation.` }]);
  });

  it('needs an id or a name', async () => {
    const response = await api.gql('{ project { id } }');
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers null for an unknown id', async () => {
    const response = await api.gql('{ project(id: "project:nothing-here") { id } node(id: "nothing") { id } }');
    expect(response.body.data).toEqual({ project: null, node: null });
  });
});

describe('search', () => {
  it('ranks entities of every type through the full-text index', async () => {
    const response = await api.gql<{ search: Array<{ score: number; entity: { __typename: string; id: string } }> }>(
      `{ search(query: "${token} organisation 1", first: 5) { score entity { __typename id } } }`,
    );
    const hits = response.body.data!.search;
    expect(hits[0]?.entity.id).toBe(`org:${token}-org-1`);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
  });
});

describe('graph queries', () => {
  it('draws an entity\'s neighbourhood with typed edges that carry evidence', async () => {
    const response = await api.gql<{ neighbourhood: { nodes: Array<{ id: string; type: string }>; edges: Array<{ id: string; source: string; target: string; type: string; evidence: Array<{ excerpt: string }> }> } }>(
      `{ neighbourhood(id: "org:${token}-org-1", depth: 1) { nodes { id type } edges { id source target type evidence { excerpt } } } }`,
    );
    const graph = response.body.data!.neighbourhood;
    const ids = graph.nodes.map((n) => n.id);
    expect(ids).toContain(`org:${token}-org-0`);
    expect(ids.filter((id) => id.startsWith('project:'))).toHaveLength(COUNT);
    const partOf = graph.edges.find((e) => e.type === 'PART_OF');
    expect(partOf).toMatchObject({ source: `org:${token}-org-1`, target: `org:${token}-org-0` });
    expect(partOf?.evidence[0]?.excerpt).toContain('is part of');
    for (const edge of graph.edges) {
      expect(ids).toContain(edge.source);
      expect(ids).toContain(edge.target);
    }
  });

  it('reaches further with depth', async () => {
    const depth = async (d: number) =>
      (await api.gql<{ neighbourhood: { nodes: unknown[] } }>(`{ neighbourhood(id: "lf:${token}-law", depth: ${d}) { nodes { id } } }`)).body.data!.neighbourhood.nodes.length;
    const [one, two, three] = [await depth(1), await depth(2), await depth(3)];
    expect(one).toBe(COUNT + 1);
    expect(two).toBeGreaterThan(one);
    expect(three).toBeGreaterThanOrEqual(two);
  });

  it('refuses a depth outside 1 to 3 and an unknown id', async () => {
    expect((await api.gql(`{ neighbourhood(id: "lf:${token}-law", depth: 4) { nodes { id } } }`)).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await api.gql('{ neighbourhood(id: "nothing") { nodes { id } } }')).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('finds a shortest path, and null when nothing joins the two', async () => {
    const response = await api.gql<{ shortestPath: { nodes: Array<{ id: string }>; edges: Array<{ type: string }> } | null }>(
      `{ shortestPath(from: "org:${token}-org-2", to: "lf:${token}-law") { nodes { id } edges { type } } }`,
    );
    const path = response.body.data!.shortestPath!;
    expect(path.nodes[0]?.id).toBe(`org:${token}-org-2`);
    expect(path.nodes.at(-1)?.id).toBe(`lf:${token}-law`);
    expect(path.edges.map((e) => e.type)).toEqual(['BENEFITS', 'ALIGNED_WITH']);

    const none = await api.gql<{ shortestPath: unknown }>(`{ shortestPath(from: "org:${token}-org-2", to: "lf:${token}-unused") { nodes { id } } }`);
    expect(none.body.errors).toBeUndefined();
    expect(none.body.data).toEqual({ shortestPath: null });
  });
});

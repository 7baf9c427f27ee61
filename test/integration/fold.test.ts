import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/projectRoot';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import { ingest } from '../../src/ingest/ingest';
import { QUERIES } from '../../bench/shapes';
import { DEFAULT_RESPONSE_CACHE } from '../../src/graphql/responseCache';
import { syntheticWorld, writeFixture } from '../support/fixtures';
import { connectTestDatabase, uniqueToken } from '../support/testDatabase';
import { startTestApi, type Answer, type TestApi } from '../support/testApi';

/**
 * One statement per root field (graphql/resolvers/fold.ts): a lookup by id or name and what
 * its selection reads are one Cypher query, and the answers are those the DataLoaders give.
 * The unfolded answer is the same selection asked through `node(id:)`, which does not fold.
 */

const token = uniqueToken();
let api: TestApi;

const ORGANISATION_FIELDS = `
  id name acronym aliases ambiguousAliases kind isDonor
  sources { document excerpt title under offset }
  coordinates { id } coordinatedBy { id }
  successorConnection { edges { date datePrecision dateText inferred inference node { id } } }
  coordinatesConnection { edges { inferred inference evidence { excerpt under offset } node { id } } }
  parent { id name country { id isoCode } }
  units { id name units { id } }
  unitsConnection { totalCount pageInfo { hasNextPage endCursor } edges { cursor type role title date evidence { document excerpt } node { id name } } }
  country { id name isoCode sources { excerpt } }
  successor { id name } predecessor { id name }
  people { id name roles { title } }
  peopleConnection { edges { title inferred inference node { id } } }
  projectsFunded(first: 3) { totalCount pageInfo { hasNextPage } nodes { id name status budget { amount currency } countries { id } } }
  projectsImplemented(first: 2, orderBy: [{field: START_DATE, direction: DESC}]) { edges { cursor role evidence { excerpt } node { id startDate } } pageInfo { hasNextPage endCursor } }
  projectsBenefiting(filter: {status: ONGOING}) { totalCount nodes { id fundedBy { id projectsFunded(first: 2) { totalCount nodes { id } } } } }
  projectsPartnered { nodes { id } }
`;

const PROJECT_FIELDS = `
  id name acronym status statedStatus statusBasis statusAsOf statusAsOfPrecision inferences { field reasoning } ambiguousAliases
  startDate endDate description budget { amount currency } phases { name } identifiers { scheme value }
  sources { document excerpt under offset }
  attendees { id } parties { id } partiesConnection { edges { inferred node { id } } }
  fundedBy { id name isDonor parent { id } }
  fundedByConnection(first: 1) { totalCount pageInfo { hasNextPage } edges { type evidence { excerpt } node { id } } }
  implementedBy { id } implementedByConnection { edges { role inferred inference node { id } } }
  beneficiaries { id projectsBenefiting(first: 2) { nodes { id } } }
  partners { id } countries { id isoCode projects(first: 2) { totalCount nodes { id } } }
  legalFrameworks { id name projects(first: 1) { nodes { id } } }
  people { id name }
`;

/** The answer's data, after checking it has no errors. */
function dataOf<T>(answer: Answer<T>): T {
  expect(answer.body.errors).toBeUndefined();
  expect(answer.status).toBe(200);
  return answer.body.data as T;
}

function queriesOf(answer: Answer): number {
  return answer.body.extensions?.db?.queries ?? NaN;
}

/** The ids the seed graph's files give (data/seed), whatever other tests have added to the database. */
const SEED_IDS = new Set(
  readdirSync(path.join(projectRoot(), 'data', 'seed'))
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file) => [...readFileSync(path.join(projectRoot(), 'data', 'seed', file), 'utf8').matchAll(/\bid:\s*["']?([a-z]+:[^\s"']+)/g)].map((m) => m[1] ?? '')),
);

/** Every id of a list root field of the seed graph and of this test's own world, page by page. */
async function allIds(field: 'organisations' | 'projects'): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Answer<Record<string, { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>> = await api.gql(
      `query All($after: String) { ${field}(first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    const connection = dataOf(page)[field];
    if (!connection) throw new Error(`no ${field}`);
    ids.push(...connection.nodes.map((n) => n.id));
    if (!connection.pageInfo.hasNextPage) return ids.filter((id) => SEED_IDS.has(id) || id.includes(token));
    after = connection.pageInfo.endCursor;
  }
}

/**
 * Asks for `ids`, BATCH at a time, once through the folding root field (`organisation(id:)`,
 * `project(id:)`, one alias each) and once through `node(id:)`, and expects the same answers.
 */
async function compareInBatches(ids: readonly string[], root: 'organisation' | 'project', type: string, fields: string, BATCH: number): Promise<void> {
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = ids.slice(start, start + BATCH);
    const variables = Object.fromEntries(batch.map((id, i) => [`id${i}`, id]));
    const declared = batch.map((_id, i) => `$id${i}: ID!`).join(', ');
    // One named fragment for the selection, so that the folding also sees through fragments.
    const fragment = `fragment F on ${type} { ${fields} }`;
    const folded = dataOf(await api.gql<Record<string, unknown>>(`query(${declared}) { ${batch.map((_id, i) => `a${i}: ${root}(id: $id${i}) { ...F }`).join('\n')} } ${fragment}`, variables));
    const unfolded = dataOf(await api.gql<Record<string, unknown>>(`query(${declared}) { ${batch.map((_id, i) => `a${i}: node(id: $id${i}) { ...F }`).join('\n')} } ${fragment}`, variables));
    batch.forEach((id, i) => {
      expect({ id, answer: folded[`a${i}`] }).toEqual({ id, answer: unfolded[`a${i}`] });
      expect(folded[`a${i}`]).not.toBeNull();
    });
  }
}

beforeAll(async () => {
  const world = syntheticWorld(token, 30, 4);
  const fixture = writeFixture(world.files, world.documents);
  const db = connectTestDatabase();
  await ingest(db, new CypherCatalog(), fixture.datasetDir, { documentsDir: fixture.documentsDir });
  await db.close();
  api = await startTestApi({ responseCache: { ...DEFAULT_RESPONSE_CACHE, enabled: false } });
});

afterAll(async () => {
  await api.close();
});

describe('a lookup and its selection fold into one statement', () => {
  it('answers every organisation of the graph, folded, as the DataLoaders answer it', async () => {
    const ids = await allIds('organisations');
    expect(ids.length).toBeGreaterThan(50);
    await compareInBatches(ids, 'organisation', 'Organisation', ORGANISATION_FIELDS, 5);
  }, 300_000);

  it('answers every project of the graph, folded, as the DataLoaders answer it', async () => {
    const ids = await allIds('projects');
    expect(ids.length).toBeGreaterThan(30);
    await compareInBatches(ids, 'project', 'Project', PROJECT_FIELDS, 20);
  }, 300_000);

  it('runs one Cypher query for each benchmark shape that starts from an organisation', async () => {
    const donor = `org:${token}-org-0`;
    const beneficiary = `org:${token}-org-2`;
    const profile = await api.gql(QUERIES.organisationProfile.service, { id: `org:${token}-org-1` });
    const benefiting = await api.gql<{ organisation: { projectsBenefiting: { totalCount: number; nodes: unknown[] } } }>(QUERIES.projectsBenefiting.service, { id: beneficiary, first: 20 });
    const nested = await api.gql<{ organisation: { projectsBenefiting: { nodes: Array<{ fundedBy: Array<{ id: string; projectsFunded: { nodes: unknown[] } }> }> } } }>(
      QUERIES.nested3.service,
      { id: beneficiary, first: 20 },
    );
    expect(dataOf(profile)).toMatchObject({ organisation: { id: `org:${token}-org-1`, parent: { id: donor }, country: { id: 'country:QZ' } } });
    expect(dataOf(benefiting).organisation.projectsBenefiting).toMatchObject({ totalCount: 30 });
    expect(dataOf(benefiting).organisation.projectsBenefiting.nodes).toHaveLength(20);
    const funders = dataOf(nested).organisation.projectsBenefiting.nodes.flatMap((p) => p.fundedBy);
    expect(funders.find((f) => f.id === donor)?.projectsFunded.nodes).toHaveLength(20);
    expect([queriesOf(profile), queriesOf(benefiting), queriesOf(nested)]).toEqual([1, 1, 1]);
  });

  it('runs one Cypher query for a lookup by a name already resolved, and for filters whose names are', async () => {
    const query = `query($name: String!) { organisation(name: $name) { id units { id } projectsFunded(filter: {country: "Qzland"}, first: 5) { totalCount nodes { id beneficiaries { id } } } } }`;
    const first = await api.gql<{ organisation: { id: string; projectsFunded: { totalCount: number } } }>(query, { name: `${token} Organisation 0` });
    expect(dataOf(first).organisation).toMatchObject({ id: `org:${token}-org-0`, projectsFunded: { totalCount: 30 } });
    // Names resolve once per process (graphql/nameCache.ts); the second time only the fold runs.
    const again = await api.gql(query, { name: `${token} Organisation 0` });
    expect(dataOf(again)).toEqual(dataOf(first));
    expect(queriesOf(again)).toBe(1);
  });

  it('folds the relationship fields of the nodes of a list into the statement of the page, with the same answers', async () => {
    const fields = `id name fundedBy { id name units { id } } implementedByConnection { edges { role evidence { excerpt } node { id } } } countries { id } sources { excerpt } beneficiaries { projectsBenefiting(first: 2) { totalCount nodes { id } } }`;
    const list = await api.gql<{ projects: { totalCount: number; nodes: Array<{ id: string }> } }>(
      `query($text: String!) { projects(filter: {text: $text}, first: 12) { totalCount nodes { ...F } } } fragment F on Project { ${fields} }`,
      { text: token },
    );
    const { projects } = dataOf(list);
    expect(projects.totalCount).toBe(30);
    expect(projects.nodes).toHaveLength(12);
    expect(queriesOf(list)).toBe(1);
    const ids = projects.nodes.map((n) => n.id);
    const variables = Object.fromEntries(ids.map((id, i) => [`id${i}`, id]));
    const unfolded = dataOf(
      await api.gql<Record<string, unknown>>(
        `query(${ids.map((_id, i) => `$id${i}: ID!`).join(', ')}) { ${ids.map((_id, i) => `a${i}: node(id: $id${i}) { ...F }`).join(' ')} } fragment F on Project { ${fields} }`,
        variables,
      ),
    );
    expect(projects.nodes).toEqual(ids.map((_id, i) => unfolded[`a${i}`]));

    const organisations = await api.gql<{ organisations: { nodes: Array<{ id: string; units: Array<{ id: string }> }> } }>(
      `query($name: String!) { organisations(filter: {name: $name}) { nodes { id units { id } country { id } projectsFunded(first: 1) { totalCount } } } }`,
      { name: `${token} Organisation 0` },
    );
    expect(dataOf(organisations).organisations.nodes).toEqual([
      { id: `org:${token}-org-0`, units: [{ id: `org:${token}-org-1` }, { id: `org:${token}-org-2` }], country: { id: 'country:QZ' }, projectsFunded: { totalCount: 30 } },
    ]);
    expect(queriesOf(organisations)).toBe(1);
  });

  it('reads for each place in the selection what that place shows, so that the same entity asked twice answers both', async () => {
    const id = `org:${token}-org-0`;
    const fragments = `
      fragment A on Organisation { units { id } }
      fragment B on Organisation { name units { name acronym kind parent { id acronym } unitsConnection { edges { evidence { excerpt } } } } }
      fragment C on Organisation { units { id } unitsConnection { edges { role node { name } } } }`;
    const ask = (root: string) => `query($id: ID!) { a: ${root}(id: $id) { ...A } b: ${root}(id: $id) { ...B } c: ${root}(id: $id) { ...C } } ${fragments}`;
    const folded = dataOf(await api.gql<Record<string, unknown>>(ask('organisation'), { id }));
    const unfolded = dataOf(await api.gql<Record<string, unknown>>(ask('node'), { id }));
    expect(folded).toEqual({
      a: { units: [{ id: `org:${token}-org-1` }, { id: `org:${token}-org-2` }] },
      b: expect.objectContaining({ name: `${token} Organisation 0` }) as unknown,
      c: expect.anything() as unknown,
    });
    expect(folded).toEqual(unfolded);
    expect((folded.b as { units: Array<{ acronym: string; parent: { id: string } }> }).units.map((u) => [u.acronym, u.parent.id])).toEqual([
      [`${token.toUpperCase()}O1`, id],
      [`${token.toUpperCase()}O2`, id],
    ]);
  });

  it('leaves fields it does not fold to the loaders, with the same answer', async () => {
    // Source.title reads the document loader: one more query, the same answer as unfolded.
    const id = `org:${token}-org-1`;
    const folded = await api.gql<{ organisation: unknown }>(`query($id: ID!) { organisation(id: $id) { units { id } sources { title } } }`, { id });
    const unfolded = await api.gql<{ node: unknown }>(`query($id: ID!) { node(id: $id) { ... on Organisation { units { id } sources { title } } } }`, { id });
    expect(dataOf(folded).organisation).toEqual(dataOf(unfolded).node);
    expect(queriesOf(folded)).toBe(2);
  });

  it('costs one query for a lookup that selects no relationship field', async () => {
    const byId = await api.gql(`{ organisation(id: "org:${token}-org-0") { id name } }`);
    expect(dataOf(byId)).toEqual({ organisation: { id: `org:${token}-org-0`, name: `${token} Organisation 0` } });
    expect(queriesOf(byId)).toBe(1);
  });

  it('answers null for an id of no entity, and for an id of another type, as before', async () => {
    const missing = await api.gql(`{ organisation(id: "org:${token}-nobody") { id units { id } } project(id: "org:${token}-org-0") { id fundedBy { id } } }`);
    expect(dataOf(missing)).toEqual({ organisation: null, project: null });
  });

  it('reads of each search hit and each group of statistics what the answer shows, with the answers of node(id:)', async () => {
    const fields = `__typename id name aliases ... on Organisation { acronym kind isDonor country { id } }
      ... on Project { acronym status statedStatus startDate endDate budget { amount currency } description }
      ... on Country { isoCode }`;
    type Hit = { score: number; type: string; matchedField: string | null; highlight: string | null; entity: { id: string } };
    const narrow = dataOf(await api.gql<{ search: Hit[] }>(`query($q: String!) { search(query: $q, first: 30) { score type entity { id } } }`, { q: token })).search;
    const wide = dataOf(await api.gql<{ search: Hit[] }>(`query($q: String!) { search(query: $q, first: 30) { score type matchedField highlight entity { ${fields} } } }`, { q: token })).search;
    expect(wide.length).toBeGreaterThan(10);
    // The same hits in the same order, whatever is read of them.
    expect(narrow.map((h) => [h.entity.id, h.type])).toEqual(wide.map((h) => [h.entity.id, h.type]));
    expect(wide.every((h) => h.matchedField !== null && h.highlight !== null && h.highlight.includes('<mark>'))).toBe(true);
    const ids = wide.map((h) => h.entity.id);
    const declared = ids.map((_id, i) => `$id${i}: ID!`).join(', ');
    const byNode = dataOf(await api.gql<Record<string, unknown>>(`query(${declared}) { ${ids.map((_id, i) => `a${i}: node(id: $id${i}) { ... on Entity { ${fields} } }`).join(' ')} }`, Object.fromEntries(ids.map((id, i) => [`id${i}`, id]))));
    expect(wide.map((h) => h.entity)).toEqual(ids.map((_id, i) => byNode[`a${i}`]));

    type Bucket = { key: string; count: number; entity: { id: string } | null };
    const groups = dataOf(
      await api.gql<{ projectStats: Bucket[] }>(`query($text: String!) { projectStats(groupBy: DONOR, filter: {text: $text}) { key count entity { id name ... on Organisation { acronym isDonor kind units { id } } } } }`, { text: token }),
    ).projectStats;
    expect(groups.reduce((sum, g) => sum + g.count, 0)).toBeGreaterThanOrEqual(30);
    const donors = groups.filter((g): g is Bucket & { entity: { id: string } } => g.entity !== null);
    expect(donors.length).toBeGreaterThan(0);
    for (const group of donors) {
      const node = dataOf(await api.gql<{ node: unknown }>(`query($id: ID!) { node(id: $id) { ... on Organisation { id name acronym isDonor kind units { id } } } }`, { id: group.entity.id })).node;
      expect(group.entity).toEqual(node);
      expect(group.key).toBe(group.entity.id);
    }
  });

  it('still reports a bad argument of a folded field, from its resolver', async () => {
    const answer = await api.gql(`{ organisation(id: "org:${token}-org-0") { id projectsFunded(first: -1) { nodes { id } } } }`);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

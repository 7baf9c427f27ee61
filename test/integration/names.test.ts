import { CypherCatalog } from '../../src/db/cypher/catalog';
import { ingest } from '../../src/ingest/ingest';
import { writeFixture } from '../support/fixtures';
import { startTestApi, type Answer, type TestApi } from '../support/testApi';
import { uniqueToken } from '../support/testDatabase';

/**
 * Names as people type them, on the seed graph (data/seed) and on a fixture of two ministries
 * of the interior of different countries: every name filter resolves its name by the rules of
 * domain/matching.ts, says how in `resolutions`, and fails with NAME_NOT_FOUND (with
 * suggestions) or NAME_AMBIGUOUS (with the candidates) rather than answering an empty list.
 */

const token = uniqueToken();
const doc = `${token}.txt`;
const lines: string[] = [];
const ev = (line: string) => {
  lines.push(line);
  return [{ document: doc, excerpt: line }];
};
// Two bodies of one name in two countries. A dataset gives one name to one entity, so the two
// carry their country in brackets, as the seed's units carry their parent; the name carries the
// token so that no other test's "Ministry of Interior" becomes ambiguous.
const ministry = `${token} Ministry of Interior`;
const fixtureFiles = {
  'names.yaml': {
    sources: [{ id: doc, title: `${token} document`, publisher: 'Test' }],
    organisations: [
      { id: `org:${token}-moi-xk`, name: `${ministry} (Kosovo)`, kind: 'GOVERNMENT', country: 'country:XK', evidence: ev(`${ministry} of Kosovo is a ministry.`) },
      { id: `org:${token}-moi-tr`, name: `${ministry} (Türkiye)`, kind: 'GOVERNMENT', country: 'country:TR', evidence: ev(`${ministry} of Türkiye is a ministry.`) },
    ],
    projects: [
      {
        id: `project:${token}-xk`,
        name: `${token} Kosovo project`,
        evidence: ev(`${token} Kosovo project is a project.`),
        implementedBy: [{ id: `org:${token}-moi-xk`, role: 'LEAD', evidence: ev(`${token} Kosovo project is implemented by the ministry of Kosovo.`) }],
      },
    ],
  },
};
let api: TestApi;

beforeAll(async () => {
  const fixture = writeFixture(fixtureFiles, { [doc]: lines.join('\n') });
  api = await startTestApi({ rateLimit: null, documentsDir: fixture.documentsDir });
  const result = await ingest(api.db, new CypherCatalog(), fixture.datasetDir, { documentsDir: fixture.documentsDir });
  expect(result).toBeDefined();
});
afterAll(async () => {
  await api.close();
});

interface Resolution {
  field: string;
  name: string;
  entity: { id: string; name: string };
  rule: string;
  matchedName: string;
  score: number;
  lineage: Array<{ id: string }>;
  units: Array<{ id: string }>;
}
interface ProjectsAnswer {
  projects: { totalCount: number; nodes: Array<{ id: string }>; resolutions: Resolution[] };
}

const PROJECTS = `query($f: ProjectFilter) { projects(filter: $f, first: 100) {
  totalCount nodes { id }
  resolutions { field name entity { id name } rule matchedName score lineage { id } units { id } }
} }`;

async function projects(filter: Record<string, unknown>): Promise<Answer<ProjectsAnswer>> {
  return api.gql<ProjectsAnswer>(PROJECTS, { f: filter });
}

async function resolved(filter: Record<string, unknown>): Promise<ProjectsAnswer['projects']> {
  const answer = await projects(filter);
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.projects;
}

function errorOf<T>(answer: Answer<T>): { code: unknown; message: string; extensions: Record<string, unknown> } {
  const error = answer.body.errors?.[0];
  expect(error).toBeDefined();
  return { code: error?.extensions?.code, message: error?.message ?? '', extensions: (error?.extensions ?? {}) as Record<string, unknown> };
}

async function fundedByIds(name: string): Promise<string[]> {
  return (await resolved({ fundedBy: name })).nodes.map((n) => n.id).sort();
}

describe('name filters on the seed graph', () => {
  it('find the Netherlands\' projects under every name of the state and its government, and say by which rule', async () => {
    const expected = await fundedByIds('org:kingdom-of-the-netherlands');
    expect(expected.length).toBeGreaterThan(0);
    for (const name of ['Kingdom of the Netherlands', 'Netherlands', 'the Netherlands', 'Government of the Netherlands', 'Dutch government', 'Holland']) {
      const page = await resolved({ fundedBy: name });
      expect({ name, ids: page.nodes.map((n) => n.id).sort() }).toEqual({ name, ids: expected });
      expect(page.resolutions).toEqual([expect.objectContaining({ field: 'fundedBy', name, entity: { id: 'org:kingdom-of-the-netherlands', name: 'Kingdom of the Netherlands' } })]);
    }
    expect((await resolved({ fundedBy: 'Netherlands' })).resolutions[0]).toMatchObject({ rule: 'STATE', score: 0.98 });
    expect((await resolved({ fundedBy: 'Kingdom of the Netherlands' })).resolutions[0]).toMatchObject({ rule: 'NAME', score: 1 });
  });

  it('resolve typos by fuzzy matching, with a score below the exact rules', async () => {
    const page = await resolved({ fundedBy: 'Nethrlands' });
    expect(page.resolutions[0]).toMatchObject({ rule: 'FUZZY', entity: { id: 'org:kingdom-of-the-netherlands' } });
    expect(page.resolutions[0]!.score).toBeLessThan(0.95);
    expect(page.nodes.map((n) => n.id).sort()).toEqual(await fundedByIds('Kingdom of the Netherlands'));
    const dgmm = await resolved({ benefits: 'Directorate General of Migration Managment' });
    expect(dgmm.resolutions[0]).toMatchObject({ rule: 'FUZZY', entity: { id: 'org:dgmm' } });
    expect(dgmm.totalCount).toBe((await resolved({ benefits: 'DGMM' })).totalCount);
  });

  it('resolve countries by the names of the state: "Republic of Türkiye", "Turkish Government", "TUR"', async () => {
    const expected = (await resolved({ country: 'country:TR' })).totalCount;
    expect(expected).toBeGreaterThan(0);
    for (const name of ['Türkiye', 'Turkey', 'turkiye', 'TR', 'TUR', 'Republic of Türkiye', 'Turkish Government']) {
      const page = await resolved({ country: name });
      expect({ name, total: page.totalCount, id: page.resolutions[0]?.entity.id }).toEqual({ name, total: expected, id: 'country:TR' });
    }
  });

  it('resolve the Turkish government as a donor or implementer under its state names', async () => {
    for (const name of ['Republic of Türkiye', 'Turkish Government', 'Government of Türkiye']) {
      const page = await resolved({ implementedBy: name, includeUnits: false });
      expect({ name, id: page.resolutions[0]?.entity.id }).toEqual({ name, id: 'org:government-of-turkey' });
    }
  });

  it('include the units of an organisation by default, list them, and leave them out with includeUnits: false', async () => {
    const withUnits = await resolved({ implementedBy: 'IOM' });
    const alone = await resolved({ implementedBy: 'IOM', includeUnits: false });
    expect(withUnits.resolutions[0]!.units.map((u) => u.id)).toContain('org:iom-turkiye');
    expect(alone.resolutions[0]!.units).toEqual([]);
    const mission = await resolved({ implementedBy: 'IOM Mission to Turkey' });
    expect(mission.totalCount).toBeGreaterThan(0);
    const ids = new Set(withUnits.nodes.map((n) => n.id));
    for (const node of mission.nodes) expect(ids.has(node.id)).toBe(true);
    expect(withUnits.totalCount).toBeGreaterThan(alone.totalCount);
  });

  it('list the renamed bodies a lineage includes', async () => {
    const page = await resolved({ benefits: 'DGMM' });
    expect(page.resolutions[0]!.lineage.map((o) => o.id)).toContain('org:pmm');
  });

  it('answer NAME_NOT_FOUND with suggestions, never an empty list', async () => {
    const answer = await projects({ fundedBy: 'Nowhereland Development Fund' });
    const { code, extensions } = errorOf(answer);
    expect(code).toBe('NAME_NOT_FOUND');
    expect(answer.status).toBe(404);
    expect(extensions).toMatchObject({ field: 'fundedBy', name: 'Nowhereland Development Fund', suggestions: expect.any(Array) });
    const close = errorOf(await projects({ benefits: 'Directorate of Migration' }));
    expect(close.code).toBe('NAME_NOT_FOUND');
    expect(close.message).toMatch(/Did you mean .*Migration Management/);
    expect((close.extensions.suggestions as Array<{ id: string }>).map((s) => s.id)).toEqual(expect.arrayContaining(['org:dgmm']));
  });

  it('resolve names inside and, or and not, and refuse an unknown one wherever it is', async () => {
    const page = await resolved({ or: [{ fundedBy: 'SEM' }, { not: { country: 'Kosovo' } }] });
    expect(page.resolutions.map((r) => [r.field, r.entity.id])).toEqual([
      ['or[0].fundedBy', 'org:sem'],
      ['or[1].not.country', 'country:XK'],
    ]);
    expect(errorOf(await projects({ not: { fundedBy: 'Qqqqzzzz' } })).code).toBe('NAME_NOT_FOUND');
  });
});

describe('two bodies of one name in different countries', () => {
  it('are ambiguous by the name alone (each its name without its country), with both candidates', async () => {
    const { code, extensions } = errorOf(await projects({ implementedBy: ministry }));
    expect(code).toBe('NAME_AMBIGUOUS');
    expect((extensions.candidates as Array<{ id: string }>).map((c) => c.id).sort()).toEqual([`org:${token}-moi-tr`, `org:${token}-moi-xk`]);
  });

  it('are told apart by their country, and never taken for one another', async () => {
    const kosovo = await resolved({ implementedBy: `${ministry} of Kosovo` });
    expect(kosovo.resolutions[0]).toMatchObject({ entity: { id: `org:${token}-moi-xk` } });
    expect(kosovo.nodes.map((n) => n.id)).toEqual([`project:${token}-xk`]);
    const turkish = await resolved({ implementedBy: `Turkish ${ministry}` });
    expect(turkish.resolutions[0]!.entity.id).toBe(`org:${token}-moi-tr`);
    expect(turkish.nodes).toEqual([]);
    expect(errorOf(await projects({ implementedBy: `${ministry} of Switzerland` })).code).toBe('NAME_NOT_FOUND');
  });
});

describe('lookups by name', () => {
  it('resolve organisation(name:) and project(name:) by the same rules', async () => {
    const answer = await api.gql<{ a: { id: string }; b: { id: string }; c: { id: string } }>(
      '{ a: organisation(name: "Dutch government") { id } b: organisation(name: "Gendarmerie Generel Command") { id } c: project(name: "P-TIP Turkey") { id } }',
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toEqual({ a: { id: 'org:kingdom-of-the-netherlands' }, b: { id: 'org:gendarmerie' }, c: { id: expect.stringMatching(/^project:/) } });
  });

  it('answer NAME_NOT_FOUND for a name that is nobody\'s', async () => {
    expect(errorOf(await api.gql('{ organisation(name: "Qqqqzzzz Agency") { id } }')).code).toBe('NAME_NOT_FOUND');
  });
});

describe('match', () => {
  const MATCH = 'query($n: String!, $t: [EntityType!], $c: String, $f: Int) { match(name: $n, types: $t, country: $c, first: $f) { entity { __typename id name } score match reasons { rule matchedName detail } } }';
  type Candidates = { match: Array<{ entity: { __typename: string; id: string; name: string }; score: number; match: boolean; reasons: Array<{ rule: string; matchedName: string }> }> };

  it('answers scored candidates, best first, with the names and rules that matched', async () => {
    const answer = await api.gql<Candidates>(MATCH, { n: 'Netherlands' });
    expect(answer.body.errors).toBeUndefined();
    const [top, second] = answer.body.data!.match;
    expect(top).toMatchObject({ score: 1, match: true, entity: { id: 'country:NL' }, reasons: [{ rule: 'NAME', matchedName: 'Netherlands' }] });
    expect(second).toMatchObject({ match: true, entity: { id: 'org:kingdom-of-the-netherlands' }, reasons: [{ rule: 'STATE' }] });
    const scores = answer.body.data!.match.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const score of scores) expect(score).toBeGreaterThanOrEqual(0);
  });

  it('narrows by type and country, and caps the count', async () => {
    const answer = await api.gql<Candidates>(MATCH, { n: 'Ministry of Interior', t: ['ORGANISATION'], c: 'Kosovo', f: 3 });
    expect(answer.body.errors).toBeUndefined();
    const ids = answer.body.data!.match.map((c) => c.entity.id);
    expect(ids.length).toBeLessThanOrEqual(3);
    expect(ids).toContain(`org:${token}-moi-xk`);
    expect(ids).not.toContain('org:moi');
    for (const c of answer.body.data!.match) expect(c.entity.__typename).toBe('Organisation');
  });

  it('offers a typo its entity as the top match', async () => {
    const answer = await api.gql<Candidates>(MATCH, { n: 'Maastrict Univercity', t: ['ORGANISATION'] });
    expect(answer.body.data!.match[0]).toMatchObject({ match: true, entity: { id: 'org:maastricht-university' }, reasons: [{ rule: 'FUZZY' }] });
  });
});

describe('organisation filters', () => {
  const ORGANISATIONS = `query($f: OrganisationFilter) { organisations(filter: $f, first: 100) {
    nodes { id country { id } }
    resolutions { field name entity { id } rule }
  } }`;
  type OrganisationsAnswer = { organisations: { nodes: Array<{ id: string; country: { id: string } | null }>; resolutions: Array<{ field: string; name: string; entity: { id: string }; rule: string }> } };

  it('resolve the country they name by the names of the state, and say how', async () => {
    const byCode = await api.gql<OrganisationsAnswer>(ORGANISATIONS, { f: { country: 'NL' } });
    const byState = await api.gql<OrganisationsAnswer>(ORGANISATIONS, { f: { country: 'the Netherlands' } });
    expect(byState.body.errors).toBeUndefined();
    const ids = (answer: Answer<OrganisationsAnswer>) => answer.body.data!.organisations.nodes.map((n) => n.id).sort();
    expect(ids(byState).length).toBeGreaterThan(0);
    expect(ids(byState)).toEqual(ids(byCode));
    expect(byState.body.data!.organisations.nodes.every((n) => n.country?.id === 'country:NL')).toBe(true);
    expect(byState.body.data!.organisations.resolutions).toEqual([expect.objectContaining({ field: 'country', name: 'the Netherlands', entity: { id: 'country:NL' } })]);
  });

  it('answer NAME_NOT_FOUND for a country or parent that names nothing', async () => {
    const country = await api.gql<OrganisationsAnswer>(ORGANISATIONS, { f: { country: 'Atlantisland' } });
    expect(errorOf(country).code).toBe('NAME_NOT_FOUND');
    const parent = await api.gql<OrganisationsAnswer>(ORGANISATIONS, { f: { partOf: 'Qqqqzzzz Directorate' } });
    expect(errorOf(parent).code).toBe('NAME_NOT_FOUND');
  });

  it('still select every organisation bearing a name, without resolving it to one', async () => {
    const answer = await api.gql<OrganisationsAnswer>(ORGANISATIONS, { f: { name: ministry } });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.organisations.resolutions).toEqual([]);
  });
});

describe('resolutions kept across requests', () => {
  const QUERY = 'query($f: ProjectFilter) { projects(filter: $f, first: 1) { totalCount } }';
  // A spelling no other test gives, so that the first request is the first to resolve it.
  const filter = { f: { fundedBy: 'KINGDOM OF THE NETHERLANDS' } };

  it('resolve a name once, and again after any write', async () => {
    const queries = async () => {
      const answer = await api.gql(QUERY, filter);
      expect(answer.body.errors).toBeUndefined();
      return answer.body.extensions?.db?.queries ?? NaN;
    };
    const first = await queries();
    const again = await queries();
    expect(again).toBeLessThan(first);
    await api.db.write(async (tx) => tx.run('RETURN 1'));
    expect(await queries()).toBe(first);
  });
});

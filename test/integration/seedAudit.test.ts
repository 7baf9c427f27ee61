import path from 'node:path';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import { ingest } from '../../src/ingest/ingest';
import { readDataset } from '../../src/ingest/readDataset';
import { projectRoot } from '../../src/projectRoot';
import { writeFixture } from '../support/fixtures';
import { CURATOR, startTestApi, type TestApi } from '../support/testApi';
import { uniqueToken } from '../support/testDatabase';
import { waitFor } from '../support/waitFor';
import { scheduleStatusRefresh } from '../../src/ingest/startupLoad';
import { QueryRunner } from '../../src/db/driver/queryRunner';
import { refreshAllDerivedStatuses, refreshDerivedStatuses } from '../../src/db/repositories/projectStatus';
import { todayUtc } from '../../src/domain/projectStatus';

/**
 * Issue 17: the seed graph as the audit of data/seed against the five documents left it. One
 * test (or more) per finding, asked of the real Neo4j with the seed loaded, each failing if
 * the problem came back. The expected answers are what the documents state (quoted).
 */
let api: TestApi;

type Errors = Array<{ message: string; extensions?: Record<string, unknown> }>;

async function ok<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await api.gql<T>(query, variables);
  expect(response.body.errors).toBeUndefined();
  return response.body.data as T;
}

async function errorsOf(query: string, variables?: Record<string, unknown>): Promise<Errors> {
  const response = await api.gql(query, variables);
  return (response.body.errors ?? []) as Errors;
}

const seedProjectIds = readDataset(path.join(projectRoot(), 'data', 'seed')).projects.map((p) => p.entry.id);

interface ProjectRow {
  id: string;
  acronym: string | null;
  name: string;
}

async function seedProjects(filter: Record<string, unknown>): Promise<string[]> {
  const data = await ok<{ projects: { nodes: ProjectRow[] } }>('query($f: ProjectFilter) { projects(filter: $f, first: 100) { nodes { id acronym name } } }', {
    f: { and: [filter, { id: seedProjectIds }] },
  });
  return data.projects.nodes.map((p) => p.acronym ?? p.name).sort();
}

const ICMPD_PROJECTS = ['ASCAP II', 'DGMM III', 'MIMAK II', 'MIND', 'P-TIP Turkey', 'SIDEM'];

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('finding 1: a stated status holds as of its page, not for ever', () => {
  it('projects(filter: {status: ONGOING}) leaves out the ICMPD projects whose stated ends have passed', async () => {
    const ongoing = await seedProjects({ status: 'ONGOING' });
    for (const acronym of ICMPD_PROJECTS) expect(ongoing).not.toContain(acronym);
    const completed = await seedProjects({ status: 'COMPLETED' });
    for (const acronym of ICMPD_PROJECTS) expect(completed).toContain(acronym);
  });

  it('still finds them by the status the page states, when that is what is asked', async () => {
    expect(await seedProjects({ statedStatus: 'ONGOING' })).toEqual(ICMPD_PROJECTS);
  });

  it('gives the stated status with its date and basis beside the derived one', async () => {
    const data = await ok<{ mind: Record<string, unknown>; forgery: Record<string, unknown>; gendarmerie: Record<string, unknown> }>(`{
      mind: project(id: "project:mind") { status statedStatus statusBasis statusAsOf statusAsOfPrecision }
      forgery: project(id: "project:tnp-forgery-detection-risk-analysis") { status statedStatus statusBasis statusAsOf statusAsOfPrecision }
      gendarmerie: project(id: "project:gendarmerie-counter-trafficking-capacity") { status statedStatus statusBasis statusAsOf }
    }`);
    // 002 is undated ("Ongoing Projects"; "Duration: April 2017 – April 2019").
    expect(data.mind).toEqual({ status: 'COMPLETED', statedStatus: 'ONGOING', statusBasis: 'DERIVED', statusAsOf: null, statusAsOfPrecision: null });
    // 000 is dated June 20, 2023, and states the closure.
    expect(data.forgery).toEqual({ status: 'COMPLETED', statedStatus: 'COMPLETED', statusBasis: 'STATED', statusAsOf: '2023-06-20', statusAsOfPrecision: 'DAY' });
    expect(data.gendarmerie).toEqual({ status: 'COMPLETED', statedStatus: 'COMPLETED', statusBasis: 'STATED', statusAsOf: null });
  });

  it('derives the status for the day the clock gives, so a load on another day answers for that day', async () => {
    // A project of this test's own, loaded as of a day within its stated period, then a day after it.
    const token = uniqueToken();
    const doc = `${token}.txt`;
    const text = `The ${token} Project is ongoing. It runs from May 2030 to May 2031.`;
    const files = {
      'data.yaml': {
        sources: [{ id: doc, title: 'A project page' }],
        projects: [{ id: `project:${token}`, name: `${token} Project`, status: 'ONGOING', start: '2030-05', end: '2031-05', evidence: [{ document: doc, excerpt: text }] }],
      },
    };
    const fixture = writeFixture(files, { [doc]: text });
    const status = async () =>
      (await ok<{ project: { status: string; statusBasis: string } }>('query($id: ID!) { project(id: $id) { status statusBasis } }', { id: `project:${token}` })).project;
    const catalog = new CypherCatalog();
    await ingest(api.db, catalog, fixture.datasetDir, { documentsDir: fixture.documentsDir, today: '2029-12-31' });
    expect(await status()).toEqual({ status: 'PLANNED', statusBasis: 'DERIVED' });
    await ingest(api.db, catalog, fixture.datasetDir, { documentsDir: fixture.documentsDir, today: '2030-06-01' });
    expect(await status()).toEqual({ status: 'ONGOING', statusBasis: 'STATED' });
    expect(await seedProjects({ status: 'ONGOING' })).not.toContain(`${token} Project`);
    await ingest(api.db, catalog, fixture.datasetDir, { documentsDir: fixture.documentsDir, today: '2031-06-01' });
    expect(await status()).toEqual({ status: 'COMPLETED', statusBasis: 'DERIVED' });
    // A running server derives them again as the clock moves on, without a load.
    const logs: string[] = [];
    const stop = scheduleStatusRefresh(api.db, catalog, (m) => logs.push(m), 50, () => '2030-06-02');
    try {
      await waitFor(async () => (await status()).status === 'ONGOING', 10_000, 'the scheduled refresh');
    } finally {
      stop();
    }
    expect(logs.some((m) => m.startsWith('derived statuses:'))).toBe(true);
  });
});

describe('a refresh of every derived status, a page at a time', () => {
  it('reaches every project across pages and writes only what changed', async () => {
    const token = uniqueToken();
    const doc = `${token}.txt`;
    const lines = Array.from({ length: 23 }, (_v, i) => `The ${token} Project ${i} is ongoing. It runs from May 2030 to May 2031.`);
    const files = {
      'data.yaml': {
        sources: [{ id: doc, title: 'Project pages' }],
        projects: lines.map((line, i) => ({ id: `project:${token}-${String(i).padStart(2, '0')}`, name: `${token} Project ${i}`, status: 'ONGOING', start: '2030-05', end: '2031-05', evidence: [{ document: doc, excerpt: line }] })),
      },
    };
    const fixture = writeFixture(files, { [doc]: lines.join('\n') });
    const catalog = new CypherCatalog();
    await ingest(api.db, catalog, fixture.datasetDir, { documentsDir: fixture.documentsDir, today: '2029-12-31' });
    const statuses = async () =>
      (await ok<{ projects: { nodes: Array<{ status: string }> } }>('query($text: String!) { projects(filter: {text: $text}, first: 50) { nodes { status } } }', { text: token })).projects.nodes.map((n) => n.status);
    expect(await statuses()).toEqual(Array(23).fill('PLANNED'));
    // Pages of 4 projects, each in a transaction of its own: every one of this test's 23 (and every other project) is reached.
    const runner = new QueryRunner(api.db, catalog);
    const changed = await refreshAllDerivedStatuses(runner, '2030-06-01', 4);
    expect(changed).toBeGreaterThanOrEqual(23);
    expect(await statuses()).toEqual(Array(23).fill('ONGOING'));
    // Nothing changed since: nothing is written, in pages or in one.
    expect(await refreshAllDerivedStatuses(runner, '2030-06-01', 4)).toBe(0);
    expect(await runner.write((tx) => refreshDerivedStatuses(tx, '2030-06-01', null, 4))).toBe(0);
    expect(await runner.write((tx) => refreshDerivedStatuses(tx, '2030-06-01'))).toBe(0);
    // The projects a curation names, in pages too.
    const some = [`project:${token}-03`, `project:${token}-17`];
    expect(await runner.write((tx) => refreshDerivedStatuses(tx, '2031-06-01', some, 1))).toBe(2);
    expect((await statuses()).filter((s) => s === 'COMPLETED')).toHaveLength(2);
    // Every other project back to today, as the rest of this file reads them.
    await refreshAllDerivedStatuses(runner, todayUtc());
  });
});

describe('finding 2: roles as the sources state them', () => {
  const FORGERY = 'project:tnp-forgery-detection-risk-analysis';

  it('records the closing ceremony as attendance, not partnership', async () => {
    const data = await ok<{ project: { partners: Array<{ id: string }>; attendeesConnection: { totalCount: number; edges: Array<{ type: string; role: string; node: { id: string } }> } } }>(
      'query($id: ID!) { project(id: $id) { partners { id } attendeesConnection { totalCount edges { type role node { id } } } } }',
      { id: FORGERY },
    );
    expect(data.project.partners).toEqual([]);
    expect(data.project.attendeesConnection.totalCount).toBe(8);
    for (const edge of data.project.attendeesConnection.edges) {
      expect(edge.type).toBe('ATTENDED_BY');
      expect(edge.role).toMatch(/closing ceremony/);
    }
    expect(await seedProjects({ attendedBy: 'Turkish Coast Guard' })).toEqual(['Enhancing Capacities of Turkish National Police and Other Law Enforcement Agencies in Detection of Forgery in Travel Documents and Risk Analysis']);
    expect(await seedProjects({ partneredWith: 'Turkish Coast Guard' })).toEqual([]);
  });

  it('names the Turkish National Police a party to the joint project, with IOM and the EU', async () => {
    const data = await ok<{ project: { partiesConnection: { edges: Array<{ node: { id: string }; evidence: Array<{ excerpt: string }> }> } } }>(
      'query($id: ID!) { project(id: $id) { partiesConnection { edges { node { id } evidence { excerpt } } } } }',
      { id: FORGERY },
    );
    const parties = data.project.partiesConnection.edges.map((e) => e.node.id).sort();
    expect(parties).toEqual(['org:eu', 'org:iom', 'org:tnp']);
    for (const edge of data.project.partiesConnection.edges) expect(edge.evidence[0]?.excerpt).toContain('Joint Project');
    expect(await seedProjects({ jointProjectOf: 'TNP' })).toHaveLength(1);
  });
});

describe('finding 3: the Consular Department coordinates the National Task Force', () => {
  it('answers who coordinates the Task Force, with the evidence', async () => {
    const data = await ok<{ organisation: { coordinatedByConnection: { edges: Array<{ type: string; node: { id: string }; evidence: Array<{ excerpt: string }> }> } } }>(
      '{ organisation(name: "National Task Force to Combat Trafficking") { coordinatedByConnection { edges { type node { id } evidence { excerpt } } } } }',
    );
    const edges = data.organisation.coordinatedByConnection.edges;
    expect(edges.map((e) => [e.type, e.node.id])).toEqual([['COORDINATES', 'org:mofa-consular-department']]);
    expect(edges[0]?.evidence[0]?.excerpt).toContain('is the Coordinator of the National Task Force to Combat Trafficking');
  });
});

describe('finding 4: evidence that locates itself', () => {
  it('gives each repeated excerpt the place that ties it to its project', async () => {
    const data = await ok<{ mind: { implementedByConnection: { edges: Array<{ evidence: Array<{ excerpt: string; offset: number; under: string }> }> } }; sidem: { implementedByConnection: { edges: Array<{ evidence: Array<{ excerpt: string; offset: number; under: string }> }> } } }>(`{
      mind: project(id: "project:mind") { implementedByConnection { edges { evidence { excerpt offset under } } } }
      sidem: project(id: "project:sidem") { implementedByConnection { edges { evidence { excerpt offset under } } } }
    }`);
    const mind = data.mind.implementedByConnection.edges[0]!.evidence[0]!;
    const sidem = data.sidem.implementedByConnection.edges[0]!.evidence[0]!;
    expect(mind).toMatchObject({ excerpt: 'Implementing Agency: ICMPD', under: 'Supporting Migration Policy Development in Turkey (MIND)' });
    expect(sidem.excerpt).toBe('Implementing Agency: ICMPD');
    expect(sidem.under).toContain('(SIDEM )');
    // The same words, two places in the page: one fact each.
    expect(typeof mind.offset).toBe('number');
    expect(sidem.offset).toBeGreaterThan(mind.offset);
  });

  it('gives entity evidence its offset too', async () => {
    const data = await ok<{ project: { sources: Array<{ document: string; offset: number | null }> } }>('{ project(id: "project:mind") { sources { document offset } } }');
    expect(data.project.sources.length).toBeGreaterThan(0);
    for (const source of data.project.sources) expect(typeof source.offset).toBe('number');
  });
});

describe('finding 4, for curators: a change cites an excerpt that locates itself', () => {
  it('refuses a repeated excerpt without its place, and records the place when given', async () => {
    const token = uniqueToken();
    const doc = `${token}.txt`;
    const text = `${token} Alpha Programme. Implementing Agency: the ${token} Agency. ${token} Beta Programme. Implementing Agency: the ${token} Agency.`;
    const fixture = writeFixture(
      {
        'data.yaml': {
          sources: [{ id: doc, title: 'A listing' }],
          projects: [{ id: `project:${token}-beta`, name: `${token} Beta Programme`, evidence: [{ document: doc, excerpt: `${token} Beta Programme.` }] }],
        },
      },
      { [doc]: text },
    );
    await ingest(api.db, new CypherCatalog(), fixture.datasetDir, { documentsDir: fixture.documentsDir });
    const curating = await startTestApi({ documentsDir: fixture.documentsDir });
    try {
      const UPDATE = 'mutation($id: ID!, $evidence: EvidenceInput!) { updateEntity(id: $id, input: { aliases: ["Beta"] }, evidence: $evidence) { entity { id } } }';
      const excerpt = `Implementing Agency: the ${token} Agency.`;
      const refused = await curating.gql(UPDATE, { id: `project:${token}-beta`, evidence: { document: doc, excerpt } }, CURATOR);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(refused.body.errors?.[0]?.message).toMatch(/occurs 2 times/);
      const accepted = await curating.gql(UPDATE, { id: `project:${token}-beta`, evidence: { document: doc, excerpt, under: `${token} Beta Programme.` } }, CURATOR);
      expect(accepted.body.errors).toBeUndefined();
      const sources = await ok<{ project: { sources: Array<{ excerpt: string; offset: number | null; under: string | null }> } }>('query($id: ID!) { project(id: $id) { sources { excerpt offset under } } }', { id: `project:${token}-beta` });
      expect(sources.project.sources).toContainEqual({ excerpt, offset: text.lastIndexOf(excerpt), under: `${token} Beta Programme.` });
    } finally {
      await curating.close();
    }
  });
});

describe('finding 5: names that will not collide', () => {
  it('qualifies the Turkish ministries by their country and still finds them by their old names', async () => {
    const data = await ok<{ organisation: { id: string; name: string } }>('{ organisation(name: "Ministry of Interior") { id name } }');
    expect(data.organisation).toEqual({ id: 'org:moi', name: 'Ministry of Interior (Türkiye)' });
    const justice = await ok<{ organisation: { name: string } }>('{ organisation(name: "Ministry of Justice of Turkey") { name } }');
    expect(justice.organisation.name).toBe('Ministry of Justice (Türkiye)');
  });

  it('never resolves GCC, PDMM or MIMAK alone, answering with the candidates and why', async () => {
    for (const [query, id] of [
      ['{ organisation(name: "GCC") { id } }', 'org:gendarmerie'],
      ['{ organisation(name: "PDMM") { id } }', 'org:istanbul-pdmm'],
      ['{ project(name: "MIMAK") { id } }', 'project:mimak-ii'],
    ] as const) {
      const errors = await errorsOf(query);
      expect(errors[0]?.extensions?.code).toBe('NAME_AMBIGUOUS');
      expect(errors[0]?.message).toMatch(/ambiguous alias/);
      const candidates = errors[0]?.extensions?.candidates as Array<{ id: string; reason: string }>;
      expect(candidates.map((c) => c.id)).toContain(id);
      expect(candidates.find((c) => c.id === id)?.reason).toMatch(/never resolves alone/);
    }
    const filtered = await errorsOf('{ projects(filter: { partneredWith: "GCC" }) { totalCount } }');
    expect(filtered[0]?.extensions?.code).toBe('NAME_AMBIGUOUS');
  });

  it('resolves an ambiguous alias qualified by its country, and lists it apart from the aliases', async () => {
    const data = await ok<{ organisation: { id: string; acronym: string | null; ambiguousAliases: string[] } }>('{ organisation(name: "GCC Türkiye") { id acronym ambiguousAliases } }');
    expect(data.organisation).toEqual({ id: 'org:gendarmerie', acronym: null, ambiguousAliases: ['GCC'] });
  });
});

describe('finding 6: inferred facts are marked, with their reasoning', () => {
  it('marks the forgery project’s end month as inferred from its closing ceremony', async () => {
    const data = await ok<{ project: { endDate: string; endPrecision: string; inferences: Array<{ field: string; reasoning: string }> } }>(
      '{ project(id: "project:tnp-forgery-detection-risk-analysis") { endDate endPrecision inferences { field reasoning } } }',
    );
    expect(data.project).toMatchObject({ endDate: '2023-06-30', endPrecision: 'MONTH' });
    expect(data.project.inferences).toEqual([{ field: 'end', reasoning: expect.stringContaining('closing ceremony') }]);
  });

  it('marks IOM as lead implementer of the Gendarmerie project as inferred, and leaves stated ties unmarked', async () => {
    const data = await ok<{ project: { implementedByConnection: { edges: Array<{ node: { id: string }; role: string; inferred: boolean; inference: string | null }> } }; p: { fundedByConnection: { edges: Array<{ inferred: boolean; inference: string | null }> } } }>(`{
      project(id: "project:gendarmerie-counter-trafficking-capacity") { implementedByConnection { edges { node { id } role inferred inference } } }
      p: project(id: "project:p-tip-turkey") { fundedByConnection { edges { inferred inference } } }
    }`);
    expect(data.project.implementedByConnection.edges).toEqual([{ node: { id: 'org:iom' }, role: 'LEAD', inferred: true, inference: expect.stringContaining('project record') }]);
    expect(data.p.fundedByConnection.edges).toEqual([{ inferred: false, inference: null }]);
  });

  it('says "main beneficiary" only where the source does', async () => {
    const data = await ok<{ projects: { nodes: Array<{ id: string; beneficiariesConnection: { edges: Array<{ role: string | null }> } }> } }>(
      'query($ids: [ID!]) { projects(filter: { id: $ids }, first: 100) { nodes { id beneficiariesConnection(first: 100) { edges { role } } } } }',
      { ids: seedProjectIds },
    );
    const main = data.projects.nodes.filter((p) => p.beneficiariesConnection.edges.some((e) => /main beneficiary/i.test(e.role ?? ''))).map((p) => p.id).sort();
    // 002: "Main Beneficiary: Directorate General of Migration Management" under MIND and DGMM III only.
    expect(main).toEqual(['project:dgmm-iii', 'project:mind']);
  });

  it('records the Strategy Paper on Legal Migration as a planned output, not a legal framework', async () => {
    const frameworks = await ok<{ legalFrameworks: { nodes: Array<{ name: string }> } }>('{ legalFrameworks(first: 100) { nodes { name } } }');
    expect(frameworks.legalFrameworks.nodes.map((f) => f.name)).not.toContain('Strategy Paper on Legal Migration');
    const data = await ok<{ project: { results: Array<{ indicator: string; qualifier: string }> } }>('{ project(id: "project:dgmm-iii") { results { indicator qualifier } } }');
    expect(data.project.results).toContainEqual({ indicator: expect.stringContaining('Strategy Paper on Legal Migration'), qualifier: 'planned' });
  });
});

describe('finding 7: smaller slips', () => {
  it('gives the DGMM → PMM renaming its date with the precision the reference gives (the year), never a bare 1 January', async () => {
    const data = await ok<{ organisation: { successorConnection: { edges: Array<{ node: { id: string }; date: string; datePrecision: string; dateText: string }> } } }>(
      '{ organisation(id: "org:dgmm") { successorConnection { edges { node { id } date datePrecision dateText } } } }',
    );
    expect(data.organisation.successorConnection.edges).toEqual([{ node: { id: 'org:pmm' }, date: '2021-01-01', datePrecision: 'YEAR', dateText: '2021' }]);
  });

  it('finds the United Kingdom under that name, as a country and as a donor', async () => {
    const data = await ok<{ countries: Array<{ id: string; name: string }> }>('{ countries(filter: { name: "United Kingdom" }) { id name } }');
    expect(data.countries).toEqual([{ id: 'country:GB', name: 'United Kingdom' }]);
    const matched = await ok<{ match: Array<{ entity: { id: string }; match: boolean }> }>('{ match(name: "United Kingdom", types: [COUNTRY]) { entity { id } match } }');
    expect(matched.match[0]).toEqual({ entity: { id: 'country:GB' }, match: true });
    expect(await seedProjects({ fundedBy: 'United Kingdom', includeUnits: false })).toEqual(['ASCAP II']);
  });
});

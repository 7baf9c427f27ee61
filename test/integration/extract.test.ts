import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { changedNothing, ingest } from '../../src/ingest/ingest';
import { GraphResolver } from '../../src/ingest/extract/graphResolver';
import { extractFiles } from '../../src/ingest/extract/review';
import { parse } from 'yaml';
import { startTestApi, type TestApi } from '../support/testApi';
import { uniqueToken } from '../support/testDatabase';

/**
 * The review path end to end on the real Neo4j (which holds the seed graph): a page of a new
 * project extracted to a folder with names resolved against the graph, a dry run, the load,
 * the API answering with the project and its evidence, a repeated load changing nothing; and
 * pages of projects the graph already holds, whose differing values become conflicts rather
 * than second projects.
 */

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

async function count(cypher: string, params: Record<string, unknown>): Promise<number> {
  const result = await api.db.read(cypher, params);
  return Number(result.records[0]?.get(0));
}

describe('the extraction review path', () => {
  const token = uniqueToken();
  const Token = `${token.charAt(0).toUpperCase()}${token.slice(1)}`;
  const acronym = `SRP${token.slice(1, 7).toUpperCase()}`;
  const prima = `ZZ10P${token.slice(1, 7).toUpperCase()}`;
  const title = `Safe Return Pathways ${Token}`;
  const pages = tempDir('extract-pages-');
  const out = tempDir('extract-incoming-');
  const documents = tempDir('extract-documents-');
  const resolver = () => new GraphResolver(api.db, api.catalog);

  // An IOM project page saved from a browser, with navigation, an empty label and fields out of order.
  const page = `<html><body><nav><a>Home</a><a>Start Date</a></nav>
<p>International Organization for Migration</p>
<h1>${title} (${acronym})</h1>
<div>Project Status</div><div>Ongoing</div>
<div>Coverage</div>
<div>Start Date</div><div>March 2022</div>
<div>End Date</div><div>2023</div>
<div>Prima ID</div><div>${prima}</div>
<div>Benefiting Member States</div><div>Türkiye</div>
<p>The project aims to support returning migrants with reintegration counselling. It is funded by the European Union and the Foundation ${Token}.</p>
</body></html>`;
  const pageFile = path.join(pages, `srp-${token}.html`);
  writeFileSync(pageFile, page);

  it('extracts a new project, resolving known names and listing the unknown one', async () => {
    const { pages: report, failed } = await extractFiles([pageFile], { resolver: resolver(), out, documentsDir: documents });
    expect(failed).toBe(0);
    const [result] = report;
    expect(result?.format).toBe('iom-project-page');
    expect(result?.projects[0]).toMatchObject({
      name: title,
      acronym,
      startDate: '2022-03',
      endDate: '2023',
      status: 'ONGOING',
      identifiers: [{ scheme: 'IOM Prima ID', value: prima }],
      countries: [{ name: 'Türkiye', id: 'country:TR' }],
      implementers: [{ name: 'International Organization for Migration', id: 'org:iom' }],
      matchedProject: null,
    });
    expect(result?.projects[0]?.donors).toContainEqual({ name: `Foundation ${Token}`, id: null });
    expect(result?.unresolved).toContainEqual(expect.objectContaining({ role: 'donor', name: `Foundation ${Token}` }));
    // The document kept is the page's text, so that every excerpt is verbatim in it.
    const text = readFileSync(path.join(documents, `srp-${token}.txt`), 'utf8');
    expect(text).not.toContain('<');
    const entries = parse(readFileSync(path.join(out, `srp-${token}.yaml`), 'utf8')) as { projects: Array<{ evidence: Array<{ excerpt: string }> }> };
    for (const e of entries.projects[0]?.evidence ?? []) expect(text.replace(/\s+/g, ' ')).toContain(e.excerpt);
  });

  it('shows in a dry run what the load would add, and writes nothing', async () => {
    const dry = await ingest(api.db, api.catalog, out, { documentsDir: documents, dryRun: true });
    expect(dry.report.nodes.Project?.created).toBe(1);
    expect(await count('MATCH (p:Project {acronym: $acronym}) RETURN count(p)', { acronym })).toBe(0);
  });

  it('loads the project, which the API then answers with its evidence; a second load changes nothing', async () => {
    const first = await ingest(api.db, api.catalog, out, { documentsDir: documents });
    expect(first.report.nodes.Project?.created).toBe(1);
    const answer = await api.gql<{ project: { id: string; name: string; startDate: string; identifiers: Array<{ value: string }>; countries: Array<{ id: string }>; sources: Array<{ document: string; excerpt: string }> } | null }>(
      `query($name: String) { project(name: $name) { id name startDate identifiers { value } countries { id } sources { document excerpt } } }`,
      { name: acronym },
    );
    expect(answer.body.errors).toBeUndefined();
    const project = answer.body.data?.project;
    expect(project).toMatchObject({ name: title, identifiers: [{ value: prima }], countries: [{ id: 'country:TR' }] });
    expect(project?.sources).toContainEqual({ document: `srp-${token}.txt`, excerpt: `Prima ID ${prima}` });
    // The unknown donor was listed, not created.
    expect(await count('MATCH (o:Organisation) WHERE o.name CONTAINS $token RETURN count(o)', { token: Token })).toBe(0);
    const again = await ingest(api.db, api.catalog, out, { documentsDir: documents });
    expect(changedNothing(again.report)).toBe(true);
  });

  it('recognises the project on another page by its acronym: a differing end date and Prima ID become conflicts, not a second project', async () => {
    const listing = `Ongoing Projects\n\n${title} (${acronym})\n\nObjective: To support returning migrants.\n\nDonor: European Union\n\nDuration: March 2022 – June 2024\n\nCountry: Türkiye\n\nPrima ID: ${prima}9\n`;
    const second = path.join(pages, `srp-listing-${token}.txt`);
    writeFileSync(second, listing);
    const out2 = tempDir('extract-incoming-');
    const { pages: report } = await extractFiles([second], { resolver: resolver(), out: out2, documentsDir: documents });
    const id = report[0]?.projects[0]?.matchedProject;
    expect(id).toMatch(/^project:/);
    expect(report[0]?.conflicts).toEqual(
      expect.arrayContaining([
        { project: id, field: 'endDate', existing: '2023', found: '2024-06' },
        { project: id, field: 'identifiers.IOM Prima ID', existing: prima, found: `${prima}9` },
      ]),
    );
    const load = await ingest(api.db, api.catalog, out2, { documentsDir: documents });
    expect(load.report.nodes.Project?.created ?? 0).toBe(0);
    expect(load.report.conflicts).toContainEqual(expect.objectContaining({ entityId: id, field: 'end' }));
    expect(await count('MATCH (p:Project {acronym: $acronym}) RETURN count(p)', { acronym })).toBe(1);
    const claims = await api.gql<{ project: { claims: Array<{ value: string; preferred: boolean }> } }>(`query($id: ID) { project(id: $id) { claims(field: END_DATE) { value preferred } } }`, { id });
    expect(claims.body.data?.project.claims.map((c) => c.value).sort()).toEqual(['2023', '2024-06']);
  });

  it('recognises the seed pages as the seed projects they were curated from, every name resolved', async () => {
    const seedDocuments = path.join(__dirname, '..', '..', 'data', 'documents');
    const files = ['001_52b66451182a7adf.txt', '002_5ad14045ceff5a29.txt'].map((f) => path.join(seedDocuments, f));
    const { pages: report } = await extractFiles(files, { resolver: resolver(), documentsDir: tempDir('extract-documents-') });
    expect(report.map((p) => p.projects.map((q) => q.matchedProject))).toEqual([
      ['project:gendarmerie-counter-trafficking-capacity'],
      ['project:p-tip-turkey', 'project:mind', 'project:sidem', 'project:ascap-ii', 'project:dgmm-iii', 'project:mimak-ii'],
    ]);
    expect(report.flatMap((p) => p.unresolved)).toEqual([]);
  });

  it('recognises a seed project on a new page: its differing end date is a conflict in the dry run, not a duplicate', async () => {
    const listing = `Ongoing Projects\n\nPreventing, Identifying and Combating Trafficking in Persons in Turkey (P-TIP Turkey)\n\nObjective: To enhance the capacity of anti-trafficking stakeholders.\n\nDonor: British Embassy, Ankara\n\nDuration: 15 May 2017 – 31 December 2018\n\nCountry: Turkey\n`;
    const file = path.join(pages, `ptip-${token}.txt`);
    writeFileSync(file, listing);
    const out3 = tempDir('extract-incoming-');
    const { pages: report } = await extractFiles([file], { resolver: resolver(), out: out3, documentsDir: documents });
    expect(report[0]?.projects[0]?.matchedProject).toBe('project:p-tip-turkey');
    expect(report[0]?.conflicts).toContainEqual({ project: 'project:p-tip-turkey', field: 'endDate', existing: '2018-09-30', found: '2018-12-31' });
    const dry = await ingest(api.db, api.catalog, out3, { documentsDir: documents, dryRun: true });
    expect(dry.report.nodes.Project?.created ?? 0).toBe(0);
    expect(dry.report.conflicts).toContainEqual(expect.objectContaining({ entityId: 'project:p-tip-turkey', field: 'end' }));
  });
});

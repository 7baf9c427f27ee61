import { checkPlan } from '../../src/ingest/checks';
import { DatasetError } from '../../src/ingest/datasetErrors';
import { planDataset } from '../../src/ingest/plan';
import { readDataset } from '../../src/ingest/readDataset';
import { writeFixture } from '../support/fixtures';

const DOC = 'doc.txt';
const TEXT = 'The Example Agency funds the Example Project in Exampleland. The project started in May 2017.';

function minimal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sources: [{ id: DOC, title: 'A test document' }],
    organisations: [{ id: 'org:example-agency', name: 'Example Agency', kind: 'GOVERNMENT', evidence: [{ document: DOC, excerpt: 'The Example Agency funds' }] }],
    projects: [
      {
        id: 'project:example',
        name: 'Example Project',
        start: '2017-05',
        evidence: [{ document: DOC, excerpt: 'The project started in May 2017.' }],
        fundedBy: [{ id: 'org:example-agency', evidence: [{ document: DOC, excerpt: 'The Example Agency funds the Example Project' }] }],
      },
    ],
    ...overrides,
  };
}

function load(content: Record<string, unknown>) {
  const fixture = writeFixture({ 'data.yaml': content }, { [DOC]: TEXT });
  const planned = planDataset(readDataset(fixture.datasetDir));
  checkPlan(planned, fixture.documentsDir);
  return planned;
}

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DatasetError) return error.issues.map((i) => `${i.entry}|${i.id ?? ''}|${i.field}|${i.message}`);
    throw error;
  }
  throw new Error('expected a DatasetError');
}

describe('reading and checking a dataset', () => {
  it('plans entities, relationships and evidence from a valid dataset', () => {
    const planned = load(minimal());
    expect(planned.plan.nodes.map((n) => n.id).sort()).toEqual(['org:example-agency', 'project:example']);
    expect(planned.plan.relationships).toHaveLength(1);
    expect(planned.plan.relationships[0]).toMatchObject({ type: 'FUNDED_BY', from: 'project:example', to: 'org:example-agency' });
    const project = planned.plan.nodes.find((n) => n.id === 'project:example');
    expect(project?.props).toMatchObject({ startDate: '2017-05-01', startPrecision: 'MONTH' });
  });

  it('names the file, entry, field and what was expected for a malformed entry', () => {
    const content = minimal();
    (content.projects as Array<Record<string, unknown>>)[0]!.status = 'FINISHED';
    const issues = issuesOf(() => load(content));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^projects\[0\]\|project:example\|status\|.*'ONGOING'/);
  });

  it('refuses a field the format does not have (no place for anything else)', () => {
    const content = minimal();
    (content.projects as Array<Record<string, unknown>>)[0]!.victimNames = ['someone'];
    expect(issuesOf(() => load(content)).join('\n')).toMatch(/projects\[0\]\|project:example\|\|Unrecognized key.*victimNames/);
  });

  it('refuses an excerpt that is not verbatim in its document', () => {
    const content = minimal();
    (content.organisations as Array<Record<string, unknown>>)[0]!.evidence = [{ document: DOC, excerpt: 'The Example Agency finances' }];
    expect(issuesOf(() => load(content))).toEqual([expect.stringMatching(/^organisations\[0\]\|org:example-agency\|evidence\.0\.excerpt\|does not occur verbatim/)]);
  });

  it('accepts an excerpt whose white space differs from the document', () => {
    const content = minimal();
    (content.organisations as Array<Record<string, unknown>>)[0]!.evidence = [{ document: DOC, excerpt: 'The  Example\nAgency funds' }];
    expect(() => load(content)).not.toThrow();
  });

  it('refuses a reference to an entity that does not exist, or of the wrong type', () => {
    const content = minimal();
    const project = (content.projects as Array<Record<string, unknown>>)[0]!;
    project.fundedBy = [{ id: 'org:nobody', evidence: [{ document: DOC, excerpt: 'The Example Agency funds' }] }];
    project.implementedBy = [{ id: 'org:example-agency', evidence: [{ document: DOC, excerpt: 'The Example Agency funds' }] }];
    project.countries = [{ id: 'country:EX', evidence: [{ document: DOC, excerpt: 'Exampleland' }] }];
    const issues = issuesOf(() => load(content));
    expect(issues).toEqual(expect.arrayContaining([expect.stringMatching(/fundedBy\.0\.id\|refers to "org:nobody"/), expect.stringMatching(/countries\.0\.id\|refers to "country:EX"/)]));
  });

  it('refuses two entities with one name: one real thing is one entity', () => {
    const content = minimal();
    (content.organisations as unknown[]).push({ id: 'org:example-agency-2', name: 'EXAMPLE agency', evidence: [{ document: DOC, excerpt: 'The Example Agency funds' }] });
    expect(issuesOf(() => load(content))).toEqual([expect.stringMatching(/organisations\[1\]\|org:example-agency-2\|name\|the name "example agency" also names org:example-agency/)]);
  });

  it('refuses a relationship without evidence', () => {
    const content = minimal();
    (content.projects as Array<Record<string, unknown>>)[0]!.fundedBy = [{ id: 'org:example-agency', evidence: [] }];
    expect(issuesOf(() => load(content))).toEqual([expect.stringMatching(/fundedBy\.0\.evidence\|needs at least one piece of evidence/)]);
  });

  it('names the YAML line of a syntax error', () => {
    const fixture = writeFixture({ 'broken.yaml': 'projects:\n  - id: project:x\n    name: [unclosed\n' }, {});
    expect(() => readDataset(fixture.datasetDir)).toThrow(/broken\.yaml: line \d+: YAML/);
  });
});

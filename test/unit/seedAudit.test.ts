import path from 'node:path';
import { checkPlan, locateExcerpt } from '../../src/ingest/checks';
import { DatasetError } from '../../src/ingest/datasetErrors';
import { planDataset } from '../../src/ingest/plan';
import { readDataset } from '../../src/ingest/readDataset';
import { projectRoot } from '../../src/projectRoot';
import { deriveStatus } from '../../src/domain/projectStatus';
import { decide, scoreCandidate, type MatchCandidateNames } from '../../src/domain/matching';
import { writeFixture } from '../support/fixtures';

/**
 * Issue 17, without a database: the seed passes the checks with every excerpt located, the
 * status rule, ambiguous excerpts and ambiguous aliases. The integration side is
 * test/integration/seedAudit.test.ts.
 */

const SEED = path.join(projectRoot(), 'data', 'seed');
const DOCUMENTS = path.join(projectRoot(), 'data', 'documents');

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DatasetError) return error.issues.map((i) => `${i.entry}|${i.id ?? ''}|${i.field}|${i.message}`);
    throw error;
  }
  return [];
}

describe('the seed dataset', () => {
  it('passes every check, and every excerpt of a seed document is located in it', () => {
    const planned = planDataset(readDataset(SEED));
    expect(issuesOf(() => checkPlan(planned, DOCUMENTS))).toEqual([]);
    const curated = new Set(planned.plan.sources.filter((s) => s.props.curated === true).map((s) => s.id));
    const unlocated = planned.evidence.filter((e) => !curated.has(e.document) && e.target.offset === undefined);
    expect(unlocated.map((e) => `${e.location.id} ${e.location.field}`)).toEqual([]);
  });
});

describe('locating an excerpt (issue 17, finding 4)', () => {
  const text = 'Project A. Implementing Agency: X. Project B. Implementing Agency: X. Main Beneficiary: Y';

  it('refuses an excerpt that occurs more than once unless its location is given', () => {
    const result = locateExcerpt(text, 'Implementing Agency: X');
    expect(result).toEqual({ field: 'excerpt', problem: expect.stringContaining('occurs 2 times') });
  });

  it('places an ambiguous excerpt by the passage it comes under, and checks an offset given', () => {
    const underB = locateExcerpt(text, 'Implementing Agency: X', 'Project B.');
    expect(underB).toEqual({ offset: text.indexOf('Implementing Agency: X', text.indexOf('Project B.')) });
    const at = (underB as { offset: number }).offset;
    expect(locateExcerpt(text, 'Implementing Agency: X', undefined, at)).toEqual({ offset: at });
    expect(locateExcerpt(text, 'Implementing Agency: X', undefined, at + 1)).toEqual({ field: 'offset', problem: expect.stringContaining(`does not start at offset ${at + 1}`) });
    expect(locateExcerpt(text, 'Implementing Agency: X', 'Project C.')).toEqual({ field: 'under', problem: expect.stringContaining('does not occur') });
    expect(locateExcerpt(text, 'Implementing Agency: X', 'Implementing Agency')).toEqual({ field: 'under', problem: expect.stringContaining('occurs 2 times') });
  });

  it('refuses an ambiguous excerpt in a dataset, naming the entry and field, and accepts it located', () => {
    const DOC = 'doc.txt';
    const content = (evidence: Record<string, unknown>) => ({
      sources: [{ id: DOC, title: 'A listing' }],
      organisations: [{ id: 'org:x-agency', name: 'X Agency', evidence: [{ document: DOC, excerpt: 'Main Beneficiary: Y' }] }],
      projects: [{ id: 'project:b', name: 'Project B', evidence: [{ document: DOC, excerpt: 'Project B.' }], implementedBy: [{ id: 'org:x-agency', evidence: [{ document: DOC, ...evidence }] }] }],
    });
    const check = (evidence: Record<string, unknown>) => {
      const fixture = writeFixture({ 'data.yaml': content(evidence) }, { [DOC]: text });
      const planned = planDataset(readDataset(fixture.datasetDir));
      checkPlan(planned, fixture.documentsDir);
      return planned;
    };
    expect(issuesOf(() => check({ excerpt: 'Implementing Agency: X' }))).toEqual([expect.stringMatching(/^projects\[0\]\|project:b\|implementedBy\.0\.evidence\.0\.excerpt\|occurs 2 times/)]);
    const planned = check({ excerpt: 'Implementing Agency: X', under: 'Project B.' });
    const rel = planned.plan.relationships.find((r) => r.type === 'IMPLEMENTED_BY');
    expect(rel?.props.evidenceOffsets).toEqual([text.indexOf('Implementing Agency: X', text.indexOf('Project B.'))]);
    expect(rel?.props.evidenceUnder).toEqual(['Project B.']);
  });
});

describe('the status of a project as of a day (finding 1)', () => {
  it('calls a stated ONGOING project whose stated end has passed COMPLETED, derived', () => {
    expect(deriveStatus('ONGOING', '2017-05-15', '2018-09-30', '2026-01-01')).toEqual({ status: 'COMPLETED', basis: 'DERIVED' });
    expect(deriveStatus('ONGOING', '2017-05-15', '2018-09-30', '2018-06-01')).toEqual({ status: 'ONGOING', basis: 'STATED' });
  });

  it('calls a project whose stated start is still to come PLANNED, and never overrides a final stated status', () => {
    expect(deriveStatus('ONGOING', '2030-01-01', null, '2026-01-01')).toEqual({ status: 'PLANNED', basis: 'DERIVED' });
    expect(deriveStatus('CANCELLED', '2017-01-01', '2018-01-01', '2026-01-01')).toEqual({ status: 'CANCELLED', basis: 'STATED' });
    expect(deriveStatus(null, '2017-01-01', '2018-12-31', '2026-01-01')).toEqual({ status: 'COMPLETED', basis: 'DERIVED' });
    expect(deriveStatus(null, null, null, '2026-01-01')).toEqual({ status: null, basis: null });
  });

  it('counts an end known to the month as ending on its last day', () => {
    // "May 2019" is stored as 2019-05-31: on 2019-05-20 the project may still be under way.
    expect(deriveStatus('ONGOING', '2017-05-01', '2019-05-31', '2019-05-20').status).toBe('ONGOING');
  });
});

describe('ambiguous aliases (finding 5)', () => {
  const gendarmerie: MatchCandidateNames = {
    id: 'org:gendarmerie',
    label: 'Organisation',
    name: 'Gendarmerie General Command',
    acronym: null,
    aliases: ['Turkish Gendarmerie'],
    ambiguousAliases: ['GCC'],
    isoCode: null,
    country: { iso: 'TR', names: ['Türkiye', 'Turkey'] },
    ancestors: [],
    lineage: [],
  };

  it('never resolves an ambiguous alias alone, even to the one body that bears it, and says why', () => {
    const decision = decide([scoreCandidate('GCC', gendarmerie)], [gendarmerie]);
    expect(decision.kind).toBe('AMBIGUOUS');
    if (decision.kind === 'AMBIGUOUS') expect(decision.candidates[0]?.ambiguous).toMatch(/ambiguous alias/);
  });

  it('resolves the alias qualified by the body’s country, and its full name as ever', () => {
    const qualified = decide([scoreCandidate('GCC Türkiye', gendarmerie)], [gendarmerie]);
    expect(qualified.kind).toBe('RESOLVED');
    expect(decide([scoreCandidate('Gendarmerie General Command', gendarmerie)], [gendarmerie]).kind).toBe('RESOLVED');
  });
});

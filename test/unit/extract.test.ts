import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { checkPlan } from '../../src/ingest/checks';
import { collapseWhitespace } from '../../src/domain/text';
import { ExtractError, extractPage, type Extraction, type KnownEntity, type ProjectBlock } from '../../src/ingest/extract/extract';
import { readDate } from '../../src/ingest/extract/drafts';
import { parseDuration } from '../../src/ingest/extract/icmpdListing';
import { parsePartialDate } from '../../src/domain/partialDate';
import { planDataset } from '../../src/ingest/plan';
import { readDataset } from '../../src/ingest/readDataset';
import { nameKeys } from '../../src/domain/names';
import { DenyList, denyListEntry } from '../../src/security/denyList';
import { writeFixture } from '../support/fixtures';
import type { EntityLabel } from '../../src/domain/entities';

const DOCUMENTS = path.join(__dirname, '..', '..', 'data', 'documents');
const IOM_DOC = '001_52b66451182a7adf.txt';
const ICMPD_DOC = '002_5ad14045ceff5a29.txt';
const iomPage = readFileSync(path.join(DOCUMENTS, IOM_DOC), 'utf8');
const icmpdPage = readFileSync(path.join(DOCUMENTS, ICMPD_DOC), 'utf8');

function entity(id: string, label: EntityLabel, ...names: string[]): KnownEntity {
  return { id, label, nameKeys: nameKeys(names) };
}

/**
 * What the tests "know": enough for some names on the pages to resolve and, on purpose, not
 * the British Embassy, the Republic of Turkey, the United Kingdom, the FCO, Kosovo or most of
 * the project managers, which must then be reported rather than invented.
 */
const KNOWN: KnownEntity[] = [
  entity('org:icmpd', 'Organisation', 'International Centre for Migration Policy Development', 'ICMPD'),
  entity('org:dgmm', 'Organisation', 'Directorate General of Migration Management', 'DGMM', 'Directorate-General for Migration Management'),
  entity('org:eu', 'Organisation', 'European Union', 'EU'),
  entity('org:maastricht-university', 'Organisation', 'Maastricht University'),
  entity('org:sem', 'Organisation', 'State Secretariat for Migration', 'SEM', 'Swiss State Secretariat for Migration'),
  entity('org:iom', 'Organisation', 'International Organization for Migration', 'IOM'),
  entity('country:TR', 'Country', 'Türkiye', 'Turkey', 'TR'),
  entity('person:ozge-hassa', 'Person', 'Özge Hassa'),
];
const KNOWN_IDS = new Set(KNOWN.map((k) => k.id));

function projectNamed(extraction: Extraction, acronymOrName: string): ProjectBlock {
  const project = extraction.dataset.projects.find((p) => p.acronym === acronymOrName || p.name === acronymOrName);
  if (!project) throw new Error(`no project ${acronymOrName} in ${extraction.dataset.projects.map((p) => p.acronym ?? p.name).join(', ')}`);
  return project;
}

function ids(links: Array<{ id: string }> | undefined): string[] {
  return (links ?? []).map((l) => l.id);
}

/** Every `excerpt` anywhere in a value. */
function excerptsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(excerptsIn);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => (key === 'excerpt' && typeof v === 'string' ? [v] : excerptsIn(v)));
  }
  return [];
}

/** Every `id` a link or role points at (entries' own ids excluded). */
function referencedIds(extraction: Extraction): string[] {
  const { projects, people = [] } = extraction.dataset;
  return [
    ...projects.flatMap((p) => [...ids(p.fundedBy), ...ids(p.implementedBy), ...ids(p.beneficiaries), ...ids(p.partners), ...ids(p.countries), ...ids(p.alignedWith)]),
    ...people.map((p) => p.id),
  ];
}

function expectExcerptsVerbatim(extraction: Extraction, page: string): void {
  const text = collapseWhitespace(page);
  const excerpts = [...excerptsIn(extraction.dataset), ...extraction.unresolved.map((u) => u.excerpt)];
  expect(excerpts.length).toBeGreaterThan(0);
  for (const excerpt of excerpts) expect(text).toContain(collapseWhitespace(excerpt));
}

/** Writes the extraction as YAML beside its page and runs the ingest checks on it, as `npm run ingest -- --dry-run` would. */
function expectValidDataset(extraction: Extraction, documentId: string, page: string, known: KnownEntity[] = KNOWN): void {
  const fixture = writeFixture({ 'extracted.yaml': stringify(extraction.dataset, { lineWidth: 0 }) }, { [documentId]: page });
  const planned = planDataset(readDataset(fixture.datasetDir));
  const knownLabels = new Map<string, EntityLabel>(known.map((k) => [k.id, k.label]));
  expect(() => checkPlan(planned, fixture.documentsDir, knownLabels)).not.toThrow();
  expect(planned.plan.nodes.filter((n) => n.label === 'Project')).toHaveLength(extraction.dataset.projects.length);
}

describe('extracting the seed IOM project page', () => {
  const extraction = extractPage(iomPage, IOM_DOC, KNOWN);
  const project = extraction.dataset.projects[0];

  it('recognises the IOM format and finds one project, titled by the line before the field block', () => {
    expect(extraction.format).toBe('iom-project-page');
    expect(extraction.dataset.projects).toHaveLength(1);
    expect(project?.name).toBe('Supporting the Turkish Gendarmerie in Building the Capacity of the Department of Counter Trafficking and Smuggling');
    expect(project?.id).toBe('project:supporting-the-turkish-gendarmerie-in-building-the-capacity');
    expect(extraction.dataset.sources).toEqual([{ id: IOM_DOC, title: project?.name, publisher: 'International Organization for Migration (IOM)' }]);
  });

  it('reads the dates to the year, the status, budget, type, coverage and IOM identifiers', () => {
    expect(project).toMatchObject({
      start: '2018',
      end: '2020',
      status: 'COMPLETED',
      budget: { amount: 200000, currency: 'USD' },
      projectType: 'Protection and Assistance to Vulnerable Migrants',
      coverage: 'National',
      identifiers: [
        { scheme: 'IOM Prima ID', value: 'TR10P0003' },
        { scheme: 'IOM Projects ID', value: 'PX.0011' },
      ],
    });
    expect(parsePartialDate(String(project?.start))?.precision).toBe('YEAR');
    expect(parsePartialDate(String(project?.end))?.precision).toBe('YEAR');
  });

  it('takes the sentence stating the aim as the description', () => {
    expect(project?.description).toMatch(/^To respond to these gaps, the proposed project aims to build the capacity of the Gendarmerie’s newly-established Department/);
  });

  it('links the benefiting member state to the known Türkiye and IOM as lead implementer', () => {
    expect(project?.countries).toEqual([{ id: 'country:TR', evidence: [{ document: IOM_DOC, excerpt: 'Benefiting Member States Türkiye' }] }]);
    expect(project?.implementedBy).toEqual([{ id: 'org:iom', role: 'LEAD', evidence: [{ document: IOM_DOC, excerpt: 'Prima ID TR10P0003' }] }]);
    expect(extraction.unresolved).toEqual([]);
  });

  it('cites only excerpts that occur verbatim in the page', () => {
    expectExcerptsVerbatim(extraction, iomPage);
  });

  it('produces a dataset that passes the ingest checks', () => {
    expectValidDataset(extraction, IOM_DOC, iomPage);
  });
});

describe('extracting the seed ICMPD listing', () => {
  const extraction = extractPage(icmpdPage, ICMPD_DOC, KNOWN);

  it('recognises the ICMPD format and finds the six projects with their acronyms', () => {
    expect(extraction.format).toBe('icmpd-listing');
    expect(extraction.dataset.projects.map((p) => [p.id, p.acronym])).toEqual([
      ['project:p-tip-turkey', 'P-TIP Turkey'],
      ['project:mind', 'MIND'],
      ['project:sidem', 'SIDEM'],
      ['project:ascap-ii', 'ASCAP II'],
      ['project:dgmm-iii', 'DGMM III'],
      ['project:mimak-ii', 'MIMAK II'],
    ]);
    expect(projectNamed(extraction, 'MIMAK II').name).toBe('Strengthening Migration Management Authorities in Kosovo');
  });

  it('marks every project ONGOING, as listed under "Ongoing Projects"', () => {
    expect(extraction.dataset.projects.map((p) => p.status)).toEqual(Array(6).fill('ONGOING'));
    expect(projectNamed(extraction, 'MIND').evidence).toContainEqual({ document: ICMPD_DOC, excerpt: 'Ongoing Projects' });
  });

  it('reads phased durations to the day and the project as running from the first phase to the last', () => {
    const pTip = projectNamed(extraction, 'P-TIP Turkey');
    expect(pTip).toMatchObject({ start: '2017-05-15', end: '2018-09-30' });
    expect(pTip.phases).toEqual([
      { name: 'First Phase', start: '2017-05-15', end: '2018-03-31' },
      { name: 'Second Phase', start: '2018-04-01', end: '2018-09-30' },
    ]);
    expect(projectNamed(extraction, 'DGMM III')).toMatchObject({ start: '2017-05-15', end: '2018-09-30' });
  });

  it('reads German and English month names to the month, and lends a phase start its end year', () => {
    expect(projectNamed(extraction, 'SIDEM')).toMatchObject({ start: '2017-05', end: '2019-05' });
    expect(parsePartialDate(String(projectNamed(extraction, 'SIDEM').start))?.precision).toBe('MONTH');
    expect(projectNamed(extraction, 'MIND')).toMatchObject({ start: '2017-04', end: '2019-04' });
    expect(projectNamed(extraction, 'MIMAK II')).toMatchObject({ start: '2017-07', end: '2018-12' });
    expect(projectNamed(extraction, 'ASCAP II')).toMatchObject({
      start: '2017-05',
      end: '2018-09',
      phases: [
        { name: '1st phase', start: '2017-05', end: '2018-03' },
        { name: '2nd phase', start: '2018-04', end: '2018-09' },
      ],
    });
  });

  it('takes the objective as the description, also when "Objective:" lacks its space', () => {
    expect(projectNamed(extraction, 'ASCAP II').description).toMatch(/^To strengthen the international protection status determination procedures/);
    expect(projectNamed(extraction, 'MIND').description).toBe(
      'To contribute to the establishment of a comprehensive and sustainable migration policy framework in Turkey taking into account good practices applied in EU Member States (EU MS) and other countries.',
    );
  });

  it('makes ICMPD the lead and the organisation "in cooperation with" or "in partnership with" a partner', () => {
    const implementers = (acronym: string) => (projectNamed(extraction, acronym).implementedBy ?? []).map((l) => [l.id, l.role]);
    expect(implementers('P-TIP Turkey')).toEqual([
      ['org:icmpd', 'LEAD'],
      ['org:dgmm', 'PARTNER'],
    ]);
    expect(implementers('MIMAK II')).toEqual([
      ['org:icmpd', 'LEAD'],
      ['org:maastricht-university', 'PARTNER'],
    ]);
    for (const acronym of ['MIND', 'SIDEM', 'ASCAP II', 'DGMM III']) expect(implementers(acronym)).toEqual([['org:icmpd', 'LEAD']]);
  });

  it('links known donors, splitting a co-financing into its two donors', () => {
    expect(ids(projectNamed(extraction, 'MIND').fundedBy)).toEqual(['org:eu']);
    expect(ids(projectNamed(extraction, 'MIMAK II').fundedBy)).toEqual(['org:sem']);
    // The whole "Swiss Federation, State Secretariat for Migration" is unknown; its second part is SEM.
    expect(ids(projectNamed(extraction, 'SIDEM').fundedBy)).toEqual(['org:sem']);
    expect(projectNamed(extraction, 'MIND').fundedBy?.[0]?.evidence).toEqual([{ document: ICMPD_DOC, excerpt: 'Donors: Co-financed by the European Union and the Republic of Turkey' }]);
  });

  it('links main beneficiaries and countries that are known', () => {
    expect(projectNamed(extraction, 'MIND').beneficiaries).toEqual([
      // The line occurs under two projects of the listing: it is placed under this one's title.
      { id: 'org:dgmm', role: 'main beneficiary', evidence: [{ document: ICMPD_DOC, excerpt: 'Main Beneficiary: Directorate General of Migration Management', under: 'Supporting Migration Policy Development in Turkey (MIND)' }] },
    ]);
    expect(ids(projectNamed(extraction, 'DGMM III').beneficiaries)).toEqual(['org:dgmm']);
    expect(ids(projectNamed(extraction, 'P-TIP Turkey').countries)).toEqual(['country:TR']);
    expect(projectNamed(extraction, 'MIMAK II').countries).toBeUndefined();
  });

  it('lists every name it cannot resolve, with its role, project and excerpt, and links none of them', () => {
    expect(extraction.unresolved.map((u) => [u.role, u.name, u.project])).toEqual([
      ['donor', 'British Embassy, Ankara', 'project:p-tip-turkey'],
      ['donor', 'Republic of Turkey', 'project:mind'],
      ['person', 'Hakkı Onur Arıner', 'project:mind'],
      ['donor', 'Swiss Federation', 'project:sidem'],
      ['person', 'Sezin ÜSKENT', 'project:sidem'],
      ['donor', 'United Kingdom', 'project:ascap-ii'],
      ['person', 'Yigit Kader', 'project:ascap-ii'],
      ['donor', 'UK Foreign and Commonwealth Office', 'project:dgmm-iii'],
      ['person', 'Semra Özgür', 'project:dgmm-iii'],
      ['country', 'Kosovo', 'project:mimak-ii'],
    ]);
    expect(extraction.unresolved[0]?.excerpt).toBe('Donor: British Embassy, Ankara');
  });

  it('invents no entity: it writes no organisations or countries, and refers only to known ids', () => {
    expect(Object.keys(extraction.dataset).sort()).toEqual(['people', 'projects', 'sources']);
    for (const id of referencedIds(extraction)) expect(KNOWN_IDS).toContain(id);
  });

  it('records a known project manager in a role on the project', () => {
    expect(extraction.dataset.people).toEqual([
      {
        id: 'person:ozge-hassa',
        name: 'Özge Hassa',
        evidence: [{ document: ICMPD_DOC, excerpt: 'Project Manager: Özge Hassa' }],
        roles: [{ project: 'project:p-tip-turkey', title: 'Project Manager', evidence: [{ document: ICMPD_DOC, excerpt: 'Project Manager: Özge Hassa' }] }],
      },
    ]);
  });

  it('emits nothing from the summaries', () => {
    const yaml = stringify(extraction.dataset);
    expect(yaml).not.toContain('Summary');
    expect(yaml).not.toMatch(/victims of trafficking/i);
  });

  it('cites only excerpts that occur verbatim in the page', () => {
    expectExcerptsVerbatim(extraction, icmpdPage);
  });

  it('produces a dataset that passes the ingest checks', () => {
    expectValidDataset(extraction, ICMPD_DOC, icmpdPage);
  });

  it('reuses the id of a project already known and says so', () => {
    const known = [...KNOWN, entity('project:p-tip', 'Project', 'Preventing, Identifying and Combating Trafficking in Persons in Turkey', 'P-TIP Turkey', 'P-TIP')];
    const again = extractPage(icmpdPage, ICMPD_DOC, known);
    expect(again.dataset.projects[0]?.id).toBe('project:p-tip');
    expect(again.warnings).toContainEqual(expect.stringContaining('already known as project:p-tip'));
  });
});

const MADE_UP_IOM = [
  '-',
  'Who we are',
  'WHO WE AREThe International Organization for Migration (IOM) is part of the United Nations System.',
  '-',
  'Our Work',
  '- Where we work',
  '-',
  'Take Action',
  '- Data and Research',
  'Strengthening Coastal Search and Rescue Coordination (SARC)',
  '-',
  'Start Date',
  '15 March 2021',
  '-',
  'End Date',
  '2023',
  '-',
  'Project Status',
  'Ongoing',
  '-',
  'Project Type',
  'Border Management',
  '-',
  'Budget Amount (USD)',
  '1,250,000.50',
  '-',
  'Coverage',
  'Regional',
  '-',
  'Year',
  '2021',
  '-',
  'Prima ID',
  'XX10P0042',
  '-',
  'Projects ID',
  'PX.0099',
  '-',
  'Benefiting Member States',
  'Türkiye, Greece',
  'Coastal authorities face rising numbers of departures. The project aims to improve the coordination of search and rescue between national coast guards. A separate study interviewed people on board.',
].join('\n');

describe('extracting a made-up IOM project page', () => {
  const doc = 'made-up-iom.txt';
  const extraction = extractPage(MADE_UP_IOM, doc, KNOWN);
  const project = extraction.dataset.projects[0];

  it('skips the navigation and reads the title, acronym and a start given to the day', () => {
    expect(project).toMatchObject({ id: 'project:sarc', name: 'Strengthening Coastal Search and Rescue Coordination', acronym: 'SARC', start: '2021-03-15', end: '2023' });
    expect(parsePartialDate(String(project?.start))?.precision).toBe('DAY');
  });

  it('reads the status, a budget with thousands separators and the coverage', () => {
    expect(project).toMatchObject({ status: 'ONGOING', budget: { amount: 1250000.5, currency: 'USD' }, coverage: 'Regional', projectType: 'Border Management' });
  });

  it('keeps only the aim sentence of the free text', () => {
    expect(project?.description).toBe('The project aims to improve the coordination of search and rescue between national coast guards.');
    expect(stringify(extraction.dataset)).not.toContain('interviewed');
  });

  it('links the known member state and lists the unknown one', () => {
    expect(ids(project?.countries)).toEqual(['country:TR']);
    expect(extraction.unresolved).toEqual([{ name: 'Greece', role: 'country', project: 'project:sarc', excerpt: 'Benefiting Member States Türkiye, Greece' }]);
  });

  it('produces a dataset that passes the ingest checks, citing the page verbatim', () => {
    expectExcerptsVerbatim(extraction, MADE_UP_IOM);
    expectValidDataset(extraction, doc, MADE_UP_IOM);
  });
});

const MADE_UP_ICMPD = `Completed Projects

Regional Dialogue on Labour Migration (REDIAL)

Objective:To strengthen dialogue on labour migration between countries of origin and destination.

Summary: The project brings officials together.

Country of origin information is exchanged in workshops, which no field should be read from.

  • Workshops;
  • Study visits.

Donors: Co-financed by the European Union and the Republic of Turkey

Implementing Agency: ICMPD, in partnership with Example University

Duration: 1st phase: May 2017 – March 2018; 2nd phase: April – September 2018

Country: Turkey

Project Manager: Özge Hassa

Downloads: Full project description (PDF)

 

Migration Data Capacity in Türkiye (MIDAC II)

Objective: To improve the collection and analysis of migration data.

Donor: Swiss State Secretariat for Migration

Implementing Agency: International Centre for Migration Policy Development (ICMPD)

Main Beneficiary: Directorate-General for Migration Management

Duration: Mai 2019 - Dezember  2020

Country: Türkiye

Project Manager: Jane Example

DownloadsFull project description (PDF)
`;

describe('extracting a made-up ICMPD listing', () => {
  const doc = 'made-up-icmpd.txt';
  const extraction = extractPage(MADE_UP_ICMPD, doc, KNOWN);
  const redial = () => projectNamed(extraction, 'REDIAL');
  const midac = () => projectNamed(extraction, 'MIDAC II');

  it('finds both projects and marks them COMPLETED from the heading', () => {
    expect(extraction.dataset.projects.map((p) => [p.id, p.status])).toEqual([
      ['project:redial', 'COMPLETED'],
      ['project:midac-ii', 'COMPLETED'],
    ]);
  });

  it('splits "Co-financed by the European Union and the Republic of Turkey" into two donors', () => {
    expect(ids(redial().fundedBy)).toEqual(['org:eu']);
    expect(extraction.unresolved).toContainEqual({
      name: 'Republic of Turkey',
      role: 'donor',
      project: 'project:redial',
      excerpt: 'Donors: Co-financed by the European Union and the Republic of Turkey',
    });
  });

  it('lists both co-financers separately when neither is known', () => {
    const unknown = extractPage(MADE_UP_ICMPD, doc, KNOWN.filter((k) => k.id !== 'org:eu'));
    expect(unknown.unresolved.filter((u) => u.role === 'donor' && u.project === 'project:redial').map((u) => u.name)).toEqual(['European Union', 'Republic of Turkey']);
  });

  it('reads "1st phase:/2nd phase:" with a start that borrows its year from the end', () => {
    expect(redial()).toMatchObject({
      start: '2017-05',
      end: '2018-09',
      phases: [
        { name: '1st phase', start: '2017-05', end: '2018-03' },
        { name: '2nd phase', start: '2018-04', end: '2018-09' },
      ],
    });
  });

  it('reads German month names and extra spaces in a plain range', () => {
    expect(midac()).toMatchObject({ start: '2019-05', end: '2020-12' });
    expect(midac().phases).toBeUndefined();
  });

  it('makes the partner "in partnership with" an unresolved implementing partner when unknown', () => {
    expect(redial().implementedBy).toEqual([{ id: 'org:icmpd', role: 'LEAD', evidence: [{ document: doc, excerpt: 'Implementing Agency: ICMPD, in partnership with Example University' }] }]);
    expect(extraction.unresolved).toContainEqual(expect.objectContaining({ name: 'Example University', role: 'implementing partner', project: 'project:redial' }));
  });

  it('resolves a name written with its acronym, and an alias, to the known entity', () => {
    expect(ids(midac().implementedBy)).toEqual(['org:icmpd']);
    expect(midac().beneficiaries).toEqual([{ id: 'org:dgmm', role: 'main beneficiary', evidence: [{ document: doc, excerpt: 'Main Beneficiary: Directorate-General for Migration Management' }] }]);
    expect(ids(midac().countries)).toEqual(['country:TR']);
  });

  it('reads no field from summary prose and keeps the objective without its missing space', () => {
    expect(redial().description).toBe('To strengthen dialogue on labour migration between countries of origin and destination.');
    expect(redial().countries).toEqual([{ id: 'country:TR', evidence: [{ document: doc, excerpt: 'Country: Turkey' }] }]);
  });

  it('lists an unknown project manager and records a known one', () => {
    expect(extraction.unresolved).toContainEqual({ name: 'Jane Example', role: 'person', project: 'project:midac-ii', excerpt: 'Project Manager: Jane Example' });
    expect(extraction.dataset.people?.map((p) => [p.id, p.roles?.map((r) => r.project)])).toEqual([['person:ozge-hassa', ['project:redial']]]);
  });

  it('takes the paragraph below a label that stands alone on its line as its value', () => {
    const page = MADE_UP_ICMPD.replace('Donor: Swiss State Secretariat for Migration', 'Donor:\n\nSwiss State Secretariat for Migration');
    const split = extractPage(page, doc, KNOWN);
    expect(projectNamed(split, 'MIDAC II').fundedBy).toEqual([{ id: 'org:sem', evidence: [{ document: doc, excerpt: 'Donor: Swiss State Secretariat for Migration' }] }]);
    expectExcerptsVerbatim(split, page);
  });

  it('produces a dataset that passes the ingest checks, citing the page verbatim', () => {
    expectExcerptsVerbatim(extraction, MADE_UP_ICMPD);
    expectValidDataset(extraction, doc, MADE_UP_ICMPD);
  });
});

describe('names on the deny-list', () => {
  const canary = 'Velvet Canary-Okonkwo-Lindqvist';
  const page = MADE_UP_ICMPD.replace('Project Manager: Jane Example', `Project Manager: ${canary}`);
  const denyList = DenyList.fromEntries([denyListEntry(canary)]);

  it('are withheld from the entries, the unresolved names and the warnings, and only counted', () => {
    const extraction = extractPage(page, 'deny.txt', KNOWN, { denyList });
    const output = JSON.stringify(extraction);
    expect(output).not.toMatch(/canary|okonkwo|lindqvist/i);
    expect(extraction.withheld).toBeGreaterThan(0);
    expect(extraction.dataset.projects).toHaveLength(2);
  });

  it('are reported like any other name when no deny-list is given', () => {
    const extraction = extractPage(page, 'deny.txt', KNOWN);
    expect(extraction.unresolved.map((u) => u.name)).toContain(canary);
    expect(extraction.withheld).toBe(0);
  });
});

describe('pages of neither format', () => {
  it('are refused with an error naming the document', () => {
    expect(() => extractPage('Just a news story.\nNothing here is a project page.', 'news.txt', KNOWN)).toThrow(ExtractError);
    expect(() => extractPage('Just a news story.', 'news.txt', KNOWN)).toThrow(/^news\.txt is neither an IOM project page .* nor an ICMPD project listing/);
  });

  it('no longer include the seed story page: the news reader reads its project and donor from prose, for review', () => {
    const story = readFileSync(path.join(DOCUMENTS, '004_be416b9a93a034aa.txt'), 'utf8');
    const extraction = extractPage(story, '004_be416b9a93a034aa.txt', KNOWN);
    expect(extraction.format).toBe('news');
    expect(extraction.review).toBe(true);
    expect(extraction.report[0]).toMatchObject({ name: 'Initiative to Strengthen Identification Process of Victims of Trafficking in Persons in Istanbul', donors: [{ name: 'Kingdom of the Netherlands', id: null }] });
    expectExcerptsVerbatim(extraction, story);
  });

  it('include a page that mentions a start date without the other IOM fields', () => {
    expect(() => extractPage('A Title\n-\nStart Date\n2020\nSome text.', 'partial.txt', KNOWN)).toThrow(ExtractError);
  });
});

describe('reading dates and durations', () => {
  it('reads a single date at the precision written', () => {
    expect(readDate('2018')).toBe('2018');
    expect(readDate('Mai 2017')).toBe('2017-05');
    expect(readDate('15 March 2021')).toBe('2021-03-15');
    expect(readDate('March 15, 2021')).toBe('2021-03-15');
    expect(readDate('2021-03-15')).toBe('2021-03-15');
    expect(readDate('31 February 2021')).toBeUndefined();
    expect(readDate('soon')).toBeUndefined();
  });

  it('reads ranges with en dashes, hyphens with or without spaces, and a start year taken from the end', () => {
    expect(parseDuration('15 May 2017 – 31 March 2018')).toMatchObject({ start: '2017-05-15', end: '2018-03-31', problems: [] });
    expect(parseDuration('1 April 2018-30 September 2018')).toMatchObject({ start: '2018-04-01', end: '2018-09-30' });
    expect(parseDuration('März 2019 - Juni 2020')).toMatchObject({ start: '2019-03', end: '2020-06' });
    expect(parseDuration('November – February 2019')).toMatchObject({ start: '2018-11', end: '2019-02' });
  });

  it('reads "First Phase: …; Second Phase: …" into phases spanning the project', () => {
    expect(parseDuration('First Phase: 15 May 2017 – 31 March 2018; Second Phase: 1 April 2018-30 September 2018')).toEqual({
      start: '2017-05-15',
      end: '2018-09-30',
      durationMonths: undefined,
      phases: [
        { name: 'First Phase', start: '2017-05-15', end: '2018-03-31' },
        { name: 'Second Phase', start: '2018-04-01', end: '2018-09-30' },
      ],
      problems: [],
    });
  });

  it('keeps a stated length and reports what it cannot read instead of guessing', () => {
    expect(parseDuration('24 months')).toEqual({ durationMonths: 24, phases: [], problems: [] });
    expect(parseDuration('to be confirmed').problems).toEqual(['could not read the duration (no date)']);
    expect(parseDuration('15–30 May 2018').problems).toHaveLength(1);
  });
});

describe('resolving names', () => {
  it('leaves an ambiguous name unresolved with its candidates', () => {
    const known = [...KNOWN, entity('org:sem-other', 'Organisation', 'SEM')];
    const page = MADE_UP_ICMPD.replace('Donor: Swiss State Secretariat for Migration', 'Donor: SEM');
    const extraction = extractPage(page, 'ambiguous.txt', known);
    expect(midacFunders(extraction)).toEqual([]);
    expect(extraction.unresolved).toContainEqual(expect.objectContaining({ name: 'SEM', role: 'donor', candidates: ['org:sem', 'org:sem-other'] }));
  });

  it('reports a singular donor "X, Y" whole when no part of it is known', () => {
    const page = MADE_UP_ICMPD.replace('Donor: Swiss State Secretariat for Migration', 'Donor: Embassy of Examplia, Ankara');
    const extraction = extractPage(page, 'embassy.txt', KNOWN);
    expect(extraction.unresolved.filter((u) => u.role === 'donor' && u.project === 'project:midac-ii').map((u) => u.name)).toEqual(['Embassy of Examplia, Ankara']);
  });
});

describe('project ids', () => {
  it('are slugs of the acronym, made unique when two projects of a page share one', () => {
    const page = MADE_UP_ICMPD.replace('(MIDAC II)', '(REDIAL)');
    expect(extractPage(page, 'twice.txt', KNOWN).dataset.projects.map((p) => p.id)).toEqual(['project:redial', 'project:redial-2']);
  });

  it('never take the id of a known entity that the page does not name', () => {
    const known = [...KNOWN, entity('project:redial', 'Project', 'Some Other Project')];
    expect(extractPage(MADE_UP_ICMPD, 'taken.txt', known).dataset.projects[0]?.id).toBe('project:redial-2');
  });
});

function midacFunders(extraction: Extraction): string[] {
  return ids(projectNamed(extraction, 'MIDAC II').fundedBy);
}

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { collapseWhitespace } from '../../src/domain/text';
import { extractPage, extractPageResolved, pageText, readPage } from '../../src/ingest/extract/extract';
import { addScores, emptyScore, namesNotInPage, scorePage, targetsMet, type ExpectedPage } from '../../src/ingest/extract/evaluate';
import { htmlToText } from '../../src/ingest/extract/html';
import { datasetResolver } from '../../src/ingest/extract/resolution';
import { redacted } from '../../src/ingest/extract/review';
import { DenyList, denyListEntry } from '../../src/security/denyList';
import { countryNamesIn, labelledLine, labelOf, moneyIn, splitNameList } from '../../src/ingest/extract/vocabulary';
import { readDate } from '../../src/ingest/extract/drafts';

const ROOT = path.join(__dirname, '..', '..');
const PAGES = path.join(ROOT, 'test', 'fixtures', 'pages');
const seedResolver = datasetResolver(path.join(ROOT, 'data', 'seed'));

describe('HTML pages', () => {
  it('are reduced to their text with a real parser: blocks are lines, scripts, styles and navigation dropped, entities decoded', () => {
    const text = htmlToText(
      '<html><head><title>T</title><style>p{}</style></head><body><nav>Home Start Date</nav><script>var a = "<p>x</p>";</script>' +
        '<h1>Title &amp; more</h1><p>Donor: <b>European&nbsp;Union</b></p><div hidden>secret</div><ul><li>One</li><li>Two<br>Three</li></ul></body></html>',
    );
    expect(text).toBe('Title & more\nDonor: European Union\nOne\nTwo\nThree\n');
    expect(htmlToText('<div><span class="field-label">Start Date</span><span class="field-value">2018</span> <span>and</span><b>bold</b></div>')).toBe('Start Date\n2018\nandbold\n');
  });

  it('are read like text pages, and every excerpt is verbatim in the text kept', () => {
    const text = pageText('page.html', readFileSync(path.join(PAGES, 'iom-project-empty-labels.html'), 'utf8'));
    const extraction = extractPage(text, 'page.txt', []);
    expect(extraction.format).toBe('iom-project-page');
    const page = collapseWhitespace(text);
    for (const p of extraction.dataset.projects) for (const e of p.evidence) expect(page).toContain(e.excerpt);
  });
});

describe('the text kept of a page', () => {
  it('has every line naming someone on the deny-list replaced, and the rest as it was', () => {
    const deny = DenyList.fromEntries([denyListEntry('Velvet Canary-Okonkwo')]);
    const kept = redacted('Title\nA story about Velvet Canary-Okonkwo.\nDonor: EU\n', deny);
    expect(kept).not.toMatch(/canary|okonkwo/i);
    expect(kept.split('\n')).toEqual(['Title', expect.stringMatching(/^\[REDACTED/), 'Donor: EU', '']);
  });
});

describe('the label vocabulary', () => {
  it('knows labels by their synonyms, with a currency a label names', () => {
    expect(labelOf('Budget Amount (USD)')).toMatchObject({ kind: 'budget', currency: 'USD' });
    expect(labelOf('Projects ID')?.kind).toBe('projectsId');
    expect(labelOf('Benefiting Member States')?.kind).toBe('countries');
    expect(labelOf('Project Manager/Co-Author:')?.kind).toBe('manager');
    expect(labelOf('Ongoing')).toBeUndefined();
  });

  it('reads labels run into their values, and never prose that merely starts with a label word', () => {
    expect(labelledLine('DonorsThe Foreign and Commonwealth Office')).toMatchObject({ label: { kind: 'donors' }, value: 'The Foreign and Commonwealth Office' });
    expect(labelledLine('Country of origin information is exchanged.')).toBeUndefined();
    expect(labelledLine('Donor\tEuropean Union')).toMatchObject({ label: { kind: 'donors' }, value: 'European Union' });
  });

  it('reads amounts as pages write them', () => {
    expect(moneyIn('EUR 11 million')).toEqual({ amount: 11_000_000, currency: 'EUR' });
    expect(moneyIn('€2.5m')).toEqual({ amount: 2_500_000, currency: 'EUR' });
    expect(moneyIn('EUR 3.000.000')).toEqual({ amount: 3_000_000, currency: 'EUR' });
    expect(moneyIn('4 200 000 CHF')).toEqual({ amount: 4_200_000, currency: 'CHF' });
    expect(moneyIn('1,400,000', 'USD')).toEqual({ amount: 1_400_000, currency: 'USD' });
    expect(moneyIn('Funding from the EU')).toBeUndefined();
  });

  it('reads numeric dates day first, and month and year', () => {
    expect(readDate('01.03.2019')).toBe('2019-03-01');
    expect(readDate('06/2021')).toBe('2021-06');
    expect(readDate('13/2021')).toBeUndefined();
  });

  it('splits lists of names without cutting names that hold "and"', () => {
    expect(splitNameList('State Police, the Office of the General Prosecutor and the State Social Service')).toEqual(['State Police', 'the Office of the General Prosecutor', 'the State Social Service']);
    expect(splitNameList('Government of Canada and Government of Australia')).toEqual(['Government of Canada', 'Government of Australia']);
    expect(splitNameList('Ministry of Labour and Social Policy')).toEqual(['Ministry of Labour and Social Policy']);
    expect(splitNameList('Bosnia and Herzegovina')).toEqual(['Bosnia and Herzegovina']);
    expect(splitNameList('Ghana and Nigeria')).toEqual(['Ghana', 'Nigeria']);
  });

  it('finds country names in prose as written, not cities', () => {
    expect(countryNamesIn('Working with Serbia, North Macedonia and Bosnia and Herzegovina, a conference in Belgrade.').map((c) => c.name)).toEqual(['Serbia', 'North Macedonia', 'Bosnia and Herzegovina']);
  });
});

describe('the readers', () => {
  it('take a value written before its label, and leave a label empty when the next line is a label', () => {
    const page = readPage('XYZ: A Made-up Project\nStatus\nCompleted\nPeru, Chile\nCountries\nDuration\nMay 2018 to June 2019\nDonors\nNational Lottery Fund\nProject Info\nText.', 'p.txt');
    expect(page.format).toBe('icmpd-project-page');
    const [project] = page.projects;
    expect(project).toMatchObject({ name: 'A Made-up Project', acronym: 'XYZ', start: '2018-05', end: '2019-06', statusText: 'Completed' });
    expect(project?.mentions.map((m) => [m.kind, m.text, m.excerpt])).toEqual([
      ['country', 'Peru, Chile', 'Peru, Chile Countries'],
      ['donor', 'National Lottery Fund', 'Donors National Lottery Fund'],
    ]);
    expect(project?.confidence.country).toBeLessThan(project?.confidence.donor ?? 0);
  });

  it('take a name written before its label when the label has no value after it', () => {
    const page = readPage('ABC: Made-up Title Here\nCountries\nPeru\nStatus\nCompleted\nNational Lottery Fund\nDonors\nPartners\nRed Cross Society\nDuration\nMay 2019 to June 2020\nProject Info\nProse.', 'p.txt');
    expect(page.projects[0]?.mentions.map((m) => [m.kind, m.excerpt])).toEqual([
      ['country', 'Countries Peru'],
      ['donor', 'National Lottery Fund Donors'],
      ['partner', 'Partners Red Cross Society'],
    ]);
  });

  it('pass over lines between the title and the fields that are no title', () => {
    const page = readPage('Projects\nABC: Made-up Title Here\nShare this page\nCountries\nPeru\nStatus\nOngoing\nDuration\nSince March 2019\nProject Info', 'p.txt');
    expect(page.projects[0]).toMatchObject({ name: 'Made-up Title Here', acronym: 'ABC', start: '2019-03', statusText: 'Ongoing' });
    expect(page.projects[0]?.end).toBeUndefined();
  });

  it('read the countries of an IOM page from its prose when "Benefiting Member States" is empty', () => {
    const page = readPage('A Made-up Title\n-\nPrima ID\nXX10P0001\n-\nBenefiting Member States\n-\nProject Status\nActive\nThe project aims to help Peru and Chile.', 'p.txt');
    expect(page.projects[0]?.mentions.filter((m) => m.kind === 'country').map((m) => m.text)).toEqual(['Peru', 'Chile']);
  });

  it('mark the facts of a news page for review, and never read a name the page does not write', () => {
    const text = readFileSync(path.join(PAGES, 'news-launch.txt'), 'utf8');
    const extraction = extractPage(text, 'news.txt', []);
    expect(extraction.review).toBe(true);
    expect(Object.values(extraction.confidence)[0]?.donor).toBeLessThan(0.8);
    expect(namesNotInPage(text, extraction.report)).toEqual([]);
  });

  it('refuse a page that states no project, naming it', () => {
    expect(() => readPage('Weather today\nSunny with light wind.', 'weather.txt')).toThrow(/^weather\.txt is neither/);
  });
});

describe('names through the resolver', () => {
  const page = 'Ongoing Projects\n\nA Made-up Project (AMUP)\n\nObjective: To test.\n\nDonor: Europan Union\n\nImplementing Agency: ICMPD\n\nCountry: Turkey\n\nDuration: 2020 – 2021\n';

  it('links exact names, proposes a near match with its score without linking it, and lists unknown names', async () => {
    const extraction = await extractPageResolved(`${page}\nDonors: Fund for Imaginary Causes\n`, 'amup.txt', seedResolver);
    const [project] = extraction.report;
    expect(project?.implementers).toEqual([{ name: 'ICMPD', id: 'org:icmpd' }]);
    expect(project?.countries).toEqual([{ name: 'Turkey', id: 'country:TR' }]);
    expect(project?.donors).toContainEqual({ name: 'Europan Union', id: null });
    const near = extraction.unresolved.find((u) => u.name === 'Europan Union');
    expect(near?.suggestions?.[0]?.id).toBe('org:eu');
    expect(near?.suggestions?.[0]?.score).toBeGreaterThan(0.7);
    expect(extraction.dataset.projects[0]?.fundedBy).toBeUndefined();
  });

  it('only propose a state body of another country than the project\'s, by its generic name', async () => {
    const morocco = page.replace('Country: Turkey', 'Country: Morocco').replace('Implementing Agency: ICMPD', 'Implementing Agency: ICMPD\n\nMain Beneficiary: Directorate General of Migration Management');
    const extraction = await extractPageResolved(morocco, 'ma.txt', seedResolver);
    expect(extraction.report[0]?.beneficiaries).toEqual([{ name: 'Directorate General of Migration Management', id: null }]);
    expect(extraction.unresolved).toContainEqual(expect.objectContaining({ name: 'Directorate General of Migration Management', suggestions: [{ id: 'org:dgmm', score: 1 }] }));
    const turkey = await extractPageResolved(morocco.replace('Country: Morocco', 'Country: Turkey'), 'tr.txt', seedResolver);
    expect(turkey.report[0]?.beneficiaries).toEqual([{ name: 'Directorate General of Migration Management', id: 'org:dgmm' }]);
  });

  it('recognise a known project by its acronym and report what differs as conflicts', async () => {
    const again = page.replace('A Made-up Project (AMUP)', 'Supporting Migration Policy Development in Turkey (MIND)');
    const extraction = await extractPageResolved(again, 'mind.txt', seedResolver);
    expect(extraction.report[0]?.matchedProject).toBe('project:mind');
    expect(extraction.dataset.projects[0]?.id).toBe('project:mind');
    expect(extraction.conflicts).toContainEqual({ project: 'project:mind', field: 'startDate', existing: '2017-04', found: '2020' });
  });
});

describe('the measure over the test pages', () => {
  it('reaches 95% recall on every field and full precision on names', async () => {
    let total = emptyScore();
    const files = readdirSync(PAGES).filter((f) => /\.(txt|html)$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const file of files) {
      const text = pageText(file, readFileSync(path.join(PAGES, file), 'utf8'));
      const expected = JSON.parse(readFileSync(path.join(PAGES, file.replace(/\.(txt|html)$/, '.expected.json')), 'utf8')) as ExpectedPage;
      const extraction = await extractPageResolved(text, file.replace(/\.html$/, '.txt'), seedResolver);
      expect(namesNotInPage(text, extraction.report)).toEqual([]);
      total = addScores(total, scorePage(expected, extraction.format, extraction.report));
    }
    expect(targetsMet(total).misses).toEqual([]);
  });

  it('counts a wrong value as both a false positive and a false negative', () => {
    const expected: ExpectedPage = { format: 'news', projects: [{ name: 'P', acronym: null, startDate: '2020', endDate: null, status: null, budget: null, identifiers: [], donors: ['A'], implementers: [], beneficiaries: [], partners: [], countries: [], people: [] }] };
    const found = [{ name: 'P', acronym: null, startDate: '2021', endDate: null, status: null, budget: null, identifiers: [], donors: [{ name: 'B', id: null }], implementers: [], beneficiaries: [], partners: [], countries: [], people: [], matchedProject: null }];
    const score = scorePage(expected, 'news', found);
    expect(score.startDate).toEqual({ tp: 0, fp: 1, fn: 1 });
    expect(score.donors).toEqual({ tp: 0, fp: 1, fn: 1 });
    expect(targetsMet(score).met).toBe(false);
  });
});

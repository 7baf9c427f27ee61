import { countriesDesignated, countriesMentioned, stateDesignations } from '../../src/domain/countryNames';
import { FUZZY_THRESHOLD, decide, fuzzySimilarity, scoreCandidate, standsForState, type MatchCandidateNames } from '../../src/domain/matching';
import { normaliseName } from '../../src/domain/names';
import { NEGATIVE_PAIRS, POSITIVE_PAIRS } from './matchingCalibration';

/** Candidates shaped as the seed graph has them (data/seed), with the graph's country names. */
const TR = { iso: 'TR', names: ['Türkiye', 'Turkey', 'Republic of Türkiye'] };
const NL = { iso: 'NL', names: ['Netherlands', 'The Netherlands'] };
const XK = { iso: 'XK', names: ['Kosovo'] };
const org = (id: string, name: string, more: Partial<MatchCandidateNames> = {}): MatchCandidateNames => ({
  id,
  label: 'Organisation',
  name,
  acronym: null,
  aliases: [],
  isoCode: null,
  country: null,
  ancestors: [],
  lineage: [],
  ...more,
});
const netherlands = org('org:kingdom-of-the-netherlands', 'Kingdom of the Netherlands', { aliases: ['Government of the Kingdom of the Netherlands'], country: NL });
const governmentOfTurkey = org('org:government-of-turkey', 'Government of Turkey', { aliases: ['Republic of Turkey', 'Turkish Government'], country: TR });
const moi = org('org:moi', 'Ministry of Interior', {
  acronym: 'MoI',
  aliases: ['Turkish Ministry of Interior'],
  country: TR,
  ancestors: [{ id: 'org:government-of-turkey', names: ['Government of Turkey', 'Turkish Government'] }],
});
const moiKosovo = org('org:moi-kosovo', 'Ministry of Interior', { country: XK, ancestors: [{ id: 'org:government-of-kosovo', names: ['Government of Kosovo'] }] });
const dgmm = org('org:dgmm', 'Directorate General of Migration Management', {
  acronym: 'DGMM',
  aliases: ['Göç İdaresi Genel Müdürlüğü'],
  country: TR,
  lineage: ['org:pmm'],
  ancestors: [{ id: 'org:moi', names: ['Ministry of Interior', 'MoI'] }],
});
const foreigners = org('org:dgmm-foreigners-department', 'Foreigners Department (DGMM)', { country: TR, ancestors: [{ id: 'org:dgmm', names: ['Directorate General of Migration Management', 'DGMM'] }] });
const labourEu = org('org:labour-eu', 'EU Coordination Department (Ministry of Labour)', { country: TR, ancestors: [{ id: 'org:ministry-of-labour', names: ['Ministry of Labour'] }] });
const healthEu = org('org:health-eu', 'EU Coordination Department (Ministry of Health)', { country: TR, ancestors: [{ id: 'org:ministry-of-health', names: ['Ministry of Health'] }] });
const turkeyCountry: MatchCandidateNames = { ...org('country:TR', 'Türkiye', { aliases: ['Turkey', 'Republic of Türkiye'], country: TR }), label: 'Country', isoCode: 'TR' };
const maastricht = org('org:maastricht-university', 'Maastricht University', { country: NL });

const rule = (query: string, candidate: MatchCandidateNames) => {
  const scored = scoreCandidate(query, candidate);
  return scored.matches ? scored.rule : null;
};

describe('the threshold of fuzzy matching', () => {
  it('separates every positive calibration pair from every negative one', () => {
    const positives = POSITIVE_PAIRS.map(([a, b]) => ({ a, b, ...fuzzySimilarity(a, b) }));
    const negatives = NEGATIVE_PAIRS.map(([a, b]) => ({ a, b, ...fuzzySimilarity(a, b) }));
    expect(positives.filter((p) => !p.covered || p.score < FUZZY_THRESHOLD)).toEqual([]);
    expect(negatives.filter((n) => n.covered && n.score >= FUZZY_THRESHOLD)).toEqual([]);
    // Calibrated with a margin on both sides, not on the edge of either list.
    const lowestPositive = Math.min(...positives.map((p) => p.score));
    const highestNegative = Math.max(...negatives.filter((n) => n.covered).map((n) => n.score));
    expect(lowestPositive - FUZZY_THRESHOLD).toBeGreaterThan(0.01);
    expect(FUZZY_THRESHOLD - highestNegative).toBeGreaterThan(0.01);
  });

  it('ignores word order, "of" and "for", and hyphens', () => {
    expect(fuzzySimilarity('Migration Management, Directorate-General for', 'Directorate General of Migration Management').score).toBe(1);
  });
});

describe('the rules of name resolution, in order', () => {
  it('1. matches an id', () => {
    expect(scoreCandidate('org:dgmm', dgmm)).toMatchObject({ rule: 'ID', score: 1, matches: true });
  });

  it('2. matches a name, an acronym, an alias or a code, whatever the case, diacritics, dotless i, quotes and dashes', () => {
    expect(rule('directorate general of migration management', dgmm)).toBe('NAME');
    expect(rule('dgmm', dgmm)).toBe('ACRONYM');
    expect(rule('GOC IDARESI GENEL MUDURLUGU', dgmm)).toBe('ALIAS');
    expect(rule('Göç İdaresi Genel Müdürlüğü', dgmm)).toBe('ALIAS');
    expect(rule('Directorate‐General — of Migration Management', dgmm)).toBe('NAME');
    expect(rule('tr', turkeyCountry)).toBe('CODE');
    expect(normaliseName('Women’s')).toBe(normaliseName("Women's"));
    expect(normaliseName('ıstanbul')).toBe('istanbul');
  });

  it('3. matches the names of a state and of its government to the country and to the body that stands for the state', () => {
    for (const name of ['Netherlands', 'the Netherlands', 'Government of the Netherlands', 'Dutch government', 'Holland', 'NLD', "The Netherlands' government"]) {
      expect({ name, rule: rule(name, netherlands) }).toEqual({ name, rule: 'STATE' });
    }
    for (const name of ['Republic of Türkiye', 'Turkey', 'Türkiye', 'Government of Türkiye', 'TUR']) {
      expect({ name, rule: rule(name, governmentOfTurkey) }).toEqual({ name, rule: 'STATE' });
    }
    expect(rule('Republic of Türkiye', turkeyCountry)).toBe('ALIAS');
    expect(rule('Turkish Government', turkeyCountry)).toBe('STATE');
    expect(rule('Türkiye Cumhuriyeti', turkeyCountry)).toBe('STATE');
  });

  it('3. does not take a body of a state for the state', () => {
    expect(standsForState(netherlands)).toBe(true);
    expect(standsForState(maastricht)).toBe(false);
    expect(standsForState(moi)).toBe(false);
    expect(rule('Netherlands', maastricht)).toBeNull();
    expect(rule('Turkey', moi)).toBeNull();
    expect(rule('Government of Kosovo', governmentOfTurkey)).toBeNull();
    expect(rule('Dutch', netherlands)).toBeNull();
  });

  it('4. matches a name qualified by its country or its parent, and a name without its qualifier', () => {
    expect(rule('Ministry of Interior of Türkiye', moi)).toBe('QUALIFIED');
    expect(rule('Ministry of the Interior of the Republic of Türkiye', moi)).toBeNull(); // "the Interior" is fuzzy ground, see below
    expect(rule('Turkey Ministry of Interior', moi)).toBe('QUALIFIED');
    expect(rule('Ministry of Interior (Turkey)', moi)).toBe('QUALIFIED');
    // The parent's name in front is the same words in another order.
    expect(rule('DGMM Foreigners Department', foreigners)).toBe('FUZZY');
    expect(rule('Foreigners Department', foreigners)).toBe('QUALIFIED');
    expect(rule('Ministry of Interior of Kosovo', moiKosovo)).toBe('QUALIFIED');
  });

  it('4. never matches a body of one country by a name that names another', () => {
    expect(rule('Ministry of Interior of Kosovo', moi)).toBeNull();
    expect(rule('Kosovo Ministry of Interior', moi)).toBeNull();
    expect(rule('Ministry of Interior of Türkiye', moiKosovo)).toBeNull();
    expect(rule('Turkish Ministry of Interor', moiKosovo)).toBeNull();
  });

  it('5. matches typos, word order and "of"/"for" by fuzzy similarity, below the exact rules', () => {
    const typo = scoreCandidate('Directorate General of Migration Managment', dgmm);
    expect(typo).toMatchObject({ rule: 'FUZZY', matches: true });
    expect(typo.score).toBeLessThan(0.95);
    expect(scoreCandidate('Nethrlands', netherlands)).toMatchObject({ rule: 'FUZZY', matches: true, matchedName: 'netherlands' });
    expect(rule('Migration Management Directorate-General', dgmm)).toBe('FUZZY');
    expect(rule('Ministry of Interor', moi)).toBe('FUZZY');
  });

  it('5. does not take sibling bodies for one another', () => {
    expect(rule('EU Coordination Department (Ministry of Labour)', healthEu)).toBeNull();
    expect(rule('Ministry of Justice', moi)).toBeNull();
    expect(rule('Presidency of Migration Management', dgmm)).toBeNull();
  });
});

describe('deciding', () => {
  const decideFor = (query: string, candidates: MatchCandidateNames[]) => decide(candidates.map((c) => scoreCandidate(query, c)), candidates);

  it('resolves a name to the one entity that matches by the earliest rule', () => {
    expect(decideFor('DGMM', [dgmm, foreigners, moi])).toMatchObject({ kind: 'RESOLVED', best: { id: 'org:dgmm', rule: 'ACRONYM' } });
  });

  it('calls two ministries of the interior of different countries ambiguous, and tells them apart by their country', () => {
    expect(decideFor('Ministry of Interior', [moi, moiKosovo])).toMatchObject({ kind: 'AMBIGUOUS' });
    expect(decideFor('Ministry of Interior of Kosovo', [moi, moiKosovo])).toMatchObject({ kind: 'RESOLVED', best: { id: 'org:moi-kosovo' } });
    expect(decideFor('Turkish Ministry of Interior', [moi, moiKosovo])).toMatchObject({ kind: 'RESOLVED', best: { id: 'org:moi' } });
  });

  it('calls a short name two units share ambiguous', () => {
    const decision = decideFor('EU Coordination Department', [labourEu, healthEu]);
    expect(decision.kind).toBe('AMBIGUOUS');
  });

  it('resolves a name borne by a body and its unit, or by renamed bodies, to one of them', () => {
    const pmm = org('org:pmm', 'Presidency of Migration Management', { aliases: ['Migration Authority'], country: TR, lineage: ['org:dgmm'] });
    const renamed = { ...dgmm, aliases: ['Migration Authority'] };
    expect(decideFor('Migration Authority', [renamed, pmm])).toMatchObject({ kind: 'RESOLVED', collapsed: [expect.any(String)] });
  });

  it('answers NOT_FOUND with the closest names as suggestions', () => {
    const decision = decideFor('Directorate of Migration', [dgmm, moi]);
    expect(decision.kind).toBe('NOT_FOUND');
    if (decision.kind === 'NOT_FOUND') expect(decision.suggestions[0]?.id).toBe('org:dgmm');
  });
});

describe('country names from world-countries', () => {
  it('knows official names, short names, codes and demonyms', () => {
    expect(countriesDesignated('kingdom of the netherlands', false)).toEqual(['NL']);
    expect(countriesDesignated('nld', false)).toEqual(['NL']);
    // Dutch is also the demonym of the Caribbean Netherlands (BQ).
    expect(countriesDesignated('dutch', true)).toContain('NL');
    expect(countriesDesignated('dutch', false)).toEqual([]);
    expect(countriesDesignated('republic of turkiye', false)).toEqual(['TR']);
    expect(stateDesignations('dutch government')).toContainEqual({ phrase: 'dutch', government: true });
    expect([...countriesMentioned('ministry of interior of kosovo')]).toEqual(['XK']);
    expect([...countriesMentioned('ministry of interior')]).toEqual([]);
  });
});

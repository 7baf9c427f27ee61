import type {
  CountryEntry,
  Dataset,
  Evidence,
  LegalFrameworkEntry,
  Located,
  OrganisationEntry,
  PersonEntry,
  ProjectEntry,
  SourceEntry,
} from '../ingest/datasetSchema';
import { collapseWhitespace } from '../domain/text';
import type { EntityLabel } from '../domain/entities';

/**
 * A synthetic graph with the seed graph's shape, at any scale: about 200 countries, thousands
 * of organisations of which a few are donors, legal frameworks, project managers, source
 * documents, and projects with donors, implementers, beneficiaries, partners, countries and
 * frameworks, each fact carrying an excerpt that occurs verbatim in its generated document.
 *
 * How many projects an organisation takes part in follows a power law (Zipf, s = 1.1), as in
 * the real field, where a few agencies and donors are in most projects. Everything comes from
 * a seeded generator, so the same options give the same graph.
 *
 * Every id carries "synth" (org:synth-…, project:synth-…); countries use ISO-like codes that
 * the seed graph does not use, so a synthetic graph can sit beside the seed graph.
 */

export interface SynthOptions {
  projects: number;
  seed?: number;
  /** Projects per chunk: the generator yields the graph in chunks that are loaded one by one. */
  chunkSize?: number;
  /** Country codes to leave alone (the seed graph's). */
  reservedCountryCodes?: readonly string[];
}

export interface SynthScale {
  projects: number;
  organisations: number;
  donors: number;
  countries: number;
  legalFrameworks: number;
  people: number;
  documents: number;
}

export interface SynthChunk {
  /** "reference" (countries, organisations, frameworks) first, then the project chunks. */
  kind: 'reference' | 'projects';
  dataset: Dataset;
  /** The generated documents' texts by source id, white space collapsed. */
  documents: Map<string, string>;
}

/** The entities of the reference chunk, which the project chunks after it refer to, with their labels. */
export function referenceLabels(chunk: SynthChunk): Array<[string, EntityLabel]> {
  return [
    ...chunk.dataset.countries.map((c): [string, EntityLabel] => [c.entry.id, 'Country']),
    ...chunk.dataset.organisations.map((o): [string, EntityLabel] => [o.entry.id, 'Organisation']),
    ...chunk.dataset.legalFrameworks.map((l): [string, EntityLabel] => [l.entry.id, 'LegalFramework']),
  ];
}

/** Mulberry32: small, fast and good enough for test data. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws indexes 0..n-1 with probability proportional to 1 / (rank + 1)^s. */
export class Zipf {
  private readonly cumulative: Float64Array;

  constructor(
    readonly size: number,
    s: number,
    private readonly random: () => number,
  ) {
    this.cumulative = new Float64Array(size);
    let sum = 0;
    for (let i = 0; i < size; i += 1) {
      sum += 1 / Math.pow(i + 1, s);
      this.cumulative[i] = sum;
    }
  }

  next(): number {
    const target = this.random() * (this.cumulative[this.size - 1] ?? 0);
    let low = 0;
    let high = this.size - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.cumulative[mid] ?? 0) < target) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** `count` distinct indexes (fewer when the population is smaller). */
  distinct(count: number): number[] {
    const out = new Set<number>();
    const wanted = Math.min(count, this.size);
    for (let tries = 0; out.size < wanted && tries < wanted * 20; tries += 1) out.add(this.next());
    return [...out];
  }
}

export function synthScale(projects: number): SynthScale {
  const organisations = Math.max(60, Math.round(projects * 0.3));
  return {
    projects,
    organisations,
    donors: Math.max(10, Math.round(organisations * 0.04)),
    countries: 200,
    legalFrameworks: Math.max(12, Math.min(2_000, Math.round(projects / 50))),
    people: Math.max(5, Math.round(projects / 40)),
    documents: Math.ceil(projects / PROJECTS_PER_DOCUMENT) + Math.ceil((organisations + 200) / ENTITIES_PER_REGISTER),
  };
}

const PROJECTS_PER_DOCUMENT = 5;
const ENTITIES_PER_REGISTER = 100;

const SYLLABLES = ['ka', 'lo', 'ri', 'ven', 'tar', 'mi', 'sa', 'dor', 'el', 'qu', 'an', 'bel', 'zor', 'thi', 'mar', 'no', 'ul', 'ces', 'pra', 'vil'];
const GOVERNMENT_BODIES = ['Ministry of Interior', 'Directorate of Migration Management', 'Border Police', 'Coast Guard', 'Ministry of Labour', 'Ministry of Justice', 'Gendarmerie', 'National Referral Office', 'Ministry of Family and Social Services', 'Labour Inspectorate'];
const NGO_NAMES = ['Refugee Support Association', 'Centre for Migrant Rights', 'Anti-Trafficking Network', 'Legal Aid Foundation', 'Shelter Alliance', 'Institute for Migration Studies', 'Human Rights Watchers', 'Women Protection Association'];
const DONOR_NAMES = ['Development Agency', 'Ministry of Foreign Affairs', 'State Secretariat for Migration', 'Foundation for Human Mobility', 'Regional Development Fund', 'Solidarity Trust Fund'];
const THEMES = ['border management', 'counter-trafficking', 'migrant protection', 'labour migration', 'return and reintegration', 'asylum capacity', 'victim identification', 'integrated border management', 'migration data', 'readmission'];
const PROJECT_FORMS = ['Strengthening', 'Support to', 'Enhancing', 'Capacity Building for', 'Improving', 'Technical Assistance to'];
const FRAMEWORK_KINDS: LegalFrameworkEntry['kind'][] = ['LAW', 'REGULATION', 'STRATEGY', 'ACTION_PLAN', 'NATIONAL_PLAN', 'REFERRAL_MECHANISM', 'CONVENTION', 'DIRECTIVE'];
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'USD', 'USD', 'GBP', 'CHF', 'TRY'];

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function located<T>(file: string, entries: T[]): Array<Located<T>> {
  return entries.map((entry, index) => ({ file, index, entry }));
}

function emptyDataset(): Dataset {
  return { sources: [], countries: [], organisations: [], projects: [], legalFrameworks: [], people: [] };
}

/** A document being written: sentences added one by one, each returned as its evidence. */
class DocumentWriter {
  private readonly lines: string[] = [];
  constructor(readonly id: string) {}

  say(sentence: string): Evidence[] {
    this.lines.push(sentence);
    return [{ document: this.id, excerpt: sentence }];
  }

  text(): string {
    return collapseWhitespace(this.lines.join('\n'));
  }
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The synthetic graph, in chunks: the reference entities first, then projects chunk by chunk. */
export function* generateSynthGraph(options: SynthOptions): Generator<SynthChunk> {
  if (!Number.isInteger(options.projects) || options.projects < 1) throw new Error('projects must be a whole number of at least 1');
  const random = randomSource(options.seed ?? 2026);
  const scale = synthScale(options.projects);
  const chunkSize = options.chunkSize ?? 20_000;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const word = (n: number) => capitalise(Array.from({ length: n }, () => pick(SYLLABLES)).join(''));

  // Countries: ISO-like codes the seed graph does not use.
  const reserved = new Set(options.reservedCountryCodes ?? []);
  const codes: string[] = [];
  for (let a = 0; a < 26 && codes.length < scale.countries; a += 1) {
    for (let b = 0; b < 26 && codes.length < scale.countries; b += 1) {
      const code = String.fromCharCode(65 + ((a + 7) % 26)) + String.fromCharCode(65 + ((b * 7 + a) % 26));
      if (!reserved.has(code) && !codes.includes(code)) codes.push(code);
    }
  }
  const reference = emptyDataset();
  const referenceDocs = new Map<string, string>();
  let register: DocumentWriter | null = null;
  let registerCount = 0;
  const registers: DocumentWriter[] = [];
  const registerSay = (sentence: string): Evidence[] => {
    if (register === null || registerCount >= ENTITIES_PER_REGISTER) {
      register = new DocumentWriter(`synth-register-${registers.length + 1}.txt`);
      registers.push(register);
      registerCount = 0;
    }
    registerCount += 1;
    return register.say(sentence);
  };

  const countryNames: string[] = [];
  const countries: CountryEntry[] = codes.map((code, i) => {
    const name = `${word(2)}${i % 3 === 0 ? 'ia' : i % 3 === 1 ? 'land' : 'stan'} ${code}`;
    countryNames.push(name);
    return { id: `country:${code}`, name, isoCode: code, aliases: [], evidence: registerSay(`${name} (${code}) is a country in the synthetic register.`) };
  });

  // Organisations: donors first (the lowest ranks: the most popular), then governments and NGOs.
  const organisations: OrganisationEntry[] = [];
  const orgCountry: number[] = [];
  for (let i = 0; i < scale.organisations; i += 1) {
    const country = Math.floor(random() * codes.length);
    const countryName = countryNames[country] as string;
    let name: string;
    let kind: OrganisationEntry['kind'];
    if (i < scale.donors) {
      name = `${pick(DONOR_NAMES)} of ${countryName} ${i + 1}`;
      kind = i % 5 === 0 ? 'MULTILATERAL' : i % 5 === 1 ? 'FOUNDATION' : 'GOVERNMENT';
    } else if (i % 3 === 0) {
      name = `${word(2)} ${pick(NGO_NAMES)} ${i + 1}`;
      kind = pick(['NATIONAL_NGO', 'INTERNATIONAL_NGO', 'REGIONAL_NGO'] as const);
    } else {
      name = `${pick(GOVERNMENT_BODIES)} of ${countryName} ${i + 1}`;
      kind = i % 7 === 0 ? 'LOCAL_GOVERNMENT' : 'GOVERNMENT';
    }
    const acronym = name
      .split(/\s+/)
      .filter((w) => /^[A-Z]/.test(w))
      .map((w) => w.charAt(0))
      .join('') + String(i + 1);
    const evidence = registerSay(`${name} (${acronym}) is registered in ${countryName}.`);
    const org: OrganisationEntry = {
      id: `org:synth-${i + 1}`,
      name,
      acronym,
      aliases: [],
      kind,
      country: `country:${codes[country]}`,
      evidence,
      partOf: [],
      succeededBy: [],
    };
    // One government body in eight is a unit of an earlier one (a ministry's directorate).
    if (i >= scale.donors + 8 && kind === 'GOVERNMENT' && i % 8 === 0) {
      const parent = organisations[scale.donors + Math.floor(random() * (i - scale.donors))];
      if (parent && parent.kind === 'GOVERNMENT') org.partOf.push({ id: parent.id, evidence: registerSay(`${name} is a unit of ${parent.name}.`) });
    }
    organisations.push(org);
    orgCountry.push(country);
  }

  const legalFrameworks: LegalFrameworkEntry[] = Array.from({ length: scale.legalFrameworks }, (_, i) => {
    const kind = pick(FRAMEWORK_KINDS);
    const country = countryNames[Math.floor(random() * countryNames.length)] as string;
    const name = `${capitalise(pick(THEMES))} ${kind.replace('_', ' ').toLowerCase()} of ${country} ${i + 1}`;
    return { id: `lf:synth-${i + 1}`, name, aliases: [], kind, jurisdiction: country, year: 1995 + Math.floor(random() * 30), evidence: registerSay(`${name} was adopted in ${country}.`) };
  });

  reference.countries = located('synthetic/countries', countries);
  reference.organisations = located('synthetic/organisations', organisations);
  reference.legalFrameworks = located('synthetic/legal-frameworks', legalFrameworks);
  reference.sources = located<SourceEntry>(
    'synthetic/sources',
    registers.map((doc, i) => ({ id: doc.id, title: `Synthetic register, part ${i + 1}`, publisher: 'Synthetic data generator', published: '2026' })),
  );
  for (const doc of registers) referenceDocs.set(doc.id, doc.text());
  yield { kind: 'reference', dataset: reference, documents: referenceDocs };

  // Projects, chunk by chunk. Donors, implementers and beneficiaries are drawn by a power law.
  const donorPick = new Zipf(scale.donors, 1.1, random);
  const implementerPick = new Zipf(scale.organisations, 1.1, random);
  const beneficiaryPick = new Zipf(scale.organisations - scale.donors, 1.1, random);
  const countryPick = new Zipf(codes.length, 0.8, random);
  const frameworkPick = new Zipf(legalFrameworks.length, 1.0, random);
  const peopleEvery = Math.max(1, Math.round(scale.projects / scale.people));
  let documentNumber = 0;
  for (let first = 0; first < scale.projects; first += chunkSize) {
    const chunk = emptyDataset();
    const docs = new Map<string, string>();
    const sources: SourceEntry[] = [];
    const projects: ProjectEntry[] = [];
    const people: PersonEntry[] = [];
    let doc: DocumentWriter | null = null;
    const last = Math.min(scale.projects, first + chunkSize);
    for (let p = first; p < last; p += 1) {
      if (doc === null || (p - first) % PROJECTS_PER_DOCUMENT === 0) {
        if (doc !== null) docs.set(doc.id, doc.text());
        documentNumber += 1;
        doc = new DocumentWriter(`synth-report-${documentNumber}.txt`);
        sources.push({ id: doc.id, title: `Synthetic project report ${documentNumber}`, publisher: 'Synthetic data generator', published: String(2010 + (documentNumber % 16)) });
      }
      const writer: DocumentWriter = doc;
      const country = countryPick.next();
      const countryName = countryNames[country] as string;
      const theme = pick(THEMES);
      const name = `${pick(PROJECT_FORMS)} ${theme} in ${countryName} ${p + 1}`;
      const acronym = `SP-${p + 1}`;
      const startYear = 2005 + Math.floor(random() * 20);
      const startMonth = 1 + Math.floor(random() * 12);
      const months = 12 + Math.floor(random() * 37);
      const endYear = startYear + Math.floor((startMonth - 1 + months) / 12);
      const endMonth = ((startMonth - 1 + months) % 12) + 1;
      const precision = random();
      const start = precision < 0.6 ? isoDate(startYear, startMonth, 1 + Math.floor(random() * 28)) : precision < 0.85 ? `${startYear}-${String(startMonth).padStart(2, '0')}` : String(startYear);
      const end = precision < 0.6 ? isoDate(endYear, endMonth, 28) : precision < 0.85 ? `${endYear}-${String(endMonth).padStart(2, '0')}` : String(endYear);
      const budget = random() < 0.85 ? { amount: Math.round(Math.exp(11 + random() * 5)), currency: pick(CURRENCIES) } : undefined;
      const project: ProjectEntry = {
        id: `project:synth-${p + 1}`,
        name,
        acronym,
        aliases: [],
        description: `A synthetic project on ${theme} in ${countryName}.`,
        status: endYear < 2026 ? 'COMPLETED' : 'ONGOING',
        start,
        end,
        durationMonths: months,
        phases: [],
        ...(budget ? { budget } : {}),
        identifiers: [],
        results: [],
        evidence: writer.say(`${name} (${acronym}) runs from ${start} to ${end}${budget ? ` with a budget of ${budget.amount} ${budget.currency}` : ''}.`),
        fundedBy: [],
        implementedBy: [],
        beneficiaries: [],
        partners: [],
        countries: [],
        alignedWith: [],
      };
      const org = (index: number) => organisations[index] as OrganisationEntry;
      for (const d of donorPick.distinct(random() < 0.8 ? 1 : 2)) project.fundedBy.push({ id: org(d).id, evidence: writer.say(`${acronym} is funded by ${org(d).name}.`) });
      implementerPick.distinct(random() < 0.7 ? 1 : 2).forEach((i, n) =>
        project.implementedBy.push({ id: org(i).id, role: n === 0 ? 'LEAD' : 'PARTNER', evidence: writer.say(`${acronym} is implemented by ${org(i).name}.`) }),
      );
      for (const b of beneficiaryPick.distinct(1 + Math.floor(random() * 3))) {
        const beneficiary = org(scale.donors + b);
        project.beneficiaries.push({ id: beneficiary.id, evidence: writer.say(`${beneficiary.name} benefits from ${acronym}.`) });
      }
      if (random() < 0.3) {
        const partner = org(implementerPick.next());
        if (!project.implementedBy.some((i) => i.id === partner.id)) project.partners.push({ id: partner.id, evidence: writer.say(`${acronym} works with ${partner.name}.`) });
      }
      const projectCountries = new Set([country, ...(random() < 0.25 ? [countryPick.next()] : [])]);
      for (const c of projectCountries) project.countries.push({ id: `country:${codes[c]}`, evidence: writer.say(`${acronym} takes place in ${countryNames[c]}.`) });
      for (const f of frameworkPick.distinct(Math.floor(random() * 3))) {
        const framework = legalFrameworks[f] as LegalFrameworkEntry;
        project.alignedWith.push({ id: framework.id, evidence: writer.say(`${acronym} supports the ${framework.name}.`) });
      }
      projects.push(project);
      if (p % peopleEvery === 0) {
        const number = people.length + first + 1;
        const personName = `Programme Officer ${word(3)} ${p + 1}`;
        const title = 'Project Manager';
        people.push({
          id: `person:synth-${p + 1}`,
          name: personName,
          aliases: [],
          evidence: writer.say(`${personName} is the ${title.toLowerCase()} of ${acronym} (${number}).`),
          roles: [{ project: project.id, title, evidence: writer.say(`${personName} manages ${acronym}.`) }],
        });
      }
    }
    if (doc !== null) docs.set(doc.id, doc.text());
    chunk.sources = located('synthetic/sources', sources);
    chunk.projects = located('synthetic/projects', projects);
    chunk.people = located('synthetic/people', people);
    yield { kind: 'projects', dataset: chunk, documents: docs };
  }
  void orgCountry;
}

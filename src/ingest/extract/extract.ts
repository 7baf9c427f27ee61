import type { z } from 'zod';
import { normaliseName } from '../../domain/names';
import type { DenyList } from '../../security/denyList';
import type { EntityLabel, ProjectStatus } from '../../domain/entities';
import type { personSchema, projectSchema, sourceSchema } from '../datasetSchema';
import type { LinkKind, Mention, PageDraft, PageFormat, ProjectDraft } from './drafts';
import { parseIcmpdListing } from './icmpdListing';
import { parseIomProjectPage } from './iomProjectPage';

/**
 * Turns a new page of a known format into dataset entries (data/README.md) for a curator to
 * review: the parsers read the page into drafts (names as written, each with the verbatim
 * excerpt that states it); this module resolves the names against entities already known and
 * writes the entries. A name it cannot resolve is never made into an entity: it is listed in
 * `unresolved` for a person to decide, and its link is left out.
 */

/** An entity already in the dataset or the graph, with the normalised keys it is found under. */
export interface KnownEntity {
  id: string;
  label: EntityLabel;
  nameKeys: string[];
}

/** The dataset blocks, typed by the schema's input so that they validate as written. */
export type SourceBlock = z.input<typeof sourceSchema>;
export type ProjectBlock = z.input<typeof projectSchema>;
export type PersonBlock = z.input<typeof personSchema>;
type EvidenceBlock = { document: string; excerpt: string };
type LinkBlock = { id: string; role?: string; evidence: EvidenceBlock[] };

export interface ExtractedDataset {
  sources: SourceBlock[];
  projects: ProjectBlock[];
  people?: PersonBlock[];
}

export interface UnresolvedName {
  name: string;
  role: LinkKind;
  /** The id of the project it was named for. */
  project: string;
  excerpt: string;
  /** When the name is ambiguous: the known entities it could be. */
  candidates?: string[];
}

export interface Extraction {
  format: PageFormat;
  dataset: ExtractedDataset;
  unresolved: UnresolvedName[];
  /** What a curator should check: unread dates, unknown statuses, projects already known. */
  warnings: string[];
  /** How many names, excerpts or projects were withheld because the deny-list names them. */
  withheld: number;
}

export interface ExtractOptions {
  /** Names never to emit (victims and survivors); data/sensitive/README.md. */
  denyList?: DenyList;
}

/** A page that cannot be extracted; the message names the document. */
export class ExtractError extends Error {
  override name = 'ExtractError';
}

/**
 * Reads the page's format and parses it into drafts; throws an ExtractError naming the
 * document when it is neither an IOM project page nor an ICMPD project listing.
 */
export function readPage(text: string, documentId: string): PageDraft {
  const page = parseIomProjectPage(text) ?? parseIcmpdListing(text);
  if (page) return page;
  throw new ExtractError(
    `${documentId} is neither an IOM project page (a title line, then "-" / "Start Date" / value lines and the other fields) ` +
      `nor an ICMPD project listing (title lines "Full Title (ACRONYM)", each followed by an "Objective:" paragraph).`,
  );
}

/**
 * Extracts dataset entries from one page: a `sources` entry for the document, one project per
 * project on the page (with its links to the known entities the page names, each with its
 * evidence), the known people who manage them, and every name that did not resolve.
 */
export function extractPage(text: string, documentId: string, known: KnownEntity[], options: ExtractOptions = {}): Extraction {
  const page = readPage(text, documentId);
  const names = new NameIndex(known);
  const ev = (excerpt: string): EvidenceBlock => ({ document: documentId, excerpt });
  const unresolved: UnresolvedName[] = [];
  const warnings: string[] = [];
  const people = new Map<string, PersonBlock & { roles: NonNullable<PersonBlock['roles']> }>();
  const knownIds = new Set(known.map((k) => k.id));
  const pageIds = new Set<string>();
  const projects: ProjectBlock[] = [];

  for (const draft of page.projects) {
    const id = projectId(draft, names, knownIds, pageIds, warnings);
    warnings.push(...draft.warnings);
    const links = new ProjectLinks();
    for (const mention of draft.mentions) {
      const found = names.resolve(mention);
      for (const miss of found.unresolved) {
        if (!unresolved.some((u) => u.name === miss.name && u.role === mention.kind && u.project === id)) {
          unresolved.push({ name: miss.name, role: mention.kind, project: id, excerpt: mention.excerpt, ...(miss.candidates ? { candidates: miss.candidates } : {}) });
        }
      }
      for (const target of found.ids) {
        if (mention.kind === 'person') addManager(people, target, mention, id, ev);
        else links.add(mention, target, ev(mention.excerpt));
      }
    }
    projects.push(projectBlock(id, draft, links, ev, warnings));
  }

  const dataset: ExtractedDataset = {
    sources: [{ id: documentId, title: page.title, publisher: page.publisher }],
    projects,
    ...(people.size > 0 ? { people: [...people.values()] } : {}),
  };
  const extraction: Extraction = { format: page.format, dataset, unresolved, warnings, withheld: 0 };
  return options.denyList ? withholdDenied(extraction, options.denyList) : extraction;
}

// ---------------------------------------------------------------------------- names

interface Resolution {
  ids: string[];
  unresolved: Array<{ name: string; candidates?: string[] }>;
}

const LABEL_OF: Record<LinkKind, EntityLabel> = {
  donor: 'Organisation',
  implementer: 'Organisation',
  'implementing partner': 'Organisation',
  beneficiary: 'Organisation',
  country: 'Country',
  person: 'Person',
};

// Words that introduce names rather than belong to them: "Co-financed by the European Union".
const LEADING_WORDS = /^(?:the|co-?financed\s+by|co-?funded\s+by|jointly\s+(?:funded|financed)\s+by|funded\s+by|financed\s+by|supported\s+by)\s+/i;
const SEVERAL = /\b(?:co-?financed|co-?funded|jointly)\b/i;
const SEPARATORS = /\s*[,;&]\s*|\s+(?:and|as well as)\s+/i;

/** A name without introducing words, footnote marks and trailing punctuation. */
function cleanName(raw: string): string {
  let name = raw.replace(/[*†]+/g, '').replace(/\s+/g, ' ').trim();
  for (let before = ''; before !== name; ) {
    before = name;
    name = name.replace(LEADING_WORDS, '').replace(/^[\s,;:]+|[\s,;:.]+$/g, '');
  }
  return name;
}

/** The forms a name may be known by: as written, without "(ACRONYM)", and the acronym alone. */
function nameForms(name: string): string[] {
  const match = /^(.*?)\s*\(\s*([^()]+?)\s*\)$/.exec(name);
  return match ? [name, match[1] ?? '', match[2] ?? ''].filter(Boolean) : [name];
}

/** The known entities by label and normalised name key. */
class NameIndex {
  private readonly byKey = new Map<string, string[]>();

  constructor(known: KnownEntity[]) {
    for (const entity of known) {
      for (const key of entity.nameKeys) {
        const scoped = `${entity.label}:${key}`;
        const ids = this.byKey.get(scoped) ?? [];
        if (!ids.includes(entity.id)) ids.push(entity.id);
        this.byKey.set(scoped, ids);
      }
    }
  }

  /**
   * The known entities of `label` that `name` names; the first form that matches decides. A
   * form is also tried with "the" before it, which cleaning removed: "The Hague Process".
   */
  lookup(label: EntityLabel, name: string): string[] {
    for (const form of nameForms(name).flatMap((f) => [f, `the ${f}`])) {
      const ids = this.byKey.get(`${label}:${normaliseName(form)}`);
      if (ids && ids.length > 0) return ids;
    }
    return [];
  }

  /**
   * Resolves a mention: the whole text first; where that fails, its parts ("X, Y", "X and Y").
   * When no part resolves either, the whole text is reported, unless the page says there are
   * several names, since "Ministry of Labour and Social Security" is one name.
   */
  resolve(mention: Mention): Resolution {
    const label = LABEL_OF[mention.kind];
    const whole = cleanName(mention.text);
    if (whole === '') return { ids: [], unresolved: [] };
    const result: Resolution = { ids: [], unresolved: [] };
    const take = (name: string): boolean => {
      const ids = this.lookup(label, name);
      if (ids.length === 1 && ids[0]) result.ids.push(ids[0]);
      else if (ids.length > 1) result.unresolved.push({ name, candidates: ids });
      return ids.length > 0;
    };
    if (take(whole)) return result;
    const parts = whole.split(SEPARATORS).map(cleanName).filter(Boolean);
    if (parts.length < 2) return { ids: [], unresolved: [{ name: whole }] };
    const misses = parts.filter((part) => !take(part));
    const several = mention.several || SEVERAL.test(mention.text);
    if (misses.length === parts.length && !several) return { ids: [], unresolved: [{ name: whole }] };
    result.unresolved.push(...misses.map((name) => ({ name })));
    return result;
  }
}

// ---------------------------------------------------------------------------- projects

const SLUG_LENGTH = 60;

/** A lower-case slug of the acronym or title, cut at a word boundary. */
function slug(text: string): string {
  const full = normaliseName(text)
    .replace(/ /g, '-')
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (full.length <= SLUG_LENGTH) return full || 'project';
  const cut = full.slice(0, SLUG_LENGTH + 1);
  return cut.slice(0, cut.lastIndexOf('-') > 0 ? cut.lastIndexOf('-') : SLUG_LENGTH);
}

/**
 * The project's id: the known project's when the page names one already known (the curator
 * merges rather than adds), else project:<slug>, made unique against known ids and the page's.
 */
function projectId(draft: ProjectDraft, names: NameIndex, taken: Set<string>, onPage: Set<string>, warnings: string[]): string {
  const matches = [...new Set([...names.lookup('Project', draft.name), ...(draft.acronym ? names.lookup('Project', draft.acronym) : [])])];
  const match = matches.length === 1 ? matches[0] : undefined;
  // A second project of the page naming the same known project gets an id of its own, as two
  // entries with one id would be refused.
  if (match && !onPage.has(match)) {
    warnings.push(`${draft.acronym ?? draft.name} is already known as ${match}: merge these entries into it rather than adding them.`);
    onPage.add(match);
    return match;
  }
  if (matches.length > 1) warnings.push(`${draft.acronym ?? draft.name} could be any of ${matches.join(', ')}: given a new id; merge by hand.`);
  const base = `project:${slug(draft.acronym ?? draft.name)}`;
  let id = base;
  for (let n = 2; taken.has(id) || onPage.has(id); n++) id = `${base}-${n}`;
  onPage.add(id);
  return id;
}

// "Completed", "Ongoing", … as pages word them, normalised.
const STATUS_WORDS: Record<string, ProjectStatus> = {
  completed: 'COMPLETED',
  complete: 'COMPLETED',
  closed: 'COMPLETED',
  finished: 'COMPLETED',
  ended: 'COMPLETED',
  past: 'COMPLETED',
  ongoing: 'ONGOING',
  'on going': 'ONGOING',
  active: 'ONGOING',
  current: 'ONGOING',
  'in progress': 'ONGOING',
  'under implementation': 'ONGOING',
  planned: 'PLANNED',
  pipeline: 'PLANNED',
  upcoming: 'PLANNED',
  forthcoming: 'PLANNED',
  cancelled: 'CANCELLED',
  canceled: 'CANCELLED',
  terminated: 'CANCELLED',
  suspended: 'SUSPENDED',
  'on hold': 'SUSPENDED',
};

/** The dataset's status for a page's wording; undefined (and a warning) when unknown. */
function mapStatus(text: string | undefined, project: string, warnings: string[]): ProjectBlock['status'] {
  if (text === undefined) return undefined;
  const status = STATUS_WORDS[normaliseName(text)];
  if (!status) warnings.push(`${project}: unknown project status "${text}" left out.`);
  return status;
}

/** The links of one project, one per target and list, merging the evidence of repeated names. */
class ProjectLinks {
  readonly fundedBy: LinkBlock[] = [];
  readonly implementedBy: LinkBlock[] = [];
  readonly beneficiaries: LinkBlock[] = [];
  readonly countries: LinkBlock[] = [];

  add(mention: Mention, id: string, evidence: EvidenceBlock): void {
    switch (mention.kind) {
      case 'donor':
        return ProjectLinks.put(this.fundedBy, { id, evidence: [evidence] });
      case 'implementer':
        return ProjectLinks.put(this.implementedBy, { id, role: 'LEAD', evidence: [evidence] });
      case 'implementing partner':
        return ProjectLinks.put(this.implementedBy, { id, role: 'PARTNER', evidence: [evidence] });
      case 'beneficiary':
        return ProjectLinks.put(this.beneficiaries, { id, ...(mention.role ? { role: mention.role } : {}), evidence: [evidence] });
      case 'country':
        return ProjectLinks.put(this.countries, { id, evidence: [evidence] });
      case 'person':
        return undefined;
    }
  }

  // The first mention decides the role (a lead named again as a partner stays the lead).
  private static put(list: LinkBlock[], link: LinkBlock): void {
    const existing = list.find((l) => l.id === link.id);
    if (!existing) list.push(link);
    else for (const e of link.evidence) if (!existing.evidence.some((x) => x.excerpt === e.excerpt)) existing.evidence.push(e);
  }
}

/** The project's dataset entry, its fields in the order of data/README.md, empty ones left out. */
function projectBlock(id: string, draft: ProjectDraft, links: ProjectLinks, ev: (excerpt: string) => EvidenceBlock, warnings: string[]): ProjectBlock {
  const implementedBy = links.implementedBy.map((l) => ({ id: l.id, role: l.role === 'PARTNER' ? ('PARTNER' as const) : ('LEAD' as const), evidence: l.evidence }));
  const block: ProjectBlock = {
    id,
    name: draft.name,
    acronym: draft.acronym,
    description: draft.description,
    status: mapStatus(draft.statusText, id, warnings),
    projectType: draft.projectType,
    start: draft.start,
    end: draft.end,
    durationMonths: draft.durationMonths,
    phases: draft.phases.length > 0 ? draft.phases.map((p) => compact({ name: p.name, start: p.start, end: p.end })) : undefined,
    budget: draft.budget,
    coverage: draft.coverage,
    identifiers: draft.identifiers.length > 0 ? draft.identifiers : undefined,
    evidence: [...new Set(draft.evidence)].map(ev),
    fundedBy: nonEmpty(links.fundedBy),
    implementedBy: nonEmpty(implementedBy),
    beneficiaries: nonEmpty(links.beneficiaries),
    countries: nonEmpty(links.countries),
  };
  return compact(block);
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

/** The object without its undefined fields, so that the YAML shows only what the page states. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * A known person named as a project's manager: their entry carries the new role only, for the
 * curator to merge into the person's existing entry.
 */
function addManager(
  people: Map<string, PersonBlock & { roles: NonNullable<PersonBlock['roles']> }>,
  personId: string,
  mention: Mention,
  project: string,
  ev: (excerpt: string) => EvidenceBlock,
): void {
  const person = people.get(personId) ?? { id: personId, name: cleanName(mention.text), evidence: [ev(mention.excerpt)], roles: [] };
  person.roles.push({ project, title: mention.role ?? 'Project Manager', evidence: [ev(mention.excerpt)] });
  people.set(personId, person);
}

// ---------------------------------------------------------------------------- sensitive names

// The source entry must stay, since every excerpt cites it; only its title goes.
const WITHHELD_TITLE = '(title withheld: it names a name on the deny-list)';

/**
 * Drops everything the deny-list names: unresolved names and their excerpts, evidence, a
 * project's description, people, and whole projects named so. Links left without evidence go
 * too. Only the count is kept, so that the names appear in no output or log.
 */
export function withholdDenied(extraction: Extraction, denyList: DenyList): Extraction {
  let withheld = 0;
  const named = (text: string | undefined): boolean => {
    const hit = text !== undefined && denyList.names(text);
    if (hit) withheld++;
    return hit;
  };
  const keepEvidence = (evidence: EvidenceBlock[]): EvidenceBlock[] => evidence.filter((e) => !named(e.excerpt));
  const keepLinks = <T extends { evidence: EvidenceBlock[] }>(list: T[] | undefined): T[] | undefined =>
    nonEmpty((list ?? []).map((link) => ({ ...link, evidence: keepEvidence(link.evidence) })).filter((link) => link.evidence.length > 0));

  const projects: ProjectBlock[] = [];
  for (const p of extraction.dataset.projects) {
    const evidence = named(p.name) || named(p.acronym) ? [] : keepEvidence(p.evidence);
    if (evidence.length === 0) continue;
    const description = named(p.description) ? undefined : p.description;
    projects.push(compact({ ...p, description, evidence, fundedBy: keepLinks(p.fundedBy), implementedBy: keepLinks(p.implementedBy), beneficiaries: keepLinks(p.beneficiaries), countries: keepLinks(p.countries) }));
  }
  const projectIds = new Set(projects.map((p) => p.id));

  const people: PersonBlock[] = [];
  for (const person of extraction.dataset.people ?? []) {
    const evidence = named(person.name) ? [] : keepEvidence(person.evidence);
    const roles = keepLinks((person.roles ?? []).filter((r) => r.project === undefined || projectIds.has(r.project)));
    if (evidence.length > 0 && roles) people.push({ ...person, evidence, roles });
  }

  return {
    ...extraction,
    dataset: { sources: extraction.dataset.sources.map((s) => (named(s.title) ? { ...s, title: WITHHELD_TITLE } : s)), projects, ...(people.length > 0 ? { people } : {}) },
    unresolved: extraction.unresolved.filter((u) => projectIds.has(u.project) && !named(u.name) && !named(u.excerpt)),
    // A warning quotes the page; one that names a denied name is dropped like the rest.
    warnings: extraction.warnings.filter((w) => !named(w)),
    withheld: extraction.withheld + withheld,
  };
}

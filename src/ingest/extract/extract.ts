import { collapseWhitespace, excerptCount, locateExcerpt } from '../../domain/text';
import type { z } from 'zod';
import { normaliseName } from '../../domain/names';
import type { DenyList } from '../../security/denyList';
import type { EntityLabel } from '../../domain/entities';
import type { personSchema, projectSchema, sourceSchema } from '../datasetSchema';
import type { DraftField, LinkKind, Mention, PageDraft, PageFormat, ProjectDraft } from './drafts';
import { htmlToText, looksLikeHtml } from './html';
import { parseIcmpdListing } from './icmpdListing';
import { parseLabelLines } from './labelLines';
import { parseNewsPage } from './prose';
import type { ExtractionResolver, KnownProject, NameMatch, Suggestion } from './resolution';
import { countryNamesIn, splitNameList, statusOf } from './vocabulary';
import { countriesNamed } from '../../domain/countryNames';

/**
 * Turns a page into dataset entries (data/README.md) for a curator to review, and into the
 * machine-readable report of `npm run extract -- --json`. The readers (labelLines.ts,
 * icmpdListing.ts, prose.ts) read the page into drafts: names as written, each with the
 * verbatim excerpt that states it. This module resolves the names (resolution.ts: against
 * the graph, dataset files, or the plain list of known entities of extractPage), recognises a
 * project already known (by identifier, acronym or title), compares its facts with the page's,
 * and writes the entries. A name that does not resolve exactly is never made into an entity:
 * it is listed in `unresolved`, with the closest candidates and their scores, and its link is
 * left out.
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
/** A verbatim excerpt; `under` places one that occurs more than once (the passage it follows). */
type EvidenceBlock = { document: string; excerpt: string; under?: string };
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
  /** The closest known entities, with the resolver's score, for a person to confirm. */
  suggestions?: Suggestion[];
}

/** A name of the report: as the page writes it, and the entity it links to (null when it does not). */
export interface ReportName {
  name: string;
  id: string | null;
}

/** The facts of one project as a report gives them, with names of type `N` (a report's `{name, id}`, an answer file's plain strings). */
export interface ProjectFacts<N> {
  name: string;
  acronym: string | null;
  startDate: string | null;
  endDate: string | null;
  status: string | null;
  budget: { amount: number; currency: string } | null;
  identifiers: Array<{ scheme: string; value: string }>;
  donors: N[];
  implementers: N[];
  beneficiaries: N[];
  partners: N[];
  countries: N[];
  people: Array<{ name: string; role: string }>;
}

/** One project of the report of `npm run extract -- --json`. */
export interface ReportProject extends ProjectFacts<ReportName> {
  matchedProject: string | null;
}

export interface ReportConflict {
  project: string;
  field: string;
  existing: string | number;
  found: string | number;
}

export interface Extraction {
  format: PageFormat;
  dataset: ExtractedDataset;
  unresolved: UnresolvedName[];
  /** What a curator should check: unread dates, unknown statuses, projects already known. */
  warnings: string[];
  /** How many names, excerpts or projects were withheld because the deny-list names them. */
  withheld: number;
  /** The projects as the JSON report gives them, in the order of `dataset.projects`. */
  report: ReportProject[];
  /** Facts of the page that differ from what is known of the same project. */
  conflicts: ReportConflict[];
  /** Per project id: how sure the reader was of each fact (0 to 1). */
  confidence: Record<string, Partial<Record<DraftField, number>>>;
  /** Read from prose: every fact is for a person to confirm. */
  review: boolean;
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
 * Reads the page's shape and parses it into drafts: label lines with value lines (IOM project
 * pages, ICMPD project pages), blocks of "Label: value" lines (ICMPD listings, IOM country
 * offices), or prose naming a project (news). Throws an ExtractError naming the document when
 * it is none of these.
 */
export function readPage(text: string, documentId: string): PageDraft {
  const page = parseLabelLines(text) ?? parseIcmpdListing(text) ?? parseNewsPage(text);
  if (page) return page;
  throw new ExtractError(
    `${documentId} is neither an IOM project page nor an ICMPD project page (a title, then label lines such as "Start Date", "Status", "Donors" each followed by its value line), ` +
      `nor an ICMPD project listing or IOM country-office page (title lines each followed by "Objective:", "Donor:", "Duration:" … lines), ` +
      `nor a news page naming a project and its donor, implementer, dates or budget in its sentences.`,
  );
}

/** The text a page's excerpts cite: HTML reduced to its text (html.ts), anything else as it is. */
export function pageText(fileName: string, content: string): string {
  return looksLikeHtml(fileName, content) ? htmlToText(content) : content;
}

// ---------------------------------------------------------------------------- names

/** Looks a name up among the known entities of a label. */
type Lookup = (label: EntityLabel, name: string) => NameMatch;

/** What is known of projects beyond their names. */
interface ProjectKnowledge {
  withIdentifier(value: string): string[];
  facts(id: string): KnownProject | undefined;
}

const NO_KNOWLEDGE: ProjectKnowledge = { withIdentifier: () => [], facts: () => undefined };

const LABEL_OF: Record<LinkKind, EntityLabel> = {
  donor: 'Organisation',
  implementer: 'Organisation',
  'implementing partner': 'Organisation',
  partner: 'Organisation',
  beneficiary: 'Organisation',
  country: 'Country',
  person: 'Person',
};

// Words that introduce names rather than belong to them: "Co-financed by the European Union".
const LEADING_WORDS = /^(?:the|co-?financed\s+by|co-?funded\s+by|jointly\s+(?:funded|financed)\s+by|funded\s+by|financed\s+by|supported\s+by|implemented\s+by)\s+/i;
const SEVERAL = /\b(?:co-?financed|co-?funded|jointly)\b/i;

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

/** The first form of `name` that links; else what the name as written resolves to. */
function resolveForms(lookup: Lookup, label: EntityLabel, name: string): NameMatch {
  const results = nameForms(name).map((form) => lookup(label, form));
  const linked = results.find((r) => r.kind === 'linked');
  if (linked) return linked;
  const ambiguous = results.find((r) => r.kind === 'ambiguous');
  return ambiguous ?? results.find((r) => r.kind === 'near') ?? results[0] ?? { kind: 'unknown', suggestions: [] };
}

interface MentionResolution {
  linked: Array<{ name: string; id: string; score: number; country?: string }>;
  unresolved: Array<{ name: string; match: NameMatch }>;
}

/**
 * Resolves a mention: the whole text first; where that does not link, its parts ("X, Y",
 * "X and the Y"). When no part is known either, the whole text is reported, unless the page
 * says there are several names, since "Embassy of Examplia, Ankara" is one name.
 */
function resolveMention(mention: Mention, lookup: Lookup): MentionResolution {
  const label = LABEL_OF[mention.kind];
  const whole = cleanName(mention.text);
  if (whole === '') return { linked: [], unresolved: [] };
  const wholeMatch = resolveForms(lookup, label, whole);
  if (wholeMatch.kind === 'linked') return { linked: [{ name: whole, id: wholeMatch.id, score: wholeMatch.score, country: wholeMatch.country }], unresolved: [] };
  const reportWhole = { linked: [], unresolved: [{ name: whole, match: wholeMatch }] };
  if (wholeMatch.kind === 'ambiguous') return reportWhole;
  const parts = splitNameList(whole).map(cleanName).filter(Boolean);
  if (parts.length < 2) return reportWhole;
  const matches = parts.map((part) => ({ name: part, match: resolveForms(lookup, label, part) }));
  const known = matches.filter((m) => m.match.kind !== 'unknown');
  const several = mention.several || SEVERAL.test(mention.text);
  if (known.length === 0 && !several) return reportWhole;
  return {
    linked: matches.flatMap((m) => (m.match.kind === 'linked' ? [{ name: m.name, id: m.match.id, score: m.match.score, country: m.match.country }] : [])),
    unresolved: matches.filter((m) => m.match.kind !== 'linked'),
  };
}

/** The known entities by label and normalised name key: exact names only (extractPage). */
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

  /** The known entities of `label` that `name` names; also tried with "the" before it, which cleaning removed. */
  readonly lookup: Lookup = (label, name) => {
    for (const form of [name, `the ${name}`]) {
      const ids = this.byKey.get(`${label}:${normaliseName(form)}`);
      if (ids && ids.length === 1 && ids[0]) return { kind: 'linked', id: ids[0], score: 1 };
      if (ids && ids.length > 1) return { kind: 'ambiguous', suggestions: ids.map((id) => ({ id, score: 1 })) };
    }
    return { kind: 'unknown', suggestions: [] };
  };
}

// ---------------------------------------------------------------------------- extraction

/**
 * Extracts dataset entries from one page against a plain list of known entities, matching
 * names exactly (normalised): a `sources` entry for the document, one project per project on
 * the page (with its links to the known entities the page names, each with its evidence), the
 * known people who manage them, and every name that did not resolve.
 */
export function extractPage(text: string, documentId: string, known: KnownEntity[], options: ExtractOptions = {}): Extraction {
  const page = readPage(text, documentId);
  return placeEvidence(assemble(page, documentId, new NameIndex(known).lookup, new Set(known.map((k) => k.id)), NO_KNOWLEDGE, options), text);
}

/** Every evidence block under `value` (a project or person entry, at any depth). */
function evidenceBlocks(value: unknown, out: EvidenceBlock[] = []): EvidenceBlock[] {
  if (Array.isArray(value)) for (const item of value) evidenceBlocks(item, out);
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.document === 'string' && typeof record.excerpt === 'string') out.push(record as unknown as EvidenceBlock);
    else for (const item of Object.values(record)) evidenceBlocks(item, out);
  }
  return out;
}

/**
 * Places each excerpt that occurs more than once on the page (a listing's "Implementing
 * Agency: ICMPD" under every project) under its project's title line, the passage it follows,
 * as the ingest checks ask (src/domain/text.ts, locateExcerpt). An excerpt that cannot be
 * placed so (a title that is not unique) is left as it is, and the dry run names it.
 */
function placeEvidence(extraction: Extraction, text: string): Extraction {
  const collapsed = collapseWhitespace(text);
  const anchors = new Map<string, string>();
  const place = (blocks: EvidenceBlock[], anchor: string | undefined) => {
    if (!anchor || excerptCount(collapsed, anchor) !== 1) return;
    for (const block of blocks) {
      if (block.excerpt === anchor || block.under !== undefined || excerptCount(collapsed, block.excerpt) < 2) continue;
      if ('offset' in locateExcerpt(collapsed, block.excerpt, anchor)) block.under = anchor;
    }
  };
  for (const project of extraction.dataset.projects) {
    const anchor = project.evidence?.[0]?.excerpt;
    if (anchor) anchors.set(project.id, anchor);
    place(evidenceBlocks(project), anchor);
  }
  for (const person of extraction.dataset.people ?? []) {
    const project = person.roles?.[0]?.project;
    place(evidenceBlocks(person), project ? anchors.get(project) : undefined);
  }
  return extraction;
}

/**
 * Extracts one page with names resolved by `resolver` (the graph, or dataset files): a name
 * links only by an exact rule; a near match is listed with its score; a project already known
 * (same identifier, acronym or title) gets the page's facts as statements on its id, and every
 * fact that differs from what is known is reported as a conflict.
 */
export async function extractPageResolved(text: string, documentId: string, resolver: ExtractionResolver, options: ExtractOptions = {}): Promise<Extraction> {
  const page = readPage(text, documentId);
  // A first pass with nothing known asks for every name the assembly could look up.
  const asked = new Map<string, { label: EntityLabel; name: string }>();
  const identifiers = new Set<string>();
  const recorder: Lookup = (label, name) => {
    asked.set(`${label}\u0000${name}`, { label, name });
    return { kind: 'unknown', suggestions: [] };
  };
  assemble(page, documentId, recorder, new Set(), { withIdentifier: (v) => (identifiers.add(v), []), facts: () => undefined }, {});
  const answers = new Map<string, NameMatch>();
  for (const [key, { label, name }] of asked) answers.set(key, await resolver.resolve(name, label));
  const byIdentifier = new Map<string, string[]>();
  for (const value of identifiers) byIdentifier.set(value, await resolver.projectsWithIdentifier(value));
  const projectIds = new Set<string>([...byIdentifier.values()].flat());
  for (const [key, match] of answers) if (key.startsWith('Project\u0000') && match.kind === 'linked') projectIds.add(match.id);
  const facts = new Map<string, KnownProject>();
  for (const id of projectIds) {
    const project = await resolver.project(id);
    if (project) facts.set(id, project);
  }
  const lookup: Lookup = (label, name) => answers.get(`${label}\u0000${name}`) ?? { kind: 'unknown', suggestions: [] };
  const knowledge: ProjectKnowledge = { withIdentifier: (v) => byIdentifier.get(v) ?? [], facts: (id) => facts.get(id) };
  return placeEvidence(assemble(page, documentId, lookup, new Set(), knowledge, options), text);
}

const KIND_LIST: Record<Exclude<LinkKind, 'person'>, 'donors' | 'implementers' | 'beneficiaries' | 'partners' | 'countries'> = {
  donor: 'donors',
  implementer: 'implementers',
  'implementing partner': 'partners',
  partner: 'partners',
  beneficiary: 'beneficiaries',
  country: 'countries',
};

function assemble(page: PageDraft, documentId: string, lookup: Lookup, knownIds: Set<string>, knowledge: ProjectKnowledge, options: ExtractOptions): Extraction {
  const ev = (excerpt: string): EvidenceBlock => ({ document: documentId, excerpt });
  const unresolved: UnresolvedName[] = [];
  const warnings: string[] = [];
  const people = new Map<string, PersonBlock & { roles: NonNullable<PersonBlock['roles']> }>();
  const pageIds = new Set<string>();
  const projects: ProjectBlock[] = [];
  const report: ReportProject[] = [];
  const conflicts: ReportConflict[] = [];
  const confidence: Extraction['confidence'] = {};

  for (const draft of page.projects) {
    const { id, known } = projectId(draft, lookup, knowledge, knownIds, pageIds, warnings);
    warnings.push(...draft.warnings);
    const links = new ProjectLinks();
    const entry = reportProject(draft, known ? id : null);
    const projectCountries = countriesOfDraft(draft);
    for (const mention of draft.mentions) {
      const found = keepToCountries(resolveMention(mention, lookup), mention, projectCountries, warnings);
      for (const miss of found.unresolved) {
        if (!unresolved.some((u) => u.name === miss.name && u.role === mention.kind && u.project === id)) {
          const suggestions = miss.match.kind === 'linked' ? [] : miss.match.suggestions;
          unresolved.push({
            name: miss.name,
            role: mention.kind,
            project: id,
            excerpt: mention.excerpt,
            ...(miss.match.kind === 'ambiguous' ? { candidates: suggestions.map((s) => s.id) } : {}),
            ...(suggestions.length > 0 ? { suggestions } : {}),
          });
        }
      }
      for (const target of found.linked) {
        if (mention.kind === 'person') addManager(people, target.id, mention, id, ev);
        else links.add(mention, target.id, ev(mention.excerpt));
      }
      addToReport(entry, mention, [...found.linked.map((l) => ({ name: l.name, id: l.id })), ...found.unresolved.map((u) => ({ name: u.name, id: null }))]);
    }
    const block = projectBlock(id, draft, links, ev, warnings, known);
    projects.push(block);
    report.push(entry);
    confidence[id] = { ...draft.confidence };
    if (known) conflicts.push(...conflictsOf(known, block));
  }
  for (const c of conflicts) warnings.push(`${c.project}: the page says ${c.field} ${String(c.found)}, the graph ${String(c.existing)}; both are kept as conflicting claims.`);

  const dataset: ExtractedDataset = {
    sources: [{ id: documentId, title: page.title, ...(page.publisher ? { publisher: page.publisher } : {}) }],
    projects,
    ...(people.size > 0 ? { people: [...people.values()] } : {}),
  };
  const review = page.projects.some((p) => p.review);
  const extraction: Extraction = { format: page.format, dataset, unresolved, warnings, withheld: 0, report, conflicts, confidence, review };
  return options.denyList ? withholdDenied(extraction, options.denyList) : extraction;
}

/** The ISO codes of the countries a draft names (world-countries), for checking state bodies against. */
function countriesOfDraft(draft: ProjectDraft): Set<string> {
  const isos = new Set<string>();
  for (const m of draft.mentions) {
    if (m.kind !== 'country') continue;
    for (const name of [cleanName(m.text), ...splitNameList(cleanName(m.text)).map(cleanName)]) for (const iso of countriesNamed(normaliseName(name))) isos.add(iso);
  }
  return isos;
}

// The bodies of a state, whose generic names ("Ministry of Labour") every state's body bears.
const STATE_BODY = /^(?:the\s+)?(?:Ministry|Ministries|Directorate|General Directorate|Department|Presidency|National|State|Police|Border|Gendarmerie|Coast Guard|Office of the|Prosecutor|Municipality)\b/i;
const KEPT_TO_COUNTRY: ReadonlySet<LinkKind> = new Set(['beneficiary', 'partner', 'implementing partner', 'implementer']);

/**
 * A state body linked by a generic name to a body of another country than the project's (the
 * "Ministry of Labour" of a Moroccan project is not Türkiye's) is only proposed, with its
 * score, for a person to confirm. Donors are left alone: they are mostly foreign.
 */
function keepToCountries(found: MentionResolution, mention: Mention, countries: ReadonlySet<string>, warnings: string[]): MentionResolution {
  if (countries.size === 0 || !KEPT_TO_COUNTRY.has(mention.kind)) return found;
  const foreign = found.linked.filter((l) => l.country !== undefined && !countries.has(l.country) && STATE_BODY.test(l.name) && countryNamesIn(l.name).length === 0);
  if (foreign.length === 0) return found;
  for (const l of foreign) warnings.push(`"${l.name}" matches ${l.id}, a body of ${l.country ?? ''}, but the project is in ${[...countries].join(', ')}: proposed, not linked.`);
  return {
    linked: found.linked.filter((l) => !foreign.includes(l)),
    unresolved: [...found.unresolved, ...foreign.map((l) => ({ name: l.name, match: { kind: 'near' as const, suggestions: [{ id: l.id, score: l.score }] } }))],
  };
}

function reportProject(draft: ProjectDraft, matched: string | null): ReportProject {
  const status = draft.statusText === undefined ? undefined : statusOf(draft.statusText);
  return {
    name: draft.name,
    acronym: draft.acronym ?? null,
    startDate: draft.start ?? null,
    endDate: draft.end ?? null,
    status: status ?? null,
    budget: draft.budget ?? null,
    identifiers: draft.identifiers.map((i) => ({ scheme: i.scheme, value: i.value })),
    donors: [],
    implementers: [],
    beneficiaries: [],
    partners: [],
    countries: [],
    people: [],
    matchedProject: matched,
  };
}

function addToReport(entry: ReportProject, mention: Mention, names: ReportName[]): void {
  if (mention.kind === 'person') {
    for (const n of names) if (!entry.people.some((p) => p.name === n.name)) entry.people.push({ name: n.name, role: mention.role ?? 'Project Manager' });
    return;
  }
  const list = entry[KIND_LIST[mention.kind]];
  for (const n of names) if (!list.some((x) => normaliseName(x.name) === normaliseName(n.name))) list.push(n);
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
 * The project's id: the known project's when the page names one already known (by an
 * identifier, its acronym or its title), else project:<slug>, made unique against known ids
 * and the page's.
 */
function projectId(
  draft: ProjectDraft,
  lookup: Lookup,
  knowledge: ProjectKnowledge,
  taken: Set<string>,
  onPage: Set<string>,
  warnings: string[],
): { id: string; known?: KnownProject } {
  const byName = [draft.name, ...(draft.acronym ? [draft.acronym] : [])].map((n) => lookup('Project', n));
  const byIdentifier = draft.identifiers.flatMap((i) => knowledge.withIdentifier(i.value));
  const matches = [...new Set([...byIdentifier, ...byName.flatMap((m) => (m.kind === 'linked' ? [m.id] : m.kind === 'ambiguous' ? m.suggestions.map((s) => s.id) : []))])];
  const match = matches.length === 1 ? matches[0] : undefined;
  // A second project of the page naming the same known project gets an id of its own, as two
  // entries with one id would be refused.
  if (match && !onPage.has(match)) {
    const known = knowledge.facts(match);
    warnings.push(
      known
        ? `${draft.acronym ?? draft.name} is already known as ${match}: the entry adds this page's statements to it; values that differ become conflicts, not a second project.`
        : `${draft.acronym ?? draft.name} is already known as ${match}: merge these entries into it rather than adding them.`,
    );
    onPage.add(match);
    return { id: match, known: known ?? { id: match, name: draft.name, identifiers: [] } };
  }
  if (matches.length > 1) warnings.push(`${draft.acronym ?? draft.name} could be any of ${matches.join(', ')}: given a new id; merge by hand.`);
  for (const m of byName) {
    if (m.kind === 'near') warnings.push(`${draft.acronym ?? draft.name} is close to the known project ${m.suggestions.map((s) => `${s.id} (${s.score})`).join(', ')}: given a new id; if it is the same project, use that id.`);
  }
  const base = `project:${slug(draft.acronym ?? draft.name)}`;
  let id = base;
  for (let n = 2; taken.has(id) || onPage.has(id); n++) id = `${base}-${n}`;
  onPage.add(id);
  return { id };
}

/** The dataset's status for a page's wording; undefined (and a warning) when unknown. */
function mapStatus(text: string | undefined, project: string, warnings: string[]): ProjectBlock['status'] {
  if (text === undefined) return undefined;
  const status = statusOf(text);
  if (!status) warnings.push(`${project}: unknown project status "${text}" left out.`);
  return status;
}

/** The links of one project, one per target and list, merging the evidence of repeated names. */
class ProjectLinks {
  readonly fundedBy: LinkBlock[] = [];
  readonly implementedBy: LinkBlock[] = [];
  readonly beneficiaries: LinkBlock[] = [];
  readonly partners: LinkBlock[] = [];
  readonly countries: LinkBlock[] = [];

  add(mention: Mention, id: string, evidence: EvidenceBlock): void {
    switch (mention.kind) {
      case 'donor':
        return ProjectLinks.put(this.fundedBy, { id, evidence: [evidence] });
      case 'implementer':
        return ProjectLinks.put(this.implementedBy, { id, role: 'LEAD', evidence: [evidence] });
      case 'implementing partner':
        return ProjectLinks.put(this.implementedBy, { id, role: 'PARTNER', evidence: [evidence] });
      case 'partner':
        return ProjectLinks.put(this.partners, { id, evidence: [evidence] });
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

/**
 * The project's dataset entry, its fields in the order of data/README.md, empty ones left out.
 * For a project already known by another name, the entry keeps the known name and gives the
 * page's title as an alias, so that the title is not a conflicting name.
 */
function projectBlock(id: string, draft: ProjectDraft, links: ProjectLinks, ev: (excerpt: string) => EvidenceBlock, warnings: string[], known?: KnownProject): ProjectBlock {
  const implementedBy = links.implementedBy.map((l) => ({ id: l.id, role: l.role === 'PARTNER' ? ('PARTNER' as const) : ('LEAD' as const), evidence: l.evidence }));
  const renamed = known !== undefined && normaliseName(known.name) !== normaliseName(draft.name);
  const block: ProjectBlock = {
    id,
    name: renamed ? known.name : draft.name,
    acronym: draft.acronym,
    aliases: renamed ? [draft.name] : undefined,
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
    partners: nonEmpty(links.partners),
    countries: nonEmpty(links.countries),
  };
  return compact(block);
}

/**
 * The facts of the page that differ from what is known of the same project: each becomes a
 * second claim beside the known one when the entries are loaded (claims.ts keeps both and
 * marks the conflict), never a second project.
 */
function conflictsOf(known: KnownProject, block: ProjectBlock): ReportConflict[] {
  const out: ReportConflict[] = [];
  const differ = (field: string, existing: string | number | undefined, found: string | number | undefined) => {
    if (existing !== undefined && found !== undefined && String(existing) !== String(found)) out.push({ project: known.id, field, existing, found });
  };
  differ('startDate', known.start, block.start === undefined ? undefined : String(block.start));
  differ('endDate', known.end, block.end === undefined ? undefined : String(block.end));
  differ('durationMonths', known.durationMonths, block.durationMonths);
  differ('status', known.status, block.status);
  if (known.budget && block.budget) differ('budget', `${known.budget.amount} ${known.budget.currency}`, `${block.budget.amount} ${block.budget.currency}`);
  for (const identifier of block.identifiers ?? []) {
    const value = String(identifier.value);
    const same = known.identifiers.filter((i) => i.scheme === identifier.scheme);
    if (same.length > 0 && !same.some((i) => i.value === value)) {
      out.push({ project: known.id, field: `identifiers.${identifier.scheme}`, existing: same.map((i) => i.value).join(', '), found: value });
    }
  }
  return out;
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
  const kept: number[] = [];
  for (const [i, p] of extraction.dataset.projects.entries()) {
    const evidence = named(p.name) || named(p.acronym) ? [] : keepEvidence(p.evidence);
    if (evidence.length === 0) continue;
    const description = named(p.description) ? undefined : p.description;
    projects.push(
      compact({ ...p, description, evidence, fundedBy: keepLinks(p.fundedBy), implementedBy: keepLinks(p.implementedBy), beneficiaries: keepLinks(p.beneficiaries), partners: keepLinks(p.partners), countries: keepLinks(p.countries) }),
    );
    kept.push(i);
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
    report: kept.flatMap((i) => {
      const r = extraction.report[i];
      if (!r) return [];
      const names = (list: ReportName[]) => list.filter((n) => !named(n.name));
      return [{ ...r, donors: names(r.donors), implementers: names(r.implementers), beneficiaries: names(r.beneficiaries), partners: names(r.partners), countries: names(r.countries), people: r.people.filter((p) => !named(p.name)) }];
    }),
    conflicts: extraction.conflicts.filter((c) => projectIds.has(c.project) && !named(String(c.found)) && !named(String(c.existing))),
    withheld: extraction.withheld + withheld,
  };
}

import { hash } from 'node:crypto';

/**
 * Claims: every fact of the graph as a statement with its origin (a dataset file and entry,
 * or a curation event), kept side by side when origins disagree, the way Wikidata keeps
 * statements with references and ranks. A node or relationship carries its claims as one JSON
 * property (`claimsJson`); its ordinary properties hold the preferred values, so reads never
 * look at claims. These functions are pure: the loader and the curation repository both merge
 * and materialise through them.
 *
 * The preference rank of a single-valued field (README, "Claims and curation"):
 *   1. a curator's value, the newest curation first;
 *   2. the more specific value (a date to the day over one to the month, over one to the year);
 *   3. the more recent source (the latest `published` date of the claim's documents);
 *   4. the dataset file and entry, in alphabetical file order and entry order, so that the
 *      choice never depends on the order in which loads ran.
 */

export type ClaimValue = string | number | boolean | null | ClaimValue[] | { [key: string]: ClaimValue };

/** A source document and the verbatim excerpt of it that supports a claim. */
export interface ClaimSource {
  document: string;
  excerpt: string;
  /** The passage of the document the excerpt comes after, as the dataset names it (issue 17). */
  under?: string;
  /** Where the excerpt starts in the document's text, white space collapsed. */
  offset?: number;
}

export type ClaimOrigin =
  | { kind: 'dataset'; file: string; entry: string; published: string | null }
  | { kind: 'curation'; event: string; actor: string; at: string };

export type ClaimStatus = 'asserted' | 'deprecated';

export interface Claim {
  /** Stable within its element: a hash of field, origin and value. */
  id: string;
  field: string;
  value: ClaimValue;
  origin: ClaimOrigin;
  sources: ClaimSource[];
  /** Derived from the retractions on every merge; stored for readers. */
  status: ClaimStatus;
  /** A curation claim that settles a conflict names the claims it was preferred to. */
  resolves?: string[];
}

/** A curator's statement that a value is wrong: it deprecates every dataset claim of that value and every older curation claim. */
export interface Retraction {
  field: string;
  /** The value retracted; null retracts every value of the field (an unlink retracts the link itself). */
  value: ClaimValue;
  any: boolean;
  event: string;
  actor: string;
  at: string;
  sources: ClaimSource[];
}

export interface ElementClaims {
  claims: Claim[];
  retractions: Retraction[];
}

/** The field a relationship's own existence and properties are claimed under. */
export const LINK_FIELD = 'link';

/** Fields that hold many values at once: each value is a claim of its own and none conflicts. */
export const MULTI_VALUED_FIELDS: ReadonlySet<string> = new Set(['aliases', 'identifiers']);

/** Fields stored as several properties; the claim's value is an object of them. */
const GROUPED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  start: ['startDate', 'startPrecision', 'startText'],
  end: ['endDate', 'endPrecision', 'endText'],
  budget: ['budgetAmount', 'budgetCurrency'],
};

/** Properties that are no claim: the id, and what is derived from the claims or the names. */
const NOT_CLAIMED: ReadonlySet<string> = new Set([
  'id',
  'claimsJson',
  'conflictFields',
  'contentHash',
  'aliasesText',
  'nameKeys',
  'sortName',
  'searchText',
  'jurisdictionKey',
  'projectTypeKey',
  'identifierValues',
  'evidenceDocuments',
  'evidenceExcerpts',
]);

export function emptyClaims(): ElementClaims {
  return { claims: [], retractions: [] };
}

/** JSON with sorted keys, so that equal values have equal texts. */
export function canonicalJson(value: unknown): string {
  // Written as loops, not map/filter/join: every claim and every element passes here, and a
  // bulk load of a million projects makes tens of millions of calls.
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // The default sort orders by UTF-16 code units, as `<` does on strings.
    const keys = Object.keys(record).sort();
    let out = '{';
    for (const key of keys) {
      const item = record[key];
      if (item === undefined) continue;
      out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value ?? null);
}

function shortHash(text: string): string {
  // The one-shot hash: the same digest as createHash().update().digest(), without a Hash object per call.
  return hash('sha256', text, 'hex').slice(0, 16);
}

export function originKey(origin: ClaimOrigin): string {
  return origin.kind === 'dataset' ? `dataset:${origin.file}#${origin.entry}` : `curation:${origin.event}`;
}

/** A claim of `value` for `field` from `origin`, asserted. */
export function makeClaim(field: string, value: ClaimValue, origin: ClaimOrigin, sources: readonly ClaimSource[], resolves?: string[]): Claim {
  const claim: Claim = { id: shortHash(`${field}|${originKey(origin)}|${canonicalJson(value)}`), field, value, origin, sources: [...sources], status: 'asserted' };
  if (resolves && resolves.length > 0) claim.resolves = [...resolves].sort();
  return claim;
}

/** Parses a stored `claimsJson`; a missing one is no claims at all (an element written before claims). */
export function parseClaims(json: unknown): ElementClaims {
  if (typeof json !== 'string' || json === '') return emptyClaims();
  const parsed = JSON.parse(json) as Partial<ElementClaims>;
  return { claims: parsed.claims ?? [], retractions: parsed.retractions ?? [] };
}

/** The stored form: claims and retractions in a canonical order, so an unchanged element hashes the same. */
export function serialiseClaims(element: ElementClaims): string {
  const normalised = withStatuses(element);
  // Each sort key built once, not at every comparison.
  const claims = normalised.claims
    .map((claim) => ({ claim, key: `${claim.field}|${originSortKey(claim.origin)}|${claim.id}` }))
    .sort((a, b) => compareText(a.key, b.key))
    .map((keyed) => keyed.claim);
  const retractions = [...normalised.retractions].sort((a, b) => compareText(`${a.at}|${a.event}|${a.field}`, `${b.at}|${b.event}|${b.field}`));
  return canonicalJson({ claims, retractions });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** originSortKey of origins met so far: the claims of one entry share their origin, and every sort asks for it at each comparison. */
const ORIGIN_SORT_KEYS = new WeakMap<ClaimOrigin, string>();

/** Sorts dataset origins by file, then by entry position (numerically), after them curation by time. */
function originSortKey(origin: ClaimOrigin): string {
  const known = ORIGIN_SORT_KEYS.get(origin);
  if (known !== undefined) return known;
  let key: string;
  if (origin.kind === 'curation') key = `2|${origin.at}|${origin.event}`;
  else {
    const match = /^(.*)\[(\d+)\]$/.exec(origin.entry);
    const entry = match ? `${match[1]}[${match[2]!.padStart(8, '0')}]` : origin.entry;
    key = `1|${origin.file}|${entry}`;
  }
  ORIGIN_SORT_KEYS.set(origin, key);
  return key;
}

/** Whether `retraction` deprecates `claim`: the same field and value, and the claim is a dataset's or an older curation. */
function retracts(retraction: Retraction, claim: Claim): boolean {
  if (retraction.field !== claim.field) return false;
  if (!retraction.any && canonicalJson(retraction.value) !== canonicalJson(claim.value)) return false;
  return claim.origin.kind === 'dataset' || claim.origin.at < retraction.at;
}

/** The element with each claim's status recomputed from the retractions. */
export function withStatuses(element: ElementClaims): ElementClaims {
  // Without retractions every claim is asserted: the claims that say so already are kept as they are.
  if (element.retractions.length === 0) {
    return { retractions: element.retractions, claims: element.claims.map((claim) => (claim.status === 'asserted' ? claim : { ...claim, status: 'asserted' })) };
  }
  return {
    retractions: element.retractions,
    claims: element.claims.map((claim) => ({ ...claim, status: element.retractions.some((r) => retracts(r, claim)) ? 'deprecated' : 'asserted' })),
  };
}

/**
 * What a load of `file` leaves: every claim of that file is replaced by `incoming` (the
 * file's claims now), every other claim (other files', curators') is kept, and a value a
 * curator retracted stays deprecated.
 */
export function replaceFileClaims(element: ElementClaims, file: string, incoming: readonly Claim[]): ElementClaims {
  const kept = element.claims.filter((c) => !(c.origin.kind === 'dataset' && c.origin.file === file));
  return withStatuses({ claims: dedupe([...kept, ...incoming]), retractions: element.retractions });
}

/** Adds claims (curation ones, or an overlay's) to an element; a claim already there is not doubled. */
export function addClaims(element: ElementClaims, added: readonly Claim[], retractions: readonly Retraction[] = []): ElementClaims {
  const known = new Set(element.retractions.map((r) => `${r.event}|${r.field}|${canonicalJson(r.value)}`));
  const newRetractions = retractions.filter((r) => !known.has(`${r.event}|${r.field}|${canonicalJson(r.value)}`));
  return withStatuses({ claims: dedupe([...element.claims, ...added]), retractions: [...element.retractions, ...newRetractions] });
}

function dedupe(claims: readonly Claim[]): Claim[] {
  const byId = new Map<string, Claim>();
  for (const claim of claims) if (!byId.has(claim.id)) byId.set(claim.id, claim);
  return [...byId.values()];
}

const PRECISION_RANK: Readonly<Record<string, number>> = { DAY: 3, MONTH: 2, YEAR: 1 };

/** How specific a value is: dates by their precision; other values are all equally specific. */
function specificity(claim: Claim): number {
  const value = claim.value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const precision = value.startPrecision ?? value.endPrecision ?? value.datePrecision;
    if (typeof precision === 'string') return PRECISION_RANK[precision] ?? 0;
  }
  return 0;
}

/** Negative when `a` is preferred to `b` (the rank at the top of this file). */
export function compareClaims(a: Claim, b: Claim): number {
  const curatedA = a.origin.kind === 'curation';
  const curatedB = b.origin.kind === 'curation';
  if (curatedA !== curatedB) return curatedA ? -1 : 1;
  if (a.origin.kind === 'curation' && b.origin.kind === 'curation') return compareText(b.origin.at, a.origin.at) || compareText(a.id, b.id);
  const specific = specificity(b) - specificity(a);
  if (specific !== 0) return specific;
  const publishedA = a.origin.kind === 'dataset' ? (a.origin.published ?? '') : '';
  const publishedB = b.origin.kind === 'dataset' ? (b.origin.published ?? '') : '';
  if (publishedA !== publishedB) return compareText(publishedB, publishedA);
  return compareText(originSortKey(a.origin), originSortKey(b.origin)) || compareText(a.id, b.id);
}

/** The asserted claims of a field, the preferred first. */
export function rankedClaims(element: ElementClaims, field: string): Claim[] {
  return element.claims.filter((c) => c.field === field && c.status === 'asserted').sort(compareClaims);
}

/** The preferred claim of a single-valued field, or null when no origin asserts it. */
export function preferredClaim(element: ElementClaims, field: string): Claim | null {
  return rankedClaims(element, field)[0] ?? null;
}

export interface Conflict {
  field: string;
  preferred: Claim;
  /** Every asserted claim of the field, the preferred first. */
  alternatives: Claim[];
}

/**
 * The open conflicts of an element: single-valued fields with two different asserted values,
 * unless the preferred claim is a curator's that settled every other one (it names them in
 * `resolves`, as a curator's choice or override does for the claims present at the time).
 */
export function openConflicts(element: ElementClaims): Conflict[] {
  const fields = [...new Set(element.claims.map((c) => c.field))].filter((f) => !MULTI_VALUED_FIELDS.has(f)).sort();
  const conflicts: Conflict[] = [];
  for (const field of fields) {
    const ranked = rankedClaims(element, field);
    const preferred = ranked[0];
    if (!preferred) continue;
    const differing = ranked.filter((c) => canonicalJson(c.value) !== canonicalJson(preferred.value));
    if (differing.length === 0) continue;
    const settled = new Set(preferred.resolves ?? []);
    if (differing.every((c) => settled.has(c.id))) continue;
    conflicts.push({ field, preferred, alternatives: ranked });
  }
  return conflicts;
}

/**
 * The claims a set of stored properties makes (an entry of a dataset, as the plan writes it):
 * one per field, grouped fields as one object, one per alias and per identifier. Derived
 * properties are no claims; they follow from the preferred values.
 */
export function claimsFromProperties(props: Readonly<Record<string, unknown>>, origin: ClaimOrigin, sources: readonly ClaimSource[]): Claim[] {
  const claims: Claim[] = [];
  const grouped = new Set(Object.values(GROUPED_FIELDS).flat());
  for (const [field, keys] of Object.entries(GROUPED_FIELDS)) {
    const value: Record<string, ClaimValue> = {};
    for (const key of keys) if (props[key] !== undefined && props[key] !== null) value[key] = props[key] as ClaimValue;
    if (Object.keys(value).length > 0) claims.push(makeClaim(field, value, origin, sources));
  }
  for (const alias of asStrings(props.aliases)) claims.push(makeClaim('aliases', alias, origin, sources));
  if (typeof props.identifiersJson === 'string') {
    for (const identifier of JSON.parse(props.identifiersJson) as ClaimValue[]) claims.push(makeClaim('identifiers', identifier, origin, sources));
  }
  for (const [key, value] of Object.entries(props)) {
    if (NOT_CLAIMED.has(key) || grouped.has(key) || key === 'aliases' || key === 'identifiersJson' || value === undefined || value === null) continue;
    claims.push(makeClaim(key, value as ClaimValue, origin, sources));
  }
  return claims;
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The values of a multi-valued field that some origin asserts, in the order of their first claim. */
export function assertedValues(element: ElementClaims, field: string): ClaimValue[] {
  const claims = element.claims.filter((c) => c.field === field && c.status === 'asserted').sort((a, b) => compareText(originSortKey(a.origin), originSortKey(b.origin)) || compareText(a.id, b.id));
  const seen = new Set<string>();
  const values: ClaimValue[] = [];
  for (const claim of claims) {
    const key = canonicalJson(claim.value);
    if (!seen.has(key)) {
      seen.add(key);
      values.push(claim.value);
    }
  }
  return values;
}

/**
 * The properties the preferred values give (before the derived ones): every single-valued
 * field's preferred value, the aliases and identifiers every origin asserts. A field no origin
 * asserts is absent (null).
 */
export function preferredProperties(element: ElementClaims): Record<string, ClaimValue> {
  const props: Record<string, ClaimValue> = {};
  const fields = new Set(element.claims.map((c) => c.field));
  for (const field of fields) {
    if (MULTI_VALUED_FIELDS.has(field)) continue;
    const preferred = preferredClaim(element, field);
    const keys = GROUPED_FIELDS[field];
    if (keys) {
      for (const key of keys) props[key] = null;
      if (preferred && preferred.value !== null && typeof preferred.value === 'object' && !Array.isArray(preferred.value)) Object.assign(props, preferred.value);
    } else {
      props[field] = preferred ? preferred.value : null;
    }
  }
  props.aliases = assertedValues(element, 'aliases');
  if (fields.has('identifiers')) props.identifiersJson = JSON.stringify(assertedValues(element, 'identifiers'));
  return props;
}

/** The evidence of every asserted claim, each (document, excerpt) once, in origin order. */
export function assertedSources(element: ElementClaims, field?: string): ClaimSource[] {
  // Ordered by origin, then field and id: the same claims give the same evidence order whatever
  // the order in which loads and changes added them.
  const claims = element.claims
    .filter((c) => c.status === 'asserted' && (field === undefined || c.field === field))
    .sort((a, b) => compareText(originSortKey(a.origin), originSortKey(b.origin)) || compareText(a.field, b.field) || compareText(a.id, b.id));
  const seen = new Set<string>();
  const out: ClaimSource[] = [];
  for (const claim of claims) {
    for (const source of claim.sources) {
      const key = `${source.document}|${source.excerpt}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(source);
      }
    }
  }
  return out;
}

/** Whether a relationship exists: some origin asserts it and no retraction took it back. */
export function linkAsserted(element: ElementClaims): boolean {
  return element.claims.some((c) => c.field === LINK_FIELD && c.status === 'asserted');
}

/** The conflicts `after` has that `before` did not (a new alternative counts), for a load report. */
export function newConflicts(before: ElementClaims, after: ElementClaims): Conflict[] {
  const old = new Map(openConflicts(before).map((c) => [c.field, new Set(c.alternatives.map((a) => a.id))]));
  return openConflicts(after).filter((c) => {
    const known = old.get(c.field);
    return !known || c.alternatives.some((a) => !known.has(a.id));
  });
}

/**
 * The dataset claims `after` has that `before` did not, which a curator's retraction already
 * deprecates: a load asserting again what a curator took back (a retracted value, an unlinked
 * tie). Each with the retraction that holds it back, for the load report.
 */
export function newlyRetracted(before: ElementClaims, after: ElementClaims): Array<{ claim: Claim; retraction: Retraction }> {
  const known = new Set(before.claims.map((c) => c.id));
  const out: Array<{ claim: Claim; retraction: Retraction }> = [];
  for (const claim of after.claims) {
    if (known.has(claim.id) || claim.origin.kind !== 'dataset' || claim.status !== 'deprecated') continue;
    const retraction = after.retractions.find((r) => retracts(r, claim));
    if (retraction) out.push({ claim, retraction });
  }
  return out;
}

/** A hash of stored properties, so that a load leaves an element alone when nothing about it changed. */
export function contentHashOf(props: Readonly<Record<string, unknown>>): string {
  return shortHash(canonicalJson(props)).slice(0, 16);
}

/** A claim's value as a person reads it in a report or a list of alternatives. */
export function displayValue(value: ClaimValue): string {
  if (value === null) return '(none)';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map(displayValue).join(', ');
  const date = value.startDate ?? value.endDate ?? value.date;
  if (typeof date === 'string') {
    const text = value.startText ?? value.endText;
    const precision = value.startPrecision ?? value.endPrecision ?? value.datePrecision;
    return typeof text === 'string' ? text : `${date}${typeof precision === 'string' ? ` (${precision.toLowerCase()})` : ''}`;
  }
  if (typeof value.budgetAmount === 'number') return `${value.budgetAmount} ${String(value.budgetCurrency ?? '')}`.trim();
  return canonicalJson(value);
}

/** Where a claim comes from, in words. */
export function displayOrigin(origin: ClaimOrigin): string {
  return origin.kind === 'dataset' ? `${origin.file} ${origin.entry}` : `curated by ${origin.actor} at ${origin.at} (event ${origin.event})`;
}

/** The latest `published` date of the documents a claim cites, by the documents' dates. */
export function latestPublished(sources: readonly ClaimSource[], published: ReadonlyMap<string, string | null>): string | null {
  let latest: string | null = null;
  for (const source of sources) {
    const date = published.get(source.document) ?? null;
    if (date !== null && (latest === null || date > latest)) latest = date;
  }
  return latest;
}

/** The claims of one entry under a redirect: the names of the entity merged away become aliases of the kept one, as the merge made them. */
export function asRedirectedClaims(claims: readonly Claim[]): Claim[] {
  return claims.map((claim) => (claim.field === 'name' || claim.field === 'acronym' ? makeClaim('aliases', claim.value, claim.origin, claim.sources, claim.resolves) : claim));
}

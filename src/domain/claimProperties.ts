import { derivedProperties } from './derivedProperties';
import type { EntityLabel } from './entities';
import { assertedSources, contentHashOf, openConflicts, preferredClaim, preferredProperties, serialiseClaims, LINK_FIELD, type ClaimSource, type ClaimValue, type ElementClaims } from './claims';

/**
 * The stored properties of an element from its claims: the preferred values where every read
 * query finds them, the properties derived from the names (src/domain/derivedProperties.ts),
 * the claims themselves (`claimsJson`, which no read projects), and a content hash. The
 * loader and the curation repository both write what these functions return, so a curated
 * entity and a loaded one are stored alike.
 */

export type StoredValue = string | number | boolean | string[] | number[] | null;

export interface MaterialisedEntity {
  props: Record<string, StoredValue>;
  /** Fields with an open conflict; the entity is labelled :Conflicted when there is one. */
  conflictFields: string[];
}

/**
 * A claim value as a property. Datasets give only scalars and lists of strings here; anything
 * else is passed on untouched so that Neo4j refuses it loudly rather than it being stored
 * in another shape.
 */
function stored(value: ClaimValue | undefined): StoredValue | undefined {
  if (value === undefined || value === null) return undefined;
  return value as StoredValue;
}

function compact(props: Record<string, StoredValue | undefined>): Record<string, StoredValue> {
  const out: Record<string, StoredValue> = {};
  for (const [key, value] of Object.entries(props)) if (value !== undefined && value !== null) out[key] = value;
  return out;
}

const text = (value: ClaimValue | undefined): string | null => (typeof value === 'string' ? value : null);

/** An entity's properties from its claims. `fallbackName` keeps a name when every name claim was retracted. */
export function materialiseEntity(label: EntityLabel, id: string, element: ElementClaims, fallbackName: string): MaterialisedEntity {
  const preferred = preferredProperties(element);
  const aliases = (preferred.aliases as ClaimValue[]).filter((a): a is string => typeof a === 'string');
  const name = text(preferred.name) ?? fallbackName;
  const ambiguousAliases = Array.isArray(preferred.ambiguousAliases) ? preferred.ambiguousAliases.filter((a): a is string => typeof a === 'string') : [];
  const derived = derivedProperties(label, {
    name,
    acronym: text(preferred.acronym),
    aliases,
    ambiguousAliases,
    description: text(preferred.description),
    isoCode: text(preferred.isoCode),
    jurisdiction: text(preferred.jurisdiction),
    ...(label === 'Project' ? { projectType: text(preferred.projectType) } : {}),
  });
  const values: Record<string, StoredValue | undefined> = {};
  for (const [key, value] of Object.entries(preferred)) values[key] = stored(value);
  const identifiers = typeof preferred.identifiersJson === 'string' ? (JSON.parse(preferred.identifiersJson) as Array<{ value?: unknown }>) : null;
  const conflictFields = openConflicts(element).map((c) => c.field);
  const props = compact({
    ...values,
    id,
    name,
    aliases,
    ...derived,
    identifierValues: identifiers ? identifiers.map((i) => String(i.value)) : undefined,
    conflictFields: conflictFields.length > 0 ? conflictFields : undefined,
    claimsJson: serialiseClaims(element),
  });
  props.contentHash = contentHashOf(props);
  return { props, conflictFields };
}

/** A relationship's properties from its claims: the preferred claim's own properties and the evidence of every asserted one; null when no origin asserts it. */
export function materialiseLink(element: ElementClaims): Record<string, StoredValue> | null {
  const preferred = preferredClaim(element, LINK_FIELD);
  if (!preferred) return null;
  const own: Record<string, StoredValue | undefined> = {};
  if (preferred.value !== null && typeof preferred.value === 'object' && !Array.isArray(preferred.value)) {
    for (const [key, value] of Object.entries(preferred.value)) own[key] = stored(value);
  }
  const sources = assertedSources(element, LINK_FIELD);
  const conflicted = openConflicts(element).length > 0;
  const props = compact({
    ...own,
    evidenceDocuments: sources.map((s) => s.document),
    evidenceExcerpts: sources.map((s) => s.excerpt),
    conflictFields: conflicted ? [LINK_FIELD] : undefined,
    // Where each excerpt sits (issue 17), parallel to the lists above; '' and -1 where unknown (a curator's citation).
    evidenceUnder: sources.some((s) => s.under !== undefined) ? sources.map((s) => s.under ?? '') : undefined,
    evidenceOffsets: sources.some((s) => s.offset !== undefined) ? sources.map((s) => s.offset ?? -1) : undefined,
    claimsJson: serialiseClaims(element),
  });
  props.contentHash = contentHashOf(props);
  return props;
}

/** A relationship's own properties as a claim value: what it carries besides evidence and derived properties. */
export function linkValue(props: Readonly<Record<string, unknown>>): ClaimValue {
  const value: Record<string, ClaimValue> = {};
  for (const [key, v] of Object.entries(props)) {
    if (EVIDENCE_KEYS.has(key) || key === 'contentHash' || key === 'claimsJson' || key === 'conflictFields' || v === undefined || v === null) continue;
    value[key] = v as ClaimValue;
  }
  return value;
}

/** The properties that hold a relationship's evidence: parallel lists, one item per excerpt. */
export const EVIDENCE_KEYS: ReadonlySet<string> = new Set(['evidenceDocuments', 'evidenceExcerpts', 'evidenceUnder', 'evidenceOffsets']);

/** The evidence a relationship's stored properties carry: document, excerpt and, where known, its location. */
export function linkSources(props: Readonly<Record<string, unknown>>): ClaimSource[] {
  const documents = Array.isArray(props.evidenceDocuments) ? props.evidenceDocuments : [];
  const excerpts = Array.isArray(props.evidenceExcerpts) ? props.evidenceExcerpts : [];
  const under = Array.isArray(props.evidenceUnder) ? props.evidenceUnder : [];
  const offsets = Array.isArray(props.evidenceOffsets) ? props.evidenceOffsets : [];
  return documents.map((document, i) => {
    const source: ClaimSource = { document: String(document), excerpt: String(excerpts[i] ?? '') };
    if (typeof under[i] === 'string' && under[i] !== '') source.under = under[i] as string;
    const offset = Number(offsets[i]);
    if (Number.isInteger(offset) && offset >= 0) source.offset = offset;
    return source;
  });
}

/** An EVIDENCED_BY tie to write: an entity, a source document, the excerpt, its place in the list and, where known, in the document. */
export interface EvidenceRow {
  entityId: string;
  document: string;
  excerpt: string;
  position: number;
  under: string | null;
  offset: number | null;
}

/** The EVIDENCED_BY ties of an entity: the sources of its asserted claims, each once, in origin order (loads and curation alike). */
export function entityEvidenceRows(entityId: string, element: ElementClaims): EvidenceRow[] {
  return assertedSources(element).map((source, position) => ({
    entityId,
    document: source.document,
    excerpt: source.excerpt,
    position,
    under: source.under ?? null,
    offset: source.offset ?? null,
  }));
}

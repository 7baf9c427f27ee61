import { randomUUID } from 'node:crypto';
import { nameKeys, normaliseName } from '../../domain/names';
import { toEntityRecord, toPlain, type PlainValue } from '../conversions';
import type { Slots } from '../cypher/catalog';
import { labelSlot, typeSlot } from '../cypher/slots';
import type { Params } from '../driver/database';
import type { QueryRunner } from '../driver/queryRunner';
import { ServiceError } from '../../errors';
import { type EntityRecord, type SourceRecord } from '../records';
import { attributeProblem } from '../../domain/attributes';
import { DERIVED_PROPERTIES, derivedProperties } from '../../domain/derivedProperties';
import { ENTITY_ATTRIBUTES, ENTITY_LABELS, entityLabelOf, isProjectStatus, type EntityAttribute, type EntityAttributes, type EntityLabel } from '../../domain/entities';
import { RELATIONSHIP_TYPES, endpointProblem, type RelationshipType } from '../../domain/relationships';
import {
  addClaims,
  asRedirectedClaims,
  assertedValues,
  canonicalJson,
  emptyClaims,
  linkAsserted,
  makeClaim,
  openConflicts,
  parseClaims,
  preferredClaim,
  rankedClaims,
  serialiseClaims,
  LINK_FIELD,
  MULTI_VALUED_FIELDS,
  type Claim,
  type ClaimOrigin,
  type ClaimValue,
  type ClaimSource,
  type ElementClaims,
  type Retraction,
} from '../../domain/claims';
import { refreshDerivedStatuses } from './projectStatus';
import { todayUtc } from '../../domain/projectStatus';
import { entityEvidenceRows, materialiseEntity, materialiseLink } from '../../domain/claimProperties';
import { nameParam } from '../cypher/filterCompiler';

/**
 * The curation mutations' writes. Each change runs in ONE managed write transaction that also
 * records its audit event, so a change and its record exist together or not at all. Every
 * query is a named, parameterised file in cypher/queries; labels and relationship types are
 * filled in from the fixed lists only.
 */

export type AuditAction = 'CREATE_ENTITY' | 'UPDATE_ENTITY' | 'LINK' | 'UNLINK' | 'MERGE_ENTITIES' | 'RETRACT_CLAIM' | 'RESOLVE_CONFLICT';

/** Who made a change: an API key's name and role. */
export interface CurationActor {
  name: string;
  role: string;
}

/** The source document and verbatim excerpt a change rests on. */
export interface CitedEvidence {
  document: string;
  excerpt: string;
  /** Where the excerpt sits in its document, as the curation policy located it (issue 17). */
  under?: string;
  offset?: number;
}

export interface AuditEventRecord {
  id: string;
  at: string;
  actor: string;
  role: string;
  action: AuditAction;
  entityId: string;
  relatedIds: string[];
  /** The changed thing before the change, as JSON; null for a creation. */
  before: string | null;
  /** The changed thing after the change, as JSON; null for a removal. */
  after: string | null;
  evidence: SourceRecord;
}

/** A relationship's own properties a curator may set. */
export interface LinkProperties {
  role?: string;
  title?: string;
  date?: string;
}

export interface EntityChangeRecord {
  entity: EntityRecord;
  event: AuditEventRecord;
}

export interface RelationshipChangeRecord {
  from: EntityRecord;
  to: EntityRecord;
  type: RelationshipType;
  linked: boolean;
  event: AuditEventRecord;
}

type Row = Record<string, unknown>;
/** Runs one named query inside the change's transaction. */
type TxRun = (name: string, params: Params, slots?: Slots) => Promise<Row[]>;

interface StoredEntity {
  label: EntityLabel;
  props: Record<string, unknown>;
  labels: string[];
}

/** A change's audit event, made before its claims so that they can name it. */
interface PendingEvent {
  id: string;
  at: string;
  origin: ClaimOrigin & { kind: 'curation' };
  sources: CitedEvidence[];
}

/** An entity's claims, with the entity they belong to, for the claims API. */
export interface EntityClaimsRecord {
  id: string;
  label: EntityLabel | null;
  claims: ElementClaims;
  /** Relationships from the entity with an open conflict of their own (the conflicts page only). */
  links?: Array<{ type: RelationshipType; to: string; claims: ElementClaims }>;
}

/** The claims of one relationship: kept while it exists, and after a curator removed it. */
export interface LinkClaimsRecord {
  from: string;
  type: RelationshipType;
  to: string;
  present: boolean;
  claims: ElementClaims;
}

/** A curated element for the export: an entity's claims or a relationship's. */
export type CuratedElementRecord =
  | { kind: 'entity'; id: string; label: EntityLabel | null; claims: ElementClaims }
  | { kind: 'link'; from: string; type: RelationshipType; to: string; claims: ElementClaims };

export interface RedirectRecord {
  id: string;
  to: string;
  event?: string | null;
}

/** Everything curated, as the overlay (src/ingest/overlay.ts) writes and reads it. */
export interface CuratedOverlay {
  redirects: RedirectRecord[];
  entities: Array<{ id: string; label: EntityLabel | null; claims: ElementClaims }>;
  links: Array<{ from: string; type: RelationshipType; to: string; claims: ElementClaims }>;
  events: Array<{ id: string; at: string; actor: string; role: string; action: string; entityId: string; relatedIds: string[]; before: string | null; after: string | null; evidence: CitedEvidence }>;
}

/** What applying an overlay changed. */
export interface OverlayReport {
  redirects: number;
  entities: number;
  links: number;
  events: number;
}

/** One claim of an entity, as the claims API shows it. */
export interface ClaimRecord {
  /** The entity's id, or for a relationship's claim its key (`<from>|<TYPE>|<to>`). */
  entityId: string;
  claim: Claim;
  preferred: boolean;
}

/** An open conflict: an entity's field and its alternatives, the preferred first. */
export interface ConflictRecord {
  entityId: string;
  field: string;
  alternatives: ClaimRecord[];
  /** For a relationship's conflict: the relationship (entityId is its start). */
  relationship?: ConflictedRelationshipRecord;
}

/** The relationship a conflict is about: its type and the entity it ends at. */
export interface ConflictedRelationshipRecord {
  type: RelationshipType;
  to: string;
}

export interface ConflictPage {
  nodes: ConflictRecord[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** A public claim id: the entity's id (or a relationship's key, `<from>|<TYPE>|<to>`) and the claim's id within it. */
export function publicClaimId(entityId: string, claimId: string): string {
  return `${entityId}#${claimId}`;
}

/** A parsed public claim id: of an entity's claim, or of a relationship's (its ends and type). */
type ParsedClaimId = { entityId: string; claimId: string; link: { from: string; type: RelationshipType; to: string } | null };

function parsePublicClaimId(value: string): ParsedClaimId {
  const at = value.lastIndexOf('#');
  if (at <= 0 || at === value.length - 1) throw new ServiceError('BAD_USER_INPUT', `A claim id is "<entity id>#<claim>" or "<from>|<TYPE>|<to>#<claim>", as Claim.id gives it; got "${value}".`);
  const entityId = value.slice(0, at);
  const claimId = value.slice(at + 1);
  if (!entityId.includes('|')) return { entityId, claimId, link: null };
  const [from, type, to, ...rest] = entityId.split('|');
  if (!from || !to || rest.length > 0 || !RELATIONSHIP_TYPES.includes(type as RelationshipType)) {
    throw new ServiceError('BAD_USER_INPUT', `A relationship's claim id is "<from>|<TYPE>|<to>#<claim>" with TYPE one of ${RELATIONSHIP_TYPES.join(', ')}; got "${value}".`);
  }
  return { entityId, claimId, link: { from, type: type as RelationshipType, to } };
}

export function linkKey(from: string, type: string, to: string): string {
  return `${from}|${type}|${to}`;
}

function plainProps(props: Record<string, unknown>): Record<string, PlainValue> {
  const out: Record<string, PlainValue> = {};
  for (const key of Object.keys(props).sort()) if (!DERIVED_PROPERTIES.has(key)) out[key] = toPlain(props[key]);
  return out;
}

function snapshot(entity: StoredEntity): string {
  return JSON.stringify({ labels: [...entity.labels].sort(), properties: plainProps(entity.props) });
}

function stringOrNull(value: unknown): string | null {
  const plain = toPlain(value);
  return typeof plain === 'string' ? plain : null;
}

/** The attributes an entity has now, read back from its stored properties. */
function currentAttributes(entity: StoredEntity): EntityAttributes {
  const p = entity.props;
  const aliases = toPlain(p.aliases);
  const year = toPlain(p.year);
  return {
    name: stringOrNull(p.name) ?? '',
    acronym: stringOrNull(p.acronym),
    aliases: Array.isArray(aliases) ? aliases.filter((a): a is string => typeof a === 'string') : [],
    kind: stringOrNull(p.kind),
    description: stringOrNull(p.description),
    status: isProjectStatus(p.status) ? p.status : null,
    isoCode: stringOrNull(p.isoCode) ?? undefined,
    jurisdiction: stringOrNull(p.jurisdiction),
    year: typeof year === 'number' ? year : null,
  };
}

/**
 * The properties an entity of `label` is stored with: its attributes and the properties
 * derived from them exactly as ingestion derives them (src/domain/derivedProperties.ts), so
 * that lookups by name and search find a curated entity as they find a loaded one. A null
 * removes the property.
 */
function storedProperties(label: EntityLabel, attributes: EntityAttributes): Record<string, PlainValue> {
  const allowed = new Set<EntityAttribute>(ENTITY_ATTRIBUTES[label]);
  const name = attributes.name ?? '';
  const acronym = allowed.has('acronym') ? (attributes.acronym ?? null) : null;
  const aliases = [...(attributes.aliases ?? [])];
  const description = allowed.has('description') ? (attributes.description ?? null) : null;
  const derived = derivedProperties(label, { name, acronym, aliases, description, isoCode: attributes.isoCode ?? null, jurisdiction: attributes.jurisdiction ?? null });
  const props: Record<string, PlainValue> = { name, aliases, ...derived };
  if (allowed.has('acronym')) props.acronym = acronym;
  if (allowed.has('kind')) props.kind = attributes.kind ?? null;
  if (allowed.has('description')) props.description = description;
  if (allowed.has('status')) props.status = attributes.status ?? null;
  if (allowed.has('isoCode')) props.isoCode = attributes.isoCode ?? null;
  if (allowed.has('jurisdiction')) props.jurisdiction = attributes.jurisdiction ?? null;
  if (allowed.has('year')) props.year = attributes.year ?? null;
  return props;
}

/** Refuses attributes an entity of `label` cannot hold (src/domain/attributes.ts). */
function checkAttributes(label: EntityLabel, attributes: EntityAttributes): void {
  const problem = attributeProblem(label, attributes);
  if (problem) throw new ServiceError('BAD_USER_INPUT', problem);
}

function toAuditEvent(row: Row): AuditEventRecord {
  const event = row.event as Record<string, unknown>;
  const related = toPlain(event.relatedIds);
  return {
    id: String(toPlain(event.id)),
    at: new Date(Number(toPlain(row.atMillis))).toISOString(),
    actor: String(toPlain(event.actor)),
    role: String(toPlain(event.role)),
    action: String(toPlain(event.action)) as AuditAction,
    entityId: String(toPlain(event.entityId)),
    relatedIds: Array.isArray(related) ? related.map(String) : [],
    before: stringOrNull(event.before),
    after: stringOrNull(event.after),
    evidence: { document: String(toPlain(event.evidenceDocument)), excerpt: String(toPlain(event.evidenceExcerpt)) },
  };
}

/** Name keys as one Lucene query of the name-key index: each key a phrase, any of them. */
function namePhrases(keys: readonly string[]): string {
  // An entity always has a name, so there is a key; the empty phrase only keeps Lucene from a parse error.
  return keys.map((key) => nameParam(key).phrase).join(' OR ') || '""';
}

function missingSource(evidence: CitedEvidence): ServiceError {
  return new ServiceError('BAD_USER_INPUT', `The source document "${evidence.document}" is not in the graph; cite a loaded or curated source.`);
}

function nameTaken(label: EntityLabel, holder: string): ServiceError {
  return new ServiceError('BAD_USER_INPUT', `Another ${label} ("${holder}") already bears this name, acronym or alias: one real thing must be one entity (merge them instead).`);
}

export class CurationRepository {
  constructor(private readonly runner: QueryRunner) {}

  /** Creates an entity of `label` with its evidence. */
  async createEntity(actor: CurationActor, label: EntityLabel, id: string, attributes: EntityAttributes, evidence: CitedEvidence): Promise<EntityChangeRecord> {
    // The label is written into the Cypher text: only one from the fixed list may be.
    if (!ENTITY_LABELS.includes(label)) throw new Error(`Unknown label ${String(label)}`);
    checkAttributes(label, attributes);
    const props = storedProperties(label, attributes);
    const keys = props.nameKeys as string[];
    return this.inTransaction(async (run) => {
      // One round trip for every check: a write holds its locks while it waits on the next
      // query, so the fewer it runs, the less concurrent curators queue behind it.
      const [checks] = await run(
        'curation.entity.createChecks',
        { id, document: evidence.document, keys, phrases: namePhrases(keys) },
        { LABEL: labelSlot(label) },
      );
      if (toPlain(checks?.sourceExists) !== true) throw missingSource(evidence);
      if (toPlain(checks?.idTaken) === true) throw new ServiceError('BAD_USER_INPUT', `An entity with the id "${id}" already exists.`);
      const redirectedTo = toPlain(checks?.redirectedTo);
      if (typeof redirectedTo === 'string') throw new ServiceError('BAD_USER_INPUT', `The id "${id}" was merged into "${redirectedTo}"; it cannot name a new entity.`);
      const takenBy = toPlain(checks?.nameTakenBy);
      if (typeof takenBy === 'string') throw nameTaken(label, takenBy);
      await run('curation.entity.create', { id, props: { id, ...props } }, { LABEL: labelSlot(label) });
      const pending = this.pending(actor, evidence);
      const claims: Claim[] = [];
      for (const [field, value] of Object.entries(props)) {
        if (DERIVED_PROPERTIES.has(field) || value === null || value === undefined) continue;
        if (field === 'aliases') for (const alias of value as string[]) claims.push(makeClaim('aliases', alias, pending.origin, pending.sources));
        else claims.push(makeClaim(field, value as ClaimValue, pending.origin, pending.sources));
      }
      const created = await this.writeEntity(run, label, id, addClaims(emptyClaims(), claims), props.name as string);
      const event = await this.record(run, actor, 'CREATE_ENTITY', id, [], null, snapshot(created), evidence, pending);
      return { entity: toEntityRecord(created.props, created.labels), event };
    });
  }

  /** Changes attributes of an entity (a null clears one) and adds the evidence of the change. */
  async updateEntity(actor: CurationActor, id: string, changes: EntityAttributes, evidence: CitedEvidence): Promise<EntityChangeRecord> {
    return this.inTransaction(async (run) => {
      await this.requireSource(run, evidence);
      const current = await this.require(run, id);
      checkAttributes(current.label, changes);
      const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as EntityAttributes;
      const props = storedProperties(current.label, { ...currentAttributes(current), ...defined });
      await this.refuseTakenName(run, current.label, id, props.nameKeys as string[]);
      const pending = this.pending(actor, evidence);
      const element = await this.entityClaims(run, id);
      const { claims, retractions } = curatedChanges(element, defined as Record<string, ClaimValue | readonly string[] | undefined>, pending);
      const updated = await this.writeEntity(run, current.label, id, addClaims(element, claims, retractions), stringOrNull(current.props.name) ?? id);
      const event = await this.record(run, actor, 'UPDATE_ENTITY', id, [], snapshot(current), snapshot(updated), evidence, pending);
      return { entity: toEntityRecord(updated.props, updated.labels), event };
    });
  }

  /** Adds a relationship, or adds evidence (and properties) to the one already there. */
  async link(actor: CurationActor, type: RelationshipType, from: string, to: string, properties: LinkProperties, evidence: CitedEvidence): Promise<RelationshipChangeRecord> {
    return this.inTransaction(async (run) => {
      await this.requireSource(run, evidence);
      await this.requireEndpoints(run, type, from, to);
      const props: Record<string, ClaimValue> = Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined)) as Record<string, string>;
      if (props.date !== undefined) props.datePrecision = 'DAY';
      const pending = this.pending(actor, evidence);
      const stored = await this.linkClaims(run, type, from, to);
      // A curator's link states the tie with the properties it has now, and those given.
      const current = preferredClaim(stored.claims, LINK_FIELD)?.value;
      const value = { ...(current !== null && typeof current === 'object' && !Array.isArray(current) ? current : {}), ...props };
      // It settles what the tie's origins said otherwise until now (a later load's difference is a new conflict).
      const others = rankedClaims(stored.claims, LINK_FIELD).filter((c) => canonicalJson(c.value) !== canonicalJson(value)).map((c) => c.id);
      const element = addClaims(stored.claims, [makeClaim(LINK_FIELD, value, pending.origin, pending.sources, others)]);
      const tie = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify({ type, from, to, properties: plainProps(value as Record<string, unknown>) }));
      const event = await this.record(run, actor, 'LINK', from, [to], tie(stored.props), tie(materialiseLink(element)), evidence, pending);
      const ends = await this.endpoints(run, from, to);
      // The write comes last: it locks both ends (a project many curators link to) until the
      // commit, so the less follows it, the less concurrent links wait. Only a new funder's
      // Donor label needs reading back after it.
      await this.writeLink(run, type, from, to, element, stored.present, stored.kept);
      if (type !== 'FUNDED_BY') return { ...ends, type, linked: true, event };
      await run('curation.donors', { ids: [to] });
      return { ...(await this.endpoints(run, from, to)), type, linked: true, event };
    });
  }

  /** Removes a relationship; the evidence says why it does not hold. */
  async unlink(actor: CurationActor, type: RelationshipType, from: string, to: string, evidence: CitedEvidence): Promise<RelationshipChangeRecord> {
    return this.inTransaction(async (run) => {
      await this.requireSource(run, evidence);
      await this.requireEndpoints(run, type, from, to);
      const stored = await this.linkClaims(run, type, from, to);
      if (!stored.present || !stored.props) throw new ServiceError('NOT_FOUND', `There is no ${type} relationship from "${from}" to "${to}".`);
      const pending = this.pending(actor, evidence);
      // An unlink is a curator's retraction of the tie: every origin's claim of it is deprecated,
      // so the relationship disappears and no reload of a dataset that gives it brings it back.
      const retraction: Retraction = { field: LINK_FIELD, value: null, any: true, event: pending.id, actor: actor.name, at: pending.at, sources: pending.sources };
      await this.writeLink(run, type, from, to, addClaims(stored.claims, [], [retraction]), true);
      if (type === 'FUNDED_BY') await run('curation.donors', { ids: [to] });
      const before = JSON.stringify({ type, from, to, properties: plainProps(stored.props) });
      const event = await this.record(run, actor, 'UNLINK', from, [to], before, null, evidence, pending);
      return { ...(await this.endpoints(run, from, to)), type, linked: false, event };
    });
  }

  /**
   * Merges `remove` into `keep`: its relationships (of every type in the fixed list, both
   * directions), its evidence and its names (as aliases) move to `keep`, and it is deleted.
   */
  async mergeEntities(actor: CurationActor, keep: string, remove: string, evidence: CitedEvidence): Promise<EntityChangeRecord> {
    if (keep === remove) throw new ServiceError('BAD_USER_INPUT', 'An entity cannot be merged into itself.');
    return this.inTransaction(async (run) => {
      await this.requireSource(run, evidence);
      const kept = await this.require(run, keep);
      const gone = await this.require(run, remove);
      if (kept.label !== gone.label) throw new ServiceError('BAD_USER_INPUT', `Only entities of one type merge; "${keep}" is a ${kept.label} and "${remove}" a ${gone.label}.`);
      const pending = this.pending(actor, evidence);
      const keptClaims = await this.entityClaims(run, keep);
      const { merged: absorbed, donors } = await this.absorb(run, keep, remove, pending.id);
      // The removed entity's names become aliases of the kept one, its other claims join the
      // kept one's; where that would change what the kept entity shows, the merge states the
      // kept value as a curator's (the admin chose which entity stays).
      let merged = absorbed;
      const pins: Claim[] = [];
      for (const field of new Set(merged.claims.map((c) => c.field))) {
        if (MULTI_VALUED_FIELDS.has(field)) continue;
        const was = preferredClaim(keptClaims, field);
        const now = preferredClaim(merged, field);
        if (was && now && canonicalJson(was.value) !== canonicalJson(now.value)) {
          const others = rankedClaims(merged, field).filter((c) => canonicalJson(c.value) !== canonicalJson(was.value)).map((c) => c.id);
          pins.push(makeClaim(field, was.value, pending.origin, pending.sources, others));
        }
      }
      // The removed entity's names are the kept one's aliases on the merge's own evidence too,
      // so that they stay when a source stops giving the removed entity.
      const keptKeys = new Set(nameKeys([stringOrNull(kept.props.name), stringOrNull(kept.props.acronym)]));
      const goneNames = [gone.props.name, gone.props.acronym].map(stringOrNull).filter((n): n is string => n !== null && !keptKeys.has(normaliseName(n)));
      merged = addClaims(merged, [...pins, ...goneNames.map((alias) => makeClaim('aliases', alias, pending.origin, pending.sources))]);
      const mine = currentAttributes(kept);
      const ownKeys = new Set(nameKeys([mine.name, mine.acronym]));
      // An alias equal to the kept entity's own name or acronym says nothing: it is retracted.
      const echoes = assertedValues(merged, 'aliases').filter((a): a is string => typeof a === 'string' && ownKeys.has(normaliseName(a)));
      if (echoes.length > 0) merged = addClaims(merged, [], echoes.map((value) => ({ field: 'aliases', value, any: false, event: pending.id, actor: actor.name, at: pending.at, sources: pending.sources })));
      const after = await this.writeEntity(run, kept.label, keep, merged, mine.name ?? keep);
      if (kept.label === 'Organisation') await run('curation.donors', { ids: [keep, ...donors] });
      else if (donors.size > 0) await run('curation.donors', { ids: [...donors] });
      const before = JSON.stringify({ keep: JSON.parse(snapshot(kept)) as unknown, remove: JSON.parse(snapshot(gone)) as unknown });
      const event = await this.record(run, actor, 'MERGE_ENTITIES', keep, [remove], before, snapshot(after), evidence, pending);
      return { entity: toEntityRecord(after.props, after.labels), event };
    });
  }

  /** Marks a claim as wrong, with the evidence of why: it stays visible as deprecated, and no reload asserts its value again. */
  async retractClaim(actor: CurationActor, claimId: string, evidence: CitedEvidence): Promise<EntityChangeRecord> {
    const { entityId, claimId: local, link } = parsePublicClaimId(claimId);
    if (link) return this.changeLinkClaim(actor, link, local, claimId, evidence, 'retract');
    return this.inTransaction(async (run) => {
      await this.requireSource(run, evidence);
      const current = await this.require(run, entityId);
      const element = await this.entityClaims(run, entityId);
      const claim = requireClaim(element, entityId, local, claimId);
      if (claim.status === 'deprecated') throw new ServiceError('BAD_USER_INPUT', `The claim "${claimId}" is deprecated already.`);
      const pending = this.pending(actor, evidence);
      const retraction: Retraction = { field: claim.field, value: claim.value, any: false, event: pending.id, actor: actor.name, at: pending.at, sources: pending.sources };
      const updated = await this.writeEntity(run, current.label, entityId, addClaims(element, [], [retraction]), stringOrNull(current.props.name) ?? entityId);
      const event = await this.record(run, actor, 'RETRACT_CLAIM', entityId, [], snapshot(current), snapshot(updated), evidence, pending);
      return { entity: toEntityRecord(updated.props, updated.labels), event };
    });
  }

  /** Settles a conflict: the chosen claim's value becomes a curator's, preferred to every other value the field has now. */
  async resolveConflict(actor: CurationActor, claimId: string, evidence: CitedEvidence): Promise<EntityChangeRecord> {
    const { entityId, claimId: local, link } = parsePublicClaimId(claimId);
    if (link) return this.changeLinkClaim(actor, link, local, claimId, evidence, 'resolve');
    return this.inTransaction(async (run) => {
      await this.requireSource(run, evidence);
      const current = await this.require(run, entityId);
      const element = await this.entityClaims(run, entityId);
      const claim = requireClaim(element, entityId, local, claimId);
      if (MULTI_VALUED_FIELDS.has(claim.field)) throw new ServiceError('BAD_USER_INPUT', `"${claim.field}" holds many values and has no conflicts; retract a wrong value instead.`);
      if (claim.status === 'deprecated') throw new ServiceError('BAD_USER_INPUT', `The claim "${claimId}" is deprecated; choose an asserted one.`);
      const pending = this.pending(actor, evidence);
      const others = rankedClaims(element, claim.field).filter((c) => canonicalJson(c.value) !== canonicalJson(claim.value)).map((c) => c.id);
      const chosen = makeClaim(claim.field, claim.value, pending.origin, [...claim.sources, ...pending.sources], others);
      const updated = await this.writeEntity(run, current.label, entityId, addClaims(element, [chosen]), stringOrNull(current.props.name) ?? entityId);
      const event = await this.record(run, actor, 'RESOLVE_CONFLICT', entityId, [], snapshot(current), snapshot(updated), evidence, pending);
      return { entity: toEntityRecord(updated.props, updated.labels), event };
    });
  }

  /**
   * Retracts one claim of a relationship (when no asserted claim is left, the relationship goes,
   * as an unlink would take it) or settles its conflict by choosing one; the change is the
   * relationship's start entity's, in its history.
   */
  private async changeLinkClaim(actor: CurationActor, link: { from: string; type: RelationshipType; to: string }, local: string, publicId: string, evidence: CitedEvidence, change: 'retract' | 'resolve'): Promise<EntityChangeRecord> {
    return this.inTransaction(async (run) => {
      await this.requireSource(run, evidence);
      const start = await this.require(run, link.from);
      const stored = await this.linkClaims(run, link.type, link.from, link.to);
      const claim = stored.claims.claims.find((c) => c.id === local);
      if (!claim) throw new ServiceError('NOT_FOUND', `The ${link.type} relationship from "${link.from}" to "${link.to}" has no claim "${publicId}"; relationshipClaims(from:, type:, to:) lists its claims.`);
      if (claim.status === 'deprecated') throw new ServiceError('BAD_USER_INPUT', `The claim "${publicId}" is deprecated${change === 'resolve' ? '; choose an asserted one' : ' already'}.`);
      const pending = this.pending(actor, evidence);
      let element: ElementClaims;
      if (change === 'retract') {
        element = addClaims(stored.claims, [], [{ field: LINK_FIELD, value: claim.value, any: false, event: pending.id, actor: actor.name, at: pending.at, sources: pending.sources }]);
      } else {
        const others = rankedClaims(stored.claims, LINK_FIELD).filter((c) => canonicalJson(c.value) !== canonicalJson(claim.value)).map((c) => c.id);
        element = addClaims(stored.claims, [makeClaim(LINK_FIELD, claim.value, pending.origin, [...claim.sources, ...pending.sources], others)]);
      }
      const tie = (props: Record<string, unknown> | null) => (props === null ? null : JSON.stringify({ type: link.type, from: link.from, to: link.to, properties: plainProps(props) }));
      const written = await this.writeLink(run, link.type, link.from, link.to, element, stored.present, stored.kept);
      if (link.type === 'FUNDED_BY') await run('curation.donors', { ids: [link.to] });
      const event = await this.record(run, actor, change === 'retract' ? 'RETRACT_CLAIM' : 'RESOLVE_CONFLICT', link.from, [link.to], tie(stored.props), tie(written), evidence, pending);
      return { entity: toEntityRecord(start.props, start.labels), event };
    });
  }

  /** The claims of one relationship, present or removed by a curator (null when no origin ever stated it). */
  async claimsOfLink(type: RelationshipType, from: string, to: string): Promise<LinkClaimsRecord | null> {
    const stored = await this.runner.read('claims.link.get', { from, to, key: linkKey(from, type, to) }, { TYPE: typeSlot(type) });
    const row = stored[0];
    const present = toPlain(row?.present) === true;
    const claims = parseClaims(toPlain(row?.claimsJson));
    if (!present && claims.claims.length === 0) return null;
    return { from, type, to, present, claims };
  }

  /** The claims of the given entities, in the order of the ids (null for an id that names none). */
  async claimsOf(ids: readonly string[]): Promise<Array<EntityClaimsRecord | null>> {
    const rows = await this.runner.read('claims.nodes.byIds', { ids: [...ids] });
    const byId = new Map(rows.map((row) => [String(row.id), { id: String(row.id), label: entityLabelOf((toPlain(row.labels) as string[] | null) ?? []), claims: parseClaims(toPlain(row.claimsJson)) }]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** A page of the entities with open conflicts, in id order after `after`. */
  async conflicted(after: string, limit: number): Promise<EntityClaimsRecord[]> {
    const rows = await this.runner.read('claims.conflicts.page', { after, limit });
    return rows.map((row) => ({
      id: String(row.id),
      label: entityLabelOf((toPlain(row.labels) as string[] | null) ?? []),
      claims: parseClaims(toPlain(row.claimsJson)),
      links: ((row.links as Array<Record<string, unknown>> | null) ?? []).map((l) => ({ type: String(l.type) as RelationshipType, to: String(l.to), claims: parseClaims(toPlain(l.claimsJson)) })),
    }));
  }

  /** Every element that carries a curator's claim or retraction, and every redirect: what the curation export writes. */
  async curated(): Promise<{ elements: CuratedElementRecord[]; redirects: RedirectRecord[] }> {
    const rows = await this.runner.read('claims.curated.all', {});
    const elements: CuratedElementRecord[] = rows.map((row) =>
      row.kind === 'entity'
        ? { kind: 'entity', id: String(row.id), label: entityLabelOf((toPlain(row.labels) as string[] | null) ?? []), claims: parseClaims(toPlain(row.claimsJson)) }
        : { kind: 'link', from: String(row.from), type: String(row.type) as RelationshipType, to: String(row.to), claims: parseClaims(toPlain(row.claimsJson)) },
    );
    const redirects = (await this.runner.read('claims.redirects.all', {})).map((row) => ({ id: String(row.id), to: String(row.to), event: stringOrNull(row.event) }));
    return { elements, redirects };
  }

  /** The ids the given ids redirect to (merged-away entities), in the order of the ids; null where there is no redirect. */
  async redirects(ids: readonly string[]): Promise<Array<string | null>> {
    const rows = await this.runner.read('claims.redirects.byIds', { ids: [...ids] });
    const to = new Map(rows.map((row) => [String(row.id), String(row.to)]));
    return ids.map((id) => to.get(id) ?? null);
  }

  /** Everything curated, for `npm run curation:export`. */
  async exportOverlay(): Promise<CuratedOverlay> {
    const { elements, redirects } = await this.curated();
    const events = (await this.runner.read('claims.events.all', {})).map(toAuditEvent).map((e) => ({ ...e, evidence: { document: e.evidence.document, excerpt: e.evidence.excerpt } }));
    return {
      redirects,
      entities: elements.flatMap((e) => (e.kind === 'entity' ? [{ id: e.id, label: e.label, claims: e.claims }] : [])),
      links: elements.flatMap((e) => (e.kind === 'link' ? [{ from: e.from, type: e.type, to: e.to, claims: e.claims }] : [])),
      events,
    };
  }

  /**
   * Applies the overlay's redirects, in one transaction: an id merged away that still names an
   * entity is merged into the kept one as mergeEntities does (without its audit event, which
   * the overlay restores). Start-up runs this before loading the sources, so that a load of a
   * dataset that uses a merged-away id attaches its claims to the kept entity.
   */
  async applyRedirects(redirects: readonly RedirectRecord[]): Promise<number> {
    if (redirects.length === 0) return 0;
    return this.inTransaction(async (run) => {
      for (const redirect of redirects) {
        const kept = await this.find(run, redirect.to);
        const gone = await this.find(run, redirect.id);
        if (kept && gone) {
          const { merged, donors } = await this.absorb(run, redirect.to, redirect.id, redirect.event ?? null);
          await this.writeEntity(run, kept.label, redirect.to, merged, stringOrNull(kept.props.name) ?? redirect.to);
          if (donors.size > 0 || kept.label === 'Organisation') await run('curation.donors', { ids: [redirect.to, ...donors] });
        } else {
          await run('claims.redirects.record', { keep: redirect.to, remove: redirect.id, event: redirect.event ?? null });
        }
      }
      return redirects.length;
    });
  }

  /** Adds the overlay's curated claims, retractions and audit events, in one transaction; what is there already is not doubled. */
  async applyOverlay(overlay: CuratedOverlay): Promise<OverlayReport> {
    return this.inTransaction(async (run) => {
      const report: OverlayReport = { redirects: 0, entities: 0, links: 0, events: 0 };
      for (const entry of overlay.entities) {
        const current = await this.find(run, entry.id);
        if (!current) throw new ServiceError('BAD_USER_INPUT', `The curation overlay names the entity "${entry.id}", which no source loaded and no overlay created.`);
        const element = await this.entityClaims(run, entry.id);
        const next = addClaims(element, entry.claims.claims, entry.claims.retractions);
        if (serialiseClaims(next) === serialiseClaims(element)) continue;
        await this.writeEntity(run, current.label, entry.id, next, stringOrNull(current.props.name) ?? entry.id);
        if (current.label === 'Organisation') await run('curation.donors', { ids: [entry.id] });
        report.entities++;
      }
      for (const entry of overlay.links) {
        const stored = await this.linkClaims(run, entry.type, entry.from, entry.to);
        const next = addClaims(stored.claims, entry.claims.claims, entry.claims.retractions);
        if (serialiseClaims(next) === serialiseClaims(stored.claims)) continue;
        await this.writeLink(run, entry.type, entry.from, entry.to, next, stored.present);
        if (entry.type === 'FUNDED_BY') await run('curation.donors', { ids: [entry.to] });
        report.links++;
      }
      if (overlay.events.length > 0) {
        await run('claims.events.restore', {
          rows: overlay.events.map((e) => ({ id: e.id, at: e.at, actor: e.actor, role: e.role, action: e.action, entityId: e.entityId, relatedIds: e.relatedIds, before: e.before, after: e.after, document: e.evidence.document, excerpt: e.evidence.excerpt })),
        });
        report.events = overlay.events.length;
      }
      return report;
    });
  }

  /** The audit trail of an entity, oldest first. */
  async history(id: string, limit: number): Promise<AuditEventRecord[]> {
    const rows = await this.runner.read('curation.history', { id, limit });
    return rows.map(toAuditEvent);
  }

  /**
   * Runs one change in one write transaction (Database.write): its checks, its writes and its
   * audit event happen together or not at all. A second curator creating the same id at the
   * same moment is refused by the Entity id constraint, which toServiceError reports as
   * BAD_USER_INPUT.
   */
  private async inTransaction<T>(work: (run: TxRun) => Promise<T>): Promise<T> {
    return this.runner.write(async (tx) => {
      const run: TxRun = (name, params, slots) => tx.run(name, params, slots);
      // Entities written in this unit of work whose evidence is tied at its end (syncEvidence).
      this.evidenceToSync = new Map();
      const result = await work(run);
      // A curated status or date changes the status the dates give (src/domain/projectStatus.ts).
      if (this.evidenceToSync.size > 0) await refreshDerivedStatuses(tx, todayUtc(), [...this.evidenceToSync.keys()]);
      await this.syncEvidence(run, this.evidenceToSync);
      this.evidenceToSync = new Map();
      return result;
    });
  }

  /** See inTransaction: a repository serves one request, whose changes run one after another. */
  private evidenceToSync = new Map<string, ElementClaims>();

  /**
   * Moves the entity `remove` into `keep`: its ties (with all their claims, side by side with
   * the kept entity's where both have the same tie), its evidence, and its claims (its names as
   * aliases); deletes it and leaves a redirect. Returns the kept entity's claims with the moved
   * ones, not yet written, and the organisations whose funding moved.
   */
  private async absorb(run: TxRun, keep: string, remove: string, event: string | null): Promise<{ merged: ElementClaims; donors: Set<string> }> {
    const keptClaims = await this.entityClaims(run, keep);
    const goneClaims = await this.entityClaims(run, remove);
    const touching = async (id: string) => run('claims.links.touching', { id, types: [...RELATIONSHIP_TYPES] });
    const keptLinks = new Map<string, { claims: ElementClaims; present: boolean }>();
    for (const row of await touching(keep)) keptLinks.set(linkKey(String(row.from), String(row.type), String(row.to)), { claims: parseClaims(toPlain(row.claimsJson)), present: toPlain(row.present) === true });
    const goneLinks = await touching(remove);
    await run('curation.merge.rekeyTombstones', { remove });
    const donors = new Set<string>();
    for (const row of goneLinks) {
      const type = String(row.type) as RelationshipType;
      const from = String(row.from) === remove ? keep : String(row.from);
      const to = String(row.to) === remove ? keep : String(row.to);
      if (from === to) continue;
      const theirs = parseClaims(toPlain(row.claimsJson));
      const mine = keptLinks.get(linkKey(from, type, to));
      const combined = addClaims(mine?.claims ?? emptyClaims(), theirs.claims, theirs.retractions);
      await this.writeLink(run, type, from, to, combined, mine?.present ?? false);
      keptLinks.set(linkKey(from, type, to), { claims: combined, present: linkAsserted(combined) });
      if (type === 'FUNDED_BY') donors.add(to);
    }
    await run('curation.merge.remove', { remove });
    await run('claims.redirects.record', { keep, remove, event });
    return { merged: addClaims(keptClaims, asRedirectedClaims(goneClaims.claims), goneClaims.retractions), donors };
  }

  /** The event a change will record, with its id and time fixed now so that its claims can name them. */
  private pending(actor: CurationActor, evidence: CitedEvidence): PendingEvent {
    const id = randomUUID();
    const at = new Date().toISOString();
    const source: ClaimSource = { document: evidence.document, excerpt: evidence.excerpt };
    if (evidence.under !== undefined) source.under = evidence.under;
    if (evidence.offset !== undefined) source.offset = evidence.offset;
    return { id, at, origin: { kind: 'curation', event: id, actor: actor.name, at }, sources: [source] };
  }

  private async entityClaims(run: TxRun, id: string): Promise<ElementClaims> {
    const [row] = await run('claims.nodes.byIds', { ids: [id] });
    return parseClaims(toPlain(row?.claimsJson));
  }

  private async linkClaims(run: TxRun, type: RelationshipType, from: string, to: string): Promise<{ claims: ElementClaims; present: boolean; kept: boolean; props: Record<string, unknown> | null }> {
    const [row] = await run('claims.link.get', { from, to, key: linkKey(from, type, to) }, { TYPE: typeSlot(type) });
    const present = toPlain(row?.present) === true;
    return { claims: parseClaims(toPlain(row?.claimsJson)), present, kept: toPlain(row?.kept) === true, props: present ? (row?.props as Record<string, unknown>) : null };
  }

  /**
   * Ties each written entity to the sources of its asserted claims. Run last in a change's
   * transaction: creating an EVIDENCED_BY locks the (often shared) source node, and holding
   * that lock for the rest of the change made concurrent changes that cite one source queue
   * into their transaction timeout.
   */
  private async syncEvidence(run: TxRun, pending: Map<string, ElementClaims>): Promise<void> {
    for (const [id, element] of pending) {
      const rows = entityEvidenceRows(id, element);
      await run('ingest.evidence.prune', { entityIds: [id], keys: rows.map((r) => `${r.entityId}|${r.document}|${r.excerpt}`) });
      if (rows.length > 0) await run('ingest.evidence', { rows });
    }
  }

  /**
   * Writes an entity from its claims, as a load does (ingest.nodes: preferred values, claims,
   * :Conflicted), and its evidence: the sources of its asserted claims, so that the evidence a
   * curator cites is the evidence of the claims the change made (and a fresh load of the
   * seed and the curation overlay ties exactly the same evidence).
   */
  private async writeEntity(run: TxRun, label: EntityLabel, id: string, element: ElementClaims, fallbackName: string): Promise<StoredEntity> {
    const { props, conflictFields } = materialiseEntity(label, id, element, fallbackName);
    await run('ingest.nodes', { rows: [{ id, props, conflicted: conflictFields.length > 0 }] }, { LABEL: labelSlot(label) });
    this.evidenceToSync.set(id, element);
    return this.stored((await run('curation.entity.get', { id }))[0]);
  }

  /** Writes a relationship from its claims: present while some origin asserts it; otherwise removed, its claims kept on LinkClaims. */
  private async writeLink(run: TxRun, type: RelationshipType, from: string, to: string, element: ElementClaims, present: boolean, kept = true): Promise<Record<string, unknown> | null> {
    const key = linkKey(from, type, to);
    const conflicted = openConflicts(element).length > 0;
    // The marker is kept only while the conflict is open; a tie that never had one has none to drop.
    if (conflicted || element.claims.length > 1) await run('claims.linkConflicts.sync', { rows: [{ key, from, type, to, conflicted: conflicted && linkAsserted(element) }] });
    if (linkAsserted(element)) {
      const props = materialiseLink(element);
      await run('ingest.relationships', { rows: [{ from, to, props }] }, { TYPE: typeSlot(type) });
      // Only when the tie's claims were kept apart (it had been unlinked) is there a node to drop.
      if (kept) await run('claims.tombstones.delete', { keys: [key] });
      return props;
    }
    if (present) await run('claims.links.delete', { rows: [{ from, to }] }, { TYPE: typeSlot(type) });
    await run('claims.tombstones.write', { rows: [{ key, from, type, to, claimsJson: serialiseClaims(element) }] });
    return null;
  }

  private stored(row: Row | undefined): StoredEntity {
    if (!row) throw new ServiceError('NOT_FOUND', 'The entity disappeared during the change.');
    const labels = (toPlain(row.labels) as string[] | null) ?? [];
    const label = entityLabelOf(labels);
    if (!label) throw new Error(`Node without an entity label (${labels.join(', ')})`);
    return { label, props: row.props as Record<string, unknown>, labels };
  }

  private async find(run: TxRun, id: string): Promise<StoredEntity | null> {
    const [row] = await run('curation.entity.get', { id });
    return row ? this.stored(row) : null;
  }

  private async require(run: TxRun, id: string): Promise<StoredEntity> {
    const found = await this.find(run, id);
    if (!found) throw new ServiceError('NOT_FOUND', `No entity has the id "${id}".`);
    return found;
  }

  private async requireSource(run: TxRun, evidence: CitedEvidence): Promise<void> {
    const [row] = await run('curation.source.exists', { document: evidence.document });
    if (!row) throw missingSource(evidence);
  }

  private async requireEndpoints(run: TxRun, type: RelationshipType, from: string, to: string): Promise<void> {
    if (from === to) throw new ServiceError('BAD_USER_INPUT', 'A relationship joins two different entities.');
    const a = await this.require(run, from);
    const b = await this.require(run, to);
    const problem = endpointProblem(type, { id: from, label: a.label }, { id: to, label: b.label });
    if (problem) throw new ServiceError('BAD_USER_INPUT', problem);
  }

  private async endpoints(run: TxRun, from: string, to: string): Promise<{ from: EntityRecord; to: EntityRecord }> {
    const a = await this.require(run, from);
    const b = await this.require(run, to);
    return { from: toEntityRecord(a.props, a.labels), to: toEntityRecord(b.props, b.labels) };
  }

  private async refuseTakenName(run: TxRun, label: EntityLabel, id: string, keys: string[]): Promise<void> {
    const [row] = await run('curation.entity.nameTaken', { id, keys, phrases: namePhrases(keys) }, { LABEL: labelSlot(label) });
    if (row) throw nameTaken(label, String(toPlain(row.id)));
  }

  private async record(
    run: TxRun,
    actor: CurationActor,
    action: AuditAction,
    entityId: string,
    relatedIds: string[],
    before: string | null,
    after: string | null,
    evidence: CitedEvidence,
    pending: PendingEvent = this.pending(actor, evidence),
  ): Promise<AuditEventRecord> {
    const [row] = await run('curation.audit.record', {
      id: pending.id,
      at: pending.at,
      actor: actor.name,
      role: actor.role,
      action,
      entityId,
      relatedIds,
      before,
      after,
      document: evidence.document,
      excerpt: evidence.excerpt,
    });
    if (!row) throw new Error('The audit event was not recorded.');
    return toAuditEvent(row);
  }
}

/** The claim `local` of an entity, or NOT_FOUND naming what was asked. */
function requireClaim(element: ElementClaims, entityId: string, local: string, publicId: string): Claim {
  const claim = element.claims.find((c) => c.id === local);
  if (!claim) throw new ServiceError('NOT_FOUND', `The entity "${entityId}" has no claim "${publicId}"; its claims are listed by the entity's claims(field:) field.`);
  return claim;
}

/**
 * The claims and retractions an update makes: one curator's claim per field given (preferred
 * to every other value the field has now, which it names as settled), and for the aliases,
 * which the update replaces as a whole, a claim for each alias given and a retraction of each
 * alias left out.
 */
function curatedChanges(element: ElementClaims, changes: Record<string, ClaimValue | readonly string[] | undefined>, pending: PendingEvent): { claims: Claim[]; retractions: Retraction[] } {
  const claims: Claim[] = [];
  const retractions: Retraction[] = [];
  for (const [field, given] of Object.entries(changes)) {
    if (given === undefined) continue;
    if (field === 'aliases') {
      const aliases = (given as readonly string[] | null) ?? [];
      for (const alias of aliases) claims.push(makeClaim('aliases', alias, pending.origin, pending.sources));
      for (const old of assertedValues(element, 'aliases')) {
        if (typeof old === 'string' && !aliases.includes(old)) retractions.push({ field: 'aliases', value: old, any: false, event: pending.id, actor: pending.origin.actor, at: pending.at, sources: pending.sources });
      }
      continue;
    }
    const value = (given ?? null) as ClaimValue;
    const others = rankedClaims(element, field).filter((c) => canonicalJson(c.value) !== canonicalJson(value)).map((c) => c.id);
    claims.push(makeClaim(field, value, pending.origin, pending.sources, others));
  }
  return { claims, retractions };
}

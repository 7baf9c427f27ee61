import { randomUUID } from 'node:crypto';
import { Neo4jError, type ManagedTransaction } from 'neo4j-driver';
import { LEGAL_FRAMEWORK_KINDS, ORGANISATION_KINDS } from '../../ingest/datasetSchema';
import { nameKeys, normaliseName } from '../../domain/names';
import { entityLabel, toEntityRecord, toPlain, type PlainValue } from '../conversions';
import type { CypherCatalog } from '../cypher/catalog';
import { toNeo4jParams, type Database, type Params, type QueryStats } from '../driver/database';
import { ServiceError } from '../driver/neo4jErrors';
import { ENTITY_LABELS, type EntityLabel, type EntityRecord, type ProjectStatusValue, type SourceRecord } from '../records';
import { RELATIONSHIP_TYPES, isRelationshipType, type RelationshipType } from '../relationships';

/**
 * The curation mutations' writes. Each change runs in ONE managed write transaction that also
 * records its audit event, so a change and its record exist together or not at all. Every
 * query is a named, parameterised file in cypher/queries; labels and relationship types are
 * filled in from the fixed lists only.
 */

export type AuditAction = 'CREATE_ENTITY' | 'UPDATE_ENTITY' | 'LINK' | 'UNLINK' | 'MERGE_ENTITIES';

/** Who made a change: an API key's name and role. */
export interface CurationActor {
  name: string;
  role: string;
}

/** The source document and verbatim excerpt a change rests on. */
export interface CitedEvidence {
  document: string;
  excerpt: string;
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

/** The attributes a curator may give an entity; which apply depends on its label. */
export interface EntityAttributes {
  name?: string;
  acronym?: string | null;
  aliases?: readonly string[] | null;
  kind?: string | null;
  description?: string | null;
  status?: ProjectStatusValue | null;
  isoCode?: string;
  jurisdiction?: string | null;
  year?: number | null;
}

export type EntityAttribute = keyof EntityAttributes;

/** Which attributes each entity type has (as in the dataset format, data/README.md). */
export const ENTITY_ATTRIBUTES: Readonly<Record<EntityLabel, readonly EntityAttribute[]>> = {
  Organisation: ['name', 'acronym', 'aliases', 'kind'],
  Project: ['name', 'acronym', 'aliases', 'description', 'status'],
  Country: ['name', 'aliases', 'isoCode'],
  LegalFramework: ['name', 'aliases', 'kind', 'jurisdiction', 'year'],
  Person: ['name', 'aliases'],
};

/** The labels a relationship of each type may join, from -> to (as ingestion plans them). */
export const LINK_ENDPOINTS: Readonly<Record<RelationshipType, ReadonlyArray<readonly [EntityLabel, EntityLabel]>>> = {
  FUNDED_BY: [['Project', 'Organisation']],
  IMPLEMENTED_BY: [['Project', 'Organisation']],
  BENEFITS: [['Project', 'Organisation']],
  PARTNERED_WITH: [['Project', 'Organisation']],
  IN_COUNTRY: [
    ['Project', 'Country'],
    ['Organisation', 'Country'],
  ],
  ALIGNED_WITH: [['Project', 'LegalFramework']],
  PART_OF: [['Organisation', 'Organisation']],
  SUCCEEDED_BY: [['Organisation', 'Organisation']],
  MANAGES: [['Person', 'Project']],
  WORKS_FOR: [['Person', 'Organisation']],
};

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

// Derived from the attributes on every write; left out of the audit trail as noise.
const DERIVED = new Set(['nameKeys', 'sortName', 'searchText', 'aliasesText', 'contentHash', 'jurisdictionKey']);

type Row = Record<string, unknown>;
type TxRun = (name: string, params: Params, slots?: Readonly<Record<string, string>>) => Promise<Row[]>;

interface StoredEntity {
  label: EntityLabel;
  props: Record<string, unknown>;
  labels: string[];
}

function plainProps(props: Record<string, unknown>): Record<string, PlainValue> {
  const out: Record<string, PlainValue> = {};
  for (const key of Object.keys(props).sort()) if (!DERIVED.has(key)) out[key] = toPlain(props[key]);
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
    status: stringOrNull(p.status) as ProjectStatusValue | null,
    isoCode: stringOrNull(p.isoCode) ?? undefined,
    jurisdiction: stringOrNull(p.jurisdiction),
    year: typeof year === 'number' ? year : null,
  };
}

/**
 * The properties an entity of `label` is stored with, derived keys included, exactly as
 * ingestion derives them (src/ingest/plan.ts), so that lookups by name and search find a
 * curated entity as they find a loaded one. A null removes the property.
 */
export function storedProperties(label: EntityLabel, attributes: EntityAttributes): Record<string, PlainValue> {
  const allowed = new Set<EntityAttribute>(ENTITY_ATTRIBUTES[label]);
  const name = attributes.name ?? '';
  const acronym = allowed.has('acronym') ? (attributes.acronym ?? null) : null;
  const aliases = [...(attributes.aliases ?? [])];
  const description = allowed.has('description') ? (attributes.description ?? null) : null;
  const props: Record<string, PlainValue> = {
    name,
    aliases,
    aliasesText: aliases.join(' | '),
    nameKeys: nameKeys([name, acronym, ...aliases, ...(label === 'Country' && attributes.isoCode ? [attributes.isoCode] : [])]),
    sortName: normaliseName(name),
    searchText: normaliseName([name, acronym ?? '', ...aliases, description ?? ''].join(' ')),
  };
  if (allowed.has('acronym')) props.acronym = acronym;
  if (allowed.has('kind')) props.kind = attributes.kind ?? null;
  if (allowed.has('description')) props.description = description;
  if (allowed.has('status')) props.status = attributes.status ?? null;
  if (allowed.has('isoCode')) props.isoCode = attributes.isoCode ?? null;
  if (allowed.has('jurisdiction')) {
    props.jurisdiction = attributes.jurisdiction ?? null;
    props.jurisdictionKey = attributes.jurisdiction ? normaliseName(attributes.jurisdiction) : null;
  }
  if (allowed.has('year')) props.year = attributes.year ?? null;
  return props;
}

const MAX_TEXT = 500;
const MAX_DESCRIPTION = 5_000;
const MAX_ALIASES = 50;

function checkText(field: string, value: string | null | undefined, max = MAX_TEXT): void {
  if (value === null || value === undefined) return;
  if (value.trim() === '') throw new ServiceError('BAD_USER_INPUT', `"${field}" must not be empty.`);
  if (value.length > max) throw new ServiceError('BAD_USER_INPUT', `"${field}" may be at most ${max} characters.`);
}

/**
 * Refuses attributes an entity of `label` cannot hold, as the dataset format would
 * (src/ingest/datasetSchema.ts): attributes of other types, unknown kinds, empty texts.
 */
export function checkAttributes(label: EntityLabel, attributes: EntityAttributes): void {
  const allowed = ENTITY_ATTRIBUTES[label];
  const foreign = (Object.keys(attributes) as EntityAttribute[]).filter((key) => attributes[key] !== undefined && attributes[key] !== null && !allowed.includes(key));
  if (foreign.length > 0) throw new ServiceError('BAD_USER_INPUT', `A ${label} has no ${foreign.join(', ')}; it has ${allowed.join(', ')}.`);
  checkText('name', attributes.name);
  checkText('acronym', attributes.acronym);
  checkText('description', attributes.description, MAX_DESCRIPTION);
  checkText('jurisdiction', attributes.jurisdiction);
  if (attributes.aliases) {
    if (attributes.aliases.length > MAX_ALIASES) throw new ServiceError('BAD_USER_INPUT', `"aliases" may hold at most ${MAX_ALIASES} names.`);
    attributes.aliases.forEach((alias, i) => checkText(`aliases.${i}`, alias));
  }
  if (attributes.kind !== undefined && attributes.kind !== null) {
    const kinds: readonly string[] = label === 'Organisation' ? ORGANISATION_KINDS : LEGAL_FRAMEWORK_KINDS;
    if (!kinds.includes(attributes.kind)) throw new ServiceError('BAD_USER_INPUT', `"kind" of a ${label} must be one of ${kinds.join(', ')}.`);
  }
  if (attributes.year !== undefined && attributes.year !== null && (!Number.isInteger(attributes.year) || attributes.year < 1800 || attributes.year > 2100)) {
    throw new ServiceError('BAD_USER_INPUT', '"year" must be a year from 1800 to 2100.');
  }
}

function isConstraintViolation(error: unknown): boolean {
  const cause = error instanceof ServiceError ? error.cause : error;
  return cause instanceof Neo4jError && cause.code === 'Neo.ClientError.Schema.ConstraintValidationFailed';
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

export class CurationRepository {
  constructor(
    private readonly db: Database,
    private readonly catalog: CypherCatalog,
    private readonly stats: QueryStats,
  ) {}

  /** Creates an entity of `label` with its evidence. */
  async createEntity(actor: CurationActor, label: EntityLabel, id: string, attributes: EntityAttributes, evidence: CitedEvidence): Promise<EntityChangeRecord> {
    // The label is written into the Cypher text: only one from the fixed list may be.
    if (!ENTITY_LABELS.includes(label)) throw new Error(`Unknown label ${String(label)}`);
    checkAttributes(label, attributes);
    return this.inTransaction(async (run) => {
      await this.requireSource(run, evidence);
      if (await this.find(run, id)) throw new ServiceError('BAD_USER_INPUT', `An entity with the id "${id}" already exists.`);
      const props = storedProperties(label, attributes);
      await this.refuseTakenName(run, label, id, props.nameKeys as string[]);
      const [row] = await run('curation.entity.create', { id, props: { id, ...props } }, { LABEL: label });
      const created = this.stored(row);
      await run('curation.evidence.add', { id, document: evidence.document, excerpt: evidence.excerpt });
      const event = await this.record(run, actor, 'CREATE_ENTITY', id, [], null, snapshot(created), evidence);
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
      const [row] = await run('curation.entity.update', { id, props });
      const updated = this.stored(row);
      await run('curation.evidence.add', { id, document: evidence.document, excerpt: evidence.excerpt });
      const event = await this.record(run, actor, 'UPDATE_ENTITY', id, [], snapshot(current), snapshot(updated), evidence);
      return { entity: toEntityRecord(updated.props, updated.labels), event };
    });
  }

  /** Adds a relationship, or adds evidence (and properties) to the one already there. */
  async link(actor: CurationActor, type: RelationshipType, from: string, to: string, properties: LinkProperties, evidence: CitedEvidence): Promise<RelationshipChangeRecord> {
    return this.inTransaction(async (run) => {
      await this.requireSource(run, evidence);
      await this.requireEndpoints(run, type, from, to);
      const props = Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined));
      if (props.date !== undefined) props.datePrecision = 'DAY';
      const [row] = await run('curation.link', { from, to, props, document: evidence.document, excerpt: evidence.excerpt }, { TYPE: this.type(type) });
      if (type === 'FUNDED_BY') await run('curation.donors', { ids: [to] });
      const tie = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify({ type, from, to, properties: plainProps(value as Record<string, unknown>) }));
      const event = await this.record(run, actor, 'LINK', from, [to], tie(row?.before), tie(row?.after), evidence);
      return { ...(await this.endpoints(run, from, to)), type, linked: true, event };
    });
  }

  /** Removes a relationship; the evidence says why it does not hold. */
  async unlink(actor: CurationActor, type: RelationshipType, from: string, to: string, evidence: CitedEvidence): Promise<RelationshipChangeRecord> {
    return this.inTransaction(async (run) => {
      await this.requireSource(run, evidence);
      await this.requireEndpoints(run, type, from, to);
      const [row] = await run('curation.unlink', { from, to }, { TYPE: this.type(type) });
      if (!row) throw new ServiceError('NOT_FOUND', `There is no ${type} relationship from "${from}" to "${to}".`);
      if (type === 'FUNDED_BY') await run('curation.donors', { ids: [to] });
      const before = JSON.stringify({ type, from, to, properties: plainProps(row.before as Record<string, unknown>) });
      const event = await this.record(run, actor, 'UNLINK', from, [to], before, null, evidence);
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
      for (const type of RELATIONSHIP_TYPES) {
        await run('curation.merge.moveOut', { keep, remove }, { TYPE: type });
        await run('curation.merge.moveIn', { keep, remove }, { TYPE: type });
      }
      await run('curation.merge.moveEvidence', { keep, remove });
      await run('curation.merge.remove', { remove });

      const mine = currentAttributes(kept);
      const theirs = currentAttributes(gone);
      const ownKeys = new Set(nameKeys([mine.name, mine.acronym]));
      const aliases: string[] = [];
      for (const alias of [...(mine.aliases ?? []), theirs.name, theirs.acronym, ...(theirs.aliases ?? [])]) {
        if (!alias || ownKeys.has(normaliseName(alias)) || aliases.some((a) => normaliseName(a) === normaliseName(alias))) continue;
        aliases.push(alias);
      }
      const props = storedProperties(kept.label, { ...mine, aliases });
      await run('curation.entity.update', { id: keep, props });
      await run('curation.evidence.add', { id: keep, document: evidence.document, excerpt: evidence.excerpt });
      if (kept.label === 'Organisation') await run('curation.donors', { ids: [keep] });
      const after = this.stored((await run('curation.entity.get', { id: keep }))[0]);
      const before = JSON.stringify({ keep: JSON.parse(snapshot(kept)) as unknown, remove: JSON.parse(snapshot(gone)) as unknown });
      const event = await this.record(run, actor, 'MERGE_ENTITIES', keep, [remove], before, snapshot(after), evidence);
      return { entity: toEntityRecord(after.props, after.labels), event };
    });
  }

  /** The audit trail of an entity, oldest first. */
  async history(id: string, limit: number): Promise<AuditEventRecord[]> {
    const result = await this.db.read(this.catalog.get('curation.history'), { id, limit }, this.stats);
    return result.records.map((record) => toAuditEvent(record.toObject()));
  }

  private async inTransaction<T>(work: (run: TxRun) => Promise<T>): Promise<T> {
    try {
      return await this.db.writeTransaction(async (tx: ManagedTransaction) => {
        const run: TxRun = async (name, params, slots) => {
          const started = performance.now();
          try {
            const result = await tx.run(this.catalog.get(name, slots), toNeo4jParams(params) as Params);
            return result.records.map((record) => record.toObject());
          } finally {
            this.stats.queries += 1;
            this.stats.ms += performance.now() - started;
          }
        };
        return work(run);
      });
    } catch (error) {
      // Two curators creating one id at once: the Entity id constraint refuses the second.
      if (isConstraintViolation(error)) throw new ServiceError('BAD_USER_INPUT', 'An entity with this id already exists.', { cause: error });
      throw error;
    }
  }

  private type(type: RelationshipType): RelationshipType {
    if (!isRelationshipType(type)) throw new Error(`Unknown relationship type ${String(type)}`);
    return type;
  }

  private stored(row: Row | undefined): StoredEntity {
    if (!row) throw new ServiceError('NOT_FOUND', 'The entity disappeared during the change.');
    const labels = (toPlain(row.labels) as string[] | null) ?? [];
    const label = entityLabel(labels);
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
    if (!row) throw new ServiceError('BAD_USER_INPUT', `The source document "${evidence.document}" is not in the graph; cite a loaded or curated source.`);
  }

  private async requireEndpoints(run: TxRun, type: RelationshipType, from: string, to: string): Promise<void> {
    if (from === to) throw new ServiceError('BAD_USER_INPUT', 'A relationship joins two different entities.');
    const a = await this.require(run, from);
    const b = await this.require(run, to);
    const allowed = LINK_ENDPOINTS[type];
    if (!allowed.some(([fromLabel, toLabel]) => fromLabel === a.label && toLabel === b.label)) {
      throw new ServiceError('BAD_USER_INPUT', `${type} joins ${allowed.map(([f, t]) => `a ${f} to a ${t}`).join(' or ')}; "${from}" is a ${a.label} and "${to}" a ${b.label}.`);
    }
  }

  private async endpoints(run: TxRun, from: string, to: string): Promise<{ from: EntityRecord; to: EntityRecord }> {
    const a = await this.require(run, from);
    const b = await this.require(run, to);
    return { from: toEntityRecord(a.props, a.labels), to: toEntityRecord(b.props, b.labels) };
  }

  private async refuseTakenName(run: TxRun, label: EntityLabel, id: string, keys: string[]): Promise<void> {
    const [row] = await run('curation.entity.nameTaken', { id, keys }, { LABEL: label });
    if (row) throw new ServiceError('BAD_USER_INPUT', `Another ${label} ("${String(toPlain(row.id))}") already bears this name, acronym or alias: one real thing must be one entity (merge them instead).`);
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
  ): Promise<AuditEventRecord> {
    const [row] = await run('curation.audit.record', {
      id: randomUUID(),
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

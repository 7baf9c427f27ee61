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

export class CurationRepository {
  constructor(private readonly runner: QueryRunner) {}

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
      const [row] = await run('curation.entity.create', { id, props: { id, ...props } }, { LABEL: labelSlot(label) });
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
      const [row] = await run('curation.link', { from, to, props, document: evidence.document, excerpt: evidence.excerpt }, { TYPE: typeSlot(type) });
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
      const [row] = await run('curation.unlink', { from, to }, { TYPE: typeSlot(type) });
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
        await run('curation.merge.moveOut', { keep, remove }, { TYPE: typeSlot(type) });
        await run('curation.merge.moveIn', { keep, remove }, { TYPE: typeSlot(type) });
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
    return this.runner.write((tx) => work((name, params, slots) => tx.run(name, params, slots)));
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
    if (!row) throw new ServiceError('BAD_USER_INPUT', `The source document "${evidence.document}" is not in the graph; cite a loaded or curated source.`);
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
    const [row] = await run('curation.entity.nameTaken', { id, keys }, { LABEL: labelSlot(label) });
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

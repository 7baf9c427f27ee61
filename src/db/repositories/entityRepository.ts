import { relationshipEvidence, relationshipProperties, toEntityRecord, toPlain } from '../conversions';
import type { QueryRunner } from '../driver/queryRunner';
import type { DocumentRecord, EntityRecord, RelatedRecord, SourceRecord } from '../records';
import { integerSlot, labelSlot, patternSlot } from '../cypher/slots';
import { nameParam } from '../cypher/filterCompiler';
import { ENTITY_LABELS, entityLabelOf, type EntityLabel } from '../../domain/entities';
import type { Direction, RelationshipType } from '../../domain/relationships';

interface EntityRow {
  id?: string;
  props: Record<string, unknown>;
  labels: string[];
}

/**
 * Reads entities, their relationships and their evidence. Batch methods take many ids and
 * answer in the order of the ids, as DataLoader requires.
 */
export class EntityRepository {
  constructor(private readonly runner: QueryRunner) {}

  async findByIds(ids: readonly string[]): Promise<Array<EntityRecord | null>> {
    const rows = await this.runner.read<EntityRow & { id: string }>('entity.byIds', { ids });
    const byId = new Map(rows.map((row) => [row.id, toEntityRecord(row.props, row.labels)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** The entity of `label` whose name, acronym or alias matches `name` (case and diacritics ignored). */
  async findByName(label: EntityLabel, name: string): Promise<EntityRecord | null> {
    if (!ENTITY_LABELS.includes(label)) throw new Error(`Unknown label ${label}`);
    const { key, phrase } = nameParam(name);
    if (!key) return null;
    const rows = await this.runner.read<EntityRow>('entity.byName', { key, phrase }, { LABEL: labelSlot(label) });
    const row = rows[0];
    return row ? toEntityRecord(row.props, row.labels) : null;
  }

  /**
   * For several (type, direction) groups at once, in one query: for each group, for each of
   * its ids, the entities one hop away over that type in that direction.
   */
  async findRelatedGroups(groups: ReadonlyArray<{ type: RelationshipType; direction: Direction; ids: readonly string[] }>): Promise<RelatedRecord[][][]> {
    if (groups.length === 0) return [];
    // One branch per group: its relationship type and direction are Cypher text, so a batch
    // that mixes them is a UNION ALL of the branch fragment, one per group.
    const branches = this.runner.unionAll(
      'relationship.relatedMany.branch',
      groups.map(({ type, direction }, g) => ({ GROUP: integerSlot('group', g, 0, groups.length - 1), PATTERN: patternSlot(type, direction) })),
    );
    const keys = groups.flatMap(({ ids }, g) => ids.map((id) => ({ g, id })));
    const rows = await this.runner.read<EntityRow & { g: unknown; id: string; rel: Record<string, unknown> }>(
      'relationship.relatedMany',
      { keys },
      { BRANCHES: branches },
    );
    const byKey = new Map<string, RelatedRecord[]>();
    for (const row of rows) {
      if (entityLabelOf(row.labels) === null) continue;
      const g = Number(toPlain(row.g));
      const group = groups[g];
      if (!group) continue;
      const key = `${g}|${row.id}`;
      const list = byKey.get(key) ?? [];
      list.push({ node: toEntityRecord(row.props, row.labels), type: group.type, properties: relationshipProperties(row.rel), evidence: relationshipEvidence(row.rel) });
      byKey.set(key, list);
    }
    return groups.map(({ ids }, g) => ids.map((id) => byKey.get(`${g}|${id}`) ?? []));
  }

  /** For each entity id, the excerpts that support it. */
  async findEvidence(ids: readonly string[]): Promise<SourceRecord[][]> {
    const rows = await this.runner.read<{ id: string; document: string; excerpt: string; under: unknown; offset: unknown }>('evidence.forEntities', { ids });
    const byId = new Map<string, SourceRecord[]>();
    for (const row of rows) {
      const list = byId.get(row.id) ?? [];
      const under = toPlain(row.under);
      const offset = toPlain(row.offset);
      list.push({ document: row.document, excerpt: row.excerpt, under: typeof under === 'string' ? under : null, offset: typeof offset === 'number' ? offset : null });
      byId.set(row.id, list);
    }
    return ids.map((id) => byId.get(id) ?? []);
  }

  /** The entity label of each id that exists in the graph. */
  async findLabels(ids: readonly string[]): Promise<Map<string, EntityLabel>> {
    const rows = await this.runner.read<{ id: string; labels: string[] }>('entity.labelsByIds', { ids });
    const out = new Map<string, EntityLabel>();
    for (const row of rows) {
      const label = entityLabelOf(row.labels);
      if (label) out.set(row.id, label);
    }
    return out;
  }

  async findDocuments(ids: readonly string[]): Promise<Array<DocumentRecord | null>> {
    const rows = await this.runner.read<{ id: string; title: string | null; publisher: string | null; curated: boolean; reference: string | null; url: string | null }>(
      'document.byIds',
      { ids },
    );
    const byId = new Map(rows.map((row) => [row.id, { ...row }]));
    return ids.map((id) => byId.get(id) ?? null);
  }
}

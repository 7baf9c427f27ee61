import DataLoader from 'dataloader';
import type { OrderInput } from '../db/cypher/ordering';
import type { PageRequest } from '../db/cypher/paging';
import type { ProjectFilterInput } from '../db/cypher/projectFilter';
import type { DocumentRecord, EntityRecord, Page, ProjectRecord, RelatedRecord, SourceRecord } from '../db/records';
import type { Repositories } from '../db/repositories';
import type { FoldedRead } from '../db/repositories/foldedRows';
import type { Direction, RelationshipType } from '../domain/relationships';

interface RelatedKey {
  type: RelationshipType;
  direction: Direction;
  id: string;
}

function relatedKey(type: RelationshipType, direction: Direction): string {
  return `${type}|${direction}`;
}

/** The arguments of a page of related projects, as one key. */
function projectPageKey(
  type: RelationshipType,
  direction: Direction,
  filter: ProjectFilterInput | null | undefined,
  orders: readonly OrderInput[] | null | undefined,
  request: PageRequest,
  withTotal: boolean,
): string {
  return JSON.stringify([type, direction, filter ?? null, orders ?? null, request, withTotal]);
}

/**
 * Per-request DataLoaders: each relationship field of a page of results loads in one
 * Cypher query over `UNWIND $ids`, and nothing is cached across requests.
 */
export class Loaders {
  readonly entity: DataLoader<string, EntityRecord | null>;
  /** The ids this request asked for that were merged away, and the ids of the entities kept (for `extensions.redirects`). */
  readonly redirects = new Map<string, string>();
  readonly evidence: DataLoader<string, SourceRecord[]>;
  readonly document: DataLoader<string, DocumentRecord | null>;
  /** Every relationship field of a tick, whatever its type and direction, in one query. */
  private readonly relatedLoader: DataLoader<RelatedKey, RelatedRecord[], string>;
  private readonly projectPageLoaders = new Map<string, DataLoader<string, Page<RelatedRecord<ProjectRecord>>>>();
  /** Folded answers (see prime), by the record they were read for. */
  private readonly foldedEvidence = new WeakMap<EntityRecord, SourceRecord[]>();
  private readonly foldedRelated = new WeakMap<EntityRecord, Map<string, RelatedRecord[]>>();
  private readonly foldedPages = new WeakMap<EntityRecord, Map<string, Page<RelatedRecord<ProjectRecord>>>>();

  constructor(private readonly repositories: Repositories) {
    this.entity = new DataLoader((ids) => this.loadEntities(ids));
    this.evidence = new DataLoader((ids) => repositories.entities.findEvidence(ids));
    this.document = new DataLoader((ids) => repositories.entities.findDocuments(ids));
    this.relatedLoader = new DataLoader((keys) => this.loadRelated(keys), { cacheKeyFn: (key) => `${key.type}|${key.direction}|${key.id}` });
  }
  /**
   * Entities by id; an id that names no entity but was merged away answers with the entity
   * kept, and is remembered so that the response can say it was redirected. The redirect
   * lookup runs only for ids that miss, so a read that finds its entities costs what it did.
   */
  private async loadEntities(ids: readonly string[]): Promise<Array<EntityRecord | null>> {
    const found = await this.repositories.entities.findByIds(ids);
    const missing = ids.filter((_id, i) => found[i] === null);
    if (missing.length === 0) return found;
    const targets = await this.repositories.curation.redirects(missing);
    const redirected = new Map<string, string>();
    missing.forEach((id, i) => {
      const to = targets[i];
      if (to) redirected.set(id, to);
    });
    if (redirected.size === 0) return found;
    const kept = await this.repositories.entities.findByIds([...new Set(redirected.values())]);
    const byId = new Map(kept.filter((e): e is EntityRecord => e !== null).map((e) => [e.id, e]));
    return ids.map((id, i) => {
      const to = redirected.get(id);
      if (found[i] !== null || !to) return found[i] ?? null;
      const entity = byId.get(to) ?? null;
      if (entity) this.redirects.set(id, to);
      return entity;
    });
  }


  /**
   * Keeps the answers of a folded read (graphql/resolvers/fold.ts) by the record each was read
   * for: they hold only what that record's place in the selection shows, so they answer the
   * fields of that record and of no other (the same entity elsewhere in the answer goes
   * through the loaders).
   */
  prime(read: FoldedRead): void {
    for (const fact of read.facts) {
      const { need } = fact;
      if ('evidence' in fact) this.foldedEvidence.set(fact.parent, fact.evidence);
      else if ('related' in fact && need.kind === 'related') this.foldedOf(this.foldedRelated, fact.parent).set(relatedKey(need.type, need.direction), fact.related);
      else if ('page' in fact && need.kind === 'projects') {
        this.foldedOf(this.foldedPages, fact.parent).set(projectPageKey(need.type, need.direction, need.filter, need.orders, need.request, need.withTotal), fact.page);
      }
    }
  }

  private foldedOf<V>(store: WeakMap<EntityRecord, Map<string, V>>, parent: EntityRecord): Map<string, V> {
    let map = store.get(parent);
    if (!map) {
      map = new Map();
      store.set(parent, map);
    }
    return map;
  }

  /** The evidence of `parent`: folded with it, or from the evidence loader. */
  evidenceOf(parent: EntityRecord): Promise<SourceRecord[]> {
    const folded = this.foldedEvidence.get(parent);
    return folded ? Promise.resolve(folded) : this.evidence.load(parent.id);
  }

  /** The ties of `parent` over `type` in `direction`: folded with it, or from the relationship loader. */
  relatedOf(parent: EntityRecord, type: RelationshipType, direction: Direction): Promise<RelatedRecord[]> {
    const folded = this.foldedRelated.get(parent)?.get(relatedKey(type, direction));
    return folded ? Promise.resolve(folded) : this.relatedLoader.load({ type, direction, id: parent.id });
  }

  /** A page of the projects of `parent` (see relatedProjects): folded with it, or from the page loader. */
  projectsOf(
    parent: EntityRecord,
    type: RelationshipType,
    direction: Direction,
    filter: ProjectFilterInput | null | undefined,
    orders: readonly OrderInput[] | null | undefined,
    request: PageRequest,
    withTotal: boolean,
  ): Promise<Page<RelatedRecord<ProjectRecord>>> {
    const folded = this.foldedPages.get(parent)?.get(projectPageKey(type, direction, filter, orders, request, withTotal));
    return folded ? Promise.resolve(folded) : this.relatedProjects(type, direction, filter, orders, request, withTotal).load(parent.id);
  }

  /** The entities one hop over `type` in `direction` from an id. */
  related(type: RelationshipType, direction: Direction): { load(id: string): Promise<RelatedRecord[]> } {
    return { load: (id) => this.relatedLoader.load({ type, direction, id }) };
  }

  /** Groups the keys by (type, direction) for one query, and hands each key its own answer. */
  private async loadRelated(keys: readonly RelatedKey[]): Promise<RelatedRecord[][]> {
    const groups = new Map<string, { type: RelationshipType; direction: Direction; ids: string[] }>();
    const places = keys.map(({ type, direction, id }) => {
      const name = `${type}|${direction}`;
      let group = groups.get(name);
      if (!group) {
        group = { type, direction, ids: [] };
        groups.set(name, group);
      }
      group.ids.push(id);
      return { group, index: group.ids.length - 1 };
    });
    const ordered = [...groups.values()];
    const results = await this.repositories.entities.findRelatedGroups(ordered);
    return places.map(({ group, index }) => results[ordered.indexOf(group)]?.[index] ?? []);
  }

  /**
   * The loader of filtered, ordered pages of projects tied over `type`: one per distinct set
   * of arguments, so that a field asked of 50 organisations with the same arguments is one query.
   */
  relatedProjects(
    type: RelationshipType,
    direction: Direction,
    filter: ProjectFilterInput | null | undefined,
    orders: readonly OrderInput[] | null | undefined,
    request: PageRequest,
    withTotal = true,
  ): DataLoader<string, Page<RelatedRecord<ProjectRecord>>> {
    const key = projectPageKey(type, direction, filter, orders, request, withTotal);
    let loader = this.projectPageLoaders.get(key);
    if (!loader) {
      loader = new DataLoader((ids) => this.repositories.lists.relatedProjects(type, direction, ids, filter, orders, request, withTotal));
      this.projectPageLoaders.set(key, loader);
    }
    return loader;
  }
}

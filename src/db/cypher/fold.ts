import { ENTITY_PROPERTIES, entityProjection, mapProjection, propertyRead, type EntityProperty } from '../records';
import type { Direction, RelationshipType } from '../../domain/relationships';
import type { OrderInput } from './ordering';
import { PROJECT_ORDER_FIELDS, PROJECT_TIE_BREAKERS, orderClause } from './ordering';
import type { PageRequest } from './paging';
import { compileProjectFilter, type ProjectFilterInput } from './projectFilter';
import { relationshipPattern } from './relationshipPatterns';
import { integerSlot } from './slots';

/**
 * Folding: what a root field's selection reads beyond the entity itself (its relationship
 * fields, its pages of projects, its evidence, and theirs, level by level), compiled into the
 * one statement that finds the entity (cypher/queries/entity.fold.cypher), instead of one
 * DataLoader batch per level. This file renders the FOLD slot of that statement: a map with
 * one entry per need of a level, each a COLLECT or COUNT subquery over the fixed relationship
 * patterns, the project filter compiler and the fixed order maps. Every value (ids, filter
 * values, skip and limit) travels as a parameter.
 *
 * Each need answers what the DataLoader it stands for would answer for the same key (same
 * match, same order, same conversion), reading of each entity only the properties its level
 * shows and of each relationship its properties only when an edge shows them. So the answers
 * belong to their place in the selection: graphql/loaders.ts keeps them by the record they
 * were read for, and the field resolvers of that record find them there.
 */

/** One thing a level of the selection reads of each of its entities. */
export type FoldNeed =
  /** The evidence of the entity (evidence.forEntities). */
  | { kind: 'evidence' }
  /**
   * The entities one hop over `type` in `direction` (relationship.relatedMany), and what they
   * in turn need; `edges`: whether the relationships' own properties (role, title, date,
   * evidence) are read.
   */
  | { kind: 'related'; type: RelationshipType; direction: Direction; edges: boolean; children: FoldLevel }
  /** A filtered, ordered page of the projects tied over `type` (project.relatedPage), and what they need. */
  | {
      kind: 'projects';
      type: RelationshipType;
      direction: Direction;
      /** With its names already resolved to ids (graphql/resolvers/names.ts). */
      filter: ProjectFilterInput | null | undefined;
      orders: readonly OrderInput[] | null | undefined;
      request: PageRequest;
      withTotal: boolean;
      edges: boolean;
      children: FoldLevel;
    };

/** What the selection reads of each entity of one level: its own properties, and its needs (answered in this order). */
export interface FoldLevel {
  /** The properties of ENTITY_PROPERTIES the level's fields show; null: all of them (a field the fold does not know). */
  properties: readonly EntityProperty[] | null;
  needs: readonly FoldNeed[];
}

/**
 * The deepest level a plan may reach below the root entity: deeper fields are left to the
 * DataLoaders (the query limits allow deeper documents, but each level multiplies the rows).
 */
export const MAX_FOLD_DEPTH = 4;

export interface RenderedFold {
  /** The PROPS slot: the projection of the root entity (or of each entity of a page), `n0`. */
  props: string;
  /** The FOLD slot: the map of the root entity's needs, read of `n0`. */
  fold: string;
  params: Record<string, unknown>;
}

/** The variable of the entities of level `depth` (the root is n0); its relationship is `n<depth>r`. */
export function levelVariable(depth: number): string {
  return `n${integerSlot('fold depth', depth, 0, MAX_FOLD_DEPTH)}`;
}

/** The properties a level reads (always its id), in the fixed order of ENTITY_PROPERTIES; null: all of them. */
export function levelProperties(properties: readonly EntityProperty[] | null): EntityProperty[] | null {
  if (properties === null) return null;
  const wanted = new Set<EntityProperty>(['id', ...properties]);
  for (const property of wanted) if (!ENTITY_PROPERTIES.includes(property)) throw new Error(`Unknown entity property ${String(property)}`);
  return ENTITY_PROPERTIES.filter((p) => wanted.has(p));
}

/** `v {.id, ...}`: the properties a level reads (always its id), from the fixed list; all of them when null. */
export function levelProjection(variable: string, properties: readonly EntityProperty[] | null): string {
  const ordered = levelProperties(properties);
  return ordered === null ? entityProjection(variable) : mapProjection(variable, ordered);
}

/**
 * `[v.id, ...]`: the values of the properties a level reads, in the order levelProperties gives
 * (db/repositories/foldedRows.ts zips them back); the map of all of them when null. A list
 * rather than a map because Bolt sends a map's keys with each of the many entities of a level.
 */
export function levelValues(variable: string, properties: readonly EntityProperty[] | null): string {
  const ordered = levelProperties(properties);
  return ordered === null ? entityProjection(variable) : `[${ordered.map((p) => propertyRead(variable, p)).join(', ')}]`;
}

/** The PROPS and FOLD slots and their parameters for `plan`, read of the root entity `n0`. */
export function renderFold(plan: FoldLevel): RenderedFold {
  const params: Record<string, unknown> = {};
  let pages = 0;

  const level = (needs: readonly FoldNeed[], depth: number): string => {
    if (needs.length > 0 && depth >= MAX_FOLD_DEPTH) throw new Error(`A fold plan may reach at most ${MAX_FOLD_DEPTH} levels below its root`);
    if (needs.length === 0) return '{}';
    // One need a line, indented by level, so that a rendered statement reads as its selection.
    const indent = '  '.repeat(depth + 1);
    return `{\n${needs.map((need, i) => `${indent}f${i}: ${expression(need, depth)}`).join(',\n')}\n${'  '.repeat(depth)}}`;
  };

  // The child, as [its property values, its labels, its relationship's properties, its own
  // needs], with its variable and its relationship's (renamed from t/p and r, so that a deeper
  // level can match its own t/p and r without meeting this level's). A list, not a map, since
  // a level may hold hundreds of children; and only what is read travels: the relationship's
  // properties when an edge shows them, the needs when it has some, null otherwise (the
  // relationship's type is the need's: foldedRows.ts fills it in).
  const child = (depth: number, need: Extract<FoldNeed, { kind: 'related' | 'projects' }>): string => {
    const c = levelVariable(depth + 1);
    const rel = need.edges ? `properties(${c}r)` : 'null';
    const below = need.children.needs.length > 0 ? level(need.children.needs, depth + 1) : 'null';
    return `[${levelValues(c, need.children.properties)}, labels(${c}), ${rel}, ${below}]`;
  };

  const expression = (need: FoldNeed, depth: number): string => {
    const v = levelVariable(depth);
    switch (need.kind) {
      case 'evidence':
        return `COLLECT { MATCH (${v})-[r:EVIDENCED_BY]->(s:Source) WITH s, r ORDER BY s.id, r.position RETURN {document: s.id, excerpt: r.excerpt, under: r.under, offset: r.offset} }`;
      case 'related': {
        const c = levelVariable(depth + 1);
        return (
          `COLLECT { MATCH (${v})${relationshipPattern(need.type, need.direction)}(t:Entity) ` +
          `WITH t, r ORDER BY t.sortName, t.id WITH t AS ${c}, r AS ${c}r RETURN ${child(depth, need)} }`
        );
      }
      case 'projects': {
        const page = `fold${pages++}`;
        const compiled = compileProjectFilter(need.filter, `${page}f`);
        Object.assign(params, compiled.params);
        params[`${page}skip`] = need.request.skip;
        // Without the count, one project more than the page tells whether more follow.
        params[`${page}limit`] = need.withTotal ? need.request.limit : need.request.limit + 1;
        const match = `MATCH (${v})${relationshipPattern(need.type, need.direction)}(p:Project) WHERE ${compiled.where}`;
        const c = levelVariable(depth + 1);
        const total = need.withTotal ? `COUNT { ${match} }` : '-1';
        const nodes =
          `COLLECT { ${match} WITH p, r ORDER BY ${orderClause(need.orders, PROJECT_ORDER_FIELDS, PROJECT_TIE_BREAKERS)} ` +
          `SKIP $${page}skip LIMIT $${page}limit WITH p AS ${c}, r AS ${c}r RETURN ${child(depth, need)} }`;
        return `{total: ${total}, page: ${nodes}}`;
      }
    }
  };

  return { props: levelProjection(levelVariable(0), plan.properties), fold: level(plan.needs, 0), params };
}

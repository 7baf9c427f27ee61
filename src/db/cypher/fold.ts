import { entityProjection } from '../records';
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
 * Each need answers exactly what the DataLoader it stands for would answer for the same key
 * (same match, same order, same conversion), so that the resolvers can be handed the folded
 * answers through the loaders (graphql/fold.ts primes them) and never notice the difference.
 */

/** One thing a level of the selection reads of each of its entities. */
export type FoldNeed =
  /** The evidence of the entity (evidence.forEntities). */
  | { kind: 'evidence' }
  /** The entities one hop over `type` in `direction` (relationship.relatedMany), and what they in turn need. */
  | { kind: 'related'; type: RelationshipType; direction: Direction; children: FoldPlan }
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
      children: FoldPlan;
    };

/** What each entity of one level needs; the answers come back in the same order. */
export type FoldPlan = readonly FoldNeed[];

/**
 * The deepest level a plan may reach below the root entity: deeper fields are left to the
 * DataLoaders (the query limits allow deeper documents, but each level multiplies the rows).
 */
export const MAX_FOLD_DEPTH = 4;

export interface RenderedFold {
  /** The FOLD slot: the map of the root entity's needs, bound to `n0`. */
  fold: string;
  params: Record<string, unknown>;
}

/** The variable of the entities of level `depth` (the root is n0); its relationship is `n<depth>r`. */
export function levelVariable(depth: number): string {
  return `n${integerSlot('fold depth', depth, 0, MAX_FOLD_DEPTH)}`;
}

/** The FOLD slot and its parameters for `plan`, read of the root entity `n0`. */
export function renderFold(plan: FoldPlan): RenderedFold {
  const params: Record<string, unknown> = {};
  let pages = 0;

  const level = (needs: FoldPlan, depth: number): string => {
    if (needs.length > 0 && depth >= MAX_FOLD_DEPTH) throw new Error(`A fold plan may reach at most ${MAX_FOLD_DEPTH} levels below its root`);
    if (needs.length === 0) return '{}';
    // One need a line, indented by level, so that a rendered statement reads as its selection.
    const indent = '  '.repeat(depth + 1);
    return `{\n${needs.map((need, i) => `${indent}f${i}: ${expression(need, depth)}`).join(',\n')}\n${'  '.repeat(depth)}}`;
  };

  // The child's fields, with its variable and its relationship's (renamed from t/p and r, so
  // that a deeper level can match its own t/p and r without meeting this level's).
  const child = (depth: number, children: FoldPlan, withType: boolean): string => {
    const c = levelVariable(depth + 1);
    return `{props: ${entityProjection(c)}, labels: labels(${c}), rel: properties(${c}r)${withType ? `, type: type(${c}r)` : ''}, fold: ${level(children, depth + 1)}}`;
  };

  const expression = (need: FoldNeed, depth: number): string => {
    const v = levelVariable(depth);
    switch (need.kind) {
      case 'evidence':
        return `COLLECT { MATCH (${v})-[r:EVIDENCED_BY]->(s:Source) WITH s, r ORDER BY s.id, r.position RETURN {document: s.id, excerpt: r.excerpt} }`;
      case 'related': {
        const c = levelVariable(depth + 1);
        return (
          `COLLECT { MATCH (${v})${relationshipPattern(need.type, need.direction)}(t:Entity) ` +
          `WITH t, r ORDER BY t.sortName, t.id WITH t AS ${c}, r AS ${c}r RETURN ${child(depth, need.children, false)} }`
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
          `SKIP $${page}skip LIMIT $${page}limit WITH p AS ${c}, r AS ${c}r RETURN ${child(depth, need.children, true)} }`;
        return `{total: ${total}, page: ${nodes}}`;
      }
    }
  };

  return { fold: level(plan, 0), params };
}

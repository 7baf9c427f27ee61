import { getArgumentValues, getNamedType, isObjectType, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields';
import type { RequestContext } from '../context';
import { pageRequest } from '../cursors';
import { MAX_FOLD_DEPTH, type FoldNeed, type FoldPlan } from '../../db/cypher/fold';
import type { OrderInput } from '../../db/cypher/ordering';
import type { ProjectFilterInput } from '../../db/cypher/projectFilter';
import type { EntityRecord, Page } from '../../db/records';
import type { FoldedFact } from '../../db/repositories/foldedRows';
import type { Direction, RelationshipType } from '../../domain/relationships';
import { resolveProjectFilter } from './names';
import { selects } from './selection';

/**
 * One statement per root field: what a lookup's selection reads beyond the entity (the
 * relationship fields, pages of projects and evidence of the table below, and theirs, up to
 * MAX_FOLD_DEPTH levels) is compiled into the statement that finds the entity
 * (db/cypher/fold.ts), and its answers are primed into the request's DataLoaders under the
 * very keys the field resolvers ask for. The resolvers are unchanged: a field that was folded
 * finds its answer in its loader, and one that was not (a field this table does not list, a
 * level too deep, an argument the fold could not read) asks its loader as before. So folding
 * can only save queries, never change an answer.
 */

type Typename = EntityRecord['__typename'];
type RecordOf<T extends Typename> = Extract<EntityRecord, { __typename: T }>;

/** How a field of an entity type folds: the loader it would ask, and what type its entities are. */
type FieldFold =
  | { kind: 'evidence' }
  | { kind: 'related'; type: RelationshipType; direction: Direction; target: Typename }
  | { kind: 'projects'; type: RelationshipType; direction: Direction };

const EVIDENCE: FieldFold = { kind: 'evidence' };

/** A list field and its connection (`<name>Connection`), which read the same loader. */
function related(name: string, type: RelationshipType, direction: Direction, target: Typename): Array<[string, FieldFold]> {
  const fold: FieldFold = { kind: 'related', type, direction, target };
  return [
    [name, fold],
    [`${name}Connection`, fold],
  ];
}

function projects(type: RelationshipType, direction: Direction): FieldFold {
  return { kind: 'projects', type, direction };
}

/**
 * The fields that fold, by type: each as its resolver reads it (organisation.ts, project.ts,
 * country.ts, legalFramework.ts). A field missing here still works through its loader.
 */
const FOLDABLE: Readonly<Record<Typename, ReadonlyMap<string, FieldFold>>> = {
  Organisation: new Map([
    ['sources', EVIDENCE],
    ...related('parent', 'PART_OF', 'OUT', 'Organisation'),
    ...related('units', 'PART_OF', 'IN', 'Organisation'),
    ...related('country', 'IN_COUNTRY', 'OUT', 'Country'),
    ...related('successor', 'SUCCEEDED_BY', 'OUT', 'Organisation'),
    ...related('predecessor', 'SUCCEEDED_BY', 'IN', 'Organisation'),
    ...related('people', 'WORKS_FOR', 'IN', 'Person'),
    ['projectsFunded', projects('FUNDED_BY', 'IN')],
    ['projectsImplemented', projects('IMPLEMENTED_BY', 'IN')],
    ['projectsBenefiting', projects('BENEFITS', 'IN')],
    ['projectsPartnered', projects('PARTNERED_WITH', 'IN')],
  ]),
  Project: new Map([
    ['sources', EVIDENCE],
    ...related('fundedBy', 'FUNDED_BY', 'OUT', 'Organisation'),
    ...related('implementedBy', 'IMPLEMENTED_BY', 'OUT', 'Organisation'),
    ...related('beneficiaries', 'BENEFITS', 'OUT', 'Organisation'),
    ...related('partners', 'PARTNERED_WITH', 'OUT', 'Organisation'),
    ...related('countries', 'IN_COUNTRY', 'OUT', 'Country'),
    ...related('legalFrameworks', 'ALIGNED_WITH', 'OUT', 'LegalFramework'),
    ...related('people', 'MANAGES', 'IN', 'Person'),
  ]),
  Country: new Map([
    ['sources', EVIDENCE],
    ['projects', projects('IN_COUNTRY', 'IN')],
    ['organisations', { kind: 'related', type: 'IN_COUNTRY', direction: 'IN', target: 'Organisation' }],
  ]),
  LegalFramework: new Map([
    ['sources', EVIDENCE],
    ['projects', projects('ALIGNED_WITH', 'IN')],
  ]),
  Person: new Map([['sources', EVIDENCE]]),
};

interface ProjectsArgs {
  filter?: ProjectFilterInput | null;
  orderBy?: readonly OrderInput[] | null;
  first?: number | null;
  after?: string | null;
}

/** A need under construction: the field nodes of the entities below it, merged over every field that shares it. */
interface Gathered {
  need: FoldNeed;
  target: Typename;
  childNodes: FieldNode[];
}

/**
 * The plan of one level: the needs of the fields selected on `typename` (fields that read the
 * same loader key, such as `units` and `unitsConnection`, share one need and their children).
 */
async function planOf(ctx: RequestContext, info: GraphQLResolveInfo, typename: Typename, fieldNodes: readonly FieldNode[], depth: number): Promise<FoldPlan> {
  if (depth >= MAX_FOLD_DEPTH) return [];
  const type = info.schema.getType(typename);
  if (!isObjectType(type)) return [];
  const table = FOLDABLE[typename];
  const gathered = new Map<string, Gathered>();
  for (const nodes of collectSubfields(info.schema, info.fragments, info.variableValues, type, fieldNodes).values()) {
    const first = nodes[0];
    const fold = first ? table.get(first.name.value) : undefined;
    const fieldDef = first ? type.getFields()[first.name.value] : undefined;
    if (!first || !fold || !fieldDef) continue;
    const children = childFieldNodes(info, fieldDef.type, nodes);
    if (fold.kind === 'evidence') {
      gathered.set('evidence', { need: { kind: 'evidence' }, target: typename, childNodes: [] });
      continue;
    }
    if (fold.kind === 'related') {
      const key = `related|${fold.type}|${fold.direction}`;
      const entry = gathered.get(key) ?? { need: { kind: 'related', type: fold.type, direction: fold.direction, children: [] }, target: fold.target, childNodes: [] };
      entry.childNodes.push(...children);
      gathered.set(key, entry);
      continue;
    }
    // A page of projects: its arguments as the resolver gets them (projectsOf.ts), so that the
    // loader key is the same. An argument the fold cannot use is left to the resolver, which
    // reports it.
    let need: Extract<FoldNeed, { kind: 'projects' }>;
    try {
      const args = getArgumentValues(fieldDef, first, info.variableValues) as ProjectsArgs;
      const request = pageRequest(args.first, args.after);
      const { filter } = await resolveProjectFilter(ctx, args.filter);
      const withTotal = selects({ fieldNodes: nodes, fragments: info.fragments }, ['totalCount']);
      need = { kind: 'projects', type: fold.type, direction: fold.direction, filter, orders: args.orderBy, request, withTotal, children: [] };
    } catch {
      continue;
    }
    const key = `projects|${JSON.stringify([need.type, need.direction, need.filter ?? null, need.orders ?? null, need.request, need.withTotal])}`;
    const entry = gathered.get(key) ?? { need, target: 'Project', childNodes: [] };
    entry.childNodes.push(...children);
    gathered.set(key, entry);
  }
  const plan: FoldNeed[] = [];
  for (const { need, target, childNodes } of gathered.values()) {
    if (need.kind === 'evidence') plan.push(need);
    else plan.push({ ...need, children: childNodes.length > 0 ? await planOf(ctx, info, target, childNodes, depth + 1) : [] });
  }
  return plan;
}

/**
 * The field nodes that select the fields of the entities a field answers: the field's own
 * nodes for a list of entities; for a connection, those of its `nodes` and of its edges' `node`.
 */
function childFieldNodes(info: GraphQLResolveInfo, fieldType: Parameters<typeof getNamedType>[0], nodes: readonly FieldNode[]): FieldNode[] {
  const named = getNamedType(fieldType);
  if (!isObjectType(named) || !named.name.endsWith('Connection')) return [...nodes];
  const subfields = (type: GraphQLObjectType, of: readonly FieldNode[]) => collectSubfields(info.schema, info.fragments, info.variableValues, type, of);
  const out: FieldNode[] = [];
  for (const sub of subfields(named, nodes).values()) {
    const name = sub[0]?.name.value;
    if (name === 'nodes') out.push(...sub);
    if (name === 'edges') {
      const edgeType = getNamedType(named.getFields().edges?.type);
      if (!isObjectType(edgeType)) continue;
      for (const edgeSub of subfields(edgeType, sub).values()) if (edgeSub[0]?.name.value === 'node') out.push(...edgeSub);
    }
  }
  return out;
}

/**
 * The entity `id` when it is of `typename`, for a root field: with the fields its selection
 * folds read in the same statement and primed into the loaders. `known` is the entity when the
 * caller already has it (a lookup by name), so that a selection with nothing to fold costs no
 * query at all. An id that finds nothing goes through the entity loader, which follows merged
 * ids to the entity kept.
 */
export async function foldedEntity<T extends Typename>(ctx: RequestContext, info: GraphQLResolveInfo, id: string, typename: T, known?: RecordOf<T>): Promise<RecordOf<T> | null> {
  const plan = await planOf(ctx, info, typename, info.fieldNodes, 0);
  if (plan.length === 0) {
    if (known) return known;
    const entity = await ctx.loaders.entity.load(id);
    return entity && entity.__typename === typename ? (entity as RecordOf<T>) : null;
  }
  const read = await ctx.repositories.entities.findFolded(id, plan);
  if (!read.entity) {
    const entity = await ctx.loaders.entity.load(id);
    return entity && entity.__typename === typename ? (entity as RecordOf<T>) : null;
  }
  ctx.loaders.prime(read);
  return read.entity.__typename === typename ? (read.entity as RecordOf<T>) : null;
}

/**
 * A page of a list root field (`projects`, `organisations`, `donors`), with what the selection
 * of its nodes reads folded into the statement of the page (`read` is given the plan; an empty
 * plan reads the plain page) and primed into the loaders.
 */
export async function foldedList<T>(
  ctx: RequestContext,
  info: GraphQLResolveInfo,
  typename: Typename,
  read: (plan: FoldPlan) => Promise<{ page: Page<T>; facts: FoldedFact[] }>,
): Promise<Page<T>> {
  const children = childFieldNodes(info, info.returnType, info.fieldNodes);
  const plan = children.length > 0 ? await planOf(ctx, info, typename, children, 0) : [];
  const { page, facts } = await read(plan);
  ctx.loaders.prime({ entity: null, facts });
  return page;
}

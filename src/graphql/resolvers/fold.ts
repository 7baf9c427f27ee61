import { getArgumentValues, getNamedType, isAbstractType, isObjectType, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields';
import type { RequestContext } from '../context';
import { pageRequest } from '../cursors';
import { MAX_FOLD_DEPTH, type FoldLevel, type FoldNeed } from '../../db/cypher/fold';
import type { OrderInput } from '../../db/cypher/ordering';
import type { ProjectFilterInput } from '../../db/cypher/projectFilter';
import type { EntityProperty, EntityRecord, Page } from '../../db/records';
import type { FoldedFact } from '../../db/repositories/foldedRows';
import type { Direction, RelationshipType } from '../../domain/relationships';
import { resolveProjectFilter } from './names';
import { selects } from './selection';

/**
 * One statement per root field: what a lookup's or a list's selection reads beyond its
 * entities (the relationship fields, pages of projects and evidence of the table below, and
 * theirs, up to MAX_FOLD_DEPTH levels) is compiled into the statement that finds them
 * (db/cypher/fold.ts), reading of each entity only the properties its place in the selection
 * shows. The answers are kept by the record they were read for (Loaders.prime); the field
 * resolvers ask the loaders through that record (Loaders.relatedOf, evidenceOf, projectsOf),
 * which answer from the fold when it read the field, and by a DataLoader batch when it did not
 * (a field this table does not list, a level too deep, an argument the fold could not read).
 * The answers are the same either way; folding only saves round trips.
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

/**
 * The entity properties each scalar field of an entity type shows (db/conversions.ts reads
 * them into the record; `isDonor` comes from the labels, always read). A field not listed here
 * and not folded (one another change adds, say) makes its level read every property, so that
 * whatever its resolver reads of the record is there.
 */
const FIELD_PROPERTIES: Readonly<Record<string, readonly EntityProperty[]>> = {
  __typename: [],
  id: ['id'],
  name: ['name'],
  aliases: ['aliases'],
  acronym: ['acronym'],
  kind: ['kind'],
  isDonor: [],
  description: ['description'],
  // Project.status is the status today: the derived one where a refresh stored it (db/conversions.ts).
  status: ['status', 'derivedStatus'],
  statedStatus: ['status'],
  statusBasis: ['status', 'statusBasis'],
  statusAsOf: ['statusAsOf'],
  statusAsOfPrecision: ['statusAsOf'],
  inferences: ['inferencesJson'],
  ambiguousAliases: ['ambiguousAliases'],
  projectType: ['projectType'],
  startDate: ['startDate'],
  startPrecision: ['startPrecision'],
  endDate: ['endDate'],
  endPrecision: ['endPrecision'],
  durationMonths: ['durationMonths'],
  budget: ['budgetAmount', 'budgetCurrency'],
  coverage: ['coverage'],
  phases: ['phasesJson'],
  identifiers: ['identifiersJson'],
  results: ['resultsJson'],
  isoCode: ['isoCode'],
  note: ['note'],
  jurisdiction: ['jurisdiction'],
  year: ['year'],
};

/** The fields of an edge that read the relationship's own properties (shared.ts relationshipConnectionResolvers). */
const EDGE_PROPERTY_FIELDS = new Set(['role', 'title', 'date', 'datePrecision', 'dateText', 'inferred', 'inference', 'evidence']);

/** A need under construction: the field nodes of the entities below it, merged over every field that shares it. */
interface Gathered {
  need: FoldNeed;
  target: Typename;
  childNodes: FieldNode[];
  edges: boolean;
}

const NO_PLAN: FoldLevel = { properties: null, needs: [] };

/**
 * The plan of one level: the properties its fields show and the needs of the fields selected
 * on `typename` (fields that read the same loader key, such as `units` and `unitsConnection`,
 * share one need and their children). Below MAX_FOLD_DEPTH nothing more is folded.
 */
async function planOf(ctx: RequestContext, info: GraphQLResolveInfo, typename: Typename, fieldNodes: readonly FieldNode[], depth: number): Promise<FoldLevel> {
  const type = info.schema.getType(typename);
  if (!isObjectType(type)) return NO_PLAN;
  const table = FOLDABLE[typename];
  const gathered = new Map<string, Gathered>();
  let properties: EntityProperty[] | null = [];
  for (const nodes of collectSubfields(info.schema, info.fragments, info.variableValues, type, fieldNodes).values()) {
    const first = nodes[0];
    if (!first) continue;
    const shown = FIELD_PROPERTIES[first.name.value];
    if (shown) {
      properties?.push(...shown);
      continue;
    }
    const fold = table.get(first.name.value);
    const fieldDef = type.getFields()[first.name.value];
    if (!fold || !fieldDef || depth >= MAX_FOLD_DEPTH) {
      // Resolved by its loader from the record's id; a field the fold does not know may read more.
      if (!fold) properties = null;
      continue;
    }
    const children = childFieldNodes(info, fieldDef.type, nodes);
    if (fold.kind === 'evidence') {
      gathered.set('evidence', { need: { kind: 'evidence' }, target: typename, childNodes: [], edges: false });
      continue;
    }
    let need: FoldNeed;
    let key: string;
    if (fold.kind === 'related') {
      need = { kind: 'related', type: fold.type, direction: fold.direction, edges: false, children: NO_PLAN };
      key = `related|${fold.type}|${fold.direction}`;
    } else {
      // A page of projects: its arguments as the resolver gets them (projectsOf.ts), so that the
      // key it asks for is the same. An argument the fold cannot use is left to the resolver,
      // which reports it.
      try {
        const args = getArgumentValues(fieldDef, first, info.variableValues) as ProjectsArgs;
        const request = pageRequest(args.first, args.after);
        const { filter } = await resolveProjectFilter(ctx, args.filter);
        const withTotal = selects({ fieldNodes: nodes, fragments: info.fragments }, ['totalCount']);
        need = { kind: 'projects', type: fold.type, direction: fold.direction, filter, orders: args.orderBy, request, withTotal, edges: false, children: NO_PLAN };
      } catch {
        continue;
      }
      key = `projects|${JSON.stringify([need.type, need.direction, need.filter ?? null, need.orders ?? null, need.request, need.withTotal])}`;
    }
    const entry = gathered.get(key) ?? { need, target: fold.kind === 'related' ? fold.target : 'Project', childNodes: [], edges: false };
    entry.childNodes.push(...children.nodes);
    entry.edges = entry.edges || children.edgeProperties;
    gathered.set(key, entry);
  }
  const needs: FoldNeed[] = [];
  for (const { need, target, childNodes, edges } of gathered.values()) {
    if (need.kind === 'evidence') needs.push(need);
    else needs.push({ ...need, edges, children: await planOf(ctx, info, target, childNodes, depth + 1) });
  }
  return { properties, needs };
}

/**
 * The field nodes that select the fields of the entities a field answers (the field's own
 * nodes for a list of entities; for a connection, those of its `nodes` and of its edges'
 * `node`), and whether its edges show the relationships' own properties.
 */
function childFieldNodes(info: GraphQLResolveInfo, fieldType: Parameters<typeof getNamedType>[0], nodes: readonly FieldNode[]): { nodes: FieldNode[]; edgeProperties: boolean } {
  const named = getNamedType(fieldType);
  if (!isObjectType(named) || !named.name.endsWith('Connection')) return { nodes: [...nodes], edgeProperties: false };
  const subfields = (type: GraphQLObjectType, of: readonly FieldNode[]) => collectSubfields(info.schema, info.fragments, info.variableValues, type, of);
  const out: FieldNode[] = [];
  let edgeProperties = false;
  for (const sub of subfields(named, nodes).values()) {
    const name = sub[0]?.name.value;
    if (name === 'nodes') out.push(...sub);
    if (name === 'edges') {
      const edgeType = getNamedType(named.getFields().edges?.type);
      if (!isObjectType(edgeType)) continue;
      for (const edgeSub of subfields(edgeType, sub).values()) {
        const edgeField = edgeSub[0]?.name.value ?? '';
        if (edgeField === 'node') out.push(...edgeSub);
        if (EDGE_PROPERTY_FIELDS.has(edgeField)) edgeProperties = true;
      }
    }
  }
  return { nodes: out, edgeProperties };
}

/**
 * The entity `id` when it is of `typename`, for a root field: with the fields its selection
 * folds read in the same statement and kept for its resolvers. `known` is the entity when the
 * caller already has it (a lookup by name), so that a selection with nothing to fold costs no
 * query at all. An id that finds nothing goes through the entity loader, which follows merged
 * ids to the entity kept.
 */
export async function foldedEntity<T extends Typename>(ctx: RequestContext, info: GraphQLResolveInfo, id: string, typename: T, known?: RecordOf<T>): Promise<RecordOf<T> | null> {
  const plan = await planOf(ctx, info, typename, info.fieldNodes, 0);
  if (plan.needs.length === 0) {
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
 * plan reads the plain page) and kept for its resolvers.
 */
export async function foldedList<T>(
  ctx: RequestContext,
  info: GraphQLResolveInfo,
  typename: Typename,
  read: (plan: FoldLevel) => Promise<{ page: Page<T>; facts: FoldedFact[] }>,
): Promise<Page<T>> {
  const children = childFieldNodes(info, info.returnType, info.fieldNodes).nodes;
  const plan = children.length > 0 ? await planOf(ctx, info, typename, children, 0) : NO_PLAN;
  const { page, facts } = await read(plan);
  ctx.loaders.prime({ entity: null, facts });
  return page;
}

/**
 * The entity properties a root field's answer shows at `path` below it (e.g. ['entity'] of a
 * search hit), over every type the entities there may have: what the statement that finds
 * them needs to read of each. Relationship fields cost nothing here (their loaders start from
 * the id); a field FIELD_PROPERTIES does not know makes it null, every property. Used by the
 * root fields that do not fold, so that they too read only what is shown.
 */
export function selectedProperties(info: GraphQLResolveInfo, path: readonly string[]): EntityProperty[] | null {
  const collect = (type: GraphQLObjectType, nodes: readonly FieldNode[]) => collectSubfields(info.schema, info.fragments, info.variableValues, type, nodes);
  let nodes: readonly FieldNode[] = info.fieldNodes;
  let type = getNamedType(info.returnType);
  for (const name of path) {
    if (!isObjectType(type)) return null;
    const fieldDef = type.getFields()[name];
    const below = collect(type, nodes).get(name);
    if (!fieldDef || !below) return [];
    nodes = below;
    type = getNamedType(fieldDef.type);
  }
  const types = isAbstractType(type) ? info.schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
  const properties = new Set<EntityProperty>();
  for (const objectType of types) {
    const table = (FOLDABLE as Readonly<Record<string, ReadonlyMap<string, FieldFold>>>)[objectType.name];
    if (!table) return null;
    for (const name of collect(objectType, nodes).keys()) {
      const shown = FIELD_PROPERTIES[name];
      if (shown) shown.forEach((property) => properties.add(property));
      else if (!table.has(name)) return null;
    }
  }
  return [...properties];
}

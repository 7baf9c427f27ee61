import {
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import {
  DEFAULT_HISTORY,
  DEFAULT_MATCH_COUNT,
  DEFAULT_NEIGHBOURHOOD_LIMIT,
  DEFAULT_PAGE_SIZE,
  MAX_FILTER_TERMS,
  MAX_HISTORY,
  MAX_LISTED_UNITS,
  MAX_NEIGHBOURHOOD_LIMIT,
  MAX_PAGE_SIZE,
  MAX_PATH_LENGTH,
  MAX_SHORTEST_PATHS,
  MAX_SUBGRAPH_IDS,
} from '../domain/limits';
import { PROJECT_STATUSES } from '../domain/entities';

/**
 * The cost of an operation: how many objects it may return at most, before it runs. Every list
 * counts by the bound the service enforces on it, read from the field's arguments:
 *
 * - a connection or a paged list by its `first` (20 unless given; `history`: 100);
 * - the graph of `neighbourhood` by `limit` (limit + 1 nodes, whatever the `depth`: the nearest
 *   entities are kept and the rest cut, so depth decides which entities, not how many);
 * - `shortestPath` by `maxLength` (maxLength + 1 nodes, maxLength edges), `allShortestPaths` by
 *   `maxLength` and the path cap (MAX_SHORTEST_PATHS paths of up to maxLength + 1 nodes);
 * - `subgraph` by the number of its `ids`.
 *
 * Where the service enforces no bound, a list counts by a documented estimate of its size in
 * this graph (the constants below, each with how it was measured): the relationships among the
 * nodes of a neighbourhood or a subgraph, the evidence of one relationship, a project's funders.
 * So a request for 100 projects, each with 100 funders, each with 100 projects, is the million
 * objects it is, and thirty neighbourhoods of 2,000 entities are the half million they are.
 *
 * An argument outside its range counts as its bound: the resolver refuses it with a
 * BAD_USER_INPUT that says more than QUERY_TOO_COSTLY would.
 */

/**
 * A list the service does not bound (a project's funders, an entity's sources) counts as this
 * many items. In the seed graph the longest are a project's beneficiaries (15) and sources
 * (11); most hold one to three, and a nested list's total is what the cost adds up.
 */
export const UNPAGED_LIST_SIZE = 10;

/**
 * The relationships a neighbourhood or a subgraph holds, per node it holds: no bound is
 * enforced (every relationship among the kept nodes is drawn), so this is an estimate. In the
 * seed graph the whole graph holds 2.0 per node and the densest neighbourhood 2.5 (means 1.5,
 * 2.3 and 2.2 at depths 1, 2 and 3); a neighbourhood of 2,000 in the 2,100-project test graph
 * holds 1.0 (issue 18).
 */
export const EDGES_PER_GRAPH_NODE = 2.5;

/**
 * The evidence (excerpts) of one relationship: a relationship is cited by 1.2 documents on
 * average in the seed graph, by 4 at most.
 */
export const EVIDENCE_PER_RELATIONSHIP = 2;

/**
 * Countries are ISO 3166-1 alpha-2 codes, of which 249 are officially assigned (ISO 3166
 * Maintenance Agency); the seed graph holds 5.
 */
export const COUNTRY_COUNT = 249;

/**
 * `projectStats` buckets: grouped by status, one per ProjectStatus and one for none; by country,
 * one per country and one for none; by an entity or a year, no bound, and this many are counted.
 */
export const STATS_BUCKETS = 100;

/** The sizes of the lists of the object a field returns, by the name of the list field. */
type ChildSizes = Readonly<Record<string, number>>;

/** What a field's arguments tell about its size: its own length when it is a list, its lists' sizes when it holds lists. */
interface FieldBound {
  items?: number;
  children?: ChildSizes;
}

type Arguments = Readonly<Record<string, unknown>>;

/** `value` as an integer argument in min..max; `fallback` when it was not given or is not a number. */
function integerArgument(value: unknown, fallback: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(Math.max(Math.trunc(value), min), max);
}

/** The nodes and edges of a graph answer, from how many nodes it may hold. */
function graphOf(nodes: number, edges: number = Math.ceil(nodes * EDGES_PER_GRAPH_NODE)): FieldBound {
  return { children: { nodes, edges } };
}

function pathGraph(args: Arguments, paths: number): FieldBound {
  const maxLength = integerArgument(args.maxLength, MAX_PATH_LENGTH, 1, MAX_PATH_LENGTH);
  return graphOf(paths * (maxLength + 1), paths * maxLength);
}

/**
 * The fields whose size their arguments bound in a way other than `first`, by `Type.field`.
 * The bounds are those of the resolvers (graphql/resolvers/graph.ts) and domain/limits.ts.
 */
const FIELD_BOUNDS: Readonly<Record<string, (args: Arguments) => FieldBound>> = {
  'Query.neighbourhood': (args) => graphOf(integerArgument(args.limit, DEFAULT_NEIGHBOURHOOD_LIMIT, 1, MAX_NEIGHBOURHOOD_LIMIT) + 1),
  'Query.shortestPath': (args) => pathGraph(args, 1),
  'Query.allShortestPaths': (args) => pathGraph(args, MAX_SHORTEST_PATHS),
  'Query.subgraph': (args) => graphOf(Array.isArray(args.ids) ? Math.min(args.ids.length, MAX_SUBGRAPH_IDS) : MAX_SUBGRAPH_IDS),
  'Query.history': (args) => ({ items: integerArgument(args.first, DEFAULT_HISTORY, 0, MAX_HISTORY) }),
  'Query.countries': () => ({ items: COUNTRY_COUNT }),
  'Query.projectStats': (args) => ({ items: args.groupBy === 'STATUS' ? PROJECT_STATUSES.length + 1 : args.groupBy === 'COUNTRY' ? COUNTRY_COUNT + 1 : STATS_BUCKETS }),
  // Name resolution (issue 14): `match` by its own default; one resolution per name term of the
  // filter; the units a resolution lists by their cap; one reason per candidate.
  'Query.match': (args) => ({ items: integerArgument(args.first, DEFAULT_MATCH_COUNT, 0, MAX_PAGE_SIZE) }),
  'ProjectConnection.resolutions': () => ({ items: MAX_FILTER_TERMS }),
  'OrganisationConnection.resolutions': () => ({ items: MAX_FILTER_TERMS }),
  'NameResolution.units': () => ({ items: MAX_LISTED_UNITS }),
  'MatchCandidate.reasons': () => ({ items: 1 }),
};

/** The arguments of a field as the request gives them, variables read. */
function argumentsOf(field: FieldNode, variables: Arguments): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const argument of field.arguments ?? []) args[argument.name.value] = valueFromASTUntyped(argument.value, variables);
  return args;
}

function takesFirst(definition: GraphQLField<unknown, unknown>): boolean {
  return definition.args.some((arg) => arg.name === 'first');
}

/** A relationship's evidence: `evidence` on a graph edge, a relationship edge or a person's role. */
function isEvidence(definition: GraphQLField<unknown, unknown>): boolean {
  return definition.name === 'evidence' && getNamedType(definition.type).name === 'Source';
}

/** How many items, or which list sizes, `selection` of `definition` stands for. */
function boundOf(parentName: string, definition: GraphQLField<unknown, unknown>, selection: FieldNode, variables: Arguments): FieldBound {
  const own = FIELD_BOUNDS[`${parentName}.${definition.name}`];
  if (own) return own(argumentsOf(selection, variables));
  if (!takesFirst(definition)) return {};
  const first = integerArgument(argumentsOf(selection, variables).first, DEFAULT_PAGE_SIZE, 0, MAX_PAGE_SIZE);
  // A list with `first` holds that many; a connection holds them in its edges and nodes.
  return isListType(getNullableType(definition.type)) ? { items: first } : { children: { edges: first, nodes: first } };
}

interface Walk {
  schema: GraphQLSchema;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Arguments;
  /** Fragment costs by name and list sizes, so that a fragment spread often is walked once. */
  memo: Map<string, number>;
}

function sizesKey(sizes: ChildSizes | null): string {
  return sizes ? Object.entries(sizes).map(([name, size]) => `${name}=${size}`).join(',') : '';
}

/**
 * The cost of a selection set on `parent`. `sizes` are the sizes of `parent`'s lists that the
 * field holding this set bounded (a connection's edges and nodes, a graph's nodes and edges).
 */
function selectionCost(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLCompositeType, sizes: ChildSizes | null, visiting: Set<string>): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typed = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      if (typed && isCompositeType(typed)) cost += selectionCost(walk, selection.selectionSet, typed, sizes, visiting);
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = walk.fragments.get(selection.name.value);
      // A cycle of fragments is refused by validation; it is not followed here either.
      if (!fragment || visiting.has(fragment.name.value)) continue;
      const typed = walk.schema.getType(fragment.typeCondition.name.value);
      if (!typed || !isCompositeType(typed)) continue;
      const key = `${fragment.name.value}|${sizesKey(sizes)}`;
      let fragmentCost = walk.memo.get(key);
      if (fragmentCost === undefined) {
        visiting.add(fragment.name.value);
        fragmentCost = selectionCost(walk, fragment.selectionSet, typed, sizes, visiting);
        visiting.delete(fragment.name.value);
        walk.memo.set(key, fragmentCost);
      }
      cost += fragmentCost;
      continue;
    }
    // Introspection is governed by its own switch; __typename costs nothing.
    if (selection.name.value.startsWith('__') || !selection.selectionSet) continue;
    if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
    const definition = parent.getFields()[selection.name.value];
    if (!definition) continue;
    const type = getNamedType(definition.type);
    if (!isCompositeType(type)) continue;
    const bound = boundOf(parent.name, definition, selection, walk.variables);
    let items = 1;
    if (isListType(getNullableType(definition.type))) {
      items = bound.items ?? sizes?.[selection.name.value] ?? (isEvidence(definition) ? EVIDENCE_PER_RELATIONSHIP : UNPAGED_LIST_SIZE);
    }
    cost += items * (1 + selectionCost(walk, selection.selectionSet, type, bound.children ?? null, visiting));
  }
  return cost;
}

/** The cost of `operation` with the request's variables. */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Arguments = {}): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return 0;
  return selectionCost({ schema, fragments, variables, memo: new Map() }, operation.selectionSet, root, null, new Set());
}

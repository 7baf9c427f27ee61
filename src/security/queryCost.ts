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
import { DEFAULT_PAGE_SIZE } from '../domain/limits';

/**
 * The cost of an operation: how many objects it may return at most, before it runs. Lists
 * count by their `first` (at most 100; 20 when not given), so that a request for 100 projects,
 * each with 100 funders, each with 100 projects, is seen as the million objects it is.
 * A list with no `first` (a project's funders, an entity's sources) counts as
 * UNPAGED_LIST_SIZE items; such lists are short in this graph.
 */

export const UNPAGED_LIST_SIZE = 10;

/** The items a `first` argument asks for; a variable is read from the request's variables. */
function firstArgument(field: FieldNode, variables: Readonly<Record<string, unknown>>): number | null {
  const argument = field.arguments?.find((arg) => arg.name.value === 'first');
  if (!argument) return null;
  const value = valueFromASTUntyped(argument.value, variables);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : DEFAULT_PAGE_SIZE;
}

function takesFirst(definition: GraphQLField<unknown, unknown>): boolean {
  return definition.args.some((arg) => arg.name === 'first');
}

interface Walk {
  schema: GraphQLSchema;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Readonly<Record<string, unknown>>;
  /** Fragment costs by name and page size, so that a fragment spread often is walked once. */
  memo: Map<string, number>;
}

/**
 * The cost of a selection set on `parent`. `pageSize` is the `first` of the connection field
 * this set belongs to: the connection's `edges` and `nodes` hold that many items.
 */
function selectionCost(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLCompositeType, pageSize: number | null, visiting: Set<string>): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typed = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      if (typed && isCompositeType(typed)) cost += selectionCost(walk, selection.selectionSet, typed, pageSize, visiting);
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = walk.fragments.get(selection.name.value);
      // A cycle of fragments is refused by validation; it is not followed here either.
      if (!fragment || visiting.has(fragment.name.value)) continue;
      const typed = walk.schema.getType(fragment.typeCondition.name.value);
      if (!typed || !isCompositeType(typed)) continue;
      const key = `${fragment.name.value}|${pageSize}`;
      let fragmentCost = walk.memo.get(key);
      if (fragmentCost === undefined) {
        visiting.add(fragment.name.value);
        fragmentCost = selectionCost(walk, fragment.selectionSet, typed, pageSize, visiting);
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
    const isList = isListType(getNullableType(definition.type));
    const first = takesFirst(definition) ? (firstArgument(selection, walk.variables) ?? DEFAULT_PAGE_SIZE) : null;
    let items = 1;
    let childPage: number | null = null;
    if (isList) items = first ?? (pageSize !== null && (selection.name.value === 'edges' || selection.name.value === 'nodes') ? pageSize : UNPAGED_LIST_SIZE);
    else if (first !== null) childPage = first; // a connection: its edges and nodes hold `first` items
    cost += items * (1 + selectionCost(walk, selection.selectionSet, type, childPage, visiting));
  }
  return cost;
}

/** The cost of `operation` with the request's variables. */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>> = {}): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return 0;
  return selectionCost({ schema, fragments, variables, memo: new Map() }, operation.selectionSet, root, null, new Set());
}

import {
  BREAK,
  Kind,
  TypeInfo,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { MAX_FILTER_DEPTH, MAX_FILTER_TERMS } from '../domain/limits';
import { ServiceError } from '../errors';

/**
 * The width of the filter arguments of an operation, counted before anything runs: a filter's
 * cost to Neo4j is in how many terms it holds (each a clause, most of them a subquery) far more
 * than in how many objects it returns, so the cost model (queryCost.ts) cannot see it.
 *
 * The count reads the argument as the client sent it: literals in the document and the raw
 * request variables (before graphql-js coerces them, which it does recursively and only at
 * execution). It walks iteratively, in time linear in the size of the request (which the body
 * limit bounds), so that a filter of 3,000 branches, or one nested 10,000 levels deep in
 * variables, is refused in a millisecond and never reaches the compiler, let alone Neo4j.
 */

/** The input types the filter compilers (db/cypher/projectFilter.ts, entityFilters.ts) read. */
export function isFilterType(type: GraphQLInputType): type is GraphQLInputObjectType {
  return isInputObjectType(type) && type.name.endsWith('Filter');
}

/** Fields that only qualify the others (includeUnits, includeLineage) and add no clause. */
function isModifier(field: string): boolean {
  return field.startsWith('include');
}

export interface FilterWidth {
  terms: number;
  /** The deepest nesting of and/or/not (0: none). */
  depth: number;
}

/** How each field of a filter type counts: a nested filter (and, or, not), a list of terms, one term, or nothing. */
type FieldKind = 'nested' | 'list' | 'term' | 'modifier';

const FIELD_KINDS = new WeakMap<GraphQLInputObjectType, ReadonlyMap<string, FieldKind>>();

/** The kinds of the fields of `type`, worked out once per type: the count then does no type checks per value. */
function fieldKinds(type: GraphQLInputObjectType): ReadonlyMap<string, FieldKind> {
  let kinds = FIELD_KINDS.get(type);
  if (!kinds) {
    kinds = new Map(
      Object.values(type.getFields()).map((field): [string, FieldKind] => {
        if (isModifier(field.name)) return [field.name, 'modifier'];
        if (getNamedType(field.type) === type) return [field.name, 'nested'];
        return [field.name, isListType(getNullableType(field.type)) ? 'list' : 'term'];
      }),
    );
    FIELD_KINDS.set(type, kinds);
  }
  return kinds;
}

/**
 * Counts the terms of `value` as a filter of `type`: every set field is one term, every item
 * of a list field one term each, and `and`, `or` and `not` add the terms of the filters they
 * hold, one level deeper. Fields the type does not have are ignored (validation refuses them).
 */
export function filterWidth(type: GraphQLInputObjectType, value: unknown): FilterWidth {
  const kinds = fieldKinds(type);
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  const width: FilterWidth = { terms: 0, depth: 0 };
  while (pending.length > 0) {
    const next = pending.pop();
    if (!next || next.value === null || typeof next.value !== 'object') continue;
    if (Array.isArray(next.value)) {
      // A list where one filter is expected is coerced to it, or refused: count what it holds.
      for (const item of next.value) pending.push({ value: item, depth: next.depth });
      continue;
    }
    if (next.depth > width.depth) width.depth = next.depth;
    for (const name in next.value) {
      if (!Object.prototype.hasOwnProperty.call(next.value, name)) continue;
      const fieldValue = (next.value as Record<string, unknown>)[name];
      // A Map lookup, so a key such as __proto__ or constructor is simply not a field.
      const kind = kinds.get(name);
      if (fieldValue === null || fieldValue === undefined || kind === undefined || kind === 'modifier') continue;
      if (kind === 'nested') pending.push({ value: fieldValue, depth: next.depth + 1 });
      else width.terms += kind === 'list' && Array.isArray(fieldValue) ? fieldValue.length : 1;
    }
  }
  return width;
}

/** True when some field of `document` takes a filter argument: the only documents worth counting. */
export function hasFilterArguments(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument() {
        const argument = typeInfo.getArgument();
        const type = argument ? getNamedType(argument.type) : undefined;
        if (type && isFilterType(type)) {
          found = true;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  return found;
}

/** Throws FILTER_TOO_WIDE or FILTER_TOO_DEEP for the first filter argument of `operation` over a bound. */
export function checkFilterWidths(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
  limits = { maxTerms: MAX_FILTER_TERMS, maxDepth: MAX_FILTER_DEPTH },
): void {
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Argument(node) {
      const argument = typeInfo.getArgument();
      const type = argument ? getNamedType(argument.type) : undefined;
      if (!argument || !type || !isFilterType(type)) return;
      const width = filterWidth(type, valueFromASTUntyped(node.value, variables));
      const where = `${typeInfo.getParentType()?.name ?? '?'}.${typeInfo.getFieldDef()?.name ?? '?'}(${argument.name}:)`;
      if (width.depth > limits.maxDepth) {
        throw new ServiceError('FILTER_TOO_DEEP', `A filter may nest and/or/not at most ${limits.maxDepth} levels deep; the ${argument.name} of ${where} nests ${width.depth} levels deep.`);
      }
      if (width.terms > limits.maxTerms) {
        throw new ServiceError(
          'FILTER_TOO_WIDE',
          `A filter may hold at most ${limits.maxTerms} terms (fields and list items, across and/or/not); the ${argument.name} of ${where} holds ${width.terms}. Ask several narrower questions instead.`,
        );
      }
    },
  });
  // The operation, and the fragments it may spread (validation has refused unused ones).
  visit(operation, visitor);
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) visit(definition, visitor);
}

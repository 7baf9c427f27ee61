import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { GraphDetail } from '../../db/records';

/**
 * Whether the field being resolved selects `path` below it (e.g. ['edges', 'evidence']),
 * looking through inline fragments and named fragments. Used to spare the database work
 * for parts of an answer nobody asked for.
 */
export function selects(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: readonly string[]): boolean {
  const visit = (set: SelectionSetNode | undefined, rest: readonly string[], seen: Set<string>): boolean => {
    if (!set || rest.length === 0) return rest.length === 0;
    const [head, ...tail] = rest;
    return set.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === head && (tail.length === 0 || visit(selection.selectionSet, tail, seen));
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet, rest, seen);
      const name = selection.name.value;
      if (seen.has(name)) return false;
      return visit(info.fragments[name]?.selectionSet, rest, new Set([...seen, name]));
    });
  };
  return info.fieldNodes.some((node) => visit(node.selectionSet, path, new Set()));
}

const NODE_PROPERTY_FIELDS = ['acronym', 'kind', 'status', 'startDate', 'endDate', 'isoCode', 'jurisdiction', 'year'];
const EDGE_PROPERTY_FIELDS = ['role', 'title', 'date'];

/** The detail a graph field's selection needs: only what its nodes and edges ask for. */
export function graphDetail(info: GraphQLResolveInfo): GraphDetail {
  return {
    degree: selects(info, ['nodes', 'degree']),
    evidence: selects(info, ['edges', 'evidence']),
    nodeProperties: NODE_PROPERTY_FIELDS.some((field) => selects(info, ['nodes', field])),
    edgeProperties: EDGE_PROPERTY_FIELDS.some((field) => selects(info, ['edges', field])),
  };
}

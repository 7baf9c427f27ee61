import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { graphDetail, selects } from '../../src/graphql/resolvers/selection';

/** The resolve info of the first root field of `query`: only what selects() reads. */
function infoFor(query: string): GraphQLResolveInfo {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const field = operation?.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD);
  if (!field) throw new Error('no root field');
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return { fieldNodes: [field], fragments } as unknown as GraphQLResolveInfo;
}

describe('selects', () => {
  it('finds a nested field, directly, through inline fragments and through named fragments', () => {
    expect(selects(infoFor('{ neighbourhood(id: "x") { edges { evidence { excerpt } } } }'), ['edges', 'evidence'])).toBe(true);
    expect(selects(infoFor('{ neighbourhood(id: "x") { edges { source } } }'), ['edges', 'evidence'])).toBe(false);
    expect(selects(infoFor('{ neighbourhood(id: "x") { ... on Graph { nodes { degree } } } }'), ['nodes', 'degree'])).toBe(true);
    expect(selects(infoFor('query { neighbourhood(id: "x") { ...G } } fragment G on Graph { edges { ...E } } fragment E on GraphEdge { evidence { document } }'), ['edges', 'evidence'])).toBe(true);
    expect(selects(infoFor('query { neighbourhood(id: "x") { ...G } } fragment G on Graph { nodes { id } }'), ['nodes', 'degree'])).toBe(false);
  });

  it('asks the graph queries for degrees and evidence only when the answer shows them', () => {
    expect(graphDetail(infoFor('{ shortestPath(from: "a", to: "b") { nodes { id degree } edges { source } } }'))).toEqual({ degree: true, evidence: false, nodeProperties: false, edgeProperties: false });
    expect(graphDetail(infoFor('{ shortestPath(from: "a", to: "b") { nodes { id } edges { evidence { excerpt } } } }'))).toEqual({ degree: false, evidence: true, nodeProperties: false, edgeProperties: false });
    expect(graphDetail(infoFor('{ neighbourhood(id: "a") { nodes { status } edges { role } } }'))).toEqual({ degree: false, evidence: false, nodeProperties: true, edgeProperties: true });
  });
});

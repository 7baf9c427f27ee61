import { GraphQLError, Kind, parse, specifiedRules, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { EXAMPLE_QUERIES } from '../../src/http/exampleQueries';
import { buildSchemaFromFiles } from '../../src/graphql/schemaDocument';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COUNTRY_COUNT, EDGES_PER_GRAPH_NODE, EVIDENCE_PER_RELATIONSHIP, STATS_BUCKETS, UNPAGED_LIST_SIZE, operationCost } from '../../src/security/queryCost';
import { DEFAULT_HISTORY, MAX_NEIGHBOURHOOD_LIMIT, MAX_PATH_LENGTH, MAX_SHORTEST_PATHS, MAX_SUBGRAPH_IDS } from '../../src/domain/limits';
import { serviceErrorIn } from '../../src/errors';
import { QUERY_LIMITS, limitCodeOf, queryLimitSetup } from '../../src/security/queryLimits';

const schema = buildSchemaFromFiles();
const setup = queryLimitSetup({ fieldSuggestions: false });

function operationOf(document: DocumentNode): OperationDefinitionNode {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) throw new Error('no operation');
  return operation;
}

function cost(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  return operationCost(schema, document, operationOf(document), variables);
}

/** The codes the armor rules report for `query` (graphql-js's own rules pass first). */
function limitCodes(query: string): string[] {
  const errors = validate(schema, parse(query, setup.parseOptions), [...specifiedRules, ...setup.validationRules]);
  return errors.map((error) => serviceErrorIn(error)?.code ?? `other: ${error.message}`);
}

describe('the cost of a query', () => {
  it('counts a connection by its first, its nested lists by theirs', () => {
    expect(cost('{ projects(first: 10) { nodes { name } } }')).toBe(1 + 10);
    expect(cost('{ projects(first: 10) { nodes { fundedByConnection(first: 5) { nodes { name } } } } }')).toBe(1 + 10 * (1 + 1 + 5));
  });

  it('reads first from the variables, and takes 20 when it is not given', () => {
    expect(cost('query($n: Int) { projects(first: $n) { nodes { name } } }', { n: 100 })).toBe(1 + 100);
    expect(cost('{ projects { nodes { name } } }')).toBe(1 + 20);
  });

  it('counts a list with no first as a short list, and scalars as nothing', () => {
    expect(cost('{ project(id: "x") { name fundedBy { name } } }')).toBe(1 + UNPAGED_LIST_SIZE);
  });

  it('follows fragments and inline fragments', () => {
    expect(cost('query { projects(first: 3) { nodes { ...P } } } fragment P on Project { fundedBy { name } }')).toBe(1 + 3 * (1 + UNPAGED_LIST_SIZE));
    expect(cost('{ node(id: "x") { ... on Project { fundedBy { name } } } }')).toBe(1 + UNPAGED_LIST_SIZE);
  });

  it('sees three nested pages of 100 as the million objects they are', () => {
    const query = '{ projects(first: 100) { nodes { fundedByConnection(first: 100) { nodes { projectsFunded(first: 100) { nodes { name } } } } } } }';
    expect(cost(query)).toBeGreaterThan(1_000_000);
    expect(cost(query)).toBeGreaterThan(QUERY_LIMITS.maxCost);
  });
});

/** The graph part of a cost: the Graph object, its nodes, and its edges with their evidence. */
const graphCost = (nodes: number, edges: number, evidence = 0) => 1 + nodes + edges * (1 + evidence);
const denseEdges = (nodes: number) => Math.ceil(nodes * EDGES_PER_GRAPH_NODE);

/**
 * The GraphQL documents the Python client sends (clients/python/src/migration_graph/_queries.py),
 * read from the module itself so that a change there is checked here: each NAME = """...""" or
 * f"""...""" string, with the {FIELDS} it interpolates put in and f-string braces undoubled.
 */
function pythonClientQueries(): Map<string, string> {
  const source = readFileSync(path.join(__dirname, '../../clients/python/src/migration_graph/_queries.py'), 'utf8');
  const strings = new Map<string, string>();
  for (const match of source.matchAll(/^([A-Z_]+) = (f?)"""([\s\S]*?)"""/gm)) {
    const [, name, f, body] = match as unknown as [string, string, string, string];
    strings.set(name, f ? body.replace(/\{([A-Z_]+)\}/g, (_m, ref: string) => strings.get(ref) ?? `{${ref}}`).replace(/\{\{/g, '{').replace(/\}\}/g, '}') : body);
  }
  return new Map([...strings].filter(([, text]) => /^\s*(query|mutation)\b/.test(text)));
}

describe('the cost of a graph query', () => {
  it('counts a neighbourhood by its limit, the same at every depth: limit + 1 nodes', () => {
    expect(cost('{ neighbourhood(id: "x", depth: 1, limit: 10) { nodes { id } } }')).toBe(graphCost(11, 0));
    expect(cost('{ neighbourhood(id: "x", depth: 3, limit: 10) { nodes { id } } }')).toBe(graphCost(11, 0));
    expect(cost('{ neighbourhood(id: "x") { nodes { id } } }')).toBe(graphCost(501, 0));
    expect(cost('query($n: Int) { neighbourhood(id: "x", limit: $n) { nodes { id } } }', { n: 2000 })).toBe(graphCost(2001, 0));
  });

  it('counts the relationships among the nodes by the documented estimate, and the evidence of each', () => {
    expect(cost('{ neighbourhood(id: "x", limit: 10) { nodes { id } edges { id } } }')).toBe(graphCost(11, denseEdges(11)));
    expect(cost('{ neighbourhood(id: "x", limit: 10) { nodes { id } edges { id evidence { excerpt } } } }')).toBe(graphCost(11, denseEdges(11), EVIDENCE_PER_RELATIONSHIP));
    expect(cost('{ project(id: "x") { fundedByConnection(first: 5) { edges { evidence { excerpt } } } } }')).toBe(1 + 1 + 5 * (1 + EVIDENCE_PER_RELATIONSHIP));
  });

  it('counts shortest paths by maxLength, and all shortest paths by maxLength and the path cap', () => {
    expect(cost('{ shortestPath(from: "a", to: "b", maxLength: 3) { nodes { id } edges { id } } }')).toBe(graphCost(4, 3));
    expect(cost('{ shortestPath(from: "a", to: "b") { nodes { id } edges { id } } }')).toBe(graphCost(MAX_PATH_LENGTH + 1, MAX_PATH_LENGTH));
    expect(cost('{ allShortestPaths(from: "a", to: "b", maxLength: 3) { nodes { id } edges { id } } }')).toBe(graphCost(MAX_SHORTEST_PATHS * 4, MAX_SHORTEST_PATHS * 3));
    expect(cost('{ allShortestPaths(from: "a", to: "b") { nodes { id } } }')).toBe(graphCost(MAX_SHORTEST_PATHS * (MAX_PATH_LENGTH + 1), 0));
  });

  it('counts a subgraph by the number of its ids, given inline or as a variable', () => {
    expect(cost('{ subgraph(ids: ["a", "b", "c"]) { nodes { id } edges { id } } }')).toBe(graphCost(3, denseEdges(3)));
    const ids = Array.from({ length: 50 }, (_v, i) => `org:x${i}`);
    expect(cost('query($ids: [ID!]!) { subgraph(ids: $ids) { nodes { id } } }', { ids })).toBe(graphCost(50, 0));
  });

  it('counts an argument beyond its range as its bound, leaving the refusal to the resolver', () => {
    expect(cost('{ neighbourhood(id: "x", limit: 5000) { nodes { id } } }')).toBe(graphCost(MAX_NEIGHBOURHOOD_LIMIT + 1, 0));
    const ids = Array.from({ length: MAX_SUBGRAPH_IDS + 1 }, (_v, i) => `org:x${i}`);
    expect(cost('query($ids: [ID!]!) { subgraph(ids: $ids) { nodes { id } } }', { ids })).toBe(graphCost(MAX_SUBGRAPH_IDS, 0));
  });

  it('counts the unpaged root lists by their real bounds: countries, statistics by grouping, history by its own default', () => {
    expect(cost('{ countries { id } }')).toBe(COUNTRY_COUNT);
    expect(cost('{ projectStats(groupBy: STATUS) { key } }')).toBe(6);
    expect(cost('{ projectStats(groupBy: DONOR) { entity { id } } }')).toBe(STATS_BUCKETS * 2);
    expect(cost('{ history(id: "x") { id } }')).toBe(DEFAULT_HISTORY);
  });

  it('refuses thirty neighbourhoods of 2,000 entities with evidence (the probe of issue 18)', () => {
    const aliases = Array.from({ length: 30 }, (_v, i) => `a${i}: neighbourhood(id: "org:dgmm", depth: 3, limit: 2000) { nodes { id name type } edges { source target type evidence { document excerpt } } }`);
    expect(cost(`{ ${aliases.join(' ')} }`)).toBeGreaterThan(QUERY_LIMITS.maxCost);
  });

  it('lets one neighbourhood through with nodes, edges and evidence: 500 at depth 2, and 2,000 at depth 3', () => {
    const fields = 'nodes { id name type } edges { id source target type role evidence { document excerpt title } }';
    expect(cost(`{ neighbourhood(id: "org:dgmm", depth: 2, limit: 500) { ${fields} } }`)).toBeLessThanOrEqual(QUERY_LIMITS.maxCost);
    expect(cost(`{ neighbourhood(id: "org:dgmm", depth: 3, limit: 2000) { ${fields} } }`)).toBeLessThanOrEqual(QUERY_LIMITS.maxCost);
  });

  it('lets the research query of issue 14 through: 100 projects, their funders and the evidence of each', () => {
    const research = '{ projects(first: 100) { nodes { name fundedByConnection { edges { node { name } evidence { document excerpt } } } } } }';
    expect(limitCodes(research)).toEqual([]);
    expect(cost(research)).toBeLessThanOrEqual(QUERY_LIMITS.maxCost);
    // 100 x (project + connection + 20 edges x (edge + node + 2 excerpts)).
    expect(cost(research)).toBe(100 * (1 + 1 + 20 * (1 + 1 + EVIDENCE_PER_RELATIONSHIP)) + 1);
  });

  it('counts name resolutions and match candidates by their real bounds', () => {
    expect(cost('{ match(name: "x") { entity { id } reasons { rule } } }')).toBe(10 * (1 + 1 + 1));
    expect(cost('{ match(name: "x", first: 100) { entity { id } } }')).toBe(100 * 2);
    expect(cost('{ projects { resolutions { entity { id } units { id } } } }')).toBe(1 + 50 * (1 + 1 + 100));
  });

  it('lets every query of the Python client through, at its page size of 100', () => {
    const queries = pythonClientQueries();
    expect([...queries.keys()]).toEqual(expect.arrayContaining(['PROJECTS', 'ORGANISATIONS', 'NEIGHBOURHOOD', 'SHORTEST_PATH', 'GRAPH_PROJECTS', 'PROJECT_STATS', 'SEARCH']));
    for (const [name, query] of queries) {
      expect({ name, codes: limitCodes(query) }).toEqual({ name, codes: [] });
      expect({ name, cost: cost(query, { first: 100, depth: 3, groupBy: 'DONOR' }) <= QUERY_LIMITS.maxCost }).toEqual({ name, cost: true });
    }
  });
});

describe('the query limits', () => {
  it('let every example query of the playground through', () => {
    for (const example of EXAMPLE_QUERIES) {
      expect(limitCodes(example.query)).toEqual([]);
      expect(cost(example.query, example.variables)).toBeLessThanOrEqual(QUERY_LIMITS.maxCost);
    }
  });

  it('refuse a query deeper than 10 with QUERY_TOO_DEEP', () => {
    const nested = (depth: number): string => (depth === 0 ? 'name' : `parent { ${nested(depth - 1)} }`);
    expect(limitCodes(`{ organisation(id: "x") { ${nested(8)} } }`)).toEqual([]);
    expect(limitCodes(`{ organisation(id: "x") { ${nested(12)} } }`)).toContain('QUERY_TOO_DEEP');
  });

  it('refuse more than 30 aliases with TOO_MANY_ALIASES', () => {
    const aliases = (n: number) => Array.from({ length: n }, (_v, i) => `a${i}: countries { id }`).join(' ');
    expect(limitCodes(`{ ${aliases(30)} }`)).toEqual([]);
    expect(limitCodes(`{ ${aliases(31)} }`)).toContain('TOO_MANY_ALIASES');
  });

  it('refuse more directives than allowed with TOO_MANY_DIRECTIVES', () => {
    const fields = (n: number) => '__typename @include(if: true) '.repeat(n);
    expect(limitCodes(`{ countries { ${fields(QUERY_LIMITS.maxDirectives)} } }`)).toEqual([]);
    expect(limitCodes(`{ countries { ${fields(QUERY_LIMITS.maxDirectives + 1)} } }`)).toEqual(['TOO_MANY_DIRECTIVES']);
  });

  it('stop parsing a document of more tokens than allowed, and say TOO_MANY_TOKENS', () => {
    const query = `{ countries { ${'id '.repeat(QUERY_LIMITS.maxTokens)} } }`;
    let error: unknown;
    try {
      parse(query, setup.parseOptions);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    const message = (error as GraphQLError).message;
    expect(limitCodeOf({ message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, error)).toBe('TOO_MANY_TOKENS');
  });

  it('recognise Apollo\'s refusals of batches and of too many recursive selections', () => {
    expect(limitCodeOf({ message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } }, undefined)).toBe('BATCHING_NOT_SUPPORTED');
    expect(limitCodeOf({ message: 'x', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', validationErrorCode: 'MAX_RECURSIVE_SELECTIONS_EXCEEDED' } }, undefined)).toBe('TOO_MANY_SELECTIONS');
    expect(limitCodeOf({ message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, undefined)).toBeNull();
  });
});

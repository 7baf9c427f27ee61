import { GraphQLError, Kind, parse, specifiedRules, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { EXAMPLE_QUERIES } from '../../src/http/exampleQueries';
import { buildSchemaFromFiles } from '../../src/graphql/schemaDocument';
import { UNPAGED_LIST_SIZE, operationCost } from '../../src/security/queryCost';
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

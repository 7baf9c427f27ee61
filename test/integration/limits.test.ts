import { getIntrospectionQuery } from 'graphql';
import { MAX_BODY_BYTES } from '../../src/http/body';
import { EXAMPLE_QUERIES } from '../../src/http/exampleQueries';
import { QUERY_LIMITS } from '../../src/security/queryLimits';
import { startTestApi, type Answer, type TestApi } from '../support/testApi';
import { recordFigure } from '../support/figures';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ rateLimit: null });
  // The first request builds Apollo's caches; the timings below are of a warm server.
  await api.gql('{ __typename }');
});
afterAll(async () => {
  await api.close();
});

const nested = (depth: number): string => (depth === 0 ? 'name' : `parent { ${nested(depth - 1)} }`);

/** A fragment bomb: each fragment spreads the next twice, so 12 of them ask for 2^12 selections. */
const fragmentBomb = (() => {
  const levels = 12;
  const fragments = Array.from({ length: levels }, (_v, i) =>
    i === levels - 1 ? `fragment F${i} on Query { countries { id } }` : `fragment F${i} on Query { countries { id } ...F${i + 1} ...F${i + 1} }`,
  );
  return `query Bomb { ...F0 }\n${fragments.join('\n')}`;
})();

const HOSTILE: Array<{ kind: string; code: string; body: () => string }> = [
  { kind: 'depth', code: 'QUERY_TOO_DEEP', body: () => JSON.stringify({ query: `{ organisation(id: "org:x") { ${nested(QUERY_LIMITS.maxDepth + 2)} } }` }) },
  {
    kind: 'aliases',
    code: 'TOO_MANY_ALIASES',
    body: () => JSON.stringify({ query: `{ ${Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_v, i) => `a${i}: countries { id }`).join(' ')} }` }),
  },
  { kind: 'tokens', code: 'TOO_MANY_TOKENS', body: () => JSON.stringify({ query: `{ countries { ${'id '.repeat(QUERY_LIMITS.maxTokens)} } }` }) },
  { kind: 'recursive selections', code: 'TOO_MANY_SELECTIONS', body: () => JSON.stringify({ query: fragmentBomb }) },
  {
    kind: 'cost',
    code: 'QUERY_TOO_COSTLY',
    body: () => JSON.stringify({ query: '{ projects(first: 100) { nodes { fundedByConnection(first: 100) { nodes { projectsFunded(first: 100) { nodes { name } } } } } } }' }),
  },
  {
    kind: 'cost through variables',
    code: 'QUERY_TOO_COSTLY',
    body: () =>
      JSON.stringify({ query: 'query($n: Int) { projects(first: $n) { nodes { fundedByConnection(first: $n) { nodes { projectsFunded(first: $n) { nodes { name } } } } } } }', variables: { n: 100 } }),
  },
  { kind: 'directives', code: 'TOO_MANY_DIRECTIVES', body: () => JSON.stringify({ query: `{ countries { ${'__typename @include(if: true) '.repeat(QUERY_LIMITS.maxDirectives + 1)} } }` }) },
  { kind: 'batch', code: 'BATCHING_NOT_SUPPORTED', body: () => JSON.stringify([{ query: '{ countries { id } }' }, { query: '{ countries { id } }' }]) },
];

describe('a hostile query', () => {
  it.each(HOSTILE)('is refused before execution when it breaks the $kind limit: 400 $code, in milliseconds, without touching Neo4j', async ({ kind, code, body }) => {
    const db = api.db;
    const spies = (['read', 'write', 'dryRun', 'schema', 'verify'] as const).map((method) => jest.spyOn(db, method));
    let response: Answer;
    const started = performance.now();
    try {
      response = await api.post(body());
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const ms = performance.now() - started;
    recordFigure(`reject ${kind} (ms)`, Math.round(ms * 10) / 10);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.extensions?.db?.queries ?? 0).toBe(0);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    expect(ms).toBeLessThan(1_000);
  });

  it('is refused with 413 when its body is over 100 kB, before it is parsed', async () => {
    const spy = jest.spyOn(api.db, 'read');
    const started = performance.now();
    const response = await api.post(JSON.stringify({ query: `{ countries { id } } #${'x'.repeat(MAX_BODY_BYTES)}` }));
    recordFigure('reject body over 100 kB (ms)', Math.round((performance.now() - started) * 10) / 10);
    spy.mockRestore();
    expect(response.status).toBe(413);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('the limits', () => {
  it('let every example query of the playground through', async () => {
    for (const example of EXAMPLE_QUERIES) {
      const response = await api.gql(example.query, example.variables);
      expect({ title: example.title, status: response.status, errors: response.body.errors }).toEqual({ title: example.title, status: 200, errors: undefined });
    }
  });

  it("let the playground's introspection query through outside production", async () => {
    const response = await api.gql<{ __schema: { types: unknown[] } }>(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(response.status).toBe(200);
    expect(response.body.data?.__schema.types.length).toBeGreaterThan(20);
  });

  it('let a query just within each limit through', async () => {
    const deep = await api.gql(`{ organisation(id: "org:none") { ${nested(QUERY_LIMITS.maxDepth - 2)} } }`);
    expect(deep.body.errors).toBeUndefined();
    const aliases = await api.gql(`{ ${Array.from({ length: QUERY_LIMITS.maxAliases }, (_v, i) => `a${i}: countries { id }`).join(' ')} }`);
    expect(aliases.body.errors).toBeUndefined();
    const paged = await api.gql('{ projects(first: 100) { nodes { fundedByConnection(first: 100) { nodes { name } } } } }');
    expect(paged.body.errors).toBeUndefined();
  });
});

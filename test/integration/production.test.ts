import { startTestApi, type TestApi } from '../support/testApi';

let api: TestApi;
let open: TestApi;

beforeAll(async () => {
  api = await startTestApi({ production: true });
  open = await startTestApi({ production: true, introspection: true, fieldSuggestions: true });
});
afterAll(async () => {
  await api.close();
  await open.close();
});

describe('in production', () => {
  it('refuses introspection unless configured on', async () => {
    const refused = await api.gql('{ __schema { types { name } } }');
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.body.errors?.[0]?.message).toMatch(/introspection/i);
    const allowed = await open.gql<{ __schema: { types: unknown[] } }>('{ __schema { types { name } } }');
    expect(allowed.status).toBe(200);
    expect(allowed.body.data?.__schema.types.length).toBeGreaterThan(10);
  });

  it('suggests no field names unless configured on', async () => {
    const hidden = await api.gql('{ projectz { totalCount } }');
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors?.[0]?.message).toMatch(/Cannot query field "projectz"/);
    expect(hidden.text).not.toMatch(/Did you mean/);
    const suggested = await open.gql('{ projectz { totalCount } }');
    expect(suggested.text).toMatch(/Did you mean .*projects/);
  });

  it('masks a database error to a message and a code; the log keeps the Cypher', async () => {
    const original = api.catalog.get.bind(api.catalog);
    const spy = jest.spyOn(api.catalog, 'get').mockImplementation((name, slots) => (name === 'country.all' ? 'MATCH (secret:Canary) RETURN $hidden +' : original(name, slots)));
    try {
      const response = await api.gql('{ countries { id } }');
      expect(response.body.errors).toEqual([{ message: 'The database could not answer this request.', path: ['countries'], locations: [{ line: 1, column: 3 }], extensions: { code: 'DATABASE_ERROR' } }]);
      expect(response.text).not.toMatch(/secret|Canary|hidden|MATCH|stacktrace/);
      expect(api.logs.join('\n')).toMatch(/MATCH \(secret:Canary\)/);
    } finally {
      spy.mockRestore();
    }
  });

  it('masks an unexpected error to "Internal server error", with no stack, and logs the detail', async () => {
    const spy = jest.spyOn(api.catalog, 'get').mockImplementation(() => {
      throw new Error('unexpected: MATCH (n:Victim {name: $name}) with {"name":"secret"}');
    });
    try {
      const response = await api.gql('{ countries { id } }');
      expect(response.body.errors).toEqual([{ message: 'Internal server error', path: ['countries'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      expect(response.text).not.toMatch(/Victim|secret|stacktrace|at /);
      expect(api.logs.join('\n')).toMatch(/unexpected: MATCH \(n:Victim/);
    } finally {
      spy.mockRestore();
    }
  });

  it('reports no query statistics', async () => {
    const response = await api.gql('{ countries { id } }');
    expect(response.status).toBe(200);
    expect(response.body.extensions?.db).toBeUndefined();
  });

  it("refuses a cross-site 'simple' request (Apollo's CSRF prevention), and serves one with a preflight header", async () => {
    const query = encodeURIComponent('{ countries { id } }');
    const simpleGet = await fetch(`${api.baseUrl}/graphql?query=${query}`);
    expect(simpleGet.status).toBe(400);
    expect(await simpleGet.text()).toMatch(/CSRF/i);
    const simplePost = await api.post(JSON.stringify({ query: '{ countries { id } }' }), { 'content-type': 'text/plain' });
    expect(simplePost.status).toBe(400);
    const preflighted = await fetch(`${api.baseUrl}/graphql?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
  });
});

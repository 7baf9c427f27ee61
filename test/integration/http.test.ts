import { Database } from '../../src/db/driver/database';
import { MAX_BODY_BYTES } from '../../src/http/body';
import { KEEP_ALIVE_TIMEOUT_MS } from '../../src/http/server';
import { freePort } from '../support/testDatabase';
import { startTestApi, type TestApi } from '../support/testApi';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('HTTP routes', () => {
  it('keeps idle connections open longer than clients do, and says so', async () => {
    const response = await fetch(`${api.baseUrl}/healthz`);
    await response.arrayBuffer();
    expect(api.server.http.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000);
    expect(response.headers.get('keep-alive')).toBe(`timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`);
  });

  it('says the process is alive on /healthz', async () => {
    const response = await fetch(`${api.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('says it is ready on /readyz when Neo4j answers and the migrations are applied', async () => {
    const response = await fetch(`${api.baseUrl}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', checks: { neo4j: 'ok', migrations: 'ok' } });
  });

  it('answers GET /graphql with a query', async () => {
    const response = await fetch(`${api.baseUrl}/graphql?query=${encodeURIComponent('{ countries { isoCode } }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { countries: Array<{ isoCode: string }> } };
    expect(body.data.countries.length).toBeGreaterThan(0);
  });

  it('serves a GraphiQL playground to a browser, with every asset from this server', async () => {
    const response = await fetch(`${api.baseUrl}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('GraphiQL');
    expect(html).toContain('ProjectsBenefitingDGMM');
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBe(4);
    for (const asset of assets) {
      expect(asset.startsWith('/')).toBe(true); // no CDN
      const loaded = await fetch(`${api.baseUrl}${asset}`);
      expect(loaded.status).toBe(200);
      expect((await loaded.text()).length).toBeGreaterThan(1000);
    }
  });

  it('refuses a body over 100 kB with 413 before parsing it', async () => {
    const response = await fetch(`${api.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ countries { id } } #${'x'.repeat(MAX_BODY_BYTES)}` }),
    });
    expect(response.status).toBe(413);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const response = await fetch(`${api.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
  });

  it('answers 404 for an unknown route', async () => {
    expect((await fetch(`${api.baseUrl}/nothing`)).status).toBe(404);
  });
});

describe('when Neo4j cannot be reached', () => {
  let down: TestApi;
  beforeAll(async () => {
    const port = await freePort(); // nothing listens there
    const db = Database.connect({ uri: `bolt://127.0.0.1:${port}`, user: 'neo4j', password: 'x', connectionAcquisitionTimeoutMs: 2000 });
    down = await startTestApi({ db });
  });
  afterAll(async () => {
    await down.close();
    await down.db.close();
  });

  it('fails fast with 503 and DATABASE_UNAVAILABLE, with no driver detail', async () => {
    const started = Date.now();
    const response = await down.gql('{ countries { id } }');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(response.status).toBe(503);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
    expect(response.body.errors?.[0]?.message).not.toMatch(/bolt|127\.0\.0\.1|ECONNREFUSED/);
  });

  it('is not ready', async () => {
    const response = await fetch(`${down.baseUrl}/readyz`);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { checks: { neo4j: string } }).checks.neo4j).toBe('unavailable');
  });
});

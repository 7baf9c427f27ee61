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
    // The icon is an empty data: URL (no request); everything else comes from this server, no CDN.
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((asset) => asset !== 'data:,');
    expect(assets.length).toBe(6);
    for (const asset of assets) {
      expect(asset.startsWith('/playground/assets/')).toBe(true);
      const loaded = await fetch(`${api.baseUrl}${asset}`);
      expect(loaded.status).toBe(200);
      expect(loaded.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await loaded.text()).length).toBeGreaterThan(40);
    }
  });

  it("sends the playground page with the explorer's security headers: a CSP that runs nothing inline, no framing, no sniffing, no referrer", async () => {
    for (const page of ['/graphql', '/explore']) {
      const response = await fetch(`${api.baseUrl}${page}`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect({ page, csp }).toEqual({ page, csp: expect.stringContaining("default-src 'self'") });
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      // An inline script would be refused by that CSP: the page must carry none that runs.
      const html = await response.text();
      for (const script of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
        if (script[2]!.trim() !== '') expect(script[1]).toContain('type="application/json"');
      }
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

  // Names every plain JavaScript object answers to: a lookup on an object literal finds them.
  const PROTOTYPE_NAMES = ['constructor', '__proto__', 'valueOf', 'toString', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];

  it.each(['/explore/assets/', '/playground/assets/', '/export/'])('answers 404 NOT_FOUND, not 500, for a member of Object.prototype under %s', async (prefix) => {
    const read = jest.spyOn(api.db, 'read');
    try {
      for (const name of PROTOTYPE_NAMES) {
        const response = await fetch(`${api.baseUrl}${prefix}${name}`);
        const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
        expect({ path: `${prefix}${name}`, status: response.status, code: body.errors[0]?.extensions.code }).toEqual({ path: `${prefix}${name}`, status: 404, code: 'NOT_FOUND' });
        expect(body.errors[0]?.message).toContain(name);
      }
      // Refused before the database is read: /export/__proto__ once read the whole graph first.
      expect(read).not.toHaveBeenCalled();
    } finally {
      read.mockRestore();
    }
  });

  it('names the exports when asked for one that does not exist', async () => {
    const response = await fetch(`${api.baseUrl}/export/__proto__`);
    const body = (await response.json()) as { errors: Array<{ message: string }> };
    expect(body.errors[0]?.message).toMatch(/No export is named "__proto__"; the exports are .*\/export\/graph\.json.*\/export\/edges\.csv/);
  });
});

describe('HEAD', () => {
  /** GET and HEAD of one path, with the same headers. */
  async function both(path: string, headers: Record<string, string> = {}): Promise<{ get: Response; getBody: string; head: Response; headBody: string }> {
    const get = await fetch(`${api.baseUrl}${path}`, { headers });
    const getBody = await get.text();
    const head = await fetch(`${api.baseUrl}${path}`, { method: 'HEAD', headers });
    return { get, getBody, head, headBody: await head.text() };
  }

  it.each([
    ['/graphql', { accept: 'text/html' }],
    ['/explore', {}],
    ['/explore/assets/explorer.js', {}],
    ['/explore/assets/cytoscape.js', {}],
    ['/playground/assets/graphiql.js', {}],
    ['/playground/assets/playground.js', {}],
    ['/healthz', {}],
    ['/readyz', {}],
    ['/export/nodes.csv', {}],
  ] as Array<[string, Record<string, string>]>)('answers HEAD %s like GET, with no body', async (path, headers) => {
    const { get, getBody, head, headBody } = await both(path, headers);
    expect(get.status).toBe(200);
    expect(getBody.length).toBeGreaterThan(0);
    expect(head.status).toBe(200);
    expect(headBody).toBe('');
    for (const name of ['content-type', 'content-length', 'cache-control', 'content-security-policy', 'x-content-type-options', 'x-frame-options']) {
      expect({ name, value: head.headers.get(name) }).toEqual({ name, value: get.headers.get(name) });
    }
    // Content-Length, where GET sends one, is the length of the body HEAD left out.
    if (get.headers.get('content-length') !== null) expect(Number(head.headers.get('content-length'))).toBe(Buffer.byteLength(getBody));
  });

  it('answers HEAD with the 404 of GET for what does not exist', async () => {
    for (const path of ['/explore/assets/constructor', '/playground/assets/nothing.js', '/export/graph.dot', '/nothing']) {
      const head = await fetch(`${api.baseUrl}${path}`, { method: 'HEAD' });
      expect({ path, status: head.status }).toEqual({ path, status: 404 });
      expect(await head.text()).toBe('');
      // The length of the refusal HEAD leaves out ("No route HEAD …"), as for every HEAD.
      expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    }
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

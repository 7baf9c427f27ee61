import { CypherCatalog } from '../../src/db/cypher/catalog';
import { ingest } from '../../src/ingest/ingest';
import { writeFixture } from '../support/fixtures';
import { startTestApi, type TestApi } from '../support/testApi';
import { uniqueToken } from '../support/testDatabase';

/**
 * The W3C Reconciliation Service API 0.2 at /reconcile, as OpenRefine calls it, on the seed
 * graph and a fixture of two ministries of one name in two countries (an ambiguous name):
 * the manifest's shape, query batches answered by the matcher behind `match`, `match: true`
 * only where the resolver decides, the batch limits and every malformed request a clear 400.
 */

const token = uniqueToken();
const doc = `${token}.txt`;
const lines: string[] = [];
const ev = (line: string) => {
  lines.push(line);
  return [{ document: doc, excerpt: line }];
};
const ministry = `${token} Ministry of Interior`;
const fixtureFiles = {
  'reconcile.yaml': {
    sources: [{ id: doc, title: `${token} document`, publisher: 'Test' }],
    organisations: [
      { id: `org:${token}-moi-xk`, name: `${ministry} (Kosovo)`, kind: 'GOVERNMENT', country: 'country:XK', evidence: ev(`${ministry} of Kosovo is a ministry.`) },
      { id: `org:${token}-moi-tr`, name: `${ministry} (Türkiye)`, kind: 'GOVERNMENT', country: 'country:TR', evidence: ev(`${ministry} of Türkiye is a ministry.`) },
    ],
  },
};

let api: TestApi;
let endpoint: string;

beforeAll(async () => {
  const fixture = writeFixture(fixtureFiles, { [doc]: lines.join('\n') });
  api = await startTestApi({ rateLimit: null, documentsDir: fixture.documentsDir });
  await ingest(api.db, new CypherCatalog(), fixture.datasetDir, { documentsDir: fixture.documentsDir });
  endpoint = `${api.baseUrl}/reconcile`;
});
afterAll(async () => {
  await api.close();
});

interface Candidate {
  id: string;
  name: string;
  type: Array<{ id: string; name: string }>;
  score: number;
  match: boolean;
  features: Array<{ id: string; value: number | boolean }>;
}
type ResultBatch = Record<string, { result: Candidate[] }>;

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    // Not JSON (JSONP, HTML): the test reads `text`.
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POSTs a batch as OpenRefine does: the form field `queries`, url-encoded JSON. */
async function reconcile(queries: unknown, raw?: string): Promise<Reply> {
  const body = new URLSearchParams({ queries: raw ?? JSON.stringify(queries) });
  return reply(await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() }));
}

async function results(queries: Record<string, unknown>): Promise<ResultBatch> {
  const answer = await reconcile(queries);
  expect(answer.status).toBe(200);
  return answer.json as ResultBatch;
}

function messageOf(answer: Reply): string {
  const body = answer.json as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
  expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  return body.errors?.[0]?.message ?? '';
}

describe('the service manifest', () => {
  it('answers GET /reconcile with the fields of the 0.2 manifest, its types built from the entity types', async () => {
    const answer = await reply(await fetch(endpoint));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    const manifest = answer.json as Record<string, unknown> & { view: { url: string }; preview: { url: string; width: number; height: number }; suggest: Record<string, { service_url: string; service_path: string }> };
    expect(manifest.versions).toContain('0.2');
    for (const field of ['name', 'identifierSpace', 'schemaSpace']) expect(typeof manifest[field]).toBe('string');
    expect(manifest.defaultTypes).toEqual([
      { id: 'ORGANISATION', name: 'Organisation' },
      { id: 'PROJECT', name: 'Project' },
      { id: 'COUNTRY', name: 'Country' },
      { id: 'LEGAL_FRAMEWORK', name: 'Legal framework' },
      { id: 'PERSON', name: 'Person' },
    ]);
    expect(manifest.batchSize).toBe(50);
    // The templates are absolute and hold {{id}}, as the spec's schema requires.
    expect(manifest.view.url).toBe(`${api.baseUrl}/explore?focus={{id}}`);
    expect(manifest.preview).toEqual({ url: `${api.baseUrl}/reconcile/preview?id={{id}}`, width: expect.any(Number), height: expect.any(Number) });
    expect(manifest.suggest.entity).toEqual({ service_url: api.baseUrl, service_path: '/reconcile/suggest/entity' });
  });

  it('answers JSONP when a GET names a callback, and refuses a callback that is not a function name', async () => {
    const answer = await reply(await fetch(`${endpoint}?callback=jQuery123_456`));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/javascript/);
    const match = /jQuery123_456\((.*)\);$/s.exec(answer.text);
    expect(match).not.toBeNull();
    expect(JSON.parse(match![1]!)).toMatchObject({ versions: ['0.2'] });
    const hostile = await reply(await fetch(`${endpoint}?callback=${encodeURIComponent('alert(1)//')}`));
    expect(hostile.status).toBe(400);
    expect(messageOf(hostile)).toMatch(/"callback" must be a JavaScript function name/);
  });

  it('answers the CORS preflight, and only the reconciliation paths allow any origin', async () => {
    const preflight = await fetch(endpoint, { method: 'OPTIONS', headers: { origin: 'http://localhost:3333', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const graphql = await fetch(`${api.baseUrl}/healthz`, { headers: { origin: 'http://localhost:3333' } });
    expect(graphql.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('reconciliation queries', () => {
  it('answers a batch as OpenRefine sends it: exact names, a typo, a state name, a name of nothing', async () => {
    const batch = await results({
      q0: { query: 'Directorate General of Migration Management' },
      q1: { query: 'Nethrlands', type: 'COUNTRY' },
      q2: { query: 'Netherlands', type: 'ORGANISATION' },
      q3: { query: 'Qqqqzzzz Xxyyvv' },
      q4: { query: 'DGMM', type: ['ORGANISATION'], limit: 2 },
    });
    expect(Object.keys(batch).sort()).toEqual(['q0', 'q1', 'q2', 'q3', 'q4']);

    const [dgmm] = batch.q0!.result;
    expect(dgmm).toMatchObject({ id: 'org:dgmm', name: 'Directorate General of Migration Management', type: [{ id: 'ORGANISATION', name: 'Organisation' }], score: 100, match: true });
    expect(dgmm!.features).toEqual(expect.arrayContaining([{ id: 'score', value: 1 }, { id: 'rule_NAME', value: true }]));

    // A typo resolves, by fuzzy matching, and says so: a score below the exact rules.
    const [typo] = batch.q1!.result;
    expect(typo).toMatchObject({ id: 'country:NL', match: true });
    expect(typo!.score).toBeGreaterThan(80);
    expect(typo!.score).toBeLessThan(95);
    expect(typo!.features).toContainEqual({ id: 'rule_FUZZY', value: true });

    // "Netherlands" as an organisation is the Dutch state's government, by its state name.
    expect(batch.q2!.result[0]).toMatchObject({ id: 'org:kingdom-of-the-netherlands', name: 'Kingdom of the Netherlands', match: true, score: 98 });
    for (const c of batch.q2!.result) expect(c.type).toEqual([{ id: 'ORGANISATION', name: 'Organisation' }]);

    // A name of nothing: nothing is a match, whatever resembles it.
    for (const c of batch.q3!.result) expect(c.match).toBe(false);

    expect(batch.q4!.result.length).toBeLessThanOrEqual(2);
    expect(batch.q4!.result[0]).toMatchObject({ id: 'org:dgmm', match: true });
    for (const answer of Object.values(batch)) {
      const scores = answer.result.map((c) => c.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      for (const score of scores) {
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
      }
      expect(answer.result.filter((c) => c.match).length).toBeLessThanOrEqual(1);
    }
  });

  it('marks no candidate a match when the name is ambiguous, however high the scores', async () => {
    const batch = await results({ a: { query: ministry, type: 'ORGANISATION' } });
    const ids = batch.a!.result.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([`org:${token}-moi-tr`, `org:${token}-moi-xk`]));
    expect(batch.a!.result.every((c) => !c.match)).toBe(true);
    expect(batch.a!.result[0]!.score).toBeGreaterThan(90);
  });

  it('tells the two apart by the country property, and by a country in the name', async () => {
    const batch = await results({
      byProperty: { query: ministry, type: 'ORGANISATION', properties: [{ pid: 'country', v: 'Kosovo' }] },
      byName: { query: `Turkish ${ministry}` },
    });
    // Other test files share the database, and their ministries' names differ from this one's
    // only in their token: of this file's two, only Kosovo's answers, and it answers first.
    const ours = batch.byProperty!.result.filter((c) => c.id.startsWith(`org:${token}-`)).map((c) => c.id);
    expect(ours).toEqual([`org:${token}-moi-xk`]);
    expect(batch.byProperty!.result[0]!.id).toBe(`org:${token}-moi-xk`);
    expect(batch.byProperty!.result.every((c) => c.id.endsWith('-moi-xk'))).toBe(true);
    expect(batch.byName!.result[0]).toMatchObject({ id: `org:${token}-moi-tr`, match: true });
  });

  it('filters by type: a country name asked as a legal framework finds no country', async () => {
    const batch = await results({ q: { query: 'Netherlands', type: ['LEGAL_FRAMEWORK', 'Person'] } });
    for (const c of batch.q!.result) expect(['LEGAL_FRAMEWORK', 'PERSON']).toContain(c.type[0]!.id);
    expect(batch.q!.result.some((c) => c.match)).toBe(false);
  });

  it('takes a batch as GET ?queries= too, and answers an empty batch with an empty object', async () => {
    const answer = await reply(await fetch(`${endpoint}?queries=${encodeURIComponent(JSON.stringify({ q: { query: 'DGMM' } }))}`));
    expect(answer.status).toBe(200);
    expect((answer.json as ResultBatch).q!.result[0]).toMatchObject({ id: 'org:dgmm', match: true });
    expect((await reconcile({})).json).toEqual({});
  });

  it('keeps a query id such as "__proto__" a query id', async () => {
    const answer = await reconcile(null, '{"__proto__": {"query": "DGMM"}}');
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json as object)).toEqual(['__proto__']);
  });
});

describe('limits and malformed requests', () => {
  it('refuses more than 50 queries a batch, saying how many arrived', async () => {
    const queries = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`q${i}`, { query: 'DGMM' }]));
    const answer = await reconcile(queries);
    expect(answer.status).toBe(400);
    expect(messageOf(answer)).toBe('A batch may hold at most 50 queries (the manifest\'s batchSize); got 51. Send them in several batches.');
  });

  it.each([
    ['a limit above 25', { q: { query: 'DGMM', limit: 26 } }, /Query "q": "limit" must be a whole number from 1 to 25; got the number 26/],
    ['a limit of 0', { q: { query: 'DGMM', limit: 0 } }, /"limit" must be a whole number from 1 to 25; got the number 0/],
    ['an unknown type', { q: { query: 'DGMM', type: 'Company' } }, /Query "q": unknown type "Company"; the types are ORGANISATION, PROJECT, COUNTRY, LEGAL_FRAMEWORK, PERSON/],
    ['no query string', { q: { type: 'COUNTRY' } }, /Query "q": "query" must be a non-empty name to match; got none/],
    ['an empty query', { q: { query: '  ' } }, /"query" must be a non-empty name/],
    ['a query that is not an object', { q: 'DGMM' }, /Query "q" must be an object \{query, type\?, limit\?, properties\?, type_strict\?\}; got the string "DGMM"/],
    ['an unknown field', { q: { query: 'DGMM', lang: 'en' } }, /unknown field "lang"; a query takes query, type, limit, properties, type_strict/],
    ['an unknown property', { q: { query: 'DGMM', properties: [{ pid: 'P17', v: 'x' }] } }, /unknown property "P17"; this service knows country/],
    ['a bad type_strict', { q: { query: 'DGMM', type_strict: 'maybe' } }, /"type_strict" must be one of any, should, all/],
    ['a batch that is an array', [{ query: 'DGMM' }], /"queries" must be a JSON object .*; got an array/],
    ['a country property that names nothing', { q: { query: 'DGMM', properties: [{ pid: 'country', v: 'Nowherestan' }] } }, /the country "Nowherestan" names no country/],
  ])('refuses %s with a 400 that says what was expected', async (_what, queries, message) => {
    const answer = await reconcile(queries);
    expect(answer.status).toBe(400);
    expect(messageOf(answer)).toMatch(message);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses malformed JSON, a missing "queries" field and another content type with a 400, never a 500', async () => {
    const malformed = await reconcile(null, '{"q0": {"query": "DGMM"');
    expect(malformed.status).toBe(400);
    expect(messageOf(malformed)).toMatch(/"queries" must be a JSON object .*; it is not valid JSON/);

    const missing = await reply(await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=DGMM' }));
    expect(missing.status).toBe(400);
    expect(messageOf(missing)).toMatch(/Unknown form field "query"; a reconciliation POST takes "queries"/);

    const empty = await reply(await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' }));
    expect(empty.status).toBe(400);
    expect(messageOf(empty)).toMatch(/must hold "queries" once.*got it 0 times/);

    const json = await reply(await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ q: { query: 'DGMM' } }) }));
    expect(json.status).toBe(400);
    expect(messageOf(json)).toMatch(/must be application\/x-www-form-urlencoded with the form field "queries"; got Content-Type "application\/json"/);

    const unknown = await reply(await fetch(`${endpoint}?query=DGMM`));
    expect(unknown.status).toBe(400);
    expect(messageOf(unknown)).toMatch(/Unknown parameter "query"/);
    expect(api.logs.filter((line) => line.includes('Unhandled'))).toEqual([]);
  });

  it('passes the same rate limit as /graphql', async () => {
    const limited = await startTestApi({ db: api.db, rateLimit: { perMinute: 1, burst: 1 } });
    try {
      expect((await fetch(`${limited.baseUrl}/reconcile`)).status).toBe(200);
      const refused = await fetch(`${limited.baseUrl}/reconcile`);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).not.toBeNull();
      expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await limited.close();
    }
  });
});

describe('preview and suggest', () => {
  it('previews an entity as an HTML page that may be framed, with no script', async () => {
    const answer = await reply(await fetch(`${endpoint}/preview?id=org:dgmm`));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer.text).toContain('<h1>Directorate General of Migration Management</h1>');
    expect(answer.text).not.toContain('<script');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(answer.headers.get('x-frame-options')).toBeNull();
    expect((await fetch(`${endpoint}/preview?id=org:nobody-${token}`)).status).toBe(404);
    expect((await fetch(`${endpoint}/preview`)).status).toBe(400);
  });

  it('suggests entities for a typed prefix and for a typo, with their types', async () => {
    const typed = (await reply(await fetch(`${endpoint}/suggest/entity?prefix=Nethrlands`))).json as { result: Array<{ id: string; name: string; notable: Array<{ id: string }> }> };
    expect(typed.result.map((r) => r.id)).toContain('country:NL');
    const prefix = (await reply(await fetch(`${endpoint}/suggest/entity?prefix=${encodeURIComponent('Directorate General of Migr')}&type=ORGANISATION`))).json as { result: Array<{ id: string; notable: Array<{ id: string }> }> };
    expect(prefix.result.map((r) => r.id)).toContain('org:dgmm');
    for (const r of prefix.result) expect(r.notable).toEqual([{ id: 'ORGANISATION', name: 'Organisation' }]);
    const types = (await reply(await fetch(`${endpoint}/suggest/type?prefix=legal`))).json;
    expect(types).toEqual({ result: [{ id: 'LEGAL_FRAMEWORK', name: 'Legal framework' }] });
    expect((await fetch(`${endpoint}/suggest/entity`)).status).toBe(400);
  });
});

import { CypherCatalog } from '../../src/db/cypher/catalog';
import { DEFAULT_RESPONSE_CACHE } from '../../src/graphql/responseCache';
import { ingest } from '../../src/ingest/ingest';
import { curationWorld, writeFixture } from '../support/fixtures';
import { CURATOR, startTestApi, type TestApi } from '../support/testApi';
import { uniqueToken } from '../support/testDatabase';

const token = uniqueToken();
const world = curationWorld(token);
const fixture = writeFixture(world.files, world.documents);
const agency = `org:${token}-agency`;
const PROFILE = `query($id: ID!) { organisation(id: $id) { id name aliases acronym projectsImplemented { totalCount nodes { id name } } } }`;
// The same query written differently: other white space, a comment, other variable order.
const PROFILE_REFORMATTED = `query ($id: ID!)   {
  # the agency
  organisation(id: $id) { id name aliases acronym
    projectsImplemented { totalCount nodes { id name } } }
}`;

let api: TestApi;
let uncached: TestApi;
let production: TestApi;

beforeAll(async () => {
  api = await startTestApi({ documentsDir: fixture.documentsDir, rateLimit: null, responseCache: { ...DEFAULT_RESPONSE_CACHE, enabled: true } });
  uncached = await startTestApi({ documentsDir: fixture.documentsDir, rateLimit: null, responseCache: { ...DEFAULT_RESPONSE_CACHE, enabled: false } });
  production = await startTestApi({ production: true, documentsDir: fixture.documentsDir, rateLimit: null, responseCache: { ...DEFAULT_RESPONSE_CACHE, enabled: true } });
  await ingest(api.db, new CypherCatalog(), fixture.datasetDir, { documentsDir: fixture.documentsDir });
});
afterAll(async () => {
  await api.close();
  await uncached.close();
  await production.close();
});

/**
 * The JSON text of a value nested `depth` levels deep, arrays and objects in turn, as a hostile
 * client would send it; written by hand, since JSON.stringify itself overflows on such a value.
 */
function nestedJson(depth: number): string {
  let text = '"bottom"';
  for (let i = 0; i < depth; i++) text = i % 2 === 0 ? `[${text}]` : `{"v":${text}}`;
  return text;
}

type Profile = { organisation: { id: string; name: string; aliases: string[]; projectsImplemented: { totalCount: number } } };

describe('the response cache', () => {
  it('answers a repeated identical read from the cache, with the same data and no Cypher', async () => {
    const first = await api.gql<Profile>(PROFILE, { id: agency });
    expect(first.body.errors).toBeUndefined();
    expect(first.headers.get('x-response-cache')).toBe('MISS');
    expect(first.body.extensions?.db?.queries).toBeGreaterThan(0);

    const second = await api.gql<Profile>(PROFILE_REFORMATTED, { id: agency });
    expect(second.headers.get('x-response-cache')).toBe('HIT');
    expect(second.body.data).toEqual(first.body.data);
    expect(second.body.extensions?.db?.queries).toBe(0);
    expect(api.server.cache?.stats().hits).toBeGreaterThanOrEqual(1);
  });

  it('keys on the variables: another id is another answer', async () => {
    const other = await api.gql<Profile>(PROFILE, { id: `org:${token}-ministry` });
    expect(other.headers.get('x-response-cache')).toBe('MISS');
    expect(other.body.data?.organisation.id).toBe(`org:${token}-ministry`);
  });

  it('keys on who asks: a curator does not get the anonymous answer, nor the reverse', async () => {
    const asCurator = await api.gql<Profile>(PROFILE, { id: agency }, CURATOR);
    expect(asCurator.headers.get('x-response-cache')).toBe('MISS');
    const again = await api.gql<Profile>(PROFILE, { id: agency }, CURATOR);
    expect(again.headers.get('x-response-cache')).toBe('HIT');
  });

  it('is emptied by a write, so the next read shows the change', async () => {
    const before = await api.gql<Profile>(PROFILE, { id: agency });
    expect(before.headers.get('x-response-cache')).toBe('HIT');
    expect(before.body.data?.organisation.aliases).not.toContain(`${token} Office`);

    const update = await api.gql(
      `mutation($id: ID!, $input: UpdateEntityInput!, $evidence: EvidenceInput!) { updateEntity(id: $id, input: $input, evidence: $evidence) { entity { id } } }`,
      { id: agency, input: { aliases: [`${token} Office`] }, evidence: { document: world.ref, excerpt: `${token} Office is the agency's other name.` } },
      CURATOR,
    );
    expect(update.body.errors).toBeUndefined();

    const after = await api.gql<Profile>(PROFILE, { id: agency });
    expect(after.headers.get('x-response-cache')).toBe('MISS');
    expect(after.body.data?.organisation.aliases).toContain(`${token} Office`);
    expect(api.server.cache?.stats().invalidations).toBeGreaterThan(0);
  });

  it('does not cache mutations, errors or answers of a server with the cache off', async () => {
    // Variables that do not fit the query: an error, never stored.
    for (let i = 0; i < 2; i += 1) {
      const bad = await api.gql(PROFILE, { id: { not: 'an id' } });
      expect(bad.body.errors?.length).toBeGreaterThan(0);
      expect(bad.headers.get('x-response-cache')).toBe('MISS');
    }
    // A mutation is never answered from, nor stored in, the cache.
    const mutation = `mutation($id: ID!, $input: UpdateEntityInput!, $evidence: EvidenceInput!) { updateEntity(id: $id, input: $input, evidence: $evidence) { entity { id } } }`;
    const variables = { id: agency, input: { aliases: [`${token} Office`] }, evidence: { document: world.ref, excerpt: `${token} Office is the agency's other name.` } };
    for (let i = 0; i < 2; i += 1) {
      const answer = await api.gql(mutation, variables, CURATOR);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.headers.get('x-response-cache')).toBeNull();
    }
    // An error raised while executing (maxLength out of range) is never stored.
    const failing = 'query($id: ID!) { organisation(id: $id) { id } shortestPath(from: $id, to: $id, maxLength: 99) { length } }';
    for (let i = 0; i < 2; i += 1) {
      const answer = await api.gql(failing, { id: agency });
      expect(answer.body.errors?.length).toBeGreaterThan(0);
      expect(answer.headers.get('x-response-cache')).not.toBe('HIT');
    }

    for (let i = 0; i < 2; i += 1) {
      const answer = await uncached.gql<Profile>(PROFILE, { id: agency });
      expect(answer.headers.get('x-response-cache')).toBeNull();
      expect(answer.body.extensions?.db?.queries).toBeGreaterThan(0);
    }
    expect(uncached.server.cache).toBeNull();
  });
});

describe('hostile variables and the cache', () => {
  it('answers a query whose variables nest 3,000 and 20,000 deep, and caches it, with no stack overflow', async () => {
    const query = 'query($id: ID!) { organisation(id: $id) { id } }';
    for (const depth of [3_000, 20_000]) {
      const body = `{"query":${JSON.stringify(query)},"variables":{"id":${JSON.stringify(agency)},"unused":${nestedJson(depth)}}}`;
      const started = Date.now();
      const first = await api.post(body);
      const ms = Date.now() - started;
      expect({ depth, status: first.status, errors: first.body.errors }).toEqual({ depth, status: 200, errors: undefined });
      expect(first.body.data).toEqual({ organisation: { id: agency } });
      expect(ms).toBeLessThan(2_000);
      const again = await api.post(body);
      expect(again.headers.get('x-response-cache')).toBe('HIT');
    }
    expect(api.logs.join('\n')).not.toMatch(/Maximum call stack/);
  });
});

describe('x-response-cache in production', () => {
  const query = 'query($id: ID!) { organisation(id: $id) { id name } }';

  it('is not sent to anonymous clients, whose answers are still cached', async () => {
    const hitsBefore = production.server.cache?.stats().hits ?? 0;
    for (let i = 0; i < 2; i += 1) {
      const answer = await production.gql(query, { id: agency });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-response-cache')).toBeNull();
    }
    expect(production.server.cache?.stats().hits).toBe(hitsBefore + 1);
  });

  it('is sent to API-key holders', async () => {
    const first = await production.gql(query, { id: agency }, CURATOR);
    expect(first.headers.get('x-response-cache')).toBe('MISS');
    const second = await production.gql(query, { id: agency }, CURATOR);
    expect(second.headers.get('x-response-cache')).toBe('HIT');
  });
});

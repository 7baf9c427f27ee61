import { DEFAULT_RATE_LIMIT } from '../../src/security/defaults';
import { CURATOR, startTestApi, type TestApi } from '../support/testApi';
import { waitFor } from '../support/waitFor';

const TYPENAME = '{ __typename }';

describe('with a low rate limit', () => {
  let api: TestApi;
  beforeEach(async () => {
    // One token a second, three at once: low enough to reach in a few requests.
    api = await startTestApi({ rateLimit: { perMinute: 60, burst: 3 } });
  });
  afterEach(async () => {
    await api.close();
  });

  it('answers 429 with Retry-After and RATE_LIMITED once a client has used its burst, touching no database', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await api.gql('{ countries { id } }')).status);
    expect(statuses).toEqual([200, 200, 200]);
    const spy = jest.spyOn(api.db, 'read');
    const limited = await api.gql('{ countries { id } }');
    spy.mockRestore();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(spy).not.toHaveBeenCalled();
  });

  it('counts an API key apart from the address it comes from', async () => {
    for (let i = 0; i < 3; i++) await api.gql(TYPENAME);
    expect((await api.gql(TYPENAME)).status).toBe(429);
    expect((await api.gql(TYPENAME, undefined, CURATOR)).status).toBe(200);
  });

  it('counts wrong keys against the address, so guessing keys is limited too', async () => {
    for (let i = 0; i < 3; i++) expect((await api.gql(TYPENAME, undefined, `guess-${i}`)).status).toBe(401);
    expect((await api.gql(TYPENAME, undefined, 'guess-4')).status).toBe(429);
  });

  it('lets the client in again once a token is back', async () => {
    for (let i = 0; i < 3; i++) await api.gql(TYPENAME);
    const limited = await api.gql(TYPENAME);
    expect(limited.status).toBe(429);
    const retryAfterMs = Number(limited.headers.get('retry-after')) * 1000;
    const refusedAt = Date.now();
    await waitFor(async () => (await api.gql(TYPENAME)).status === 200, retryAfterMs + 2_000, 'a token to come back');
    expect(Date.now() - refusedAt).toBeLessThanOrEqual(retryAfterMs + 2_000);
  });
});

describe('with the default rate limit', () => {
  it('lets a burst of hundreds of requests from one address through', async () => {
    const api = await startTestApi();
    try {
      const statuses = new Set<number>();
      for (let i = 0; i < Math.min(500, DEFAULT_RATE_LIMIT.burst); i++) statuses.add((await api.gql(TYPENAME)).status);
      expect([...statuses]).toEqual([200]);
    } finally {
      await api.close();
    }
  });
});

import { serverAudits } from 'graphql-http';
import { startTestApi, type TestApi } from '../support/testApi';

/**
 * graphql-http's audits of the GraphQL over HTTP specification, against the real server.
 * Every MUST passes. A SHOULD that fails is listed here with the reason; the list is checked
 * both ways, so an entry is removed as soon as the server meets it.
 */
const KNOWN_SHOULD_FAILURES: Readonly<Record<string, string>> = {
  // Apollo Server answers every request error with 400, whatever the media type; the
  // specification's "200 for application/json" is the legacy watershed rule. Our query limits
  // rely on 400, which is what the issue asks every refusal to answer.
  '572B': 'SHOULD use 200 status code on document parsing failure when accepting application/json: Apollo answers 400',
  FDE2: 'SHOULD use 200 status code on document validation failure when accepting application/json: Apollo answers 400',
  '7B9B': 'SHOULD use a status code of 200 on variable coercion failure when accepting application/json: Apollo answers 400',
};

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ rateLimit: null });
});
afterAll(async () => {
  await api.close();
});

const audits = serverAudits({ url: () => `${api.baseUrl}/graphql`, fetchFn: fetch });

describe('the GraphQL over HTTP audits', () => {
  it('are run in full: every MUST and every SHOULD', () => {
    expect(audits.filter((a) => a.name.startsWith('MUST')).length).toBeGreaterThanOrEqual(13);
    expect(audits.filter((a) => a.name.startsWith('SHOULD')).length).toBeGreaterThanOrEqual(20);
    expect(Object.keys(KNOWN_SHOULD_FAILURES).every((id) => audits.some((a) => a.id === id && a.name.startsWith('SHOULD')))).toBe(true);
  });

  it.each(audits.filter((a) => a.name.startsWith('MUST')).map((a) => [a.id, a.name, a] as const))('%s %s', async (_id, _name, audit) => {
    const result = await audit.fn();
    expect({ status: result.status, reason: result.status === 'ok' ? undefined : result.reason }).toEqual({ status: 'ok', reason: undefined });
  });

  it.each(audits.filter((a) => a.name.startsWith('SHOULD')).map((a) => [a.id, a.name, a] as const))('%s %s (or is a listed exception)', async (id, _name, audit) => {
    const result = await audit.fn();
    expect(result.status === 'ok').toBe(KNOWN_SHOULD_FAILURES[id] === undefined);
  });
});

import path from 'node:path';
import { loadConfig } from '../../src/config';
import { defaultDenyListPath } from '../../src/security/denyList';
import { DEFAULT_RATE_LIMIT } from '../../src/security/defaults';

describe('the security configuration', () => {
  it('keeps the Neo4j connection wait and retries shorter than the HTTP request timeout by default', () => {
    const config = loadConfig({});
    expect(config.neo4jAcquisitionTimeoutMs + config.neo4jMaxRetryMs).toBeLessThan(config.http.requestTimeoutMs);
    expect(config.http.headersTimeoutMs).toBeLessThanOrEqual(config.http.requestTimeoutMs);
  });

  it('refuses a Neo4j wait as long as the HTTP request timeout', () => {
    expect(() => loadConfig({ NEO4J_ACQUISITION_TIMEOUT_MS: '20000', NEO4J_MAX_RETRY_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '25000' })).toThrow(
      /must be shorter than HTTP_REQUEST_TIMEOUT_MS/,
    );
    expect(loadConfig({ NEO4J_ACQUISITION_TIMEOUT_MS: '20000', NEO4J_MAX_RETRY_MS: '4999', HTTP_REQUEST_TIMEOUT_MS: '25000' }).http.requestTimeoutMs).toBe(25_000);
  });

  it('gives every transaction a timeout shorter than the HTTP request timeout, and refuses one as long', () => {
    const config = loadConfig({});
    expect(config.neo4jTransactionTimeoutMs).toBe(15_000);
    expect(config.neo4jTransactionTimeoutMs).toBeLessThan(config.http.requestTimeoutMs);
    expect(loadConfig({ NEO4J_TRANSACTION_TIMEOUT_MS: '2000' }).neo4jTransactionTimeoutMs).toBe(2_000);
    expect(() => loadConfig({ NEO4J_TRANSACTION_TIMEOUT_MS: '30000' })).toThrow('NEO4J_TRANSACTION_TIMEOUT_MS (30000) must be shorter than HTTP_REQUEST_TIMEOUT_MS (30000).');
    expect(() => loadConfig({ NEO4J_TRANSACTION_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000', HTTP_HEADERS_TIMEOUT_MS: '5000' })).toThrow(/must be shorter than HTTP_REQUEST_TIMEOUT_MS \(10000\)/);
    expect(() => loadConfig({ NEO4J_TRANSACTION_TIMEOUT_MS: 'soon' })).toThrow(/NEO4J_TRANSACTION_TIMEOUT_MS must be a whole number/);
  });

  it('refuses a headers timeout longer than the request timeout', () => {
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '40000' })).toThrow(/HTTP_HEADERS_TIMEOUT_MS \(40000\) must not be longer/);
  });

  it('limits every client by default, and RATE_LIMIT_PER_MINUTE=0 turns the limit off', () => {
    expect(loadConfig({}).rateLimit).toEqual(DEFAULT_RATE_LIMIT);
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '120', RATE_LIMIT_BURST: '10' }).rateLimit).toEqual({ perMinute: 120, burst: 10 });
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }).rateLimit).toBeNull();
  });

  it('turns field suggestions, introspection and query counts off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ fieldSuggestions: false, introspection: false });
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_FIELD_SUGGESTIONS: 'true', GRAPHQL_INTROSPECTION: 'true' })).toMatchObject({ fieldSuggestions: true, introspection: true });
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ queryStats: false });
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_QUERY_STATS: 'on' })).toMatchObject({ queryStats: true });
    expect(loadConfig({})).toMatchObject({ queryStats: true });
    expect(() => loadConfig({ GRAPHQL_QUERY_STATS: 'sometimes' })).toThrow(/GRAPHQL_QUERY_STATS must be true or false; got "sometimes"/);
    expect(loadConfig({})).toMatchObject({ fieldSuggestions: true, introspection: true });
  });

  it('reads the deny-list from DENY_LIST_PATH, relative to the working folder, or the shipped one', () => {
    expect(loadConfig({}, '/repo').denyListPath).toBe(defaultDenyListPath());
    expect(loadConfig({ DENY_LIST_PATH: 'secrets/deny.txt' }, '/srv/app').denyListPath).toBe(path.join('/srv/app', 'secrets/deny.txt'));
  });
});

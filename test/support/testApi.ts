import type { ResponseCacheSettings } from '../../src/graphql/responseCache';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import type { Database } from '../../src/db/driver/database';
import { checkReadiness } from '../../src/db/driver/readiness';
import { startServer, type RunningServer } from '../../src/http/server';
import { hashApiKey, type Role } from '../../src/security/apiKeys';
import { defaultCurationPolicy } from '../../src/security/curationPolicy';
import type { DenyList } from '../../src/security/denyList';
import type { RateLimitSettings } from '../../src/security/rateLimit';
import { connectTestDatabase } from './testDatabase';

/**
 * The one way tests start the API: the real server on a free port over the tests' Neo4j,
 * with the security settings, production mode and response cache a test asks for, and the
 * server's log captured in `logs`.
 */

export interface TestKey {
  name: string;
  role: Role;
  key: string;
}

/** Keys made up for the tests; the server is given only their hashes, as in production. */
export const CURATOR: TestKey = { name: 'test-curator', role: 'curator', key: 'curator-key-for-tests-only' };
export const ADMIN: TestKey = { name: 'test-admin', role: 'admin', key: 'admin-key-for-tests-only' };

export interface TestApiOptions {
  /** NODE_ENV=production behaviour: masked errors, no introspection, no query counts. */
  production?: boolean;
  /** The keys that may curate; CURATOR and ADMIN unless given. */
  keys?: TestKey[];
  /** null: no limit; undefined: the default limit. */
  rateLimit?: RateLimitSettings | null;
  /** The deny-list curation writes are checked against; the shipped one unless given. */
  denyList?: DenyList;
  /** The documents curation excerpts are checked in; data/documents unless given. */
  documentsDir?: string;
  /** A database the test owns (and closes); otherwise one is opened, and closed by `close`. */
  db?: Database;
  catalog?: CypherCatalog;
  introspection?: boolean;
  fieldSuggestions?: boolean;
  /** The server's default unless given. */
  responseCache?: ResponseCacheSettings;
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  /** The raw body, for answers that are not JSON. */
  text: string;
  body: {
    data?: T | null;
    errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> & { code?: string; stacktrace?: string[] } }>;
    extensions?: { db?: { queries: number; ms: number } };
  };
}

export interface TestApi {
  server: RunningServer;
  db: Database;
  catalog: CypherCatalog;
  baseUrl: string;
  /** What the server logged, in order. */
  logs: string[];
  /** POSTs a GraphQL request, with `key` as a bearer key when given. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, key?: TestKey | string): Promise<Answer<T>>;
  /** POSTs any body with any headers, for requests a well-behaved client would not send. */
  post(body: string, headers?: Record<string, string>): Promise<Answer>;
  /** Stops the server, and closes the database unless the test gave its own. */
  close(): Promise<void>;
}

async function answer<T>(response: Response): Promise<Answer<T>> {
  const text = await response.text();
  let body: Answer<T>['body'] = {};
  try {
    body = JSON.parse(text) as Answer<T>['body'];
  } catch {
    // Not JSON: the test reads `text`.
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** Starts the API on 127.0.0.1 and a free port; `close` it in afterAll. */
export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const db = options.db ?? connectTestDatabase();
  const catalog = options.catalog ?? new CypherCatalog();
  const logs: string[] = [];
  const production = options.production ?? false;
  const shipped = defaultCurationPolicy();
  const server = await startServer(
    {
      db,
      catalog,
      production,
      introspection: options.introspection ?? !production,
      readiness: () => checkReadiness(db),
      log: (message) => logs.push(message),
      security: {
        apiKeys: (options.keys ?? [CURATOR, ADMIN]).map((k) => ({ name: k.name, role: k.role, sha256: hashApiKey(k.key) })),
        rateLimit: options.rateLimit,
        curationPolicy: { denyList: options.denyList ?? shipped.denyList, documentsDir: options.documentsDir ?? shipped.documentsDir },
        fieldSuggestions: options.fieldSuggestions,
      },
      ...(options.responseCache ? { responseCache: options.responseCache } : {}),
    },
    '127.0.0.1',
    0,
  );
  const baseUrl = `http://127.0.0.1:${server.port}`;
  return {
    server,
    db,
    catalog,
    baseUrl,
    logs,
    async gql<T>(query: string, variables?: Record<string, unknown>, key?: TestKey | string) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (key !== undefined) headers.authorization = `Bearer ${typeof key === 'string' ? key : key.key}`;
      return answer<T>(await fetch(`${baseUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) }));
    },
    async post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
      return answer(await fetch(`${baseUrl}/graphql`, { method: 'POST', headers, body }));
    },
    async close() {
      await server.stop();
      if (!options.db) await db.close();
    },
  };
}

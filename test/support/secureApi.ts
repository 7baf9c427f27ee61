import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResponseCacheSettings } from '../../src/graphql/responseCache';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import type { Database } from '../../src/db/driver/database';
import { checkReadiness } from '../../src/db/driver/readiness';
import { projectRoot } from '../../src/projectRoot';
import { startServer, type RunningServer } from '../../src/http/server';
import { hashApiKey, type Role } from '../../src/security/apiKeys';
import { defaultCurationPolicy } from '../../src/security/curationPolicy';
import type { DenyList } from '../../src/security/denyList';
import type { RateLimitSettings } from '../../src/security/rateLimit';
import { connectTestDatabase } from './testDatabase';

/**
 * The real API on a free port with the security options the security tests need (keys,
 * rate limit, deny-list, documents), its server log captured in `logs`.
 */

export interface TestKey {
  name: string;
  role: Role;
  key: string;
}

/** Keys made up for the tests; the server is given only their hashes, as in production. */
export const CURATOR: TestKey = { name: 'test-curator', role: 'curator', key: 'curator-key-for-tests-only' };
export const ADMIN: TestKey = { name: 'test-admin', role: 'admin', key: 'admin-key-for-tests-only' };

export interface SecureApiOptions {
  production?: boolean;
  keys?: TestKey[];
  /** null: no limit; undefined: the default limit. */
  rateLimit?: RateLimitSettings | null;
  denyList?: DenyList;
  documentsDir?: string;
  db?: Database;
  catalog?: CypherCatalog;
  introspection?: boolean;
  fieldSuggestions?: boolean;
  responseCache?: ResponseCacheSettings;
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  text: string;
  body: {
    data?: T | null;
    errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> & { code?: string; stacktrace?: string[] } }>;
    extensions?: { db?: { queries: number; ms: number } };
  };
}

export interface SecureApi {
  server: RunningServer;
  db: Database;
  catalog: CypherCatalog;
  baseUrl: string;
  logs: string[];
  /** POSTs a GraphQL request, with `key` as a bearer key when given. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, key?: TestKey | string): Promise<Answer<T>>;
  /** POSTs any body with any headers, for requests a well-behaved client would not send. */
  post(body: string, headers?: Record<string, string>): Promise<Answer>;
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

export async function startSecureApi(options: SecureApiOptions = {}): Promise<SecureApi> {
  const db = options.db ?? connectTestDatabase();
  const catalog = options.catalog ?? new CypherCatalog();
  const logs: string[] = [];
  const production = options.production ?? false;
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
        curationPolicy: {
          denyList: options.denyList ?? defaultCurationPolicy().denyList,
          documentsDir: options.documentsDir ?? defaultCurationPolicy().documentsDir,
        },
        fieldSuggestions: options.fieldSuggestions,
      },
      ...(options.responseCache ? { responseCache: options.responseCache } : {}),
    },
    '127.0.0.1',
    0,
  );
  const baseUrl = `http://127.0.0.1:${server.port}`;
  const post = async (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    answer<Record<string, unknown>>(await fetch(`${baseUrl}/graphql`, { method: 'POST', headers, body }));
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
    post,
    async close() {
      await server.stop();
      if (!options.db) await db.close();
    },
  };
}

/** Polls until `check` passes or the deadline is reached; no fixed sleeps. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * A small world for curation tests: a ministry, an agency and a directorate that is the
 * agency under another name, a project, a person; one document whose text supports every
 * fact (and the changes the tests make), and one curated source (a public reference).
 */
export function curationWorld(token: string) {
  const doc = `${token}.txt`;
  const ref = `${token}-ref`;
  const say = {
    ministry: `${token} Ministry is a ministry.`,
    agency: `${token} Agency is an agency of the ${token} Ministry.`,
    directorate: `${token} Directorate is named in the report.`,
    project: `${token} Project is a project.`,
    funded: `${token} Project is funded by the ${token} Ministry.`,
    implemented: `${token} Project is implemented by the ${token} Agency.`,
    benefits: `${token} Project benefits the ${token} Directorate.`,
    manager: `${token} Manager manages the ${token} Project.`,
    foundation: `The ${token} Foundation also funds the ${token} Project.`,
    same: `The ${token} Directorate and the ${token} Agency are one and the same body.`,
  };
  const ev = (line: string) => [{ document: doc, excerpt: line }];
  const files = {
    'world.yaml': {
      sources: [
        { id: doc, title: `${token} report` },
        { id: ref, title: `${token} public register`, curated: true, reference: `https://example.org/register/${token}` },
      ],
      organisations: [
        { id: `org:${token}-ministry`, name: `${token} Ministry`, kind: 'GOVERNMENT', evidence: ev(say.ministry) },
        { id: `org:${token}-agency`, name: `${token} Agency`, acronym: `${token.toUpperCase()}A`, kind: 'GOVERNMENT', evidence: ev(say.agency), partOf: [{ id: `org:${token}-ministry`, evidence: ev(say.agency) }] },
        { id: `org:${token}-directorate`, name: `${token} Directorate`, aliases: [`${token} Directorate-General`], evidence: ev(say.directorate) },
      ],
      projects: [
        {
          id: `project:${token}-project`,
          name: `${token} Project`,
          evidence: ev(say.project),
          fundedBy: [{ id: `org:${token}-ministry`, evidence: ev(say.funded) }],
          implementedBy: [{ id: `org:${token}-agency`, role: 'LEAD', evidence: ev(say.implemented) }],
          beneficiaries: [{ id: `org:${token}-directorate`, evidence: ev(say.benefits) }],
        },
      ],
      people: [{ id: `person:${token}-manager`, name: `${token} Manager`, evidence: ev(say.manager), roles: [{ project: `project:${token}-project`, title: 'Project Manager', evidence: ev(say.manager) }] }],
    },
  };
  return { files, documents: { [doc]: Object.values(say).join('\n') }, doc, ref, say };
}

/**
 * Records a measured figure (a latency, a throughput) in test-artifacts/security-figures.json,
 * so that a run leaves the numbers behind for its report.
 */
export function recordFigure(name: string, value: number | string): void {
  const dir = path.join(projectRoot(), 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'security-figures.json');
  const figures = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  figures[name] = value;
  writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
}

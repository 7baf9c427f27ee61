import type { ResponseCacheSettings } from '../../src/graphql/responseCache';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import type { Database } from '../../src/db/driver/database';
import { checkReadiness } from '../../src/db/driver/readiness';
import { startServer, type RunningServer } from '../../src/http/server';
import { connectTestDatabase } from './testDatabase';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  body: {
    data?: T | null;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
    extensions?: { db?: { queries: number; ms: number } };
  };
}

export interface TestApi {
  server: RunningServer;
  db: Database;
  baseUrl: string;
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** The real API on a free port, over the tests' real Neo4j. */
export async function startTestApi(options: { production?: boolean; db?: Database; responseCache?: ResponseCacheSettings } = {}): Promise<TestApi> {
  const db = options.db ?? connectTestDatabase();
  const server = await startServer(
    {
      db,
      catalog: new CypherCatalog(),
      production: options.production ?? false,
      introspection: !(options.production ?? false),
      readiness: () => checkReadiness(db),
      log: () => {},
      ...(options.responseCache ? { responseCache: options.responseCache } : {}),
    },
    '127.0.0.1',
    0,
  );
  const baseUrl = `http://127.0.0.1:${server.port}`;
  return {
    server,
    db,
    baseUrl,
    async query<T>(query: string, variables?: Record<string, unknown>) {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLResponse<T>['body'] };
    },
    async close() {
      await server.stop();
      if (!options.db) await db.close();
    },
  };
}

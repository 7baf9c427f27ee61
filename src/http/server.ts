import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import type { CypherCatalog } from '../db/cypher/catalog';
import type { Database } from '../db/driver/database';
import type { Readiness } from '../db/driver/readiness';
import { ServiceError } from '../errors';
import { startGraphQL } from '../graphql/apollo';
import type { RequestContext } from '../graphql/context';
import type { ResponseCache, ResponseCacheSettings } from '../graphql/responseCache';
import { RequestGuard } from '../security/requestGuard';
import { securityDefaults, type SecurityOptions } from '../security/settings';
import { sendRefusal } from './refusal';
import { dispatch, routes } from './routes';

export interface ServerOptions {
  db: Database;
  catalog: CypherCatalog;
  production: boolean;
  introspection: boolean;
  /** Whether responses carry `extensions.db`; outside production when not given. */
  queryStats?: boolean;
  /** Answers /readyz: does Neo4j answer, and are the migrations applied? */
  readiness: () => Promise<Readiness>;
  log?: (message: string) => void;
  /** API keys, rate limit, deny-list, field suggestions, HTTP timeouts; safe defaults for each. */
  security?: Partial<SecurityOptions>;
  /** The cache of answers to repeated identical reads; none when absent or disabled. */
  responseCache?: Readonly<ResponseCacheSettings>;
}

/** How long an idle keep-alive connection stays open. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface RunningServer {
  url: string;
  port: number;
  http: Server;
  apollo: ApolloServer<RequestContext>;
  /** The response cache, when enabled. */
  cache: ResponseCache | null;
  stop(): Promise<void>;
}

/**
 * The HTTP server: the GraphQL service (src/graphql/apollo.ts) and the route table
 * (src/http/routes.ts) behind one listener; no database code lives here.
 */
export async function startServer(options: ServerOptions, host: string, port: number): Promise<RunningServer> {
  const log = options.log ?? ((message: string) => console.error(message));
  const security = securityDefaults(options.production, options.security);
  const graphql = await startGraphQL({ db: options.db, catalog: options.catalog, production: options.production, introspection: options.introspection, queryStats: options.queryStats, security, responseCache: options.responseCache, log });
  const table = routes({ graphql, guard: new RequestGuard(security.apiKeys, security.rateLimit), readiness: options.readiness, requestTimeoutMs: security.requestTimeoutMs });

  // Set explicitly, and longer than the database's connection acquisition timeout
  // (src/config.ts checks the relation), so a request waiting on Neo4j fails with 503, not a cut.
  // Idle keep-alive connections stay open longer (65 s) than clients and load balancers keep
  // theirs (undici: 4 s; balancers: 60 s), so the client always closes an idle connection
  // first and never sends a request on one the server is closing (ECONNRESET).
  const http = createServer({ requestTimeout: security.requestTimeoutMs, headersTimeout: security.headersTimeoutMs, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, (req, res) => {
    dispatch(table, req, res).catch((error: unknown) => {
      if (error instanceof ServiceError) {
        if (error.cause) log(`${error.code} on ${req.method} ${req.url}: ${error.cause instanceof Error ? error.cause.stack : String(error.cause)}`);
        return sendRefusal(res, error);
      }
      log(`Unhandled error on ${req.method} ${req.url}: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) sendRefusal(res, { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => resolve());
  });
  const actualPort = (http.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actualPort}/graphql`,
    port: actualPort,
    http,
    apollo: graphql.apollo,
    cache: graphql.cache,
    async stop() {
      // Stop accepting; in-flight requests finish, idle keep-alive connections are closed as
      // they turn idle, and whatever is still open after the grace period is cut.
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      const sweep = setInterval(() => http.closeIdleConnections(), 100);
      const grace = setTimeout(() => http.closeAllConnections(), security.shutdownGraceMs);
      try {
        await closed;
      } finally {
        clearInterval(sweep);
        clearTimeout(grace);
      }
      await graphql.stop();
    },
  };
}

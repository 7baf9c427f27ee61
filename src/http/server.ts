import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ResponseCache, responseCachePlugin, type ResponseCacheSettings } from '../graphql/responseCache';
import { createRequestContext, type RequestContext } from '../graphql/context';
import type { CypherCatalog } from '../db/cypher/catalog';
import type { Database } from '../db/driver/database';
import type { Readiness } from '../db/driver/readiness';
import { HttpError } from './body';
import { EXPLORER_PATH, serveExplorer } from './explorer/explorerRoutes';
import { EXPORT_PREFIX, serveExport } from './export/exportRoute';
import { handleGraphQL } from './graphqlHandler';
import { PLAYGROUND_ASSET_PREFIX, playgroundHtml, servePlaygroundAsset, wantsHtml } from './playground';
import { buildResolvers } from '../graphql/resolvers';
import { loadTypeDefs } from '../graphql/schemaDocument';
import { accessStatusPlugin, mutationAccessPlugin } from '../security/access';
import { formatErrorFor } from '../graphql/formatError';
import { queryLimitSetup } from '../security/queryLimits';
import { RequestGuard, type Admission } from '../security/requestGuard';
import { securityDefaults, type SecurityOptions } from '../security/settings';

export interface ServerOptions {
  db: Database;
  catalog: CypherCatalog;
  production: boolean;
  introspection: boolean;
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

/** Outside production, each response says how many Cypher queries it ran and for how long. */
function queryStatsPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            db: { queries: contextValue.stats.queries, ms: Math.round(contextValue.stats.ms * 100) / 100 },
          };
        },
      };
    },
  };
}

/** A request that failed because Neo4j is down answers 503, so clients and balancers back off. */
function databaseUnavailablePlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          if (errors.some((e) => e.extensions?.code === 'DATABASE_UNAVAILABLE')) response.http.status = 503;
        },
      };
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

export interface RunningServer {
  url: string;
  port: number;
  http: Server;
  apollo: ApolloServer<RequestContext>;
  /** The response cache, when enabled. */
  cache: ResponseCache | null;
  stop(): Promise<void>;
}

/** Builds the Apollo server and the HTTP routes around it; no database code lives here. */
export async function startServer(options: ServerOptions, host: string, port: number): Promise<RunningServer> {
  const log = options.log ?? ((message: string) => console.error(message));
  const security = securityDefaults(options.production, options.security);
  const limits = queryLimitSetup({ fieldSuggestions: security.fieldSuggestions });
  // Apollo's cache-control hints are not used (the response cache keys on the query instead),
  // and computing them costs a hook on every resolved field.
  const plugins: Array<ApolloServerPlugin<RequestContext>> = [
    ApolloServerPluginCacheControlDisabled(),
    databaseUnavailablePlugin(),
    mutationAccessPlugin(),
    accessStatusPlugin(),
    ...limits.plugins,
  ];
  if (!options.production) plugins.push(queryStatsPlugin());
  const cache = options.responseCache?.enabled ? new ResponseCache(options.responseCache) : null;
  const stopInvalidating = cache ? options.db.onWrite(() => cache.invalidate()) : () => undefined;
  if (cache) plugins.push(responseCachePlugin(cache));
  const apollo = new ApolloServer<RequestContext>({
    typeDefs: loadTypeDefs(),
    resolvers: buildResolvers(),
    introspection: options.introspection,
    includeStacktraceInErrorResponses: !options.production,
    formatError: formatErrorFor({ production: options.production, log }),
    // Every limit is checked before execution (src/security/queryLimits.ts).
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    maxRecursiveSelections: limits.maxRecursiveSelections,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // main.ts owns shutdown: it stops HTTP first, so that in-flight requests finish.
    stopOnTerminationSignals: false,
    plugins,
  });
  await apollo.start();
  const guard = new RequestGuard(security.apiKeys, security.rateLimit);
  const contextFor = (admission: Extract<Admission, { admitted: true }>) => () =>
    createRequestContext(options.db, options.catalog, { viewer: admission.viewer, curationPolicy: security.curationPolicy });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      const readiness = await options.readiness();
      return sendJson(res, readiness.ready ? 200 : 503, { status: readiness.ready ? 'ready' : 'not ready', checks: readiness.checks });
    }
    if (url.pathname.startsWith(PLAYGROUND_ASSET_PREFIX) && req.method === 'GET') {
      if (servePlaygroundAsset(url.pathname.slice(PLAYGROUND_ASSET_PREFIX.length), res)) return;
    }
    if (url.pathname.startsWith(EXPORT_PREFIX) && req.method === 'GET') {
      // Exports read the database as /graphql does, so they pass the same door (rate limit, API key).
      const admission = guard.admit(req);
      if (!admission.admitted) {
        for (const [name, value] of Object.entries(admission.headers)) res.setHeader(name, value);
        return sendJson(res, admission.status, { errors: [{ message: admission.message, extensions: { code: admission.code } }] });
      }
      const graphs = () => contextFor(admission)().repositories.graph;
      if (await serveExport(url.pathname.slice(EXPORT_PREFIX.length), url.searchParams, graphs, res)) return;
    }
    if (url.pathname.startsWith(EXPLORER_PATH) && req.method === 'GET') {
      if (serveExplorer(url.pathname, res)) return;
    }
    if (url.pathname === '/graphql') {
      if (req.method === 'GET' && !url.searchParams.has('query') && wantsHtml(req.headers.accept)) {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(playgroundHtml('/graphql'));
        return;
      }
      const admission = guard.admit(req);
      if (!admission.admitted) {
        for (const [name, value] of Object.entries(admission.headers)) res.setHeader(name, value);
        return sendJson(res, admission.status, { errors: [{ message: admission.message, extensions: { code: admission.code } }] });
      }
      return handleGraphQL(req, res, apollo, contextFor(admission));
    }
    if (url.pathname === '/') {
      res.statusCode = 302;
      res.setHeader('Location', '/graphql');
      res.end();
      return;
    }
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `No route ${req.method} ${url.pathname}.` } });
  }

  // Set explicitly, and longer than the database's connection acquisition timeout
  // (src/config.ts checks the relation), so a request waiting on Neo4j fails with 503, not a cut.
  // Idle keep-alive connections stay open longer (65 s) than clients and load balancers keep
  // theirs (undici: 4 s; balancers: 60 s), so the client always closes an idle connection
  // first and never sends a request on one the server is closing (ECONNRESET).
  const http = createServer({ requestTimeout: security.requestTimeoutMs, headersTimeout: security.headersTimeoutMs, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, (req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] });
      log(`Unhandled error on ${req.method} ${req.url}: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
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
    apollo,
    cache,
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
      stopInvalidating();
      await apollo.stop();
    },
  };
}

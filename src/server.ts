import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { createRequestContext, type RequestContext } from './context';
import type { CypherCatalog } from './db/cypherCatalog';
import type { Database } from './db/database';
import { ServiceError } from './db/errors';
import type { Readiness } from './db/readiness';
import { HttpError } from './http/body';
import { handleGraphQL } from './http/graphqlHandler';
import { PLAYGROUND_ASSET_PREFIX, playgroundHtml, servePlaygroundAsset, wantsHtml } from './http/playground';
import { buildResolvers } from './resolvers';
import { loadTypeDefs } from './schemaDocument';

export interface ServerOptions {
  db: Database;
  catalog: CypherCatalog;
  production: boolean;
  introspection: boolean;
  /** Answers /readyz: does Neo4j answer, and are the migrations applied? */
  readiness: () => Promise<Readiness>;
  log?: (message: string) => void;
}

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

function formatError(log: (message: string) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ServiceError) {
      // The cause (Cypher, parameters, driver message) goes to the server log, not the client.
      if (original.cause) log(`${original.code}: ${String((original.cause as Error).message ?? original.cause)}`);
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { code: original.code } };
    }
    return formatted;
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
  stop(): Promise<void>;
}

/** Builds the Apollo server and the HTTP routes around it; no database code lives here. */
export async function startServer(options: ServerOptions, host: string, port: number): Promise<RunningServer> {
  const log = options.log ?? ((message: string) => console.error(message));
  const plugins: Array<ApolloServerPlugin<RequestContext>> = [databaseUnavailablePlugin()];
  if (!options.production) plugins.push(queryStatsPlugin());
  const apollo = new ApolloServer<RequestContext>({
    typeDefs: loadTypeDefs(),
    resolvers: buildResolvers(),
    introspection: options.introspection,
    includeStacktraceInErrorResponses: !options.production,
    formatError: formatError(log),
    plugins,
  });
  await apollo.start();
  const createContext = () => createRequestContext(options.db, options.catalog);

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
    if (url.pathname === '/graphql') {
      if (req.method === 'GET' && !url.searchParams.has('query') && wantsHtml(req.headers.accept)) {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(playgroundHtml('/graphql'));
        return;
      }
      return handleGraphQL(req, res, apollo, createContext);
    }
    if (url.pathname === '/') {
      res.statusCode = 302;
      res.setHeader('Location', '/graphql');
      res.end();
      return;
    }
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `No route ${req.method} ${url.pathname}.` } });
  }

  const http = createServer((req, res) => {
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
    async stop() {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await apollo.stop();
    },
  };
}

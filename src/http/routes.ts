import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readiness } from '../db/driver/readiness';
import type { GraphQLService } from '../graphql/apollo';
import type { RequestGuard } from '../security/requestGuard';
import { EXPLORER_PATH, serveExplorer } from './explorer/explorerRoutes';
import { EXPORT_PREFIX, serveExport } from './export/exportRoute';
import { handleGraphQL } from './graphqlHandler';
import { PLAYGROUND_ASSET_PREFIX, playgroundHtml, servePlaygroundAsset, wantsHtml } from './playground';
import { sendRefusal } from './refusal';

/** What the routes need: the GraphQL service, the door (API keys, rate limit), and readiness. */
export interface RouteDependencies {
  graphql: GraphQLService;
  guard: RequestGuard;
  /** Answers /readyz: does Neo4j answer, and are the migrations applied? */
  readiness: () => Promise<Readiness>;
}

/**
 * One public surface of the service. A route answers a path (or every path under a prefix)
 * for the methods it lists; its handler returns false when it has nothing at that path, and
 * the request falls through to the 404.
 */
export interface Route {
  path: string;
  prefix: boolean;
  /** The methods it answers; ANY hands every method to the handler (Apollo answers 405 itself). */
  methods: readonly string[] | 'ANY';
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> | boolean;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/** The route table, in the order requests are matched. */
export function routes({ graphql, guard, readiness }: RouteDependencies): Route[] {
  return [
    {
      path: '/healthz',
      prefix: false,
      methods: ['GET'],
      handle: (_req, res) => {
        sendJson(res, 200, { status: 'ok' });
        return true;
      },
    },
    {
      path: '/readyz',
      prefix: false,
      methods: ['GET'],
      handle: async (_req, res) => {
        const state = await readiness();
        sendJson(res, state.ready ? 200 : 503, { status: state.ready ? 'ready' : 'not ready', checks: state.checks });
        return true;
      },
    },
    {
      path: PLAYGROUND_ASSET_PREFIX,
      prefix: true,
      methods: ['GET'],
      handle: (_req, res, url) => servePlaygroundAsset(url.pathname.slice(PLAYGROUND_ASSET_PREFIX.length), res),
    },
    {
      path: EXPORT_PREFIX,
      prefix: true,
      methods: ['GET'],
      // Exports read the database as /graphql does, so they pass the same door (rate limit, API key).
      handle: async (req, res, url) => {
        const admission = guard.admit(req);
        if (!admission.admitted) {
          sendRefusal(res, admission);
          return true;
        }
        const graphs = () => graphql.contextFor(admission.viewer).repositories.graph;
        return serveExport(url.pathname.slice(EXPORT_PREFIX.length), url.searchParams, graphs, res);
      },
    },
    {
      path: EXPLORER_PATH,
      prefix: true,
      methods: ['GET'],
      handle: (_req, res, url) => serveExplorer(url.pathname, res),
    },
    {
      path: '/graphql',
      prefix: false,
      methods: 'ANY',
      handle: async (req, res, url) => {
        // A browser asking for the page gets the playground; a client asking a query gets an answer.
        if (req.method === 'GET' && !url.searchParams.has('query') && wantsHtml(req.headers.accept)) {
          res.setHeader('Content-Type', 'text/html; charset=utf-8');
          res.end(playgroundHtml('/graphql'));
          return true;
        }
        const admission = guard.admit(req);
        if (!admission.admitted) {
          sendRefusal(res, admission);
          return true;
        }
        await handleGraphQL(req, res, graphql.apollo, () => graphql.contextFor(admission.viewer));
        return true;
      },
    },
    {
      path: '/',
      prefix: false,
      methods: 'ANY',
      handle: (_req, res) => {
        res.statusCode = 302;
        res.setHeader('Location', '/graphql');
        res.end();
        return true;
      },
    },
  ];
}

/** Answers a request from the first route that matches it and has something there; 404 otherwise. */
export async function dispatch(table: readonly Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  for (const route of table) {
    const matches = route.prefix ? url.pathname.startsWith(route.path) : url.pathname === route.path;
    if (matches && (route.methods === 'ANY' || route.methods.includes(method)) && (await route.handle(req, res, url))) return;
  }
  sendRefusal(res, { code: 'NOT_FOUND', message: `No route ${method} ${url.pathname}.` });
}

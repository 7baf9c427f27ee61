import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readiness } from '../db/driver/readiness';
import type { GraphQLService } from '../graphql/apollo';
import type { RequestGuard } from '../security/requestGuard';
import { EXPLORER_PATH, serveExplorer } from './explorer/explorerRoutes';
import { EXPORT_PREFIX, serveExport } from './export/exportRoute';
import { handleGraphQL } from './graphqlHandler';
import { RECONCILE_METHODS, RECONCILE_PATH, serveReconcile } from './reconcile/reconcileRoute';
import { PLAYGROUND_ASSET_PREFIX, servePlaygroundAsset, servePlaygroundPage, wantsHtml } from './playground';
import { sendRefusal } from './refusal';
import { requestSignal } from './requestSignal';

/** What the routes need: the GraphQL service, the door (API keys, rate limit), and readiness. */
export interface RouteDependencies {
  graphql: GraphQLService;
  guard: RequestGuard;
  /** Answers /readyz: does Neo4j answer, and are the migrations applied? */
  readiness: () => Promise<Readiness>;
  /** How long a request may run before its queries are stopped (HTTP_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
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
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  // Set here because Node sets it for GET only, and HEAD must say what GET would send.
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.end(text);
}

/** What pages, assets, probes and exports answer: HEAD gets GET's status and headers, and no body. */
const PAGE_METHODS: readonly string[] = ['GET', 'HEAD'];

/** The route table, in the order requests are matched. */
export function routes({ graphql, guard, readiness, requestTimeoutMs }: RouteDependencies): Route[] {
  return [
    {
      path: '/healthz',
      prefix: false,
      methods: PAGE_METHODS,
      handle: (_req, res) => {
        sendJson(res, 200, { status: 'ok' });
        return true;
      },
    },
    {
      path: '/readyz',
      prefix: false,
      methods: PAGE_METHODS,
      handle: async (_req, res) => {
        const state = await readiness();
        sendJson(res, state.ready ? 200 : 503, { status: state.ready ? 'ready' : 'not ready', checks: state.checks });
        return true;
      },
    },
    {
      path: PLAYGROUND_ASSET_PREFIX,
      prefix: true,
      methods: PAGE_METHODS,
      handle: (req, res, url) => servePlaygroundAsset(url.pathname.slice(PLAYGROUND_ASSET_PREFIX.length), req.method, res),
    },
    {
      path: EXPORT_PREFIX,
      prefix: true,
      methods: PAGE_METHODS,
      // Exports read the database as /graphql does, so they pass the same door (rate limit, API key).
      handle: async (req, res, url) => {
        const admission = guard.admit(req);
        if (!admission.admitted) {
          sendRefusal(res, admission);
          return true;
        }
        // Its queries stop when the client hangs up or the request runs out of time.
        const signal = requestSignal(res, requestTimeoutMs);
        const graphs = () => graphql.contextFor(admission.viewer, signal).repositories.graph;
        return serveExport(url.pathname.slice(EXPORT_PREFIX.length), req.method, url.searchParams, graphs, res);
      },
    },
    {
      path: EXPLORER_PATH,
      prefix: true,
      methods: PAGE_METHODS,
      handle: (req, res, url) => serveExplorer(url.pathname, req.method, res),
    },
    {
      path: RECONCILE_PATH,
      prefix: true,
      methods: RECONCILE_METHODS,
      // OpenRefine's reconciliation: the same door and the same matcher as /graphql's `match`.
      handle: (req, res, url) =>
        serveReconcile(req, res, url, {
          admit: (request) => guard.admit(request),
          repositories: (viewer, response) => graphql.contextFor(viewer, requestSignal(response, requestTimeoutMs)).repositories,
        }),
    },
    {
      path: '/graphql',
      prefix: false,
      methods: 'ANY',
      handle: async (req, res, url) => {
        // A browser asking for the page gets the playground; a client asking a query gets an answer.
        if ((req.method === 'GET' || req.method === 'HEAD') && !url.searchParams.has('query') && wantsHtml(req.headers.accept)) {
          servePlaygroundPage('/graphql', req.method, res);
          return true;
        }
        const admission = guard.admit(req);
        if (!admission.admitted) {
          sendRefusal(res, admission);
          return true;
        }
        // Every query of the request stops when its client hangs up or it runs out of time.
        const signal = requestSignal(res, requestTimeoutMs);
        await handleGraphQL(req, res, graphql.apollo, () => graphql.contextFor(admission.viewer, signal));
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

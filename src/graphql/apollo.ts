import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { CypherCatalog } from '../db/cypher/catalog';
import type { Database } from '../db/driver/database';
import { mutationAccessPlugin } from '../security/access';
import { queryLimitSetup } from '../security/queryLimits';
import type { SecurityOptions } from '../security/settings';
import type { Viewer } from '../security/apiKeys';
import { createRequestContext, type RequestContext } from './context';
import { formatErrorFor } from './formatError';
import { subscriptionsNotSupportedRule } from './operationRules';
import { httpStatusPlugin } from './plugins/httpStatus';
import { queryStatsPlugin } from './plugins/queryStats';
import { redirectsPlugin } from './plugins/redirects';
import { buildResolvers } from './resolvers';
import { ResponseCache, responseCachePlugin, type ResponseCacheSettings } from './responseCache';
import { loadTypeDefs } from './schemaDocument';
import { NameCache } from './nameCache';

export interface GraphQLOptions {
  db: Database;
  catalog: CypherCatalog;
  production: boolean;
  introspection: boolean;
  /** Whether responses carry `extensions.db`; outside production when not given. */
  queryStats?: boolean | undefined;
  security: SecurityOptions;
  /** The cache of answers to repeated identical reads; none when absent or disabled. */
  responseCache?: Readonly<ResponseCacheSettings> | undefined;
  log: (message: string) => void;
}

/** The assembled GraphQL service: Apollo, its response cache, and the per-request context. */
export interface GraphQLService {
  apollo: ApolloServer<RequestContext>;
  /** The response cache, when enabled. */
  cache: ResponseCache | null;
  /** A fresh context (new DataLoaders) for one request of `viewer`, its queries cancelled when `signal` aborts. */
  contextFor(viewer: Viewer, signal?: AbortSignal): RequestContext;
  stop(): Promise<void>;
}

/**
 * Builds and starts Apollo Server from schema/*.graphql and the resolvers, with every limit
 * checked before execution (src/security/queryLimits.ts), one plugin for HTTP statuses
 * (src/errors), and the response cache emptied by every write the process makes.
 */
export async function startGraphQL(options: GraphQLOptions): Promise<GraphQLService> {
  const { security } = options;
  const limits = queryLimitSetup({ fieldSuggestions: security.fieldSuggestions });
  // Apollo's cache-control hints are not used (the response cache keys on the query instead),
  // and computing them costs a hook on every resolved field.
  const plugins: Array<ApolloServerPlugin<RequestContext>> = [
    ApolloServerPluginCacheControlDisabled(),
    // The HTTP status of every refusal (503, 401, 403, 400 for the limits), from errors/errorCodes.ts.
    httpStatusPlugin(),
    mutationAccessPlugin(),
    // Lookups by an id merged away answer with the kept entity and say so.
    redirectsPlugin(),
    ...limits.plugins,
  ];
  if (options.queryStats ?? !options.production) plugins.push(queryStatsPlugin());
  const cache = options.responseCache?.enabled ? new ResponseCache(options.responseCache) : null;
  const stopInvalidating = cache ? options.db.onWrite(() => cache.invalidate()) : () => undefined;
  // Names recur across questions that are otherwise new, so their resolutions are kept apart
  // from the answers, whatever the response cache's setting; every write empties them too.
  const names = new NameCache();
  const stopForgettingNames = options.db.onWrite(() => names.invalidate());
  if (cache) plugins.push(responseCachePlugin(cache, { tellAnonymousClients: !options.production }));
  const apollo = new ApolloServer<RequestContext>({
    typeDefs: loadTypeDefs(),
    resolvers: buildResolvers(),
    introspection: options.introspection,
    includeStacktraceInErrorResponses: !options.production,
    formatError: formatErrorFor({ production: options.production, log: options.log }),
    validationRules: [...limits.validationRules, subscriptionsNotSupportedRule],
    parseOptions: limits.parseOptions,
    maxRecursiveSelections: limits.maxRecursiveSelections,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // main.ts owns shutdown: it stops HTTP first, so that in-flight requests finish.
    stopOnTerminationSignals: false,
    plugins,
  });
  await apollo.start();
  return {
    apollo,
    cache,
    contextFor: (viewer, signal) => createRequestContext(options.db, options.catalog, { viewer, curationPolicy: security.curationPolicy, names, ...(signal ? { signal } : {}) }),
    async stop() {
      stopInvalidating();
      stopForgettingNames();
      await apollo.stop();
    },
  };
}

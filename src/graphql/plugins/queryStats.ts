import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../context';

/** Outside production, each response says how many Cypher queries it ran and for how long. */
export function queryStatsPlugin(): ApolloServerPlugin<RequestContext> {
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

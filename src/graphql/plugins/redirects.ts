import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../context';

/**
 * When a request named an entity by an id that was merged away, the answer says so:
 * `extensions.redirects: [{ from, to }]`, beside the kept entity it answered with, so that a
 * client can update the id it keeps.
 */
export function redirectsPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || contextValue.loaders.redirects.size === 0) return;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            redirects: [...contextValue.loaders.redirects].map(([from, to]) => ({ from, to })),
          };
        },
      };
    },
  };
}

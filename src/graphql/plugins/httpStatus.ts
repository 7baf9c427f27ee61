import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { entryOfExtensionCode, type ErrorCodeEntry } from '../../errors';

/**
 * The HTTP status of a GraphQL answer whose errors say it was refused, so that clients,
 * proxies and balancers see what happened without reading the body: 400 for a query over a
 * limit, 401 (with WWW-Authenticate) without a key, 403 for a key below the role, 503 while
 * the database is down. Which codes decide the status, and which status, is the table's
 * (errors/errorCodes.ts); errors beside an answer, and those whose status Apollo sets, leave
 * it alone.
 *
 * When several refusing codes meet in one answer, the lowest status wins: a fault of the request
 * (400, then 401, then 403) is reported before the server's trouble (503), since a client that
 * retried on the 503 would only meet the fault again.
 */
export function httpStatusPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const head = refusalHead(response.body.singleResult.errors ?? []);
          if (!head) return;
          response.http.status = head.status;
          for (const [name, value] of Object.entries(head.headers)) response.http.headers.set(name, value);
        },
      };
    },
  };
}

/** The status and headers a GraphQL answer with these errors takes; null leaves Apollo's status as it is. */
export function refusalHead(errors: readonly GraphQLFormattedError[]): { status: number; headers: Record<string, string> } | null {
  const refusing = errors.map((error) => entryOfExtensionCode(error.extensions?.code)).filter((entry): entry is ErrorCodeEntry => entry?.setsGraphQLStatus === true);
  if (refusing.length === 0) return null;
  const headers: Record<string, string> = {};
  for (const entry of refusing) for (const [name, value] of Object.entries(entry.headers ?? {})) headers[name.toLowerCase()] = value;
  return { status: Math.min(...refusing.map((entry) => entry.status)), headers };
}

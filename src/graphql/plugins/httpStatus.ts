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
 * An input error (BAD_USER_INPUT, SENSITIVE_DATA) answers 400 only when the response holds no
 * data: `data` absent, or null because the error reached the root (every list and connection
 * of the schema is non-null, so a refused argument there nulls the whole answer). When `data`
 * is not null, other fields were answered, and GraphQL over HTTP requires a 2xx (its
 * "application/graphql-response+json" section: a response with non-null data MUST be 2xx); for
 * a null `data` it only recommends 200, and a refused argument is the client's mistake, which
 * 400 says to every client, proxy and log without reading the body (issue 18).
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
          const { errors, data } = response.body.singleResult;
          const head = refusalHead(errors ?? [], data !== undefined && data !== null);
          if (!head) return;
          response.http.status = head.status;
          for (const [name, value] of Object.entries(head.headers)) response.http.headers.set(name, value);
        },
      };
    },
  };
}

function refuses(entry: ErrorCodeEntry | undefined, hasData: boolean): entry is ErrorCodeEntry {
  if (!entry) return false;
  return entry.setsGraphQLStatus === 'always' || (entry.setsGraphQLStatus === 'withoutData' && !hasData);
}

/**
 * The status and headers a GraphQL answer with these errors takes; null leaves Apollo's status
 * as it is. `hasData` says whether the answer's `data` is there and not null.
 */
export function refusalHead(errors: readonly GraphQLFormattedError[], hasData: boolean): { status: number; headers: Record<string, string> } | null {
  const refusing = errors.map((error) => entryOfExtensionCode(error.extensions?.code)).filter((entry): entry is ErrorCodeEntry => refuses(entry, hasData));
  if (refusing.length === 0) return null;
  const headers: Record<string, string> = {};
  for (const entry of refusing) for (const [name, value] of Object.entries(entry.headers ?? {})) headers[name.toLowerCase()] = value;
  return { status: Math.min(...refusing.map((entry) => entry.status)), headers };
}

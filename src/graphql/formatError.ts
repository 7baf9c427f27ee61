import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ServiceError } from '../db/driver/neo4jErrors';
import { LIMIT_CODES, limitCodeOf } from '../security/queryLimits';

/**
 * What an error tells the client. A ServiceError says its own message and code; the driver's
 * message, the Cypher and its parameters go to the server log only. In production every
 * error is cut down to its message, code and place in the query, and an error the service
 * did not expect becomes "Internal server error" (the log keeps the stack).
 */

/** Codes whose message is written for the client and safe to show in production. */
const CLIENT_CODES = new Set<string>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'SENSITIVE_DATA',
  'RATE_LIMITED',
  'DATABASE_UNAVAILABLE',
  'DATABASE_ERROR',
  ...LIMIT_CODES,
]);

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `\ncause: ${error.cause.stack ?? error.cause.message}` : '';
    return `${error.stack ?? error.message}${cause}`;
  }
  return String(error);
}

export function formatErrorFor(options: { production: boolean; log: (message: string) => void }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ServiceError) {
      if (original.cause) options.log(`${original.code}: ${describe(original.cause)}`);
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { code: original.code } };
    }
    const limit = limitCodeOf(formatted, error);
    const code = limit ?? (typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : 'INTERNAL_SERVER_ERROR');
    if (!options.production) return { ...formatted, extensions: { ...formatted.extensions, code } };
    if (CLIENT_CODES.has(code)) return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    options.log(`Internal error (masked in the response): ${describe(original)}`);
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

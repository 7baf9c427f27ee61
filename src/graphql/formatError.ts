import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, MASKED_CODE, MASKED_MESSAGE, entryOfExtensionCode, serviceErrorIn, type ErrorCode } from '../errors';
import { limitCodeOf } from '../security/queryLimits';

/**
 * What an error tells the client. A ServiceError says its own message and code (and, outside
 * production, its details, such as the field); the driver's message, the Cypher and its
 * parameters go to the server log only. In production every error is cut down to its message,
 * code and place in the query, and an error whose code the table (errors/errorCodes.ts) does
 * not mark safe becomes "Internal server error" (the log keeps the stack).
 */

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `\ncause: ${error.cause.stack ?? error.cause.message}` : '';
    return `${error.stack ?? error.message}${cause}`;
  }
  return String(error);
}

/**
 * Apollo's refusals of a persisted query carry a 400 but no code, so they would count as
 * internal errors (masked and logged in production); they are recognised by their message
 * (@apollo/server requestPipeline.ts) and told what was expected.
 */
const PERSISTED_QUERY_REFUSALS: ReadonlyArray<{ message: string; code: ErrorCode; expected: string }> = [
  {
    message: 'provided sha does not match query',
    code: 'PERSISTED_QUERY_HASH_MISMATCH',
    expected: 'extensions.persistedQuery.sha256Hash must be the SHA-256 (hex) of the exact query text sent with it',
  },
  { message: 'Unsupported persisted query version', code: 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED', expected: 'extensions.persistedQuery.version must be 1' },
];

function persistedQueryRefusal(formatted: GraphQLFormattedError): GraphQLFormattedError | null {
  const uncoded = formatted.extensions?.code === undefined || formatted.extensions.code === ERROR_CODES[MASKED_CODE].extensionCode;
  const refusal = uncoded ? PERSISTED_QUERY_REFUSALS.find((r) => r.message === formatted.message) : undefined;
  if (!refusal) return null;
  return { message: `${refusal.message}: ${refusal.expected}.`, extensions: { code: ERROR_CODES[refusal.code].extensionCode } };
}

export function formatErrorFor(options: { production: boolean; log: (message: string) => void }) {
  const masked = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    options.log(`Internal error (masked in the response): ${describe(error)}`);
    return { message: MASKED_MESSAGE, path: formatted.path, extensions: { code: ERROR_CODES[MASKED_CODE].extensionCode } };
  };
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const own = serviceErrorIn(error);
    if (own) {
      if (own.cause) options.log(`${own.code}: ${describe(own.cause)}`);
      const { extensionCode, safeInProduction } = ERROR_CODES[own.code];
      if (!options.production) return { message: own.message, locations: formatted.locations, path: formatted.path, extensions: { ...own.details, code: extensionCode } };
      if (safeInProduction) return { message: own.message, locations: formatted.locations, path: formatted.path, extensions: { code: extensionCode } };
      return masked(formatted, own);
    }
    const persisted = persistedQueryRefusal(formatted);
    if (persisted) return persisted;
    const limit = limitCodeOf(formatted, error);
    const code = limit ?? (typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : MASKED_CODE);
    if (!options.production) return { ...formatted, extensions: { ...formatted.extensions, code } };
    if (entryOfExtensionCode(code)?.safeInProduction) return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    return masked(formatted, unwrapResolverError(error));
  };
}

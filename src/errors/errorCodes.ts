/**
 * Every error code a client or an operator can see, in one table: the HTTP status it answers
 * with, whether its message may be shown to clients in production, and the code it carries in
 * a GraphQL error's `extensions.code`. The Apollo plugin that sets statuses
 * (graphql/plugins/httpStatus.ts), `formatError` (graphql/formatError.ts), the refusals of the
 * HTTP routes (http/refusal.ts) and the command-line tools all read it.
 *
 * The codes Apollo Server raises itself are here too, so that `formatError` knows which of
 * them are safe to show: an unknown code is never safe.
 */
/** When the httpStatus plugin gives a GraphQL response the status of a code (ErrorCodeEntry.setsGraphQLStatus). */
export type GraphQLStatusRule = 'always' | 'withoutData' | 'never';

export interface ErrorCodeEntry {
  /** When the code is raised. */
  readonly raisedWhen: string;
  /** The HTTP status of an answer refused for this reason. */
  readonly status: number;
  /**
   * When a GraphQL response carrying this code answers with `status` (the httpStatus plugin
   * sets it):
   * - 'always': the request was refused as a whole (a limit, a key, the database down);
   * - 'withoutData': an input error, which answers `status` when the response holds no data
   *   (`data` absent or null: the error reached the root, nothing was answered), and 200 when
   *   it sits beside data, since GraphQL over HTTP requires a 2xx whenever `data` is not null;
   * - 'never': a field error that keeps 200 as GraphQL over HTTP does, or a code whose status
   *   Apollo sets itself (it tells a 405 from a 400 for BAD_REQUEST, for instance).
   */
  readonly setsGraphQLStatus: GraphQLStatusRule;
  /** Whether the message is written for clients, so that production shows it as it is. */
  readonly safeInProduction: boolean;
  /** The code a GraphQL error carries in `extensions.code`. */
  readonly extensionCode: string;
  /** Headers an answer refused for this reason carries (a refusal may add its own). */
  readonly headers?: Readonly<Record<string, string>>;
}

function entry(
  extensionCode: string,
  status: number,
  raisedWhen: string,
  flags: { setsGraphQLStatus: GraphQLStatusRule; safeInProduction: boolean; headers?: Readonly<Record<string, string>> },
): ErrorCodeEntry {
  return { extensionCode, status, raisedWhen, ...flags };
}

const CLIENT_REFUSAL = { setsGraphQLStatus: 'always', safeInProduction: true } as const;
const INPUT_ERROR = { setsGraphQLStatus: 'withoutData', safeInProduction: true } as const;
const FIELD_ERROR = { setsGraphQLStatus: 'never', safeInProduction: true } as const;
const APOLLO_SETS_STATUS = { setsGraphQLStatus: 'never', safeInProduction: true } as const;

export const ERROR_CODES = {
  // Requests the service refuses as they are.
  // Apollo raises it too, for variables that do not fit their types (with 400, and no data).
  BAD_USER_INPUT: entry('BAD_USER_INPUT', 400, 'An argument or input field fails a check (a filter, a page size, a cursor, a search too long, a curation input).', INPUT_ERROR),
  NOT_FOUND: entry('NOT_FOUND', 404, 'An id the request names is not in the graph, or an HTTP route does not exist.', FIELD_ERROR),
  // Input errors: `extensions` carry the name, the field and the closest suggestions (or the
  // candidates), so that a client can say "did you mean ...?". 404 and 409 when nothing else
  // was answered; 200 beside other data, as GraphQL over HTTP requires.
  NAME_NOT_FOUND: entry('NAME_NOT_FOUND', 404, 'A name given in a filter or a lookup resolves to no entity (domain/matching.ts); extensions.suggestions holds the closest ones.', INPUT_ERROR),
  NAME_AMBIGUOUS: entry('NAME_AMBIGUOUS', 409, 'A name given in a filter or a lookup matches several entities equally well; extensions.candidates holds them.', INPUT_ERROR),
  SENSITIVE_DATA: entry('SENSITIVE_DATA', 400, 'A curation input names a person on the deny-list of victims and survivors.', INPUT_ERROR),
  BAD_REQUEST: entry('BAD_REQUEST', 400, 'The HTTP request is malformed: a body that is not JSON, unknown export parameters; Apollo raises it for CSRF and malformed requests.', APOLLO_SETS_STATUS),
  PAYLOAD_TOO_LARGE: entry('PAYLOAD_TOO_LARGE', 413, 'A request body is over MAX_BODY_BYTES, refused before it is parsed.', CLIENT_REFUSAL),

  // Who may ask.
  UNAUTHENTICATED: entry('UNAUTHENTICATED', 401, 'A mutation comes without an API key, or the Authorization header holds a key that is not valid.', {
    ...CLIENT_REFUSAL,
    headers: { 'WWW-Authenticate': 'Bearer' },
  }),
  FORBIDDEN: entry('FORBIDDEN', 403, "The API key's role is below the one the mutation needs.", CLIENT_REFUSAL),
  RATE_LIMITED: entry('RATE_LIMITED', 429, 'A client (API key or address) has used up its rate limit.', CLIENT_REFUSAL),

  // Query limits (security/queryLimits.ts), all checked before execution.
  QUERY_TOO_DEEP: entry('QUERY_TOO_DEEP', 400, 'The query nests deeper than QUERY_LIMITS.maxDepth.', CLIENT_REFUSAL),
  TOO_MANY_ALIASES: entry('TOO_MANY_ALIASES', 400, 'The query holds more aliases than QUERY_LIMITS.maxAliases.', CLIENT_REFUSAL),
  TOO_MANY_DIRECTIVES: entry('TOO_MANY_DIRECTIVES', 400, 'The query holds more directives than QUERY_LIMITS.maxDirectives.', CLIENT_REFUSAL),
  TOO_MANY_TOKENS: entry('TOO_MANY_TOKENS', 400, 'The document holds more tokens than QUERY_LIMITS.maxTokens (graphql-js stops parsing).', CLIENT_REFUSAL),
  TOO_MANY_SELECTIONS: entry('TOO_MANY_SELECTIONS', 400, 'Fragments expand to more selections than QUERY_LIMITS.maxRecursiveSelections (Apollo: MAX_RECURSIVE_SELECTIONS_EXCEEDED).', CLIENT_REFUSAL),
  QUERY_TOO_COSTLY: entry('QUERY_TOO_COSTLY', 400, 'The query may return more objects than QUERY_LIMITS.maxCost.', CLIENT_REFUSAL),
  FILTER_TOO_WIDE: entry('FILTER_TOO_WIDE', 400, 'A filter argument holds more terms (across and/or/not, each list item counted) than MAX_FILTER_TERMS (domain/limits.ts).', CLIENT_REFUSAL),
  FILTER_TOO_DEEP: entry('FILTER_TOO_DEEP', 400, 'A filter argument nests and/or/not deeper than MAX_FILTER_DEPTH (domain/limits.ts).', CLIENT_REFUSAL),
  SUBSCRIPTIONS_NOT_SUPPORTED: entry('SUBSCRIPTIONS_NOT_SUPPORTED', 400, 'The operation is a subscription; the schema has none and the service answers queries and mutations only (graphql/operationRules.ts).', CLIENT_REFUSAL),
  BATCHING_NOT_SUPPORTED: entry('BATCHING_NOT_SUPPORTED', 400, 'The body is an array of operations; Apollo refuses batches.', CLIENT_REFUSAL),

  // The database.
  DATABASE_UNAVAILABLE: entry('DATABASE_UNAVAILABLE', 503, 'Neo4j cannot be reached or is not serving the database; clients may retry shortly.', CLIENT_REFUSAL),
  DATABASE_ERROR: entry('DATABASE_ERROR', 500, 'Neo4j refused or failed a query; the driver detail stays in the server log.', FIELD_ERROR),
  // 504, not 503: the database is up but this request's work took too long, and 503 invites the
  // automatic retries (clients, balancers) that would only run the same slow query again.
  QUERY_TIMEOUT: entry('QUERY_TIMEOUT', 504, "A Cypher transaction ran past the transaction timeout (NEO4J_TRANSACTION_TIMEOUT_MS) or the request past HTTP_REQUEST_TIMEOUT_MS; Neo4j ended it.", CLIENT_REFUSAL),
  // 499 as nginx logs it: nobody reads the answer, but the log and the statistics say what happened.
  CLIENT_CLOSED_REQUEST: entry('CLIENT_CLOSED_REQUEST', 499, 'The client hung up before its answer was written; its running query was cancelled.', CLIENT_REFUSAL),

  // Raised by Apollo Server itself.
  GRAPHQL_PARSE_FAILED: entry('GRAPHQL_PARSE_FAILED', 400, 'The document is not valid GraphQL syntax.', APOLLO_SETS_STATUS),
  GRAPHQL_VALIDATION_FAILED: entry('GRAPHQL_VALIDATION_FAILED', 400, 'The document does not fit the schema, or asks for introspection where it is off.', APOLLO_SETS_STATUS),
  OPERATION_RESOLUTION_FAILURE: entry('OPERATION_RESOLUTION_FAILURE', 400, 'The request names no operation of the document, or an unknown one.', APOLLO_SETS_STATUS),
  // Apollo answers these with 200, as the automatic persisted queries protocol expects.
  PERSISTED_QUERY_NOT_FOUND: entry('PERSISTED_QUERY_NOT_FOUND', 200, 'A client sent only the hash of a query the server has not stored yet.', APOLLO_SETS_STATUS),
  PERSISTED_QUERY_NOT_SUPPORTED: entry('PERSISTED_QUERY_NOT_SUPPORTED', 200, 'A client sent a persisted query where persisted queries are off.', APOLLO_SETS_STATUS),
  // Apollo answers these with 400 and a message but no code; formatError recognises them.
  PERSISTED_QUERY_HASH_MISMATCH: entry('PERSISTED_QUERY_HASH_MISMATCH', 400, "A persisted query's sha256Hash is not the SHA-256 of the query text sent with it.", CLIENT_REFUSAL),
  PERSISTED_QUERY_VERSION_NOT_SUPPORTED: entry('PERSISTED_QUERY_VERSION_NOT_SUPPORTED', 400, 'A persisted query names a protocol version other than 1.', CLIENT_REFUSAL),

  // Nothing the service expected; the message may hold internals, so production masks it.
  INTERNAL_SERVER_ERROR: entry('INTERNAL_SERVER_ERROR', 500, 'An error no code describes: a bug, or a library failing in a way the service did not foresee.', {
    setsGraphQLStatus: 'never',
    safeInProduction: false,
  }),
} as const satisfies Record<string, ErrorCodeEntry>;

/** A code of the table: the type every ServiceError's code has. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** What a client is told in place of a message that is not safe to show. */
export const MASKED_MESSAGE = 'Internal server error';
/** The code of an error nothing in the service described. */
export const MASKED_CODE: ErrorCode = 'INTERNAL_SERVER_ERROR';

const BY_EXTENSION_CODE: ReadonlyMap<string, ErrorCodeEntry> = new Map(Object.values(ERROR_CODES).map((e) => [e.extensionCode, e]));

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}

/** The entry of the code a GraphQL error carries in `extensions.code`; undefined for a code the table does not know. */
export function entryOfExtensionCode(code: unknown): ErrorCodeEntry | undefined {
  return typeof code === 'string' ? BY_EXTENSION_CODE.get(code) : undefined;
}

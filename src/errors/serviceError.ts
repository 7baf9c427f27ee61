import { ERROR_CODES, type ErrorCode } from './errorCodes';

/** A fact in an error's details: text, a number, or lists and records of them (suggestions, candidates). */
export type ErrorDetail = string | number | boolean | null | readonly ErrorDetail[] | { readonly [key: string]: ErrorDetail };

export interface ServiceErrorOptions {
  /** The error underneath (a driver error, say): for the server log, never for the client. */
  cause?: unknown;
  /** Facts a client may act on, sent beside the code outside production (`{ field: 'input.name' }`). */
  details?: Readonly<Record<string, ErrorDetail>>;
}

/**
 * An error the service understands: the one error class of db, resolvers, security and http,
 * carrying a code from the table (errorCodes.ts) that decides its HTTP status and whether its
 * message is shown in production.
 */
export class ServiceError extends Error {
  readonly details: Readonly<Record<string, ErrorDetail>>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ServiceErrorOptions,
  ) {
    super(message, options && 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'ServiceError';
    this.details = options?.details ?? {};
  }

  /** The HTTP status an answer refused for this error takes. */
  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  /**
   * The extensions of the GraphQL error that carries this one: graphql-js copies them from an
   * error's `originalError`, so a ServiceError thrown in a resolver, a plugin or a validation
   * rule reaches the client with its code and no help from Apollo.
   */
  get extensions(): Readonly<Record<string, ErrorDetail>> {
    return { ...this.details, code: ERROR_CODES[this.code].extensionCode };
  }
}

/**
 * The ServiceError inside `error`, if any: Apollo and graphql-js wrap the errors thrown in
 * resolvers, plugins and validation rules in GraphQLErrors (sometimes twice), keeping the
 * original in `originalError`.
 */
export function serviceErrorIn(error: unknown): ServiceError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (current instanceof ServiceError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return null;
}

/**
 * What a command-line tool prints for a ServiceError before it exits with 1: the message, what
 * the code means (from the table), and the message of the cause, which an operator may read.
 */
export function commandLineReport(error: ServiceError): string[] {
  const lines = [error.message, `${error.code}: ${ERROR_CODES[error.code].raisedWhen}`];
  if (error.cause instanceof Error) {
    // A driver error names what Neo4j refused by its code (Neo.TransientError.General.MemoryPoolOutOfMemoryError, say).
    const code = 'code' in error.cause && typeof error.cause.code === 'string' ? ` (${error.cause.code})` : '';
    lines.push(`cause: ${error.cause.message}${code}`);
  }
  return lines;
}

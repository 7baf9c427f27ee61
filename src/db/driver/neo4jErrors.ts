import { Neo4jError } from 'neo4j-driver';

/** Error codes the service reports; one list, so clients can rely on them. */
export type ServiceErrorCode =
  | 'DATABASE_UNAVAILABLE'
  | 'DATABASE_ERROR'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND';

/** An error the service understands, carrying a code from ServiceErrorCode. */
export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ServiceError';
  }
}

const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.ClientError.Database.DatabaseNotFound',
]);

/**
 * Maps a driver error to the service's own: an unreachable database becomes
 * DATABASE_UNAVAILABLE, anything else DATABASE_ERROR. The Cypher and its parameters stay in
 * `cause` for the server log and never reach the message.
 */
export function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof Neo4jError && UNAVAILABLE_CODES.has(error.code)) {
    return new ServiceError('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly.', { cause: error });
  }
  return new ServiceError('DATABASE_ERROR', 'The database could not answer this request.', { cause: error });
}

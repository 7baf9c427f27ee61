import { Neo4jError } from 'neo4j-driver';
import { ServiceError } from '../../errors';

const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.ClientError.Database.DatabaseNotFound',
]);

/**
 * Every constraint of the graph is a uniqueness constraint on an id (cypher/migrations), so a
 * violation means a write raced another that created the same id first: two curators
 * creating one entity at once, say. The id was checked free inside the transaction; the
 * constraint is what refuses the second.
 */
const CONSTRAINT_VIOLATION = 'Neo.ClientError.Schema.ConstraintValidationFailed';

/**
 * Neo4j ended the transaction because it ran past its timeout: the driver's (sent with every
 * transaction, db/driver/database.ts) or the server's db.transaction.timeout. Neo4j 5 reports
 * the first as TransactionTimedOutClientConfiguration and the second as TransactionTimedOut.
 */
const TIMEOUT_CODES = new Set(['Neo.ClientError.Transaction.TransactionTimedOut', 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration']);

/** Whether `error` says the transaction ran past its timeout (and so must not be retried). */
export function isTimeoutError(error: unknown): boolean {
  return error instanceof Neo4jError && TIMEOUT_CODES.has(error.code);
}

const DEADLOCK = 'Neo.TransientError.Transaction.DeadlockDetected';

/**
 * Whether `error` (or the driver error it carries as its cause) says Neo4j ended the
 * transaction to break a deadlock: nothing of it was written, and running it again is safe.
 */
export function isDeadlock(error: unknown): boolean {
  const driverError = error instanceof ServiceError ? error.cause : error;
  return driverError instanceof Neo4jError && driverError.code === DEADLOCK;
}

/**
 * True when a transaction never reached Neo4j because no connection came in time: the pool's
 * acquisition timeout, or the connection's own (the driver says so only in its message). A
 * bulk load builds rows while batches are in flight, and a long stretch of that work can
 * outlast these timers; the batch then never ran, and running it again is safe.
 */
export function isConnectionWaitTimeout(error: unknown): boolean {
  const driverError = error instanceof ServiceError ? error.cause : error;
  return driverError instanceof Neo4jError && /^(Connection acquisition timed out|Failed to establish connection in)/.test(driverError.message);
}

/**
 * Maps a driver error to the service's own, in this one place: an unreachable database
 * becomes DATABASE_UNAVAILABLE, a timed-out transaction QUERY_TIMEOUT, a uniqueness violation
 * BAD_USER_INPUT, anything else DATABASE_ERROR. The Cypher and its parameters stay in `cause` for the server log and never
 * reach the message.
 */
export function toServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof Neo4jError && UNAVAILABLE_CODES.has(error.code)) {
    return new ServiceError('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly.', { cause: error });
  }
  if (isTimeoutError(error)) {
    return new ServiceError('QUERY_TIMEOUT', 'The query ran past the transaction timeout and was stopped; ask for less (a narrower filter, a smaller page or depth).', { cause: error });
  }
  if (error instanceof Neo4jError && error.code === CONSTRAINT_VIOLATION) {
    return new ServiceError('BAD_USER_INPUT', 'An entity with this id already exists.', { cause: error });
  }
  return new ServiceError('DATABASE_ERROR', 'The database could not answer this request.', { cause: error });
}

import { Neo4jError } from 'neo4j-driver';
import { isConnectionWaitTimeout, isTimeoutError, toServiceError } from '../../src/db/driver/neo4jErrors';
import { ServiceError } from '../../src/errors';

function driverError(code: string, message = 'detail with MATCH (secret) in it'): Neo4jError {
  return new Neo4jError(message, code, '50N42', 'error: general processing exception');
}

describe('toServiceError', () => {
  it('reports an unreachable database as DATABASE_UNAVAILABLE', () => {
    const mapped = toServiceError(driverError('ServiceUnavailable'));
    expect(mapped).toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: 'The database is unavailable; try again shortly.' });
  });

  it('reports a uniqueness violation as BAD_USER_INPUT with the message curation gives, keeping the driver error as its cause', () => {
    const error = driverError('Neo.ClientError.Schema.ConstraintValidationFailed', "Node(7) already exists with label `Entity` and property `id` = 'org:x'");
    const mapped = toServiceError(error);
    expect(mapped).toMatchObject({ code: 'BAD_USER_INPUT', message: 'An entity with this id already exists.' });
    expect(mapped.cause).toBe(error);
  });

  it('reports any other driver error as DATABASE_ERROR, never with the Cypher in its message', () => {
    const mapped = toServiceError(driverError('Neo.ClientError.Statement.SyntaxError'));
    expect(mapped).toMatchObject({ code: 'DATABASE_ERROR', message: 'The database could not answer this request.' });
    expect(mapped.message).not.toMatch(/MATCH/);
  });

  it('reports a transaction ended by its timeout (the driver\'s or the server\'s) as QUERY_TIMEOUT, 504, and never as retryable', () => {
    for (const code of ['Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', 'Neo.ClientError.Transaction.TransactionTimedOut']) {
      const error = driverError(code);
      expect(isTimeoutError(error)).toBe(true);
      expect(toServiceError(error)).toMatchObject({ code: 'QUERY_TIMEOUT', status: 504, cause: error });
    }
    expect(isTimeoutError(driverError('Neo.TransientError.General.DatabaseUnavailable'))).toBe(false);
  });

  it('passes a ServiceError through unchanged', () => {
    const error = new ServiceError('NOT_FOUND', 'No entity has the id "x".');
    expect(toServiceError(error)).toBe(error);
  });
});

describe('isConnectionWaitTimeout', () => {
  it('tells a transaction that never got a connection (the pool or the connection timed out), mapped or not, from one Neo4j ran', () => {
    const acquisition = driverError('N/A', 'Connection acquisition timed out in 5000 ms. Pool status: Active conn count = 1, Idle conn count = 0.');
    const connecting = driverError('ServiceUnavailable', 'Failed to establish connection in 3000ms');
    expect(isConnectionWaitTimeout(acquisition)).toBe(true);
    expect(isConnectionWaitTimeout(toServiceError(acquisition))).toBe(true);
    expect(isConnectionWaitTimeout(toServiceError(connecting))).toBe(true);
    expect(isConnectionWaitTimeout(toServiceError(driverError('Neo.TransientError.Transaction.DeadlockDetected')))).toBe(false);
    expect(isConnectionWaitTimeout(toServiceError(driverError('Neo.ClientError.Transaction.TransactionTimedOut')))).toBe(false);
  });
});

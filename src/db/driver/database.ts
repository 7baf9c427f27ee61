import neo4j, { isRetryableError, type Driver, type QueryResult, type RecordShape, type Session, type Transaction } from 'neo4j-driver';
import { DEFAULT_TRANSACTION_TIMEOUT_MS } from '../../domain/limits';
import { ServiceError } from '../../errors';
import { isTimeoutError, toServiceError } from './neo4jErrors';

/** How many Cypher queries a request ran and how long they took, for `extensions.db`. */
export interface QueryStats {
  queries: number;
  ms: number;
}

export function newQueryStats(): QueryStats {
  return { queries: 0, ms: 0 };
}

export interface DatabaseOptions {
  uri: string;
  user: string;
  password: string;
  database?: string | undefined;
  /** How long to wait for a pooled connection; kept below the HTTP timeout. */
  connectionAcquisitionTimeoutMs?: number;
  /** How long a transaction is retried on transient errors before the request fails. */
  maxTransactionRetryTimeMs?: number;
  /**
   * How long Neo4j lets one transaction of `read`, `write` or `dryRun` run before it ends it
   * (the driver's transaction timeout, sent with every transaction); kept below the HTTP
   * request timeout (src/config.ts checks), so a request answers QUERY_TIMEOUT, not a cut.
   */
  transactionTimeoutMs?: number;
}

/**
 * Schema statements build indexes and wait on them (`CALL db.awaitIndexes(300)` waits up to
 * five minutes): they run at start, never for a request, with a bound of their own, so that
 * the server's db.transaction.timeout backstop (neo4j-server/localServer.ts) never cuts one.
 */
export const SCHEMA_TIMEOUT_MS = 600_000;

/**
 * Ingestion and bulk loads (db/repositories/graphWriter.ts) commit thousands of rows in one
 * transaction; they run from the command line and at start, never for a request, and take
 * this bound instead of the request's.
 */
export const LOAD_TIMEOUT_MS = 600_000;

/**
 * A curation change (db/repositories/curationRepository.ts) runs only the fixed, bounded
 * statements of its unit of work, so no client can make one long; what makes it long is a busy
 * machine and other curators' locks on a shared node (a source many changes cite, a project
 * many link to). It takes this bound instead of the request's, kept under the HTTP request
 * timeout (30 s) with the connection wait (5 s) beside it, so that a correct change is not
 * refused for the queue it stood in.
 */
export const CURATION_TIMEOUT_MS = 24_000;

export { DEFAULT_TRANSACTION_TIMEOUT_MS };

/** How one call of read, write or dryRun runs, besides its Cypher. */
export interface RunOptions {
  /** Aborts the call: its session is closed, which ends its transaction in Neo4j. */
  signal?: AbortSignal | undefined;
  /** This call's transaction timeout, in place of the Database's (LOAD_TIMEOUT_MS for a bulk load). */
  timeoutMs?: number | undefined;
}

export type Params = Record<string, unknown>;

/**
 * JavaScript has one number type; Cypher tells integers from floats, and SKIP, LIMIT and
 * procedure options need integers. Whole numbers are therefore sent as Neo4j integers.
 */
export function toNeo4jParams(value: unknown): unknown {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(toNeo4jParams);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toNeo4jParams(v)]));
  }
  return value;
}

/** What a unit of work may do inside its transaction: run Cypher, each query counted. */
export interface UnitTransaction {
  run<R extends RecordShape = RecordShape>(cypher: string, params?: Params): Promise<QueryResult<R>>;
}

/** Several queries that belong together: run in one transaction, all of them happen or none. */
export type UnitOfWork<T> = (tx: UnitTransaction) => Promise<T>;

/** The part of a driver transaction a unit of work is given (managed or explicit). */
interface DriverTransaction {
  run<R extends RecordShape = RecordShape>(cypher: string, params?: Params): Promise<QueryResult<R>>;
}

/**
 * The one owner of the driver, and the only code that runs Cypher. It has four named modes:
 *
 * - `read`: one query as an auto-commit read, retried with backoff on transient errors;
 * - `write`: a unit of work in one managed write transaction, committed at the end (retried
 *   as a whole on transient errors);
 * - `dryRun`: the same unit of work in a transaction that is always rolled back;
 * - `schema`: a schema statement (constraints, indexes, procedures that wait on them), which
 *   Neo4j runs in a transaction of its own.
 *
 * Each mode opens its session and closes it in `finally`, counts every query into the
 * request's QueryStats when given one, and maps every driver error to the service's own
 * (toServiceError, the one mapping of Neo4j error codes). Every write, whatever its outcome,
 * notifies the onWrite listeners.
 */
export class Database {
  private readonly writeListeners = new Set<() => void>();
  /**
   * One bookmark manager for every session of this process: on a cluster (neo4j:// routing,
   * reads on secondaries) a read waits until the writes this process made before it are
   * visible there, so a curator reads their own writes. On a single server it costs nothing.
   */
  private readonly bookmarks = neo4j.bookmarkManager();

  private constructor(
    private readonly driver: Driver,
    private readonly database: string | undefined,
    private readonly maxRetryMs: number,
    /** The transaction config of every read, write and dry run. */
    private readonly txConfig: { timeout: number },
  ) {}

  static connect(options: DatabaseOptions): Database {
    const driver = neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password), {
      connectionAcquisitionTimeout: options.connectionAcquisitionTimeoutMs ?? 5_000,
      connectionTimeout: 3_000,
      // An outage must fail a request within seconds, not after the driver's default 30 s of retries.
      maxTransactionRetryTime: options.maxTransactionRetryTimeMs ?? 2_000,
      maxConnectionPoolSize: 100,
      disableLosslessIntegers: false,
      userAgent: 'migration-governance-graph',
    });
    const timeout = options.transactionTimeoutMs ?? DEFAULT_TRANSACTION_TIMEOUT_MS;
    if (!Number.isInteger(timeout) || timeout <= 0) throw new Error(`transactionTimeoutMs must be a positive whole number of milliseconds; got ${timeout}.`);
    return new Database(driver, options.database, options.maxTransactionRetryTimeMs ?? 2_000, Object.freeze({ timeout }));
  }

  /**
   * Calls `listener` after every write this process makes (committed, rolled back or failed:
   * a write whose outcome is unknown counts too). The response cache drops its entries on it.
   * Returns a function that removes the listener.
   */
  onWrite(listener: () => void): () => void {
    this.writeListeners.add(listener);
    return () => this.writeListeners.delete(listener);
  }

  /** Resolves when the database answers; rejects with a ServiceError otherwise. */
  async verify(): Promise<void> {
    try {
      await this.driver.getServerInfo({ database: this.database });
    } catch (error) {
      throw toServiceError(error);
    }
  }

  /**
   * Runs one read query as an auto-commit query (RUN and PULL in one round trip, no BEGIN or
   * COMMIT), retried like a managed transaction on the errors the driver marks retryable,
   * with backoff, for at most maxTransactionRetryTime; a timeout is not retried. When `signal`
   * aborts (the client hung up, the request ran out of time), the session is closed at once,
   * which resets its connection and so ends the query in Neo4j, and the read rejects with the
   * signal's reason.
   */
  async read<R extends RecordShape = RecordShape>(cypher: string, params: Params, stats?: QueryStats, options: RunOptions = {}): Promise<QueryResult<R>> {
    const { signal } = options;
    throwIfAborted(signal);
    const started = performance.now();
    const deadline = Date.now() + this.maxRetryMs;
    const converted = toNeo4jParams(params) as Params;
    try {
      for (let attempt = 0; ; attempt += 1) {
        const session = this.session('READ');
        const cancel = cancelOnAbort(signal, session);
        try {
          const result = await untilAborted(session.run<R>(cypher, converted, this.configFor(options)), signal);
          // A result cut short by the abort may hold only some of its rows: never hand it on.
          throwIfAborted(signal);
          return result;
        } catch (error) {
          throwIfAborted(signal);
          if (isTimeoutError(error) || !isRetryableError(error) || Date.now() >= deadline) throw toServiceError(error);
          await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * 2 ** attempt) * (0.8 + Math.random() * 0.4)));
        } finally {
          cancel();
          await session.close();
        }
      }
    } finally {
      count(stats, started);
    }
  }

  /**
   * Runs `work` in one managed write transaction and commits it: all of its queries happen or
   * none. On a transient error the driver retries the whole unit, so `work` must not keep
   * state across attempts.
   */
  async write<T>(work: UnitOfWork<T>, stats?: QueryStats, options: RunOptions = {}): Promise<T> {
    const { signal } = options;
    throwIfAborted(signal);
    const session = this.session('WRITE');
    const cancel = cancelOnAbort(signal, session);
    try {
      return await untilAborted(
        session.executeWrite((tx) => work(counted(tx, stats, signal)), this.configFor(options)),
        signal,
      );
    } catch (error) {
      throwIfAborted(signal);
      throw toServiceError(error);
    } finally {
      cancel();
      await session.close();
      this.notifyWrite();
    }
  }

  /**
   * Runs `work` as `write` would and always rolls it back: what it returns (a report of what
   * would change, say) is all that is left. Not retried, and nothing to tell the listeners.
   */
  async dryRun<T>(work: UnitOfWork<T>, stats?: QueryStats, options: RunOptions = {}): Promise<T> {
    const { signal } = options;
    throwIfAborted(signal);
    const session = this.session('WRITE');
    const cancel = cancelOnAbort(signal, session);
    let tx: Transaction | undefined;
    try {
      tx = session.beginTransaction(this.configFor(options));
      return await untilAborted(work(counted(tx, stats, signal)), signal);
    } catch (error) {
      throwIfAborted(signal);
      throw toServiceError(error);
    } finally {
      cancel();
      if (tx?.isOpen()) await tx.rollback().catch(() => undefined);
      await session.close();
    }
  }

  /**
   * Runs one schema statement (CREATE CONSTRAINT, CREATE INDEX, CALL db.awaitIndexes): Neo4j
   * does not mix schema and data changes in one transaction, so each runs on its own.
   */
  async schema(statement: string, params: Params = {}): Promise<QueryResult> {
    const session = this.session('WRITE');
    try {
      return await session.run(statement, toNeo4jParams(params) as Params, { timeout: SCHEMA_TIMEOUT_MS });
    } catch (error) {
      throw toServiceError(error);
    } finally {
      await session.close();
      this.notifyWrite();
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  /** The transaction config of one call: its own timeout when it gives one, the Database's otherwise. */
  private configFor(options: RunOptions): { timeout: number } {
    return options.timeoutMs === undefined ? this.txConfig : { timeout: options.timeoutMs };
  }

  private notifyWrite(): void {
    for (const listener of this.writeListeners) listener();
  }

  /** A session on the configured database, chained to the others by the bookmark manager. */
  private session(mode: 'READ' | 'WRITE'): Session {
    return this.driver.session({
      database: this.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.bookmarks,
    });
  }
}

/** Counts one query, begun at `started`, into a request's stats. */
function count(stats: QueryStats | undefined, started: number): void {
  if (!stats) return;
  stats.queries += 1;
  stats.ms += performance.now() - started;
}

/**
 * Rejects with the reason of `signal` once it has aborted. The reason is the ServiceError the
 * HTTP layer aborted with (QUERY_TIMEOUT, CLIENT_CLOSED_REQUEST); any other becomes
 * CLIENT_CLOSED_REQUEST.
 */
function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw abortError(signal);
}

function abortError(signal: AbortSignal): ServiceError {
  return signal.reason instanceof ServiceError ? signal.reason : new ServiceError('CLIENT_CLOSED_REQUEST', 'The request was cancelled before its query finished.');
}

/**
 * Closes `session` when `signal` aborts: the driver then cancels its results and resets the
 * connection, and a RESET makes Neo4j terminate the running transaction. Returns the function
 * that stops listening, for the `finally` of the caller.
 */
function cancelOnAbort(signal: AbortSignal | undefined, session: Session): () => void {
  if (!signal) return () => undefined;
  const close = () => void session.close().catch(() => undefined);
  signal.addEventListener('abort', close, { once: true });
  return () => signal.removeEventListener('abort', close);
}

/**
 * `work`, or the signal's reason as soon as it aborts, whichever comes first: the caller must
 * not wait on a promise of the driver's that a cancelled stream may settle late.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A driver transaction as a unit of work sees it: parameters converted, each query counted, none begun after an abort. */
function counted(tx: DriverTransaction, stats: QueryStats | undefined, signal?: AbortSignal): UnitTransaction {
  return {
    async run<R extends RecordShape = RecordShape>(cypher: string, params: Params = {}): Promise<QueryResult<R>> {
      throwIfAborted(signal);
      const started = performance.now();
      try {
        return await tx.run<R>(cypher, toNeo4jParams(params) as Params);
      } finally {
        count(stats, started);
      }
    },
  };
}

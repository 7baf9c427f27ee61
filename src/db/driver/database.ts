import neo4j, { isRetryableError, type Driver, type ManagedTransaction, type QueryResult, type RecordShape, type Session } from 'neo4j-driver';
import { toServiceError } from './neo4jErrors';

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

/** Counts one query, begun at `started`, into a request's stats. */
function count(stats: QueryStats | undefined, started: number): void {
  if (!stats) return;
  stats.queries += 1;
  stats.ms += performance.now() - started;
}

/** What code inside a transaction may do: run Cypher. */
export interface TransactionRunner {
  run(cypher: string, params?: Params): Promise<QueryResult>;
}

/**
 * The one owner of the driver: every query runs here, in a managed transaction
 * (executeRead/executeWrite), with its session closed in `finally` and driver errors mapped
 * to the service's own. Each call counts into the request's QueryStats.
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
  ) {}

  /**
   * Calls `listener` after every write this process makes (committed, rolled back or failed:
   * a write whose outcome is unknown counts too). The response cache drops its entries on it.
   * Returns a function that removes the listener.
   */
  onWrite(listener: () => void): () => void {
    this.writeListeners.add(listener);
    return () => this.writeListeners.delete(listener);
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
    return new Database(driver, options.database, options.maxTransactionRetryTimeMs ?? 2_000);
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
   * A read runs as one auto-commit query (RUN and PULL in one round trip, no BEGIN or COMMIT),
   * retried like a managed transaction on the errors the driver marks retryable, with backoff,
   * for at most maxTransactionRetryTime.
   */
  async read<R extends RecordShape = RecordShape>(cypher: string, params: Params, stats?: QueryStats): Promise<QueryResult<R>> {
    const started = performance.now();
    const deadline = Date.now() + this.maxRetryMs;
    const converted = toNeo4jParams(params) as Params;
    try {
      for (let attempt = 0; ; attempt += 1) {
        const session = this.session('READ');
        try {
          return await session.run<R>(cypher, converted);
        } catch (error) {
          if (!isRetryableError(error) || Date.now() >= deadline) throw toServiceError(error);
          await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * 2 ** attempt) * (0.8 + Math.random() * 0.4)));
        } finally {
          await session.close();
        }
      }
    } finally {
      count(stats, started);
    }
  }

  async write<R extends RecordShape = RecordShape>(cypher: string, params: Params, stats?: QueryStats): Promise<QueryResult<R>> {
    return this.executeWrite((tx) => tx.run<R>(cypher, toNeo4jParams(params) as Params), stats);
  }

  /** Runs several writes in one transaction: all of them happen or none. */
  async writeTransaction<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.executeWrite(work);
  }

  /**
   * Runs `work` in one explicit transaction that is committed only when `commit` is true and
   * rolled back otherwise (a dry run), so that a failure or a dry run leaves nothing behind.
   */
  async transaction<T>(work: (tx: TransactionRunner) => Promise<T>, commit: boolean): Promise<T> {
    const session = this.session('WRITE');
    const tx = session.beginTransaction();
    try {
      const runner: TransactionRunner = { run: (cypher, params) => tx.run(cypher, toNeo4jParams(params ?? {}) as Params) };
      const result = await work(runner);
      if (commit) await tx.commit();
      else await tx.rollback();
      return result;
    } catch (error) {
      if (tx.isOpen()) await tx.rollback().catch(() => undefined);
      throw toServiceError(error);
    } finally {
      await session.close();
      if (commit) this.notifyWrite();
    }
  }

  /** Runs a statement outside an explicit transaction: schema commands and migrations. */
  async runAutoCommit(cypher: string, params: Params = {}): Promise<QueryResult> {
    const session = this.session('WRITE');
    try {
      return await session.run(cypher, toNeo4jParams(params) as Params);
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

  /** A managed write transaction (retried on transient errors); every write notifies onWrite's listeners. */
  private async executeWrite<T>(work: (tx: ManagedTransaction) => Promise<T>, stats?: QueryStats): Promise<T> {
    const session = this.session('WRITE');
    const started = performance.now();
    try {
      return await session.executeWrite(work);
    } catch (error) {
      throw toServiceError(error);
    } finally {
      count(stats, started);
      await session.close();
      this.notifyWrite();
    }
  }

}

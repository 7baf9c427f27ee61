import type { RecordShape } from 'neo4j-driver';
import type { CypherCatalog, Slots } from '../cypher/catalog';
import { newQueryStats, type Database, type Params, type QueryStats, type RunOptions, type UnitTransaction } from './database';

/** What a unit of work of named queries may do inside its transaction. */
export interface NamedQueryTransaction {
  /** Runs the named query from cypher/queries and returns its rows as plain objects. */
  run<R extends RecordShape = Record<string, unknown>>(name: string, params?: Params, slots?: Slots): Promise<R[]>;
}

/**
 * The one way repositories run Cypher: by the name of a file in cypher/queries, through the
 * Database's modes, counted into one request's (or one load's) QueryStats, and cancelled with
 * that request (`options.signal`: its client hung up, or it ran out of time; a bulk load gives
 * its own `timeoutMs` instead). Repositories see rows as plain objects and never a driver
 * transaction.
 */
export class QueryRunner {
  constructor(
    private readonly db: Database,
    private readonly catalog: CypherCatalog,
    readonly stats: QueryStats = newQueryStats(),
    private readonly options: RunOptions = {},
  ) {}

  /** Runs the named read query and returns its rows as plain objects. */
  async read<R extends RecordShape = Record<string, unknown>>(name: string, params: Params, slots?: Slots): Promise<R[]> {
    const result = await this.db.read<R>(this.catalog.get(name, slots), params, this.stats, this.options);
    return result.records.map((record) => record.toObject());
  }

  /** Runs `work` in one write transaction, committed at the end: all its queries happen or none. */
  async write<T>(work: (tx: NamedQueryTransaction) => Promise<T>): Promise<T> {
    return this.db.write((tx) => work(this.named(tx)), this.stats, this.options);
  }

  /** Runs `work` as `write` would, and rolls it back. */
  async dryRun<T>(work: (tx: NamedQueryTransaction) => Promise<T>): Promise<T> {
    return this.db.dryRun((tx) => work(this.named(tx)), this.stats, this.options);
  }

  /**
   * The branches of a UNION ALL, each the fragment `name` with one set of slots: for a batch
   * of lookups that differ in what Cypher cannot take as a parameter (relationship types),
   * answered in one query.
   */
  unionAll(name: string, branches: readonly Slots[]): string {
    return this.catalog.unionAll(name, branches);
  }

  private named(tx: UnitTransaction): NamedQueryTransaction {
    return {
      run: async <R extends RecordShape = Record<string, unknown>>(name: string, params: Params = {}, slots?: Slots): Promise<R[]> => {
        const result = await tx.run<R>(this.catalog.get(name, slots), params);
        return result.records.map((record) => record.toObject());
      },
    };
  }
}

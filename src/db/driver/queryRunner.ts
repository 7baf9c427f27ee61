import type { RecordShape } from 'neo4j-driver';
import type { CypherCatalog } from '../cypher/catalog';
import type { Database, Params, QueryStats } from './database';

/**
 * What a repository needs to run a named query from cypher/queries for one request: the
 * database, the catalog, and the request's query counter.
 */
export class QueryRunner {
  constructor(
    private readonly db: Database,
    private readonly catalog: CypherCatalog,
    readonly stats: QueryStats,
  ) {}

  /** Runs the named read query and returns its rows as plain objects. */
  async read<R extends RecordShape>(name: string, params: Params, slots?: Readonly<Record<string, string>>): Promise<R[]> {
    const result = await this.db.read<R>(this.catalog.get(name, slots), params, this.stats);
    return result.records.map((record) => record.toObject());
  }
}

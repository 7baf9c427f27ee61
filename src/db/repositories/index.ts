import type { CypherCatalog } from '../cypher/catalog';
import { QueryRunner } from '../driver/queryRunner';
import { CURATION_TIMEOUT_MS, type Database, type QueryStats } from '../driver/database';
import { CurationRepository } from './curationRepository';
import { EntityRepository } from './entityRepository';
import { GraphRepository } from './graphRepository';
import { ListRepository } from './listRepository';
import { NameRepository } from './nameRepository';
import { SearchRepository } from './searchRepository';

export interface Repositories {
  entities: EntityRepository;
  lists: ListRepository;
  search: SearchRepository;
  graph: GraphRepository;
  curation: CurationRepository;
  names: NameRepository;
}

/** The repositories of one request, all counting into that request's QueryStats and cancelled with it (`signal`). */
export function createRepositories(db: Database, catalog: CypherCatalog, stats: QueryStats, signal?: AbortSignal): Repositories {
  const runner = new QueryRunner(db, catalog, stats, { signal });
  return {
    entities: new EntityRepository(runner),
    lists: new ListRepository(runner),
    search: new SearchRepository(runner),
    graph: new GraphRepository(runner),
    curation: new CurationRepository(new QueryRunner(db, catalog, stats, { signal, timeoutMs: CURATION_TIMEOUT_MS })),
    names: new NameRepository(runner),
  };
}

import type { CypherCatalog } from '../db/cypher/catalog';
import { newQueryStats, type Database, type QueryStats } from '../db/driver/database';
import { createRepositories, type Repositories } from '../db/repositories';
import { ANONYMOUS, type Viewer } from '../security/apiKeys';
import { defaultCurationPolicy, type CurationPolicy } from '../security/curationPolicy';
import { Loaders } from './loaders';
import type { NameCache } from './nameCache';

export interface RequestContext {
  repositories: Repositories;
  loaders: Loaders;
  /** The Cypher queries this request ran, reported in `extensions.db` outside production. */
  stats: QueryStats;
  /** Who is asking: anonymous, or the holder of an API key (curation needs one). */
  viewer: Viewer;
  /** What a curation write must satisfy: the deny-list and the documents to check excerpts in. */
  curationPolicy: CurationPolicy;
  /** Aborts when the client hangs up or the request runs out of time; every query of the request stops with it. */
  signal: AbortSignal | undefined;
  /** What names resolved to in earlier requests of this process (none for contexts made alone). */
  names: NameCache | undefined;
}

export interface RequestContextOptions {
  viewer?: Viewer;
  curationPolicy?: CurationPolicy;
  /** The HTTP request's signal (http/requestSignal.ts); none for contexts made outside a request. */
  signal?: AbortSignal;
  names?: NameCache;
}

/** A fresh context for one request: new loaders, so no answer is reused across requests. */
export function createRequestContext(db: Database, catalog: CypherCatalog, options: RequestContextOptions = {}): RequestContext {
  const stats = newQueryStats();
  const repositories = createRepositories(db, catalog, stats, options.signal);
  return {
    repositories,
    loaders: new Loaders(repositories),
    stats,
    viewer: options.viewer ?? ANONYMOUS,
    curationPolicy: options.curationPolicy ?? defaultCurationPolicy(),
    signal: options.signal,
    names: options.names,
  };
}

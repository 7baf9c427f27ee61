/**
 * The benchmark's vocabulary, shared by the harness (bench/run.ts), the query shapes
 * (bench/shapes.ts), the parameter pool (bench/pool.ts) and the comparison servers
 * (bench/servers/*).
 */

/** The servers measured side by side on the same Neo4j and the same data. */
export type ServerKind = 'floor' | 'service' | 'neo4jGraphql';

export const SHAPE_NAMES = [
  'organisationProfile',
  'projectsBenefiting',
  'search',
  'neighbourhood',
  'shortestPath',
  'projectsPerDonor',
  'nested3',
  'hubNeighbourhood',
] as const;

export type ShapeName = (typeof SHAPE_NAMES)[number];

/** The questions each server answers: every shape's but hubNeighbourhood's, which asks neighbourhood's of the hubs. */
export type QueryName = Exclude<ShapeName, 'hubNeighbourhood'>;

/**
 * Parameters drawn from the graph being measured, so that each request asks for something
 * that exists and consecutive requests ask for different things (no cache can hide the work).
 */
export interface Pool {
  /** Any organisation. */
  organisationIds: string[];
  /** Organisations that benefit from at least one project. */
  beneficiaryIds: string[];
  /** Words that occur in entity names (full-text search terms). */
  searchTerms: string[];
  /** Pairs of entities joined by a path of at most 6 relationships. */
  pathPairs: Array<{ from: string; to: string }>;
  /** Country ISO codes or ids used to narrow the per-donor aggregation. */
  countryIds: string[];
  /** The most connected entities (the donors, countries and laws most projects are tied to). */
  hubIds: string[];
}

/** One HTTP request: always a POST with a JSON body. */
export interface BenchRequest {
  path: string;
  body: string;
}

export interface Shape {
  name: ShapeName;
  /** One line for the results table. */
  description: string;
  /** The i-th request of this shape to a server of the given kind (parameters cycle through the pool). */
  request(kind: ServerKind, pool: Pool, i: number): BenchRequest;
  /** null when the answer is a right one; otherwise why it is not (non-2xx, GraphQL errors, empty or malformed data). */
  check(kind: ServerKind, status: number, body: string): string | null;
}

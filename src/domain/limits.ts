/**
 * How much one request may ask for: page sizes, graph depths and path lengths. The resolvers
 * check them, the data layer relies on them, and the query-cost model counts with them.
 */

/** Connections give 20 items unless asked, and never more than 100 at once. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** An entity's audit trail: the newest 100 events unless asked, 500 at most. */
export const DEFAULT_HISTORY = 100;
export const MAX_HISTORY = 500;

export const MAX_NEIGHBOURHOOD_DEPTH = 3;
export const MAX_PATH_LENGTH = 10;
/** allShortestPaths merges at most this many paths; between hubs there can be thousands. */
export const MAX_SHORTEST_PATHS = 100;
/** Neighbourhoods are capped at this many nodes besides the centre. */
export const DEFAULT_NEIGHBOURHOOD_LIMIT = 500;
/** A client may ask for more, up to this: beyond it no browser draws the graph readably. */
export const MAX_NEIGHBOURHOOD_LIMIT = 2000;
/** subgraph(ids:) takes as many ids as a neighbourhood may hold, and no more. */
export const MAX_SUBGRAPH_IDS = MAX_NEIGHBOURHOOD_LIMIT + 1;

/**
 * The whole-graph read of the exports is capped, so that what the service holds in memory to
 * serialise it stays bounded however the graph grows: beyond these, the export says it was
 * truncated and a client asks for a neighbourhood (`focus`) instead.
 */
export const WHOLE_GRAPH_NODE_LIMIT = 20_000;
export const WHOLE_GRAPH_EDGE_LIMIT = 100_000;

/** What is wrong with `value` as the integer argument `name` in min..max; null when it fits. */
export function rangeProblem(name: string, value: number, min: number, max: number): string | null {
  if (Number.isInteger(value) && value >= min && value <= max) return null;
  return `"${name}" must be between ${min} and ${max}; got ${value}.`;
}

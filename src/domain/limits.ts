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
 * A search is what a person types: at most 500 characters, 32 words and 100 characters a word
 * (words counted after normalisation, as they reach the full-text index). Lucene's own limits
 * sit not far above, and what it answers past them is an error the service can only report as
 * DATABASE_ERROR: search.fulltext asks for each word in four fields, twice, and a BooleanQuery
 * holds at most 1,024 clauses (127 words passed, 128 failed); the last word is also a prefix,
 * whose automaton holds at most 1,000 states (a word of 1,000 characters passed, 1,001 failed).
 * Measured on Neo4j 5.26, issue 18.
 */
export const MAX_SEARCH_LENGTH = 500;
export const MAX_SEARCH_WORDS = 32;
export const MAX_SEARCH_WORD_LENGTH = 100;

/**
 * The largest offset a cursor may carry. The data layer adds the page size and one (to see
 * whether there is a next page) to it as a JavaScript number, which must stay an exact integer
 * for Neo4j to take it as SKIP and LIMIT (offset 9007199254740991 failed as a float LIMIT).
 * No list of this graph comes anywhere near it; the service never writes a larger one.
 */
export const MAX_CURSOR_OFFSET = Number.MAX_SAFE_INTEGER - MAX_PAGE_SIZE - 2;

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

/**
 * A filter (ProjectFilter, OrganisationFilter, LegalFrameworkFilter, CountryFilter) holds at
 * most this many terms, counted across every `and`, `or` and `not` and with each item of a
 * list field (`id`, `statusIn`, `kindIn`) as one term. Neo4j plans a filter of n terms in time
 * that grows with n (50 `or` branches took 11 s, 3,000 more than 15 minutes, before names were
 * compiled to lists; issue 18), and no research question of this graph needs more than a few
 * dozen: wider questions are several requests.
 */
export const MAX_FILTER_TERMS = 50;

/** Filters nest at most this deep, so that a hostile query cannot build an enormous clause. */
export const MAX_FILTER_DEPTH = 5;

/**
 * The transaction timeout of the service's Cypher (NEO4J_TRANSACTION_TIMEOUT_MS unless set).
 * Long enough for the slowest legitimate work measured, with room to spare: the slowest p99
 * of the benchmark is 4 s (neighbourhoods, 50 connections on one 2-core machine, README
 * "Measured") and a bulk-load batch of 5,000 rows takes about 4 s. Short enough that with the
 * connection acquisition timeout (5 s) and the retries of transient errors (2 s) a request
 * is answered QUERY_TIMEOUT within the HTTP request timeout (30 s), never cut.
 */
export const DEFAULT_TRANSACTION_TIMEOUT_MS = 15_000;

/**
 * A name resolution (NameResolution.units) lists at most this many units of the organisation a
 * name resolved to; the filter itself includes them all. The cost model counts the list by it.
 */
export const MAX_LISTED_UNITS = 100;

/** `match` answers this many candidates unless `first` says otherwise (at most MAX_PAGE_SIZE). */
export const DEFAULT_MATCH_COUNT = 10;

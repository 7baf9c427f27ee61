/**
 * The benchmark's query shapes: for each, the request each kind of server gets and the check
 * of its answer. The three servers are asked for the same fields with the same limits (lists
 * of 20, neighbourhoods of at most 500 entities, paths of at most 6 relationships), so that
 * their answers are of comparable size:
 *
 * - service: POST /graphql with {query, variables} against the service's real schema;
 * - neo4jGraphql: POST /graphql against the type definitions of bench/servers/neo4jGraphql.ts;
 * - floor: POST /shape/<name> with the parameters as JSON (bench/servers/floor.ts), whose
 *   answer is the service's `{"data": ...}` for the same question.
 */
import { toLuceneQuery } from '../src/db/repositories/searchRepository';
import { normaliseName } from '../src/domain/names';
import type { BenchRequest, Pool, QueryName, ServerKind, Shape } from './types';

/** Every list of every shape holds at most this many items (the service's default page). */
export const PAGE_SIZE = 20;
/** The longest path shortestPath looks for; the pool's pairs are joined within it. */
export const MAX_PATH_LENGTH = 6;
/** At most this many entities besides the centre in a neighbourhood (the service's default). */
export const NEIGHBOURHOOD_LIMIT = 500;

// ---------------------------------------------------------------------------------------
// Reading answers without `any`.

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a path of keys, or undefined when any step is missing or not an object. */
function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** `data` of a 2xx GraphQL-style answer without errors, or why there is none. */
function dataOf(status: number, body: string): { data: Json } | { problem: string } {
  if (status < 200 || status >= 300) return { problem: `HTTP ${status}: ${body.slice(0, 200)}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { problem: `not JSON: ${body.slice(0, 200)}` };
  }
  if (!isObject(parsed)) return { problem: 'the answer is not a JSON object' };
  const errors = parsed.errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const first = errors[0];
    const message = isObject(first) && typeof first.message === 'string' ? first.message : JSON.stringify(first);
    return { problem: `GraphQL errors: ${message}`.slice(0, 300) };
  }
  if (!isObject(parsed.data)) return { problem: 'no data in the answer' };
  return { data: parsed.data };
}

/** Null when `value` is a list of 1 to `max` items; otherwise what is wrong with it. */
function nonEmptyList(value: unknown, what: string, max: number = PAGE_SIZE): string | null {
  if (!Array.isArray(value)) return `${what} is not a list`;
  if (value.length === 0) return `${what} is empty`;
  if (value.length > max) return `${what} holds ${value.length} items, more than ${max}`;
  return null;
}

function hasId(value: unknown, what: string): string | null {
  return isObject(value) && typeof value.id === 'string' && value.id !== '' ? null : `${what} is missing or has no id`;
}

/** The one organisation of an answer: `organisation` (service, floor) or `organisations[0]` (neo4jGraphql). */
function organisationOf(kind: ServerKind, data: Json): unknown {
  if (kind !== 'neo4jGraphql') return data.organisation;
  const list = data.organisations;
  return Array.isArray(list) && list.length === 1 ? list[0] : undefined;
}

/** Runs `inspect` on the data of a right answer; returns the first problem found. */
function checked(status: number, body: string, inspect: (data: Json) => string | null): string | null {
  const answer = dataOf(status, body);
  if ('problem' in answer) return answer.problem;
  return inspect(answer.data);
}

// ---------------------------------------------------------------------------------------
// Requests.

function graphqlRequest(query: string, variables: Json): BenchRequest {
  return { path: '/graphql', body: JSON.stringify({ query: query.replace(/\s+/g, ' ').trim(), variables }) };
}

function floorRequest(shape: QueryName, params: Json): BenchRequest {
  return { path: `/shape/${shape}`, body: JSON.stringify(params) };
}

/** The i-th item of a pool list, cycling; a pool never holds an empty list. */
function pick<T>(list: readonly T[], i: number, what: string): T {
  if (list.length === 0) throw new Error(`The pool holds no ${what}`);
  const item = list[((i % list.length) + list.length) % list.length];
  if (item === undefined) throw new Error(`The pool holds no ${what}`);
  return item;
}

const SORT_BY_NAME = '[{sortName: ASC}, {id: ASC}]';

/** The GraphQL of each shape for the service and for @neo4j/graphql; the floor takes plain params. */
export const QUERIES: Record<QueryName, { service: string; neo4jGraphql: string }> = {
  organisationProfile: {
    service: `query OrganisationProfile($id: ID!) {
      organisation(id: $id) {
        id name acronym aliases kind isDonor
        parent { id name }
        country { id name isoCode }
        units { id name }
        sources { document excerpt }
      }
    }`,
    neo4jGraphql: `query OrganisationProfile($id: ID!) {
      organisations(where: {id: {eq: $id}}) {
        id name acronym aliases kind isDonor
        parent(limit: 1, sort: ${SORT_BY_NAME}) { id name }
        country(limit: 1, sort: ${SORT_BY_NAME}) { id name isoCode }
        units(sort: ${SORT_BY_NAME}) { id name }
        sourcesConnection(sort: [{node: {id: ASC}}, {edge: {position: ASC}}]) { edges { node { id } properties { excerpt } } }
      }
    }`,
  },
  projectsBenefiting: {
    service: `query ProjectsBenefiting($id: ID!, $first: Int!) {
      organisation(id: $id) {
        id
        projectsBenefiting(first: $first) {
          totalCount
          nodes {
            id name acronym status startDate endDate
            fundedBy { id name }
            implementedBy { id name }
            countries { id name isoCode }
          }
        }
      }
    }`,
    neo4jGraphql: `query ProjectsBenefiting($id: ID!, $first: Int!) {
      organisations(where: {id: {eq: $id}}) {
        id
        projectsBenefitingConnection { totalCount }
        projectsBenefiting(limit: $first, sort: ${SORT_BY_NAME}) {
          id name acronym status startDate endDate
          fundedBy(sort: ${SORT_BY_NAME}) { id name }
          implementedBy(sort: ${SORT_BY_NAME}) { id name }
          countries(sort: ${SORT_BY_NAME}) { id name isoCode }
        }
      }
    }`,
  },
  search: {
    service: `query Search($query: String!, $first: Int!) {
      search(query: $query, first: $first) { score type entity { id name } }
    }`,
    neo4jGraphql: `query Search($query: String!, $key: String!, $first: Int!) {
      searchEntities(query: $query, key: $key, first: $first) { score type id name }
    }`,
  },
  neighbourhood: {
    service: `query Neighbourhood($id: ID!, $limit: Int!) {
      neighbourhood(id: $id, depth: 2, limit: $limit) { nodes { id name type } edges { source target type } truncated }
    }`,
    neo4jGraphql: `query Neighbourhood($id: ID!, $limit: Int!) {
      neighbourhood(id: $id, limit: $limit) { nodes { id name type } edges { source target type } truncated }
    }`,
  },
  shortestPath: {
    service: `query ShortestPath($from: ID!, $to: ID!, $maxLength: Int!) {
      shortestPath(from: $from, to: $to, maxLength: $maxLength) { nodes { id name type } edges { source target type } }
    }`,
    neo4jGraphql: `query ShortestPath($from: ID!, $to: ID!) {
      shortestPath(from: $from, to: $to) { nodes { id name type } edges { source target type } }
    }`,
  },
  projectsPerDonor: {
    service: `query ProjectsPerDonor($country: String!) {
      projectStats(groupBy: DONOR, filter: {country: $country}) { key count entity { id name } budget { amount currency } }
    }`,
    neo4jGraphql: `query ProjectsPerDonor($country: ID!) {
      projectsPerDonor(country: $country) { key count entityId entityName budget { amount currency } }
    }`,
  },
  nested3: {
    service: `query Nested3($id: ID!, $first: Int!) {
      organisation(id: $id) {
        id name
        projectsBenefiting(first: $first) {
          nodes { id name fundedBy { id name projectsFunded(first: $first) { nodes { id name } } } }
        }
      }
    }`,
    neo4jGraphql: `query Nested3($id: ID!, $first: Int!) {
      organisations(where: {id: {eq: $id}}) {
        id name
        projectsBenefiting(limit: $first, sort: ${SORT_BY_NAME}) {
          id name fundedBy(sort: ${SORT_BY_NAME}) { id name projectsFunded(limit: $first, sort: ${SORT_BY_NAME}) { id name } }
        }
      }
    }`,
  },
};

function request(shape: QueryName, kind: ServerKind, params: Json, graphqlVariables: Partial<Record<'service' | 'neo4jGraphql', Json>> = {}): BenchRequest {
  if (kind === 'floor') return floorRequest(shape, params);
  return graphqlRequest(QUERIES[shape][kind], graphqlVariables[kind] ?? params);
}

/** The request and check of a neighbourhood (2 hops, at most NEIGHBOURHOOD_LIMIT) around the entities `ids` draws from the pool. */
function neighbourhoodOf(ids: (pool: Pool) => readonly string[], what: string): Pick<Shape, 'request' | 'check'> {
  return {
    request: (kind, pool, i) => {
      const id = pick(ids(pool), i, what);
      return request('neighbourhood', kind, { id }, { service: { id, limit: NEIGHBOURHOOD_LIMIT }, neo4jGraphql: { id, limit: NEIGHBOURHOOD_LIMIT } });
    },
    check: (_kind, status, body) =>
      checked(status, body, (data) => {
        const graph = data.neighbourhood;
        if (!isObject(graph)) return 'no neighbourhood';
        if (typeof graph.truncated !== 'boolean') return 'truncated is not a boolean';
        return nonEmptyList(graph.nodes, 'nodes', NEIGHBOURHOOD_LIMIT + 1) ?? (Array.isArray(graph.edges) ? null : 'edges is not a list');
      }),
  };
}

// ---------------------------------------------------------------------------------------
// The shapes.

export const SHAPES: readonly Shape[] = [
  {
    name: 'organisationProfile',
    description: 'an organisation by id: names, kind, parent, country, units, evidence',
    request: (kind, pool, i) => request('organisationProfile', kind, { id: pick(pool.organisationIds, i, 'organisations') }),
    check: (kind, status, body) =>
      checked(status, body, (data) => {
        const org = organisationOf(kind, data);
        return hasId(org, 'organisation') ?? (typeof at(org, 'name') === 'string' ? null : 'organisation has no name');
      }),
  },
  {
    name: 'projectsBenefiting',
    description: `projects benefiting an organisation (first ${PAGE_SIZE}) with donors, implementers, countries`,
    request: (kind, pool, i) => {
      const id = pick(pool.beneficiaryIds, i, 'beneficiaries');
      return request('projectsBenefiting', kind, { id }, { service: { id, first: PAGE_SIZE }, neo4jGraphql: { id, first: PAGE_SIZE } });
    },
    check: (kind, status, body) =>
      checked(status, body, (data) => {
        const org = organisationOf(kind, data);
        const missing = hasId(org, 'organisation');
        if (missing) return missing;
        const nodes = kind === 'neo4jGraphql' ? at(org, 'projectsBenefiting') : at(org, 'projectsBenefiting', 'nodes');
        const total = kind === 'neo4jGraphql' ? at(org, 'projectsBenefitingConnection', 'totalCount') : at(org, 'projectsBenefiting', 'totalCount');
        if (typeof total !== 'number' || total < 1) return `totalCount is ${JSON.stringify(total)}, expected at least 1`;
        return nonEmptyList(nodes, 'projectsBenefiting');
      }),
  },
  {
    name: 'search',
    description: `full-text search for a word of a real name (first ${PAGE_SIZE})`,
    request: (kind, pool, i) => {
      const text = pick(pool.searchTerms, i, 'search terms');
      // @neo4j/graphql has no query-building step of its own: the client sends the Lucene
      // query the service and the floor build from the same text.
      const luceneQuery = toLuceneQuery(text) ?? text;
      return request('search', kind, { query: text }, {
        service: { query: text, first: PAGE_SIZE },
        neo4jGraphql: { query: luceneQuery, key: normaliseName(text), first: PAGE_SIZE },
      });
    },
    check: (kind, status, body) =>
      checked(status, body, (data) => {
        const hits = kind === 'neo4jGraphql' ? data.searchEntities : data.search;
        const problem = nonEmptyList(hits, 'search hits');
        if (problem || !Array.isArray(hits)) return problem;
        const first: unknown = hits[0];
        return hasId(kind === 'neo4jGraphql' ? first : at(first, 'entity'), 'the first hit');
      }),
  },
  {
    name: 'neighbourhood',
    description: `an entity and everything within 2 hops (at most ${NEIGHBOURHOOD_LIMIT}), with the edges among them`,
    ...neighbourhoodOf((pool) => pool.organisationIds, 'organisations'),
  },
  {
    name: 'shortestPath',
    description: `a shortest path (at most ${MAX_PATH_LENGTH} relationships, either direction) between two connected entities`,
    request: (kind, pool, i) => {
      const { from, to } = pick(pool.pathPairs, i, 'path pairs');
      return request('shortestPath', kind, { from, to }, { service: { from, to, maxLength: MAX_PATH_LENGTH } });
    },
    check: (_kind, status, body) =>
      checked(status, body, (data) => {
        const graph = data.shortestPath;
        if (!isObject(graph)) return 'no path found between a connected pair';
        const nodes = graph.nodes;
        const edges = graph.edges;
        if (!Array.isArray(nodes) || nodes.length < 2) return 'the path has fewer than 2 nodes';
        if (!Array.isArray(edges) || edges.length !== nodes.length - 1) return 'the path has not one edge fewer than nodes';
        return edges.length > MAX_PATH_LENGTH ? `the path is ${edges.length} long` : null;
      }),
  },
  {
    name: 'projectsPerDonor',
    description: 'projects in a country grouped by donor: count and budget per currency',
    request: (kind, pool, i) => request('projectsPerDonor', kind, { country: pick(pool.countryIds, i, 'countries') }),
    check: (kind, status, body) =>
      checked(status, body, (data) => {
        const buckets = kind === 'neo4jGraphql' ? data.projectsPerDonor : data.projectStats;
        if (!Array.isArray(buckets) || buckets.length === 0) return 'no buckets for a country with projects';
        const first: unknown = buckets[0];
        const count = at(first, 'count');
        return typeof count === 'number' && count >= 1 ? null : `the first bucket counts ${JSON.stringify(count)}`;
      }),
  },
  {
    name: 'nested3',
    description: `organisation -> projects benefiting it -> their donors -> the donors' funded projects (${PAGE_SIZE} per list)`,
    request: (kind, pool, i) => {
      const id = pick(pool.beneficiaryIds, i, 'beneficiaries');
      return request('nested3', kind, { id }, { service: { id, first: PAGE_SIZE }, neo4jGraphql: { id, first: PAGE_SIZE } });
    },
    check: (kind, status, body) =>
      checked(status, body, (data) => {
        const org = organisationOf(kind, data);
        const missing = hasId(org, 'organisation');
        if (missing) return missing;
        const projects = kind === 'neo4jGraphql' ? at(org, 'projectsBenefiting') : at(org, 'projectsBenefiting', 'nodes');
        const problem = nonEmptyList(projects, 'projectsBenefiting');
        if (problem || !Array.isArray(projects)) return problem;
        return projects.every((p: unknown) => Array.isArray(at(p, 'fundedBy'))) ? null : 'a project has no fundedBy list';
      }),
  },
  {
    name: 'hubNeighbourhood',
    description: `the neighbourhood (2 hops, at most ${NEIGHBOURHOOD_LIMIT}) of one of the 20 most connected entities, which reach thousands`,
    // The same question as neighbourhood, asked of a hub: the limit must bound its cost.
    ...neighbourhoodOf((pool) => pool.hubIds, 'hubs'),
  },
];

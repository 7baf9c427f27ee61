/**
 * The floor: the least a server can do to answer the benchmark's questions. One node:http
 * handler, ONE hand-written Cypher query per shape run through neo4j-driver (a session per
 * request, executeRead), and the answer written as the JSON the service's GraphQL API gives
 * for the same question (`{"data": ...}`), with no GraphQL in between.
 *
 * Routes: POST /shape/<name> with the shape's parameters as a JSON object; GET /healthz.
 * Env: NEO4J_URI, NEO4J_USER (neo4j), NEO4J_PASSWORD, PORT (4200), HOST (127.0.0.1).
 * Prints `listening on http://host:port` when ready.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import neo4j, { isDate, isInt, type Driver } from 'neo4j-driver';
import { relationshipAlternation } from '../../src/db/cypher/relationshipPatterns';
import { toLuceneQuery } from '../../src/db/repositories/searchRepository';
import { normaliseName } from '../../src/domain/names';
import type { QueryName } from '../types';
import { readBody, sendJson, serve, serverEnv } from './common';

/** Every entity relationship type (not EVIDENCED_BY), for the graph shapes' patterns. */
const ALL_TYPES = relationshipAlternation();
const ENTITY_TYPE = "[l IN labels(n) WHERE l IN ['Organisation','Project','Country','LegalFramework','Person']][0]";

/** Page size of every list, as the service's default `first`. */
export const FLOOR_PAGE_SIZE = 20;
/** The service's default neighbourhood limit. */
export const FLOOR_NEIGHBOURHOOD_LIMIT = 500;

/** The Cypher of each shape: one query, one row, one column `data` holding the answer. */
export const FLOOR_CYPHER: Record<QueryName, string> = {
  organisationProfile: `
    OPTIONAL MATCH (o:Organisation {id: $id})
    RETURN CASE WHEN o IS NULL THEN null ELSE o {
      .id, .name, .acronym, aliases: coalesce(o.aliases, []), .kind, isDonor: o:Donor,
      parent: head(COLLECT { MATCH (o)-[:PART_OF]->(t:Organisation) WITH t ORDER BY t.sortName, t.id RETURN t {.id, .name} }),
      country: head(COLLECT { MATCH (o)-[:IN_COUNTRY]->(t:Country) WITH t ORDER BY t.sortName, t.id RETURN t {.id, .name, .isoCode} }),
      units: COLLECT { MATCH (o)<-[:PART_OF]-(t:Organisation) WITH t ORDER BY t.sortName, t.id RETURN t {.id, .name} },
      sources: COLLECT { MATCH (o)-[r:EVIDENCED_BY]->(s:Source) WITH s, r ORDER BY s.id, r.position RETURN {document: s.id, excerpt: r.excerpt} }
    } END AS data`,
  projectsBenefiting: `
    OPTIONAL MATCH (o:Organisation {id: $id})
    CALL (o) {
      OPTIONAL MATCH (o)<-[:BENEFITS]-(p:Project)
      RETURN count(p) AS total
    }
    RETURN CASE WHEN o IS NULL THEN null ELSE {
      id: o.id,
      projectsBenefiting: {
        totalCount: total,
        nodes: COLLECT {
          MATCH (o)<-[:BENEFITS]-(p:Project)
          WITH p ORDER BY p.sortName, p.id LIMIT $first
          RETURN p {
            .id, .name, .acronym, .status, startDate: toString(p.startDate), endDate: toString(p.endDate),
            fundedBy: COLLECT { MATCH (p)-[:FUNDED_BY]->(t:Organisation) WITH t ORDER BY t.sortName, t.id RETURN t {.id, .name} },
            implementedBy: COLLECT { MATCH (p)-[:IMPLEMENTED_BY]->(t:Organisation) WITH t ORDER BY t.sortName, t.id RETURN t {.id, .name} },
            countries: COLLECT { MATCH (p)-[:IN_COUNTRY]->(t:Country) WITH t ORDER BY t.sortName, t.id RETURN t {.id, .name, .isoCode} }
          }
        }
      }
    } END AS data`,
  search: `
    CALL () {
      CALL db.index.fulltext.queryNodes('entity_search', $query) YIELD node, score
      WITH node, score
      ORDER BY CASE WHEN $key IN node.nameKeys THEN 0 ELSE 1 END, score DESC, node.sortName
      LIMIT $first
      RETURN collect({
        score: score,
        type: CASE WHEN node:Organisation THEN 'ORGANISATION' WHEN node:Project THEN 'PROJECT' WHEN node:Country THEN 'COUNTRY'
                   WHEN node:LegalFramework THEN 'LEGAL_FRAMEWORK' ELSE 'PERSON' END,
        entity: {id: node.id, name: node.name}
      }) AS hits
    }
    RETURN hits AS data`,
  neighbourhood: `
    OPTIONAL MATCH (s:Entity {id: $id})
    CALL (s) {
      OPTIONAL MATCH (s)-[:${ALL_TYPES}*1..2]-(n:Entity)
      WHERE n <> s
      WITH DISTINCT n
      LIMIT $limit + 1
      RETURN collect(n) AS reached
    }
    WITH s, [s] + reached[0..$limit] AS nodes, size(reached) > $limit AS truncated
    RETURN CASE WHEN s IS NULL THEN null ELSE {
      nodes: [n IN nodes | {id: n.id, name: n.name, type: ${ENTITY_TYPE}}],
      edges: COLLECT { UNWIND nodes AS a MATCH (a)-[r:${ALL_TYPES}]->(b:Entity) WHERE b IN nodes RETURN {source: a.id, target: b.id, type: type(r)} },
      truncated: truncated
    } END AS data`,
  shortestPath: `
    CALL () {
      MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
      MATCH path = shortestPath((a)-[:${ALL_TYPES}*..6]-(b))
      WITH path LIMIT 1
      RETURN {
        nodes: [n IN nodes(path) | {id: n.id, name: n.name, type: ${ENTITY_TYPE}}],
        edges: [r IN relationships(path) | {source: startNode(r).id, target: endNode(r).id, type: type(r)}]
      } AS graph
    }
    RETURN graph AS data`,
  projectsPerDonor: `
    CALL () {
      MATCH (:Country {id: $country})<-[:IN_COUNTRY]-(p:Project)
      OPTIONAL MATCH (p)-[:FUNDED_BY]->(g:Organisation)
      WITH g, collect(DISTINCT p) AS projects
      CALL (projects) {
        UNWIND projects AS q
        WITH q.budgetCurrency AS currency, sum(q.budgetAmount) AS amount
        WHERE currency IS NOT NULL
        WITH currency, amount ORDER BY currency
        RETURN collect({amount: amount, currency: currency}) AS budget
      }
      WITH g, size(projects) AS count, budget
      ORDER BY count DESC, g.id
      RETURN collect({
        key: coalesce(g.id, '(none)'),
        count: count,
        entity: CASE WHEN g IS NULL THEN null ELSE {id: g.id, name: g.name} END,
        budget: budget
      }) AS buckets
    }
    RETURN buckets AS data`,
  nested3: `
    OPTIONAL MATCH (o:Organisation {id: $id})
    RETURN CASE WHEN o IS NULL THEN null ELSE {
      id: o.id, name: o.name,
      projectsBenefiting: {
        nodes: COLLECT {
          MATCH (o)<-[:BENEFITS]-(p:Project)
          WITH p ORDER BY p.sortName, p.id LIMIT $first
          RETURN p {
            .id, .name,
            fundedBy: COLLECT {
              MATCH (p)-[:FUNDED_BY]->(d:Organisation)
              WITH d ORDER BY d.sortName, d.id
              RETURN d {
                .id, .name,
                projectsFunded: {
                  nodes: COLLECT { MATCH (d)<-[:FUNDED_BY]-(q:Project) WITH q ORDER BY q.sortName, q.id LIMIT $first RETURN q {.id, .name} }
                }
              }
            }
          }
        }
      }
    } END AS data`,
};

/** The root field of the service's answer that each shape's data sits under. */
export const FLOOR_ROOT_FIELD: Record<QueryName, string> = {
  organisationProfile: 'organisation',
  projectsBenefiting: 'organisation',
  search: 'search',
  neighbourhood: 'neighbourhood',
  shortestPath: 'shortestPath',
  projectsPerDonor: 'projectStats',
  nested3: 'organisation',
};

class BadRequest extends Error {}

function stringParam(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value === '') throw new BadRequest(`"${name}" must be a non-empty string`);
  return value;
}

/** The Cypher parameters of a shape from the request's JSON. */
export function floorParams(shape: QueryName, params: Record<string, unknown>): Record<string, unknown> {
  const first = neo4j.int(FLOOR_PAGE_SIZE);
  switch (shape) {
    case 'organisationProfile':
      return { id: stringParam(params, 'id') };
    case 'projectsBenefiting':
    case 'nested3':
      return { id: stringParam(params, 'id'), first };
    case 'search': {
      const text = stringParam(params, 'query');
      return { query: toLuceneQuery(text) ?? '', key: normaliseName(text), first };
    }
    case 'neighbourhood':
      return { id: stringParam(params, 'id'), limit: neo4j.int(FLOOR_NEIGHBOURHOOD_LIMIT) };
    case 'shortestPath':
      return { from: stringParam(params, 'from'), to: stringParam(params, 'to') };
    case 'projectsPerDonor':
      return { country: stringParam(params, 'country') };
  }
}

/** Neo4j values as JSON: integers as numbers, dates as YYYY-MM-DD, maps and lists recursively. */
export function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (isInt(value)) return value.toNumber();
  if (isDate(value)) return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = plain(item);
    return out;
  }
  return value;
}

function isQueryName(value: string): value is QueryName {
  return Object.hasOwn(FLOOR_CYPHER, value);
}

async function main(): Promise<void> {
  const env = serverEnv(4200);
  const driver: Driver = neo4j.driver(env.uri, neo4j.auth.basic(env.user, env.password));
  await driver.getServerInfo();

  async function answer(shape: QueryName, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let params: Record<string, unknown>;
    try {
      const body: unknown = JSON.parse(await readBody(req));
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest('the body must be a JSON object');
      params = floorParams(shape, body as Record<string, unknown>);
    } catch (error) {
      return sendJson(res, 400, { errors: [{ message: error instanceof Error ? error.message : String(error) }] });
    }
    const session = driver.session({ defaultAccessMode: neo4j.session.READ });
    try {
      const result = await session.executeRead((tx) => tx.run(FLOOR_CYPHER[shape], params));
      const data: unknown = result.records[0]?.get('data') ?? null;
      sendJson(res, 200, { data: { [FLOOR_ROOT_FIELD[shape]]: plain(data) } });
    } finally {
      await session.close();
    }
  }

  await serve(
    env,
    async (req, res, path) => {
      const shape = path.startsWith('/shape/') ? path.slice('/shape/'.length) : '';
      if (path === '/healthz') sendJson(res, 200, { status: 'ok' });
      else if (req.method === 'POST' && isQueryName(shape)) await answer(shape, req, res);
      else sendJson(res, 404, { errors: [{ message: `No route ${req.method ?? ''} ${path}` }] });
    },
    () => driver.close(),
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`[floor] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

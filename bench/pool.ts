/**
 * The parameter pool: random but valid parameters drawn from the graph being measured, with
 * parameterised Cypher only. Every list holds up to `size` distinct items (fewer when the
 * graph has fewer) and none is empty, or buildPool fails.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { relationshipAlternation } from '../src/db/cypher/relationshipPatterns';
import { toLuceneQuery } from '../src/db/repositories/searchRepository';
import { normaliseName } from '../src/domain/names';
import { MAX_PATH_LENGTH } from './shapes';
import type { Pool } from './types';

/** The entity relationship types a path may follow (the evidence's EVIDENCED_BY is not one). */
const ENTITY_RELATIONSHIPS = relationshipAlternation();

/**
 * Lucene's English stop words (of 4 letters or more; shorter words are never picked): the
 * full-text analyzer drops them, so a search for one alone finds nothing.
 */
const STOP_WORDS = new Set(['into', 'such', 'that', 'their', 'then', 'there', 'these', 'they', 'this', 'will', 'with']);

export class PoolError extends Error {}

async function read(driver: Driver, cypher: string, params: Record<string, unknown>): Promise<unknown[][]> {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    const result = await session.executeRead((tx) => tx.run(cypher, params));
    return result.records.map((record) => record.keys.map((key) => record.get(key)));
  } finally {
    await session.close();
  }
}

/** The first column of every row, as strings (nulls left out). */
async function strings(driver: Driver, cypher: string, params: Record<string, unknown>): Promise<string[]> {
  const rows = await read(driver, cypher, params);
  return rows.map((row) => row[0]).filter((value): value is string => typeof value === 'string');
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const a = items[i];
    const b = items[j];
    if (a !== undefined && b !== undefined) {
      items[i] = b;
      items[j] = a;
    }
  }
  return items;
}

function required<T>(list: T[], what: string): T[] {
  if (list.length === 0) throw new PoolError(`The graph has no ${what}: the benchmark needs at least one.`);
  return list;
}

/** Up to `size` random organisations; with `beneficiaries`, only those benefiting from a project. */
function randomOrganisations(driver: Driver, size: number, beneficiaries: boolean): Promise<string[]> {
  const where = beneficiaries ? 'WHERE EXISTS { (o)<-[:BENEFITS]-(:Project) }' : '';
  return strings(driver, `MATCH (o:Organisation) ${where} WITH o, rand() AS r ORDER BY r LIMIT $size RETURN o.id`, { size: neo4j.int(size) });
}

/** Countries where at least one project takes place, by id. */
function randomCountries(driver: Driver, size: number): Promise<string[]> {
  return strings(driver, 'MATCH (c:Country) WHERE EXISTS { (c)<-[:IN_COUNTRY]-(:Project) } WITH c, rand() AS r ORDER BY r LIMIT $size RETURN c.id', { size: neo4j.int(size) });
}

/**
 * Words of the names of random entities (4 letters or more, no digits, no stop word), each
 * kept only when the full-text search the service runs for it finds something.
 */
async function searchTerms(driver: Driver, size: number): Promise<string[]> {
  const names = await strings(driver, 'MATCH (n:Entity) WHERE n.name IS NOT NULL WITH n, rand() AS r ORDER BY r LIMIT $names RETURN n.name', {
    names: neo4j.int(Math.max(size * 2, 50)),
  });
  const words = new Set<string>();
  for (const name of names) {
    for (const word of name.split(/[^\p{L}\p{N}]+/u)) {
      const key = normaliseName(word);
      if (key.length >= 4 && !/\d/.test(key) && !STOP_WORDS.has(key) && !key.includes(' ')) words.add(word);
    }
  }
  const terms: string[] = [];
  for (const word of shuffle([...words])) {
    if (terms.length >= size) break;
    const query = toLuceneQuery(word);
    if (query === null) continue;
    const found = await read(driver, "CALL db.index.fulltext.queryNodes('entity_search', $query) YIELD node RETURN count(node) > 0 AS found", { query });
    if (found[0]?.[0] === true) terms.push(word);
  }
  return terms;
}

/**
 * Pairs of entities joined by a path of at most MAX_PATH_LENGTH relationships: a random walk
 * of 1 to MAX_PATH_LENGTH steps from a random entity, over entity relationships in either
 * direction, ends at an entity at most that far away (a walk is never shorter than the
 * shortest path). Walks that come back to their start are dropped.
 */
async function pathPairs(driver: Driver, size: number): Promise<Array<{ from: string; to: string }>> {
  const starts = await strings(driver, 'MATCH (n:Entity) WHERE EXISTS { (n)-[:' + ENTITY_RELATIONSHIPS + ']-(:Entity) } WITH n, rand() AS r ORDER BY r LIMIT $size RETURN n.id', {
    size: neo4j.int(size),
  });
  const step = `MATCH (a:Entity {id: $id})-[:${ENTITY_RELATIONSHIPS}]-(b:Entity)
                WITH collect(b.id) AS ids
                RETURN CASE WHEN size(ids) = 0 THEN null ELSE ids[toInteger(floor(rand() * size(ids)))] END AS next`;
  const pairs: Array<{ from: string; to: string }> = [];
  const seen = new Set<string>();
  for (let attempt = 0; pairs.length < size && attempt < size * 3; attempt++) {
    const from = starts[attempt % Math.max(starts.length, 1)];
    if (from === undefined) break;
    const steps = 1 + Math.floor(Math.random() * MAX_PATH_LENGTH);
    let at: string = from;
    for (let s = 0; s < steps; s++) {
      const next = (await strings(driver, step, { id: at }))[0];
      if (next === undefined) break;
      at = next;
    }
    const key = `${from}\u0000${at}`;
    if (at !== from && !seen.has(key)) {
      seen.add(key);
      pairs.push({ from, to: at });
    }
  }
  return pairs;
}

/** The `size` entities with the most relationships, most first: the hubs of the graph. */
function hubs(driver: Driver, size: number): Promise<string[]> {
  return strings(driver, `MATCH (n:Entity) WITH n, COUNT { (n)-[:${ENTITY_RELATIONSHIPS}]-() } AS degree ORDER BY degree DESC, n.id LIMIT $size RETURN n.id`, {
    size: neo4j.int(size),
  });
}

/** How many hubs the pool holds: the few entities that are truly the graph's most connected. */
const HUBS = 20;

/** Draws a pool of about `size` parameters of each kind from the graph behind `driver`. */
export async function buildPool(driver: Driver, size: number): Promise<Pool> {
  if (!Number.isInteger(size) || size < 1) throw new PoolError(`The pool size must be a positive integer; got ${size}.`);
  const [organisationIds, beneficiaryIds, countryIds, hubIds] = await Promise.all([
    randomOrganisations(driver, size, false),
    randomOrganisations(driver, size, true),
    randomCountries(driver, size),
    hubs(driver, Math.min(size, HUBS)),
  ]);
  const terms = await searchTerms(driver, size);
  const pairs = await pathPairs(driver, size);
  return {
    organisationIds: required(organisationIds, 'organisations'),
    beneficiaryIds: required(beneficiaryIds, 'organisations benefiting from a project'),
    searchTerms: required(terms, 'searchable words in entity names'),
    pathPairs: required(pairs, 'pairs of connected entities'),
    countryIds: required(countryIds, 'countries with projects'),
    hubIds: required(hubIds, 'entities with relationships'),
  };
}

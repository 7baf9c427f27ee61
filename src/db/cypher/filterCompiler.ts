import { normaliseName } from '../../domain/names';
import { ServiceError } from '../../errors';

/**
 * What every filter compiler (projectFilter.ts, entityFilters.ts) shares: parameter names,
 * matching an entity by name, the words of a text search, and the nesting of filters with
 * `and`, `or` and `not` up to a depth limit. Each compiler adds only its own fields, as fixed
 * fragments; every value travels as a parameter and nothing the user sends becomes Cypher.
 */

/** Filters nest at most this deep, so that a hostile query cannot build an enormous clause. */
export const MAX_FILTER_DEPTH = 5;

/** The full-text index (keyword analyzer) over every entity's nameKeys: exact name lookups by index. */
export const NAME_KEY_INDEX = 'entity_name_keys';

export interface CompiledFilter {
  where: string;
  params: Record<string, unknown>;
}

/** The nesting a filter input may have; a filter without it (CountryFilter) simply has none. */
export interface NestedFilter<F> {
  and?: readonly F[] | null;
  or?: readonly F[] | null;
  not?: F | null;
}

/**
 * The parameters of one compilation, named `<prefix>0`, `<prefix>1`, ... in the order the
 * clauses ask for them, so that nested filters never reuse a name.
 */
export class FilterParams {
  readonly values: Record<string, unknown> = {};
  private counter = 0;

  constructor(private readonly prefix: string) {}

  /** Adds `value` and returns its parameter's name (without `$`). */
  add(value: unknown): string {
    const name = `${this.prefix}${this.counter++}`;
    this.values[name] = value;
    return name;
  }

  /** Adds a name to match (see nameParam) and returns its parameter's name. */
  name(value: string): string {
    return this.add(nameParam(value));
  }
}

/**
 * The parameter value for a name: its normalised key, the raw text (which may be an id), and
 * the key as a Lucene phrase for the name-key index.
 */
export function nameParam(value: string): { key: string; raw: string; phrase: string } {
  const key = normaliseName(value);
  return { key, raw: value, phrase: `"${key.replace(/["\\]/g, (c) => `\\${c}`)}"` };
}

/** A Cypher test that `variable` is the entity named by parameter `param` (name, acronym, alias or id). */
export function namesEntity(variable: string, param: string): string {
  return `($${param}.key IN ${variable}.nameKeys OR ${variable}.id = $${param}.raw)`;
}

/**
 * An organisation matches a name when it bears the name, or, with lineage, when a renamed
 * predecessor or successor does (SUCCEEDED_BY either way), or, with units, when an
 * organisation it is part of does.
 */
export function organisationMatch(variable: string, param: string, includeLineage: boolean, includeUnits: boolean): string {
  const self = namesEntity(variable, param);
  const named = includeLineage
    ? `(${self} OR EXISTS { MATCH (${variable})-[:SUCCEEDED_BY*1..5]-(lineage:Organisation) WHERE ${namesEntity('lineage', param)} })`
    : self;
  if (!includeUnits) return named;
  const parentNamed = includeLineage
    ? `(${namesEntity('parent', param)} OR EXISTS { MATCH (parent)-[:SUCCEEDED_BY*1..5]-(lineage:Organisation) WHERE ${namesEntity('lineage', param)} })`
    : namesEntity('parent', param);
  return `(${named} OR EXISTS { MATCH (${variable})-[:PART_OF*1..6]->(parent:Organisation) WHERE ${parentNamed} })`;
}

/** Every word of `text` (normalised) occurs in the searchable text of `variable`. */
export function wordsClause(variable: string, text: string, params: FilterParams): string {
  const words = normaliseName(text).split(' ').filter(Boolean);
  return `all(w IN $${params.add(words)} WHERE ${variable}.searchText CONTAINS w)`;
}

/**
 * Compiles `filter` into a WHERE clause: the clauses `fields` gives for its own fields, then
 * its `and`, `or` and `not` filters compiled the same way one level deeper, all joined with
 * AND; `true` when nothing is set. Refuses nesting beyond MAX_FILTER_DEPTH.
 */
export function compileNested<F extends NestedFilter<F>>(filter: F, fields: (filter: F, depth: number) => string[], depth = 0): string {
  if (depth > MAX_FILTER_DEPTH) throw new ServiceError('BAD_USER_INPUT', `Filters may nest at most ${MAX_FILTER_DEPTH} levels deep.`);
  const clauses = fields(filter, depth);
  if (filter.and && filter.and.length > 0) clauses.push(`(${filter.and.map((sub) => compileNested(sub, fields, depth + 1)).join(' AND ')})`);
  // An empty `or` is a disjunction of nothing: it matches nothing.
  if (filter.or) clauses.push(filter.or.length === 0 ? 'false' : `(${filter.or.map((sub) => compileNested(sub, fields, depth + 1)).join(' OR ')})`);
  if (filter.not) clauses.push(`NOT (${compileNested(filter.not, fields, depth + 1)})`);
  return allOf(clauses);
}

/** The clauses joined with AND; `true` when there are none. */
export function allOf(clauses: readonly string[]): string {
  return clauses.length > 0 ? clauses.join(' AND ') : 'true';
}

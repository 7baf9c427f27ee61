import { MAX_FILTER_DEPTH } from '../../domain/limits';
import { normaliseName } from '../../domain/names';
import { ServiceError } from '../../errors';

/**
 * What every filter compiler (projectFilter.ts, entityFilters.ts) shares: parameter names,
 * matching an entity by name, the words of a text search, and the nesting of filters with
 * `and`, `or` and `not` up to a depth limit. Each compiler adds only its own fields, as fixed
 * fragments; every value travels as a parameter and nothing the user sends becomes Cypher.
 */

export { MAX_FILTER_DEPTH };

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
 * The parameter value for several names at once (an `or` of one name field): their keys and
 * raw texts as lists, so that one IN test replaces a subquery per name.
 */
export function nameListParam(values: readonly string[]): { keys: string[]; raws: string[] } {
  return { keys: values.map((value) => normaliseName(value)), raws: [...values] };
}

/** A Cypher test that `variable` is one of the entities named by list parameter `param` (see nameListParam). */
export function namesAnyEntity(variable: string, param: string): string {
  return `(any(nameKey IN ${variable}.nameKeys WHERE nameKey IN $${param}.keys) OR ${variable}.id IN $${param}.raws)`;
}

/**
 * An organisation matches a name when it bears the name, or, with lineage, when a renamed
 * predecessor or successor does (SUCCEEDED_BY either way), or, with units, when an
 * organisation it is part of does.
 */
export function organisationMatch(variable: string, param: string, includeLineage: boolean, includeUnits: boolean): string {
  return organisationMatchBy(variable, (v) => namesEntity(v, param), includeLineage, includeUnits);
}

/** organisationMatch with the test of a name given: namesEntity for one name, namesAnyEntity for a list. */
export function organisationMatchBy(variable: string, names: (variable: string) => string, includeLineage: boolean, includeUnits: boolean): string {
  const self = names(variable);
  const named = includeLineage ? `(${self} OR EXISTS { MATCH (${variable})-[:SUCCEEDED_BY*1..5]-(lineage:Organisation) WHERE ${names('lineage')} })` : self;
  if (!includeUnits) return named;
  const parentNamed = includeLineage ? `(${names('parent')} OR EXISTS { MATCH (parent)-[:SUCCEEDED_BY*1..5]-(lineage:Organisation) WHERE ${names('lineage')} })` : names('parent');
  return `(${named} OR EXISTS { MATCH (${variable})-[:PART_OF*1..6]->(parent:Organisation) WHERE ${parentNamed} })`;
}

/** Every word of `text` (normalised) occurs in the searchable text of `variable`. */
export function wordsClause(variable: string, text: string, params: FilterParams): string {
  const words = normaliseName(text).split(' ').filter(Boolean);
  return `all(w IN $${params.add(words)} WHERE ${variable}.searchText CONTAINS w)`;
}

/**
 * One branch of an `or` as a compiler's grouping gives it back: a branch to compile as it is,
 * or a clause standing for several branches at once (see OrGrouping).
 */
export type OrBranch<F> = { branch: F } | { clause: string };

/**
 * How a compiler may merge the branches of an `or` before each is compiled: an `or` of 300
 * names of one relationship is one EXISTS with an IN list, not 300 subqueries for Neo4j to
 * plan. It returns the branches in their order, merged ones in place of the first of them.
 */
export type OrGrouping<F> = (branches: readonly F[]) => Array<OrBranch<F>>;

/**
 * Compiles `filter` into a WHERE clause: the clauses `fields` gives for its own fields, then
 * its `and`, `or` and `not` filters compiled the same way one level deeper (the `or` branches
 * merged first by `groupOr`, when given), all joined with AND; `true` when nothing is set.
 * Refuses nesting beyond MAX_FILTER_DEPTH (the API refuses it earlier: security/filterWidth.ts).
 */
export function compileNested<F extends NestedFilter<F>>(filter: F, fields: (filter: F, depth: number) => string[], groupOr?: OrGrouping<F>, depth = 0): string {
  if (depth > MAX_FILTER_DEPTH) throw new ServiceError('BAD_USER_INPUT', `Filters may nest at most ${MAX_FILTER_DEPTH} levels deep.`);
  const deeper = (sub: F) => compileNested(sub, fields, groupOr, depth + 1);
  const clauses = fields(filter, depth);
  if (filter.and && filter.and.length > 0) clauses.push(`(${filter.and.map(deeper).join(' AND ')})`);
  if (filter.or) {
    if (filter.or.length > 0 && depth + 1 > MAX_FILTER_DEPTH) throw new ServiceError('BAD_USER_INPUT', `Filters may nest at most ${MAX_FILTER_DEPTH} levels deep.`);
    const branches = groupOr ? groupOr(filter.or) : filter.or.map((branch) => ({ branch }));
    // An empty `or` is a disjunction of nothing: it matches nothing.
    clauses.push(branches.length === 0 ? 'false' : `(${branches.map((b) => ('clause' in b ? b.clause : deeper(b.branch))).join(' OR ')})`);
  }
  if (filter.not) clauses.push(`NOT (${deeper(filter.not)})`);
  return allOf(clauses);
}

/**
 * Merges the `or` branches that `keyOf` gives the same key (null: not mergeable) into one
 * clause from `merge`, placed where the first of them stood; a key only one branch has is left
 * as its branch. The common part of every compiler's OrGrouping.
 */
export function groupBranches<F>(branches: readonly F[], keyOf: (branch: F) => string | null, merge: (members: readonly F[]) => string): Array<OrBranch<F>> {
  const keys = branches.map(keyOf);
  const members = new Map<string, F[]>();
  keys.forEach((key, i) => {
    if (key === null) return;
    const group = members.get(key);
    if (group) group.push(branches[i] as F);
    else members.set(key, [branches[i] as F]);
  });
  const out: Array<OrBranch<F>> = [];
  const merged = new Set<string>();
  keys.forEach((key, i) => {
    const group = key === null ? undefined : members.get(key);
    if (key === null || !group || group.length < 2) out.push({ branch: branches[i] as F });
    else if (!merged.has(key)) {
      merged.add(key);
      out.push({ clause: merge(group) });
    }
  });
  return out;
}

/** The clauses joined with AND; `true` when there are none. */
export function allOf(clauses: readonly string[]): string {
  return clauses.length > 0 ? clauses.join(' AND ') : 'true';
}

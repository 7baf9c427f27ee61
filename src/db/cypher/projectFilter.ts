import { normaliseName } from '../../domain/names';
import { ServiceError } from '../../errors';
import type { RelationshipType } from '../../domain/relationships';
import type { EntityLabel } from '../../domain/entities';
import {
  FilterParams,
  NAME_KEY_INDEX,
  compileNested,
  groupBranches,
  nameListParam,
  namesAnyEntity,
  namesEntity,
  organisationMatchBy,
  wordsClause,
  type CompiledFilter,
  type OrBranch,
} from './filterCompiler';

export interface DateRangeInput {
  from?: string | null;
  to?: string | null;
}

export interface BudgetRangeInput {
  min?: number | null;
  max?: number | null;
  currency?: string | null;
}

/** ProjectFilter as the data layer receives it: the contract's fields and the research ones. */
export interface ProjectFilterInput {
  id?: readonly string[] | null;
  benefits?: string | null;
  fundedBy?: string | null;
  implementedBy?: string | null;
  partneredWith?: string | null;
  managedBy?: string | null;
  country?: string | null;
  alignedWith?: string | null;
  activeOn?: string | null;
  activeDuring?: DateRangeInput | null;
  startDate?: DateRangeInput | null;
  endDate?: DateRangeInput | null;
  status?: string | null;
  statusIn?: readonly string[] | null;
  statedStatus?: string | null;
  attendedBy?: string | null;
  jointProjectOf?: string | null;
  budget?: BudgetRangeInput | null;
  projectType?: string | null;
  identifier?: string | null;
  text?: string | null;
  includeUnits?: boolean | null;
  includeLineage?: boolean | null;
  and?: readonly ProjectFilterInput[] | null;
  or?: readonly ProjectFilterInput[] | null;
  not?: ProjectFilterInput | null;
}

export interface CompiledProjectFilter extends CompiledFilter {
  /**
   * The clause that binds `p` before the WHERE: `MATCH (p:Project)`, or, when the filter names
   * an entity at its top level, the projects tied to that entity, found through an index (its
   * id, or the full-text index of name keys) rather than by reading every project. The WHERE
   * still applies in full, so the anchor only narrows where the search starts.
   */
  projects: string;
  /**
   * The WHERE to follow `projects` with: `where` without the test of the name filter the anchor
   * starts from, which the anchor is (the same parameters). `where` alone, after a pattern of
   * its own (a page of an entity's projects), keeps every test.
   */
  anchoredWhere: string;
}

/**
 * Organisation filters include the named organisation's units (PART_OF, any depth) unless
 * `includeUnits: false`: asked which projects IOM implements, people mean its offices too
 * (issue 14). The answer lists the units it included (NameResolution.units).
 */
export const INCLUDE_UNITS_BY_DEFAULT = true;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The entity types a filter names by name (projects are the filtered side). */
export type NamedLabel = Exclude<EntityLabel, 'Project'>;

interface NameFilter {
  field: 'benefits' | 'fundedBy' | 'implementedBy' | 'partneredWith' | 'attendedBy' | 'jointProjectOf' | 'managedBy' | 'country' | 'alignedWith';
  rel: RelationshipType;
  label: NamedLabel;
  /** Whether the project is the start of the relationship. */
  outgoing: boolean;
}

const NAME_FILTERS: readonly NameFilter[] = [
  { field: 'benefits', rel: 'BENEFITS', label: 'Organisation', outgoing: true },
  { field: 'fundedBy', rel: 'FUNDED_BY', label: 'Organisation', outgoing: true },
  { field: 'implementedBy', rel: 'IMPLEMENTED_BY', label: 'Organisation', outgoing: true },
  { field: 'partneredWith', rel: 'PARTNERED_WITH', label: 'Organisation', outgoing: true },
  { field: 'attendedBy', rel: 'ATTENDED_BY', label: 'Organisation', outgoing: true },
  { field: 'jointProjectOf', rel: 'JOINT_PROJECT_OF', label: 'Organisation', outgoing: true },
  { field: 'managedBy', rel: 'MANAGES', label: 'Person', outgoing: false },
  { field: 'country', rel: 'IN_COUNTRY', label: 'Country', outgoing: true },
  { field: 'alignedWith', rel: 'ALIGNED_WITH', label: 'LegalFramework', outgoing: true },
];

/**
 * A subquery that returns, as `n`, the entities of `label` that parameter `param` names: by id
 * (a unique-index seek) and by name key (the full-text index), never by reading every entity.
 */
export function namedEntities(label: NamedLabel | 'Project', param: string): string {
  return `CALL () {
    MATCH (n:${label} {id: $${param}.raw}) RETURN n
    UNION
    CALL db.index.fulltext.queryNodes('${NAME_KEY_INDEX}', $${param}.phrase) YIELD node
    WITH node AS n WHERE n:${label} AND $${param}.key IN n.nameKeys RETURN n
  }`;
}

function dateParam(value: string, field: string): string {
  if (!ISO_DATE.test(value)) throw new ServiceError('BAD_USER_INPUT', `${field} must be a date YYYY-MM-DD; got "${value}".`);
  return value;
}

/**
 * Compiles a ProjectFilter into a WHERE clause over `p:Project` from fixed fragments; every
 * value travels as a parameter and nothing the user sends becomes Cypher text. Fields
 * combine with AND; `and`, `or` and `not` nest other filters. Parameters are named
 * `<paramPrefix>0`, `<paramPrefix>1`, ...
 */
export function compileProjectFilter(filter: ProjectFilterInput | null | undefined, paramPrefix = 'f'): CompiledProjectFilter {
  if (!filter) return { where: 'true', anchoredWhere: 'true', params: {}, projects: 'MATCH (p:Project)' };
  const full = compileWhere(filter, paramPrefix, null);
  // The same compilation, the anchor's test left out: parameters are added in the same order
  // (the anchor's name still takes its parameter), so both WHEREs read the same ones.
  const anchored = anchorField(filter);
  const rest = anchored === null ? full : compileWhere(filter, paramPrefix, anchored);
  return { where: full.where, anchoredWhere: rest.where, params: full.params.values, projects: anchor(filter, full.topLevelNames) };
}

/** The WHERE of `filter` and its parameters, leaving out the test of the top-level name filter `skip`. */
function compileWhere(filter: ProjectFilterInput, paramPrefix: string, skip: NameFilter['field'] | null): { where: string; params: FilterParams; topLevelNames: Map<NameFilter['field'], string> } {
  // A statement holding several filters (db/cypher/fold.ts) gives each its own prefix.
  const params = new FilterParams(paramPrefix);
  // The parameter of each top-level name filter, for the anchor.
  const topLevelNames = new Map<NameFilter['field'], string>();

  const fields = (f: ProjectFilterInput, depth: number): string[] => {
    const clauses: string[] = [];
    const lineage = f.includeLineage ?? true;
    const units = f.includeUnits ?? INCLUDE_UNITS_BY_DEFAULT;

    if (f.id) clauses.push(`p.id IN $${params.add([...f.id])}`);
    for (const spec of NAME_FILTERS) {
      const value = f[spec.field];
      if (value === null || value === undefined) continue;
      const name = params.name(value);
      if (depth === 0) topLevelNames.set(spec.field, name);
      if (depth === 0 && spec.field === skip) continue;
      clauses.push(nameClause(spec, (v) => namesEntity(v, name), lineage, units));
    }
    // `status` is the status today, stored by every load, curation and start-up
    // (src/domain/projectStatus.ts); `statedStatus` what the sources state (issue 17).
    if (f.status) clauses.push(`p.derivedStatus = $${params.add(f.status)}`);
    if (f.statusIn) clauses.push(`p.derivedStatus IN $${params.add([...f.statusIn])}`);
    if (f.statedStatus) clauses.push(`p.status = $${params.add(f.statedStatus)}`);
    if (f.activeOn) {
      const d = params.add(dateParam(f.activeOn, 'activeOn'));
      // A project ongoing today with no stated end is still active.
      clauses.push(`(p.startDate <= date($${d}) AND (p.endDate >= date($${d}) OR (p.endDate IS NULL AND p.derivedStatus = 'ONGOING')))`);
    }
    if (f.activeDuring) {
      // Periods overlap: the project starts before the range ends and ends after it starts.
      if (f.activeDuring.to) clauses.push(`p.startDate <= date($${params.add(dateParam(f.activeDuring.to, 'activeDuring.to'))})`);
      if (f.activeDuring.from) {
        const from = params.add(dateParam(f.activeDuring.from, 'activeDuring.from'));
        clauses.push(`(p.endDate >= date($${from}) OR (p.endDate IS NULL AND p.derivedStatus = 'ONGOING'))`);
      }
      if (!f.activeDuring.from && !f.activeDuring.to) clauses.push('p.startDate IS NOT NULL');
    }
    for (const [field, property] of [['startDate', 'startDate'], ['endDate', 'endDate']] as const) {
      const range = f[field];
      if (!range) continue;
      if (range.from) clauses.push(`p.${property} >= date($${params.add(dateParam(range.from, `${field}.from`))})`);
      if (range.to) clauses.push(`p.${property} <= date($${params.add(dateParam(range.to, `${field}.to`))})`);
      if (!range.from && !range.to) clauses.push(`p.${property} IS NOT NULL`);
    }
    if (f.budget) {
      if (f.budget.min !== null && f.budget.min !== undefined) clauses.push(`p.budgetAmount >= $${params.add(f.budget.min)}`);
      if (f.budget.max !== null && f.budget.max !== undefined) clauses.push(`p.budgetAmount <= $${params.add(f.budget.max)}`);
      if (f.budget.currency) clauses.push(`p.budgetCurrency = $${params.add(f.budget.currency.toUpperCase())}`);
      clauses.push('p.budgetAmount IS NOT NULL');
    }
    if (f.projectType) clauses.push(`p.projectTypeKey = $${params.add(normaliseName(f.projectType))}`);
    if (f.identifier) clauses.push(`$${params.add(f.identifier.trim())} IN p.identifierValues`);
    if (f.text !== null && f.text !== undefined) clauses.push(wordsClause('p', f.text, params));
    return clauses;
  };

  // Branches naming one entity each over one relationship, with the same lineage and units:
  // one EXISTS over the list of their names.
  const groupOr = (branches: readonly ProjectFilterInput[]): Array<OrBranch<ProjectFilterInput>> =>
    groupBranches(branches, singleNameKey, (members) => {
      const spec = singleName(members[0] as ProjectFilterInput);
      if (!spec) throw new Error('groupBranches merged a branch that names no entity');
      const names = params.add(nameListParam(members.map((m) => m[spec.field] as string)));
      const first = members[0] as ProjectFilterInput;
      return nameClause(spec, (v) => namesAnyEntity(v, names), first.includeLineage ?? true, first.includeUnits ?? INCLUDE_UNITS_BY_DEFAULT);
    });

  return { where: compileNested(filter, fields, groupOr), params, topLevelNames };
}

/** The EXISTS clause of one name filter: `p` is tied over its relationship to an entity `names` accepts. */
function nameClause({ rel, label, outgoing }: NameFilter, names: (variable: string) => string, lineage: boolean, units: boolean): string {
  const match = label === 'Organisation' ? organisationMatchBy('x', names, lineage, units) : names('x');
  const pattern = outgoing ? `(p)-[:${rel}]->(x:${label})` : `(p)<-[:${rel}]-(x:${label})`;
  return `EXISTS { MATCH ${pattern} WHERE ${match} }`;
}

/** The fields that only qualify a name filter. */
const NAME_MODIFIERS = new Set(['includeLineage', 'includeUnits']);

/** The name filter `f` consists of, when it sets one name field and nothing else but its modifiers. */
function singleName(f: ProjectFilterInput): NameFilter | null {
  let found: NameFilter | null = null;
  for (const [key, value] of Object.entries(f)) {
    if (value === null || value === undefined || NAME_MODIFIERS.has(key)) continue;
    const spec = NAME_FILTERS.find((n) => n.field === key);
    if (!spec || found || typeof value !== 'string') return null;
    found = spec;
  }
  return found;
}

/** The merge key of a branch that names one entity (its field, lineage and units); null otherwise. */
function singleNameKey(f: ProjectFilterInput): string | null {
  const spec = singleName(f);
  return spec ? `${spec.field}|${f.includeLineage ?? true}|${f.includeUnits ?? INCLUDE_UNITS_BY_DEFAULT}` : null;
}

/** The order in which top-level name filters are preferred as the anchor: the most selective first. */
const ANCHOR_ORDER: ReadonlyArray<NameFilter['field']> = ['managedBy', 'alignedWith', 'jointProjectOf', 'attendedBy', 'partneredWith', 'implementedBy', 'benefits', 'fundedBy', 'country'];

/**
 * The top-level name filter the anchor starts from: the first of ANCHOR_ORDER the filter sets
 * to a name with a key (an empty name, or punctuation only, names nothing through the index);
 * none when the filter lists ids.
 */
function anchorField(filter: ProjectFilterInput): NameFilter['field'] | null {
  if (filter.id && filter.id.length > 0) return null;
  return ANCHOR_ORDER.find((field) => {
    const value = filter[field];
    return value !== null && value !== undefined && normaliseName(value) !== '';
  }) ?? null;
}

/**
 * The clause binding `p` (see CompiledProjectFilter.projects): the projects tied to the
 * entities the anchor's name filter names, through the same lineage and units as its test in
 * the WHERE would follow (organisationMatchBy: units up to 6 levels, then lineage up to 5
 * steps), so that test is left out of the WHERE. It reuses that filter's parameter.
 */
function anchor(filter: ProjectFilterInput, topLevelNames: ReadonlyMap<NameFilter['field'], string>): string {
  const field = anchorField(filter);
  if (field !== null) {
    const spec = NAME_FILTERS.find((f) => f.field === field);
    const param = topLevelNames.get(field);
    if (!spec || !param) throw new Error(`No parameter for the anchor's filter ${field}`);
    const lines = [namedEntities(spec.label, param)];
    let target = 'n';
    if (spec.label === 'Organisation') {
      // A renamed predecessor or successor names it too (lineage), and so does a parent (units).
      if (filter.includeLineage ?? true) {
        lines.push('MATCH (n)-[:SUCCEEDED_BY*0..5]-(l:Organisation)');
        target = 'l';
      }
      if (filter.includeUnits ?? INCLUDE_UNITS_BY_DEFAULT) {
        lines.push(`MATCH (u:Organisation)-[:PART_OF*0..6]->(${target})`);
        target = 'u';
      }
    }
    lines.push(spec.outgoing ? `MATCH (p:Project)-[:${spec.rel}]->(${target})` : `MATCH (p:Project)<-[:${spec.rel}]-(${target})`);
    return `CALL () {\n  ${lines.join('\n  ')}\n  RETURN DISTINCT p\n}\nWITH p`;
  }
  return 'MATCH (p:Project)';
}

import { normaliseName } from '../names';
import { ServiceError } from './errors';
import type { RelationshipType } from './relationships';

/** The contract's ProjectFilter, as the data layer receives it. */
export interface ProjectFilterInput {
  benefits?: string | null;
  fundedBy?: string | null;
  implementedBy?: string | null;
  country?: string | null;
  activeOn?: string | null;
  alignedWith?: string | null;
  status?: string | null;
  text?: string | null;
}

export interface CompiledFilter {
  where: string;
  params: Record<string, unknown>;
}

/**
 * A project reached over `rel` from an entity matched by name, acronym, alias or id. For
 * organisations, a renamed predecessor or successor matches too (SUCCEEDED_BY either way),
 * so "DGMM" and "PMM" find each other's projects.
 */
function relatedByName(rel: RelationshipType, label: 'Organisation' | 'Country' | 'LegalFramework', param: string): string {
  const lineage =
    label === 'Organisation'
      ? ` OR EXISTS { MATCH (x)-[:SUCCEEDED_BY*1..5]-(y:Organisation) WHERE $${param}.key IN y.nameKeys }`
      : '';
  return `EXISTS { MATCH (p)-[:${rel}]->(x:${label}) WHERE $${param}.key IN x.nameKeys OR x.id = $${param}.raw${lineage} }`;
}

const NAME_FILTERS = [
  { field: 'benefits', rel: 'BENEFITS', label: 'Organisation' },
  { field: 'fundedBy', rel: 'FUNDED_BY', label: 'Organisation' },
  { field: 'implementedBy', rel: 'IMPLEMENTED_BY', label: 'Organisation' },
  { field: 'country', rel: 'IN_COUNTRY', label: 'Country' },
  { field: 'alignedWith', rel: 'ALIGNED_WITH', label: 'LegalFramework' },
] as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Compiles a filter into a WHERE clause over `p:Project` from fixed fragments. Every value
 * travels as a parameter; nothing the user sends becomes Cypher text.
 */
export function compileProjectFilter(filter: ProjectFilterInput | null | undefined): CompiledFilter {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (!filter) return { where: 'true', params };

  for (const { field, rel, label } of NAME_FILTERS) {
    const value = filter[field];
    if (value === null || value === undefined) continue;
    params[field] = { key: normaliseName(value), raw: value };
    clauses.push(relatedByName(rel, label, field));
  }
  if (filter.status) {
    params.status = filter.status;
    clauses.push('p.status = $status');
  }
  if (filter.activeOn) {
    if (!ISO_DATE.test(filter.activeOn)) throw new ServiceError('BAD_USER_INPUT', `activeOn must be a date YYYY-MM-DD; got "${filter.activeOn}".`);
    params.activeOn = filter.activeOn;
    // An ongoing project with no stated end is still active.
    clauses.push(
      "(p.startDate <= date($activeOn) AND (p.endDate >= date($activeOn) OR (p.endDate IS NULL AND p.status = 'ONGOING')))",
    );
  }
  if (filter.text !== null && filter.text !== undefined) {
    const words = normaliseName(filter.text).split(' ').filter(Boolean);
    params.textWords = words;
    clauses.push('all(w IN $textWords WHERE p.searchText CONTAINS w)');
  }
  return { where: clauses.length > 0 ? clauses.join(' AND ') : 'true', params };
}

import { ServiceError } from '../../errors';

export interface OrderInput {
  field: string;
  direction: 'ASC' | 'DESC';
}

/**
 * Renders ORDER BY from a fixed map of fields to Cypher expressions; a field outside the map
 * is refused. Missing values sort last in either direction, and the tie-breakers (name, then
 * id) make the order total, so that offset cursors visit every match exactly once.
 */
export function orderClause(
  orders: readonly OrderInput[] | null | undefined,
  fields: Readonly<Record<string, string>>,
  tieBreakers: readonly string[],
): string {
  const keys: string[] = [];
  for (const order of orders ?? []) {
    const expression = fields[order.field];
    if (expression === undefined) throw new ServiceError('BAD_USER_INPUT', `Cannot order by ${order.field}; expected one of ${Object.keys(fields).join(', ')}.`);
    const direction = order.direction === 'DESC' ? 'DESC' : 'ASC';
    keys.push(`${expression} IS NULL`, `${expression} ${direction}`);
  }
  return [...keys, ...tieBreakers].join(', ');
}

export const PROJECT_ORDER_FIELDS: Readonly<Record<string, string>> = {
  NAME: 'p.sortName',
  START_DATE: 'p.startDate',
  END_DATE: 'p.endDate',
  BUDGET: 'p.budgetAmount',
};
export const PROJECT_TIE_BREAKERS = ['p.sortName', 'p.id'];

export const ORGANISATION_ORDER_FIELDS: Readonly<Record<string, string>> = {
  NAME: 'o.sortName',
  KIND: 'o.kind',
  PROJECTS_FUNDED: 'COUNT { (o)<-[:FUNDED_BY]-(:Project) }',
  PROJECTS_IMPLEMENTED: 'COUNT { (o)<-[:IMPLEMENTED_BY]-(:Project) }',
  PROJECTS_BENEFITING: 'COUNT { (o)<-[:BENEFITS]-(:Project) }',
};
export const ORGANISATION_TIE_BREAKERS = ['o.sortName', 'o.id'];

export const LEGAL_FRAMEWORK_ORDER_FIELDS: Readonly<Record<string, string>> = {
  NAME: 'l.sortName',
  YEAR: 'l.year',
  PROJECT_COUNT: 'COUNT { (l)<-[:ALIGNED_WITH]-(:Project) }',
};
export const LEGAL_FRAMEWORK_TIE_BREAKERS = ['l.sortName', 'l.id'];

export const COUNTRY_ORDER_FIELDS: Readonly<Record<string, string>> = {
  NAME: 'c.sortName',
  ISO_CODE: 'c.isoCode',
  PROJECT_COUNT: 'COUNT { (c)<-[:IN_COUNTRY]-(:Project) }',
};
export const COUNTRY_TIE_BREAKERS = ['c.sortName', 'c.id'];

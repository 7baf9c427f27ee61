import { toEntityRecord, toPlain } from '../conversions';
import {
  compileCountryFilter,
  compileLegalFrameworkFilter,
  compileOrganisationFilter,
  type CountryFilterInput,
  type LegalFrameworkFilterInput,
  type OrganisationFilterInput,
} from '../cypher/entityFilters';
import {
  COUNTRY_ORDER_FIELDS,
  COUNTRY_TIE_BREAKERS,
  LEGAL_FRAMEWORK_ORDER_FIELDS,
  LEGAL_FRAMEWORK_TIE_BREAKERS,
  ORGANISATION_ORDER_FIELDS,
  ORGANISATION_TIE_BREAKERS,
  PROJECT_ORDER_FIELDS,
  PROJECT_TIE_BREAKERS,
  orderClause,
  type OrderInput,
} from '../cypher/ordering';
import type { PageRequest } from '../cypher/paging';
import { compileProjectFilter, type ProjectFilterInput } from '../cypher/projectFilter';
import type { QueryRunner } from '../driver/queryRunner';
import { collectFacts, relatedProjectPage, type FoldedFact, type RelatedPageRow } from './foldedRows';
import { levelProjection, renderFold, type FoldLevel } from '../cypher/fold';
import type {
  BucketRecord,
  EntityProperty,
  CountryRecord,
  EntityRecord,
  LegalFrameworkRecord,
  MoneyRecord,
  OrganisationRecord,
  Page,
  ProjectRecord,
  RelatedRecord,
} from '../records';
import { labelSlot, patternSlot, typeSlot } from '../cypher/slots';
import type { EntityLabel } from '../../domain/entities';
import type { Direction, RelationshipType } from '../../domain/relationships';

interface NodeRow {
  props: Record<string, unknown>;
  labels: string[];
}

interface PageRow {
  total: unknown;
  page: NodeRow[];
}

function toPage<T extends EntityRecord>(row: PageRow | undefined, request: PageRequest, typename: T['__typename']): Page<T> {
  const totalCount = Number(toPlain(row?.total ?? 0));
  const nodes = (row?.page ?? [])
    .map((item) => toEntityRecord(item.props, item.labels))
    .filter((record): record is T => record.__typename === typename);
  return { nodes, offset: request.skip, totalCount, hasNextPage: request.skip + nodes.length < totalCount };
}

interface FoldedPageRow {
  total: unknown;
  page: Array<NodeRow & { fold: Record<string, unknown> }>;
}

/** A folded page (project.page.fold, organisation.page.fold) and the facts of its entities, kept by the records of the page. */
function foldedPage<T extends EntityRecord>(row: FoldedPageRow | undefined, request: PageRequest, typename: T['__typename'], plan: FoldLevel): { page: Page<T>; facts: FoldedFact[] } {
  const facts: FoldedFact[] = [];
  const nodes: T[] = [];
  for (const item of row?.page ?? []) {
    const record = toEntityRecord(item.props, item.labels);
    if (record.__typename !== typename) continue;
    nodes.push(record as T);
    collectFacts(record, item.fold, plan, facts);
  }
  const totalCount = Number(toPlain(row?.total ?? 0));
  return { page: { nodes, offset: request.skip, totalCount, hasNextPage: request.skip + nodes.length < totalCount }, facts };
}

function toBudget(rows: Array<{ currency: unknown; amount: unknown }>): MoneyRecord[] {
  return rows.map((b) => ({ currency: String(toPlain(b.currency)), amount: Number(toPlain(b.amount)) })).sort((a, b) => a.currency.localeCompare(b.currency));
}

/**
 * The groups of projectStats: the entity at the end of a relationship (project.stats.entity,
 * its type and label filled from this table), or a value of the project's own (one query file
 * per value).
 */
export const STATS_ENTITY_GROUPS: Readonly<Record<string, { type: RelationshipType; label: EntityLabel }>> = {
  DONOR: { type: 'FUNDED_BY', label: 'Organisation' },
  IMPLEMENTER: { type: 'IMPLEMENTED_BY', label: 'Organisation' },
  BENEFICIARY: { type: 'BENEFITS', label: 'Organisation' },
  COUNTRY: { type: 'IN_COUNTRY', label: 'Country' },
  LEGAL_FRAMEWORK: { type: 'ALIGNED_WITH', label: 'LegalFramework' },
};
export const STATS_VALUE_GROUPS: Readonly<Record<string, string>> = {
  STATUS: 'project.stats.status',
  START_YEAR: 'project.stats.startYear',
};
export const NO_GROUP_KEY = '(none)';

/** A group of project.stats.entity: key, the entity's properties, its labels, the count, and [currency, amount] pairs in currency order. */
type EntityGroupRow = [string | null, Record<string, unknown> | null, string[], unknown, Array<[unknown, unknown]>];

/** The filtered, ordered and paged lists of the API, and the statistics over projects. */
export class ListRepository {
  constructor(private readonly runner: QueryRunner) {}

  async projects(filter: ProjectFilterInput | null | undefined, orders: readonly OrderInput[] | null | undefined, request: PageRequest): Promise<Page<ProjectRecord>> {
    const compiled = compileProjectFilter(filter);
    const rows = await this.runner.read<PageRow>('project.page', { ...compiled.params, skip: request.skip, limit: request.limit }, {
      PROJECTS: compiled.projects,
      WHERE: compiled.anchoredWhere,
      ORDER: orderClause(orders, PROJECT_ORDER_FIELDS, PROJECT_TIE_BREAKERS),
    });
    return toPage<ProjectRecord>(rows[0], request, 'Project');
  }

  /**
   * `projects`, with what `plan` needs of each project of the page read in the same statement
   * (project.page.fold), as the facts the DataLoaders would answer.
   */
  async projectsFolded(
    filter: ProjectFilterInput | null | undefined,
    orders: readonly OrderInput[] | null | undefined,
    request: PageRequest,
    plan: FoldLevel,
  ): Promise<{ page: Page<ProjectRecord>; facts: FoldedFact[] }> {
    if (plan.needs.length === 0) return { page: await this.projects(filter, orders, request), facts: [] };
    const compiled = compileProjectFilter(filter);
    const { props, fold, params } = renderFold(plan);
    const rows = await this.runner.read<FoldedPageRow>('project.page.fold', { ...params, ...compiled.params, skip: request.skip, limit: request.limit }, {
      PROJECTS: compiled.projects,
      WHERE: compiled.anchoredWhere,
      ORDER: orderClause(orders, PROJECT_ORDER_FIELDS, PROJECT_TIE_BREAKERS),
      FOLD: fold,
      PROPS: props,
    });
    return foldedPage<ProjectRecord>(rows[0], request, 'Project', plan);
  }

  /** `organisations`, with what `plan` needs of each organisation of the page read in the same statement (organisation.page.fold). */
  async organisationsFolded(
    filter: OrganisationFilterInput | null | undefined,
    orders: readonly OrderInput[] | null | undefined,
    request: PageRequest,
    donorsOnly: boolean,
    plan: FoldLevel,
  ): Promise<{ page: Page<OrganisationRecord>; facts: FoldedFact[] }> {
    if (plan.needs.length === 0) return { page: await this.organisations(filter, orders, request, donorsOnly), facts: [] };
    const compiled = compileOrganisationFilter(filter, donorsOnly);
    const { props, fold, params } = renderFold(plan);
    const rows = await this.runner.read<FoldedPageRow>('organisation.page.fold', { ...params, ...compiled.params, skip: request.skip, limit: request.limit }, {
      WHERE: compiled.where,
      ORDER: orderClause(orders, ORGANISATION_ORDER_FIELDS, ORGANISATION_TIE_BREAKERS),
      FOLD: fold,
      PROPS: props,
    });
    return foldedPage<OrganisationRecord>(rows[0], request, 'Organisation', plan);
  }

  async organisations(filter: OrganisationFilterInput | null | undefined, orders: readonly OrderInput[] | null | undefined, request: PageRequest, donorsOnly: boolean): Promise<Page<OrganisationRecord>> {
    const compiled = compileOrganisationFilter(filter, donorsOnly);
    const rows = await this.runner.read<PageRow>('organisation.page', { ...compiled.params, skip: request.skip, limit: request.limit }, {
      WHERE: compiled.where,
      ORDER: orderClause(orders, ORGANISATION_ORDER_FIELDS, ORGANISATION_TIE_BREAKERS),
    });
    return toPage<OrganisationRecord>(rows[0], request, 'Organisation');
  }

  async legalFrameworks(filter: LegalFrameworkFilterInput | null | undefined, orders: readonly OrderInput[] | null | undefined, request: PageRequest): Promise<Page<LegalFrameworkRecord>> {
    const compiled = compileLegalFrameworkFilter(filter);
    const rows = await this.runner.read<PageRow>('legalFramework.page', { ...compiled.params, skip: request.skip, limit: request.limit }, {
      WHERE: compiled.where,
      ORDER: orderClause(orders, LEGAL_FRAMEWORK_ORDER_FIELDS, LEGAL_FRAMEWORK_TIE_BREAKERS),
    });
    return toPage<LegalFrameworkRecord>(rows[0], request, 'LegalFramework');
  }

  async countries(filter: CountryFilterInput | null | undefined, orders: readonly OrderInput[] | null | undefined): Promise<CountryRecord[]> {
    const compiled = compileCountryFilter(filter);
    const rows = await this.runner.read<NodeRow>('country.all', compiled.params, { WHERE: compiled.where, ORDER: orderClause(orders, COUNTRY_ORDER_FIELDS, COUNTRY_TIE_BREAKERS) });
    return rows.map((row) => toEntityRecord(row.props, row.labels)).filter((r): r is CountryRecord => r.__typename === 'Country');
  }

  /**
   * For each id, a page of the projects tied to it over `type` (from the entity's side,
   * `direction`), filtered and ordered: one query for the whole batch of ids.
   */
  async relatedProjects(
    type: RelationshipType,
    direction: Direction,
    ids: readonly string[],
    filter: ProjectFilterInput | null | undefined,
    orders: readonly OrderInput[] | null | undefined,
    request: PageRequest,
    withTotal = true,
  ): Promise<Array<Page<RelatedRecord<ProjectRecord>>>> {
    const compiled = compileProjectFilter(filter);
    // Without the count, one project more than the page tells whether there is a next page.
    const rows = await this.runner.read<RelatedPageRow & { id: string }>(
      withTotal ? 'project.relatedPage' : 'project.relatedPage.withoutTotal',
      { ...compiled.params, ids, skip: request.skip, limit: withTotal ? request.limit : request.limit + 1 },
      { PATTERN: patternSlot(type, direction), WHERE: compiled.where, ORDER: orderClause(orders, PROJECT_ORDER_FIELDS, PROJECT_TIE_BREAKERS) },
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => relatedProjectPage(byId.get(id), request, withTotal));
  }

  /**
   * Projects matching the filter, counted and budgets summed per currency, per group; of each
   * group's entity only `properties` are read (every one when null).
   */
  async projectStats(filter: ProjectFilterInput | null | undefined, groupBy: string, properties: readonly EntityProperty[] | null = null): Promise<BucketRecord[]> {
    const compiled = compileProjectFilter(filter);
    const entityGroup = STATS_ENTITY_GROUPS[groupBy];
    if (entityGroup) {
      const rows = await this.runner.read<{ groups: EntityGroupRow[] }>('project.stats.entity', compiled.params, {
        PROJECTS: compiled.projects,
        WHERE: compiled.anchoredWhere,
        TYPE: typeSlot(entityGroup.type),
        LABEL: labelSlot(entityGroup.label),
        PROPS: levelProjection('n0', properties),
      });
      return (rows[0]?.groups ?? []).map(([key, props, labels, count, budget]) => ({
        key: key ?? NO_GROUP_KEY,
        entity: props ? toEntityRecord(props, labels) : null,
        count: Number(toPlain(count)),
        budget: budget.map(([currency, amount]) => ({ currency: String(toPlain(currency)), amount: Number(toPlain(amount)) })),
      }));
    }
    const query = STATS_VALUE_GROUPS[groupBy];
    if (!query) throw new Error(`Unknown group ${groupBy}`);
    const rows = await this.runner.read<{ key: string; count: unknown; budget: Array<{ currency: unknown; amount: unknown }> }>(query, compiled.params, { PROJECTS: compiled.projects, WHERE: compiled.anchoredWhere });
    return rows.map((row) => ({ key: String(row.key), entity: null, count: Number(toPlain(row.count)), budget: toBudget(row.budget) }));
  }
}

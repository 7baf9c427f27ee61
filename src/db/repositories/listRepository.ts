import { toEntityRecord } from '../conversions';
import { compileProjectFilter, type ProjectFilterInput } from '../projectFilter';
import type { QueryRunner } from '../queryRunner';
import type { CountryRecord, EntityRecord, LegalFrameworkRecord, OrganisationRecord, Page, ProjectRecord } from '../records';
import type { PageRequest } from '../paging';

interface PageRow {
  total: number | { toNumber(): number };
  page: Array<{ props: Record<string, unknown>; labels: string[] }>;
}

function toPage<T extends EntityRecord>(row: PageRow | undefined, request: PageRequest, typename: T['__typename']): Page<T> {
  const totalCount = row ? (typeof row.total === 'number' ? row.total : row.total.toNumber()) : 0;
  const nodes = (row?.page ?? [])
    .map((item) => toEntityRecord(item.props, item.labels))
    .filter((record): record is T => record.__typename === typename);
  return { nodes, offset: request.skip, totalCount, hasNextPage: request.skip + nodes.length < totalCount };
}

/** The paged lists of the API: projects (filtered), organisations, donors, legal frameworks, countries. */
export class ListRepository {
  constructor(private readonly runner: QueryRunner) {}

  async projects(filter: ProjectFilterInput | null | undefined, request: PageRequest): Promise<Page<ProjectRecord>> {
    const compiled = compileProjectFilter(filter);
    const rows = await this.runner.read<PageRow>('project.page', { ...compiled.params, skip: request.skip, limit: request.limit }, { WHERE: compiled.where });
    return toPage<ProjectRecord>(rows[0], request, 'Project');
  }

  async organisations(request: PageRequest, donorsOnly: boolean): Promise<Page<OrganisationRecord>> {
    const rows = await this.runner.read<PageRow>('organisation.page', { donorsOnly, skip: request.skip, limit: request.limit });
    return toPage<OrganisationRecord>(rows[0], request, 'Organisation');
  }

  async legalFrameworks(request: PageRequest): Promise<Page<LegalFrameworkRecord>> {
    const rows = await this.runner.read<PageRow>('legalFramework.page', { skip: request.skip, limit: request.limit });
    return toPage<LegalFrameworkRecord>(rows[0], request, 'LegalFramework');
  }

  async countries(): Promise<CountryRecord[]> {
    const rows = await this.runner.read<{ props: Record<string, unknown>; labels: string[] }>('country.all', {});
    return rows.map((row) => toEntityRecord(row.props, row.labels)).filter((r): r is CountryRecord => r.__typename === 'Country');
  }
}

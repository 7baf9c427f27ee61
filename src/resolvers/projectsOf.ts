import type { RequestContext } from '../context';
import type { OrderInput } from '../db/ordering';
import { pageRequest } from '../db/paging';
import type { ProjectFilterInput } from '../db/projectFilter';
import type { Page, ProjectRecord, RelatedRecord } from '../db/records';
import type { Direction, RelationshipType } from '../db/relationships';

export interface ProjectsOfArgs {
  filter?: ProjectFilterInput | null;
  orderBy?: readonly OrderInput[] | null;
  first?: number | null;
  after?: string | null;
}

/** A filtered, ordered page of the projects tied to an entity, batched across parents. */
export function projectsOf(ctx: RequestContext, parentId: string, type: RelationshipType, direction: Direction, args: ProjectsOfArgs): Promise<Page<RelatedRecord<ProjectRecord>>> {
  const request = pageRequest(args.first, args.after);
  return ctx.loaders.relatedProjects(type, direction, args.filter, args.orderBy, request).load(parentId);
}

import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../context';
import type { OrderInput } from '../../db/cypher/ordering';
import { pageRequest } from '../cursors';
import type { ProjectFilterInput } from '../../db/cypher/projectFilter';
import type { EntityRecord, Page, ProjectRecord, RelatedRecord } from '../../db/records';
import { resolveProjectFilter } from './names';
import { selects } from './selection';
import type { Direction, RelationshipType } from '../../domain/relationships';

export interface ProjectsOfArgs {
  filter?: ProjectFilterInput | null;
  orderBy?: readonly OrderInput[] | null;
  first?: number | null;
  after?: string | null;
}

/**
 * A filtered, ordered page of the projects tied to an entity, batched across parents. The
 * count of all matching projects is made only when the client asks for totalCount. Folded
 * with `parent` when its root field read it (fold.ts).
 */
export async function projectsOf(
  ctx: RequestContext,
  parent: EntityRecord,
  type: RelationshipType,
  direction: Direction,
  args: ProjectsOfArgs,
  info: GraphQLResolveInfo,
): Promise<Page<RelatedRecord<ProjectRecord>>> {
  const request = pageRequest(args.first, args.after);
  // The names of the filter resolve as in `projects` (once per request, whatever the parents).
  const { filter } = await resolveProjectFilter(ctx, args.filter);
  // Without the count, one project more than the page still tells pageInfo.hasNextPage.
  const withTotal = selects(info, ['totalCount']);
  return ctx.loaders.projectsOf(parent, type, direction, filter, args.orderBy, request, withTotal);
}

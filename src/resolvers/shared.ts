import { GraphQLError } from 'graphql';
import type { RequestContext } from '../context';
import { encodeCursor } from '../db/paging';
import type { EntityRecord, Page } from '../db/records';
import type { Direction, RelationshipType } from '../db/relationships';

type Typename = EntityRecord['__typename'];
type RecordOf<T extends Typename> = Extract<EntityRecord, { __typename: T }>;

/** The entities of type `typename` one hop from `parentId` over `type` in `direction`. */
export async function relatedEntities<T extends Typename>(
  ctx: RequestContext,
  parentId: string,
  type: RelationshipType,
  direction: Direction,
  typename: T,
): Promise<Array<RecordOf<T>>> {
  const related = await ctx.loaders.related(type, direction).load(parentId);
  return related.map((r) => r.node).filter((node): node is RecordOf<T> => node.__typename === typename);
}

/** The first such entity, for fields that hold one (parent, country, successor). */
export async function relatedEntity<T extends Typename>(
  ctx: RequestContext,
  parentId: string,
  type: RelationshipType,
  direction: Direction,
  typename: T,
): Promise<RecordOf<T> | null> {
  const all = await relatedEntities(ctx, parentId, type, direction, typename);
  return all[0] ?? null;
}

/** An entity by id when it is of the expected type, else null. */
export async function entityOfType<T extends Typename>(ctx: RequestContext, id: string, typename: T): Promise<RecordOf<T> | null> {
  const entity = await ctx.loaders.entity.load(id);
  return entity && entity.__typename === typename ? (entity as RecordOf<T>) : null;
}

/** A Relay connection over a page: edges with opaque cursors, nodes, pageInfo, totalCount. */
export function connectionResolvers<T>() {
  return {
    edges: (page: Page<T>) => page.nodes.map((node, i) => ({ cursor: encodeCursor(page.offset + i), node })),
    nodes: (page: Page<T>) => page.nodes,
    totalCount: (page: Page<T>) => page.totalCount,
    pageInfo: (page: Page<T>) => ({
      hasNextPage: page.hasNextPage,
      endCursor: page.nodes.length > 0 ? encodeCursor(page.offset + page.nodes.length - 1) : null,
    }),
  };
}

export function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

export function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'NOT_FOUND' } });
}

/** Lookups by `id` or `name`: exactly one of the two must be given. */
export function requireIdOrName(args: { id?: string | null; name?: string | null }, what: string): void {
  if ((args.id ?? null) === null && (args.name ?? null) === null) {
    throw badInput(`${what} needs an "id" or a "name".`);
  }
}

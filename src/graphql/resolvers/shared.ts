import { ServiceError } from '../../errors';
import type { RequestContext } from '../context';
import { encodeCursor, pageRequest } from '../cursors';
import type { EntityRecord, Page, RelatedEdgeRecord, RelatedRecord } from '../../db/records';
import type { Direction, RelationshipType } from '../../domain/relationships';
import type { DatePrecision } from '../../domain/partialDate';

type Typename = EntityRecord['__typename'];
type RecordOf<T extends Typename> = Extract<EntityRecord, { __typename: T }>;

/** The ties of `parentId` over `type` in `direction` to entities of type `typename`. */
export async function relatedOfType<T extends Typename>(
  ctx: RequestContext,
  parentId: string,
  type: RelationshipType,
  direction: Direction,
  typename: T,
): Promise<Array<RelatedRecord<RecordOf<T>>>> {
  const related = await ctx.loaders.related(type, direction).load(parentId);
  return related.filter((r): r is RelatedRecord<RecordOf<T>> => r.node.__typename === typename);
}

/** The entities of type `typename` one hop from `parentId` over `type` in `direction`. */
export async function relatedEntities<T extends Typename>(
  ctx: RequestContext,
  parentId: string,
  type: RelationshipType,
  direction: Direction,
  typename: T,
): Promise<Array<RecordOf<T>>> {
  return (await relatedOfType(ctx, parentId, type, direction, typename)).map((r) => r.node);
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

/** The ties as a page (paged in memory: an entity's ties of one type are few). */
export async function relationshipPage<T extends Typename>(
  ctx: RequestContext,
  parentId: string,
  type: RelationshipType,
  direction: Direction,
  typename: T,
  args: { first?: number | null; after?: string | null },
): Promise<Page<RelatedRecord<RecordOf<T>>>> {
  const request = pageRequest(args.first, args.after);
  const all = await relatedOfType(ctx, parentId, type, direction, typename);
  const nodes = all.slice(request.skip, request.skip + request.limit);
  return { nodes, offset: request.skip, totalCount: all.length, hasNextPage: request.skip + nodes.length < all.length };
}

/** An entity by id when it is of the expected type, else null. */
export async function entityOfType<T extends Typename>(ctx: RequestContext, id: string, typename: T): Promise<RecordOf<T> | null> {
  const entity = await ctx.loaders.entity.load(id);
  return entity && entity.__typename === typename ? (entity as RecordOf<T>) : null;
}

function pageInfo<T>(page: Page<T>) {
  return {
    hasNextPage: page.hasNextPage,
    endCursor: page.nodes.length > 0 ? encodeCursor(page.offset + page.nodes.length - 1) : null,
  };
}

/** A Relay connection over a page: edges with opaque cursors, nodes, pageInfo, totalCount. */
export function connectionResolvers<T>() {
  return {
    edges: (page: Page<T>) => page.nodes.map((node, i) => ({ cursor: encodeCursor(page.offset + i), node })),
    nodes: (page: Page<T>) => page.nodes,
    totalCount: (page: Page<T>) => page.totalCount,
    pageInfo: (page: Page<T>) => pageInfo(page),
  };
}

function stringProperty(related: RelatedRecord, key: string): string | null {
  const value = related.properties[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

function precisionProperty(related: RelatedRecord): DatePrecision | null {
  const value = related.properties.datePrecision;
  return value === 'DAY' || value === 'MONTH' || value === 'YEAR' ? value : null;
}

/** A connection over ties: each edge carries the tie's type, role, title, date and evidence. */
export function relationshipConnectionResolvers<T extends EntityRecord>() {
  return {
    edges: (page: Page<RelatedRecord<T>>): Array<RelatedEdgeRecord<T>> =>
      page.nodes.map((related, i) => ({
        cursor: encodeCursor(page.offset + i),
        node: related.node,
        type: related.type,
        role: stringProperty(related, 'role'),
        title: stringProperty(related, 'title'),
        date: stringProperty(related, 'date'),
        datePrecision: precisionProperty(related),
        dateText: stringProperty(related, 'dateText'),
        inferred: stringProperty(related, 'inference') !== null,
        inference: stringProperty(related, 'inference'),
        evidence: related.evidence,
      })),
    nodes: (page: Page<RelatedRecord<T>>) => page.nodes.map((related) => related.node),
    totalCount: (page: Page<RelatedRecord<T>>) => page.totalCount,
    pageInfo: (page: Page<RelatedRecord<T>>) => pageInfo(page),
  };
}

export function badInput(message: string): ServiceError {
  return new ServiceError('BAD_USER_INPUT', message);
}

export function notFound(message: string): ServiceError {
  return new ServiceError('NOT_FOUND', message);
}

/** Lookups by `id` or `name`: one of the two must be given. */
export function requireIdOrName(args: { id?: string | null; name?: string | null }, what: string): void {
  if ((args.id ?? null) === null && (args.name ?? null) === null) {
    throw badInput(`${what} needs an "id" or a "name".`);
  }
}

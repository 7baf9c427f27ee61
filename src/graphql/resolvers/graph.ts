import type { GraphQLResolveInfo } from 'graphql';
import type { Resolvers } from '../../generated/graphql';
import type { GraphRecord } from '../../db/records';
import type { RequestContext } from '../context';
import { DEFAULT_NEIGHBOURHOOD_LIMIT, MAX_NEIGHBOURHOOD_DEPTH, MAX_NEIGHBOURHOOD_LIMIT, MAX_PATH_LENGTH, MAX_SUBGRAPH_IDS, rangeProblem } from '../../domain/limits';
import { graphDetail } from './selection';
import { badInput, notFound } from './shared';
import type { RelationshipType } from '../../domain/relationships';

function integerIn(name: string, value: number, min: number, max: number): number {
  const problem = rangeProblem(name, value, min, max);
  if (problem) throw badInput(problem);
  return value;
}

// An empty list would follow nothing: almost certainly a client's mistake, so it is refused
// rather than answered with a lone node.
function relationshipTypes(types: readonly RelationshipType[] | null | undefined): RelationshipType[] | undefined {
  if (types === null || types === undefined) return undefined;
  if (types.length === 0) throw badInput('"types" must name at least one relationship type (or be left out for all of them).');
  return [...new Set(types)];
}

async function requireEntities(ctx: RequestContext, ids: readonly string[]): Promise<void> {
  const found = await Promise.all(ids.map((id) => ctx.loaders.entity.load(id)));
  ids.forEach((id, i) => {
    if (!found[i]) throw notFound(`No entity has the id "${id}".`);
  });
}

type PathArgs = { from: string; to: string; maxLength?: number | null; types?: readonly RelationshipType[] | null };

/** The checks and the one-node answer that shortestPath and allShortestPaths share. */
async function findPaths(
  ctx: RequestContext,
  args: PathArgs,
  info: GraphQLResolveInfo,
  find: (types: RelationshipType[] | undefined, maxLength: number) => Promise<GraphRecord | null>,
): Promise<GraphRecord | null> {
  const maxLength = integerIn('maxLength', args.maxLength ?? MAX_PATH_LENGTH, 1, MAX_PATH_LENGTH);
  const types = relationshipTypes(args.types);
  // Cypher's shortestPath refuses a path from a node to itself; the answer is the node alone.
  if (args.from === args.to) {
    await requireEntities(ctx, [args.from]);
    return ctx.repositories.graph.subgraph([args.from], undefined, graphDetail(info));
  }
  // A path found proves both ends exist; only when none is found is it worth telling an
  // unknown id (NOT_FOUND) from two entities that are not connected (null).
  const found = await find(types, maxLength);
  if (found === null) await requireEntities(ctx, [args.from, args.to]);
  return found;
}

export const graphResolvers: Resolvers = {
  Query: {
    neighbourhood: async (_root, args, ctx, info) => {
      const depth = integerIn('depth', args.depth ?? 1, 1, MAX_NEIGHBOURHOOD_DEPTH);
      const limit = integerIn('limit', args.limit ?? DEFAULT_NEIGHBOURHOOD_LIMIT, 1, MAX_NEIGHBOURHOOD_LIMIT);
      const graph = await ctx.repositories.graph.neighbourhood(args.id, depth, limit, relationshipTypes(args.types), graphDetail(info));
      if (!graph) throw notFound(`No entity has the id "${args.id}".`);
      return graph;
    },
    shortestPath: (_root, args, ctx, info) =>
      findPaths(ctx, args, info, (types, maxLength) => ctx.repositories.graph.shortestPath(args.from, args.to, types, maxLength, graphDetail(info))),
    allShortestPaths: (_root, args, ctx, info) =>
      findPaths(ctx, args, info, (types, maxLength) => ctx.repositories.graph.allShortestPaths(args.from, args.to, types, maxLength, graphDetail(info))),
    subgraph: async (_root, args, ctx, info) => {
      if (args.ids.length > MAX_SUBGRAPH_IDS) throw badInput(`"ids" may hold at most ${MAX_SUBGRAPH_IDS} ids; got ${args.ids.length}.`);
      return ctx.repositories.graph.subgraph([...new Set(args.ids)], relationshipTypes(args.types), graphDetail(info));
    },
  },
};

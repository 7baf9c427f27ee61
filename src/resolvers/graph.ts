import type { Resolvers } from '../generated/graphql';
import { MAX_NEIGHBOURHOOD_DEPTH } from '../db/repositories/graphRepository';
import { badInput, notFound } from './shared';

/** Neighbourhoods are capped at this many nodes besides the centre, in Cypher. */
export const DEFAULT_NEIGHBOURHOOD_LIMIT = 500;

export const graphResolvers: Resolvers = {
  Query: {
    neighbourhood: async (_root, args, ctx) => {
      const depth = args.depth ?? 1;
      if (!Number.isInteger(depth) || depth < 1 || depth > MAX_NEIGHBOURHOOD_DEPTH) {
        throw badInput(`"depth" must be between 1 and ${MAX_NEIGHBOURHOOD_DEPTH}; got ${depth}.`);
      }
      const graph = await ctx.repositories.graph.neighbourhood(args.id, depth, DEFAULT_NEIGHBOURHOOD_LIMIT);
      if (!graph) throw notFound(`No entity has the id "${args.id}".`);
      return graph;
    },
    shortestPath: async (_root, args, ctx) => {
      const [from, to] = await Promise.all([ctx.loaders.entity.load(args.from), ctx.loaders.entity.load(args.to)]);
      if (!from) throw notFound(`No entity has the id "${args.from}".`);
      if (!to) throw notFound(`No entity has the id "${args.to}".`);
      if (from.id === to.id) {
        return { nodes: [{ id: from.id, name: from.name, type: from.__typename, labels: [from.__typename], acronym: 'acronym' in from ? from.acronym : null }], edges: [] };
      }
      return ctx.repositories.graph.shortestPath(args.from, args.to);
    },
  },
};

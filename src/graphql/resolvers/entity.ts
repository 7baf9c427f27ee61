import type { Resolvers } from '../../generated/graphql';

/** Node and Entity are interfaces: every record carries its GraphQL type name. */
export const entityResolvers: Resolvers = {
  Query: {
    node: (_root, args, ctx) => ctx.loaders.entity.load(args.id),
  },
  Node: { __resolveType: (record) => record.__typename },
  Entity: { __resolveType: (record) => record.__typename },
  Source: {
    title: async (source, _args, ctx) => (await ctx.loaders.document.load(source.document))?.title ?? null,
    publisher: async (source, _args, ctx) => (await ctx.loaders.document.load(source.document))?.publisher ?? null,
    curated: async (source, _args, ctx) => (await ctx.loaders.document.load(source.document))?.curated ?? false,
    reference: async (source, _args, ctx) => (await ctx.loaders.document.load(source.document))?.reference ?? null,
    url: async (source, _args, ctx) => (await ctx.loaders.document.load(source.document))?.url ?? null,
  },
};

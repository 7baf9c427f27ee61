import type { Resolvers } from '../generated/graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../db/paging';
import { badInput } from './shared';

export const searchResolvers: Resolvers = {
  Query: {
    search: (_root, args, ctx) => {
      const first = args.first ?? DEFAULT_PAGE_SIZE;
      if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
        throw badInput(`"first" must be between 0 and ${MAX_PAGE_SIZE}; got ${first}.`);
      }
      return ctx.repositories.search.search(args.query, first);
    },
  },
};

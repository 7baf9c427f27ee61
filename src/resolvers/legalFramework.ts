import type { Resolvers } from '../generated/graphql';
import { pageRequest } from '../db/paging';
import type { LegalFrameworkRecord } from '../db/records';
import { connectionResolvers } from './shared';

export const legalFrameworkResolvers: Resolvers = {
  Query: {
    legalFrameworks: (_root, args, ctx) => ctx.repositories.lists.legalFrameworks(pageRequest(args.first, args.after)),
  },
  LegalFramework: {
    sources: (framework, _args, ctx) => ctx.loaders.evidence.load(framework.id),
  },
  LegalFrameworkConnection: connectionResolvers<LegalFrameworkRecord>(),
};

import type { Resolvers } from '../../generated/graphql';
import { pageRequest } from '../cursors';
import type { LegalFrameworkRecord } from '../../db/records';
import { projectsOf } from './projectsOf';
import { connectionResolvers } from './shared';

export const legalFrameworkResolvers: Resolvers = {
  Query: {
    legalFrameworks: (_root, args, ctx) => ctx.repositories.lists.legalFrameworks(args.filter, args.orderBy, pageRequest(args.first, args.after)),
  },
  LegalFramework: {
    sources: (framework, _args, ctx) => ctx.loaders.evidenceOf(framework),
    projects: (framework, args, ctx, info) => projectsOf(ctx, framework, 'ALIGNED_WITH', 'IN', args, info),
  },
  LegalFrameworkConnection: connectionResolvers<LegalFrameworkRecord>(),
};

import type { Resolvers } from '../../generated/graphql';
import { projectsOf } from './projectsOf';
import { relationshipPage } from './shared';

export const countryResolvers: Resolvers = {
  Query: {
    countries: (_root, args, ctx) => ctx.repositories.lists.countries(args.filter, args.orderBy),
  },
  Country: {
    sources: (country, _args, ctx) => ctx.loaders.evidenceOf(country),
    projects: (country, args, ctx, info) => projectsOf(ctx, country, 'IN_COUNTRY', 'IN', args, info),
    organisations: (country, args, ctx) => relationshipPage(ctx, country, 'IN_COUNTRY', 'IN', 'Organisation', args),
  },
};

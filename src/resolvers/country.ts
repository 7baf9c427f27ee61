import type { Resolvers } from '../generated/graphql';

export const countryResolvers: Resolvers = {
  Query: {
    countries: (_root, _args, ctx) => ctx.repositories.lists.countries(),
  },
  Country: {
    sources: (country, _args, ctx) => ctx.loaders.evidence.load(country.id),
  },
};
